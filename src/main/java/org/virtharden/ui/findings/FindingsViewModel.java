package org.virtharden.ui.findings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Frameworks;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.Finding;
import org.virtharden.model.Waiver;

/**
 * The findings board's state, testable without a scene: rows built from the session's findings, the waivers
 * that apply to them, and the filters. A filter change only sets a new predicate on the {@link FilteredList};
 * rows are rebuilt only when the findings themselves change (a reload).
 */
public final class FindingsViewModel {
    private final Catalog catalog;
    private final ObservableList<FindingRow> rows = FXCollections.observableArrayList();
    private final FilteredList<FindingRow> filtered = new FilteredList<>(rows);
    private final SortedList<FindingRow> sorted = new SortedList<>(filtered);
    private final ObservableList<String> hostNames = FXCollections.observableArrayList();
    private final ObservableList<String> guestNames = FXCollections.observableArrayList();
    private final Map<String, Set<String>> frameworkChecks = new HashMap<>();
    private List<Waiver> waivers = List.of();
    private Instant now = Instant.now();

    private final ObjectProperty<Severity> severity = new SimpleObjectProperty<>();
    private final ObjectProperty<Domain> domain = new SimpleObjectProperty<>();
    private final StringProperty host = new SimpleStringProperty();
    private final StringProperty guest = new SimpleStringProperty();
    private final ObjectProperty<Status> status = new SimpleObjectProperty<>();
    private final ObjectProperty<Frameworks.Framework> framework = new SimpleObjectProperty<>();
    private final StringProperty text = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");

    /** Rows ordered as the board first shows them: worst status, then severity, host, guest, check. */
    public static final Comparator<FindingRow> DEFAULT_ORDER = (a, b) -> {
        int c = Integer.compare(order(b.status()), order(a.status()));
        return c != 0 ? c : Integer.compare(a.rank(), b.rank());
    };

    /** Severity, host, guest, check: ranked once per reload, so sorting 20,000 rows compares two ints. */
    private static final Comparator<FindingRow> RANK_ORDER = Comparator
            .comparing((FindingRow r) -> r.finding().severity())
            .thenComparing(r -> r.finding().hostName(), String.CASE_INSENSITIVE_ORDER)
            .thenComparing(r -> r.finding().guest() == null ? "" : r.finding().guest())
            .thenComparing(r -> r.finding().checkId());

    public FindingsViewModel(Catalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        for (Observable o : new Observable[] {severity, domain, host, guest, status, framework, text}) {
            o.addListener(x -> refilter());
        }
        rows.addListener((ListChangeListener<FindingRow>) c -> updateSummary());
        filtered.addListener((ListChangeListener<FindingRow>) c -> updateSummary());
        sorted.setComparator(DEFAULT_ORDER);
    }

    /** Status order for sorting: what needs attention first (FAIL, ERROR, WARN, TO ANSWER, WAIVED, N/A, PASS). */
    public static int order(Status s) {
        return switch (s) {
            case FAIL -> 6;
            case ERROR -> 5;
            case WARN -> 4;
            case MANUAL_PENDING -> 3;
            case WAIVED -> 2;
            case NOT_APPLICABLE -> 1;
            case PASS -> 0;
        };
    }

    /** Replaces the rows (after a reload); the filters stay. */
    public void setFindings(List<Finding> findings) {
        List<FindingRow> list = new ArrayList<>(findings.size());
        Set<String> hs = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        Set<String> gs = new TreeSet<>();
        for (Finding f : findings) {
            list.add(new FindingRow(f));
            hs.add(f.hostName());
            if (f.guest() != null) {
                gs.add(f.guest());
            }
        }
        List<FindingRow> ranked = new ArrayList<>(list);
        ranked.sort(RANK_ORDER);
        for (int i = 0; i < ranked.size(); i++) {
            ranked.get(i).setRank(i);
        }
        applyWaivers(list);
        rows.setAll(list);
        hostNames.setAll(hs);
        guestNames.setAll(gs);
    }

    /**
     * The waivers recorded in the project and the time against which they are judged; an expired or revoked
     * waiver does not apply. Only rows whose waiver changes are touched; the predicate is re-applied so a status
     * filter (e.g. WAIVED) stays right.
     */
    public void setWaivers(List<Waiver> all, Instant at) {
        this.waivers = List.copyOf(all);
        this.now = at;
        applyWaivers(rows);
        refilter();
    }

    private void applyWaivers(List<FindingRow> list) {
        Map<String, List<Waiver>> byCheck = new HashMap<>();
        for (Waiver w : waivers) {
            byCheck.computeIfAbsent(w.checkId(), k -> new ArrayList<>()).add(w);
        }
        for (FindingRow r : list) {
            List<Waiver> ws = byCheck.get(r.finding().checkId());
            Waiver w = ws == null ? null : Waiver.activeFor(ws, r.finding(), now).orElse(null);
            if (r.waiver() != w) {
                r.setWaiver(w);
            }
        }
    }

    /** Clears every filter. */
    public void clearFilters() {
        severity.set(null);
        domain.set(null);
        host.set(null);
        guest.set(null);
        status.set(null);
        framework.set(null);
        text.set("");
    }

    private void refilter() {
        filtered.setPredicate(predicate());
        updateSummary();
    }

    /** The current filters as one predicate (null = show everything). */
    Predicate<FindingRow> predicate() {
        Severity sev = severity.get();
        Domain dom = domain.get();
        String h = blankToNull(host.get());
        String g = blankToNull(guest.get());
        Status st = status.get();
        Set<String> fw = framework.get() == null ? null : checksOf(framework.get());
        String[] words = text.get() == null || text.get().isBlank() ? new String[0]
                : text.get().strip().toLowerCase(Locale.ROOT).split("\\s+");
        if (sev == null && dom == null && h == null && g == null && st == null && fw == null && words.length == 0) {
            return null;
        }
        return r -> {
            Finding f = r.finding();
            if (sev != null && f.severity() != sev || dom != null && f.domain() != dom || st != null && r.status() != st) {
                return false;
            }
            if (h != null && !f.hostName().equalsIgnoreCase(h) || g != null && !g.equals(f.guest())) {
                return false;
            }
            if (fw != null && !fw.contains(f.checkId())) {
                return false;
            }
            String t = r.searchText();
            for (String w : words) {
                if (!t.contains(w)) {
                    return false;
                }
            }
            return true;
        };
    }

    private Set<String> checksOf(Frameworks.Framework f) {
        return frameworkChecks.computeIfAbsent(f.id(), k -> {
            Set<String> ids = new HashSet<>();
            Frameworks.mapped(f, catalog).forEach(m -> ids.add(m.check().id()));
            return ids;
        });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private void updateSummary() {
        int open = 0;
        int waived = 0;
        int expiring = 0;
        for (FindingRow r : rows) {
            Status s = r.status();
            if (s == Status.FAIL || s == Status.WARN || s == Status.ERROR) {
                open++;
            } else if (s == Status.WAIVED) {
                waived++;
                if (r.expiringSoon(now)) {
                    expiring++;
                }
            }
        }
        String shown = filtered.size() == rows.size() ? rows.size() + " results" : filtered.size() + " of " + rows.size() + " results";
        summary.set(shown + " · " + open + " open (fail, warn, error) · " + waived + " waived"
                + (expiring > 0 ? " · " + expiring + " expiring within " + FindingRow.EXPIRING_DAYS + " days" : ""));
    }

    /** All rows, unfiltered. */
    public ObservableList<FindingRow> rows() {
        return rows;
    }

    /** The rows that pass the filters, unsorted. */
    public FilteredList<FindingRow> filtered() {
        return filtered;
    }

    /** The filtered rows in table order; bind its comparator to the table's. */
    public SortedList<FindingRow> sorted() {
        return sorted;
    }

    public ObservableList<String> hostNames() {
        return hostNames;
    }

    public ObservableList<String> guestNames() {
        return guestNames;
    }

    public Catalog catalog() {
        return catalog;
    }

    public Instant now() {
        return now;
    }

    public List<Waiver> waivers() {
        return waivers;
    }

    public ObjectProperty<Severity> severityProperty() {
        return severity;
    }

    public ObjectProperty<Domain> domainProperty() {
        return domain;
    }

    public StringProperty hostProperty() {
        return host;
    }

    public StringProperty guestProperty() {
        return guest;
    }

    public ObjectProperty<Status> statusProperty() {
        return status;
    }

    public ObjectProperty<Frameworks.Framework> frameworkProperty() {
        return framework;
    }

    public StringProperty textProperty() {
        return text;
    }

    /** "120 of 20000 results · 14 open · 3 waived · 2 expiring within 30 days". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
