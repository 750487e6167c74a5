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
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
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
import org.virtharden.model.Evidence;
import org.virtharden.model.FalsePositive;
import org.virtharden.model.Finding;
import org.virtharden.model.ScanRun;
import org.virtharden.model.Waiver;
import org.virtharden.model.WaiverRevision;
import org.virtharden.project.FindingQuery;
import org.virtharden.project.Project;
import org.virtharden.ui.session.ProjectSession;

/**
 * The findings board's state, testable without a scene: rows built from the session's findings, the waivers and
 * false positives that apply to them, which were fixed since an earlier run, the filters and the quick-filter counts.
 * A filter change only sets a new predicate on the {@link FilteredList}; rows are rebuilt only when the findings
 * themselves change (a reload). Built on a {@link ProjectSession}, it is also the only part of the board that reads
 * or writes the project (waive, renew, revoke, false positive, evidence).
 */
public final class FindingsViewModel {
    private final Catalog catalog;
    private final ProjectSession session;
    private final ObservableList<FindingRow> rows = FXCollections.observableArrayList();
    private final FilteredList<FindingRow> filtered = new FilteredList<>(rows);
    private final SortedList<FindingRow> sorted = new SortedList<>(filtered);
    private final ObservableList<String> hostNames = FXCollections.observableArrayList();
    private final ObservableList<String> guestNames = FXCollections.observableArrayList();
    private final Map<String, Set<String>> frameworkChecks = new HashMap<>();
    private List<Waiver> waivers = List.of();
    private List<FalsePositive> falsePositives = List.of();
    private Set<String> failedBefore = Set.of();
    private Instant now = Instant.now();
    private final Map<Severity, ReadOnlyIntegerWrapper> openBySeverity = new java.util.EnumMap<>(Severity.class);
    private final Map<FindingState, ReadOnlyIntegerWrapper> byState = new java.util.EnumMap<>(FindingState.class);
    private final ReadOnlyIntegerWrapper expiring = new ReadOnlyIntegerWrapper();
    private final ObjectProperty<FindingState> state = new SimpleObjectProperty<>();

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

    /** A board without a project behind it (tests, benchmarks): state only; the service methods are not available. */
    public FindingsViewModel(Catalog catalog) {
        this(catalog, null);
    }

    /** The board of a session: follows its findings and reads waivers, false positives and earlier runs on each reload. */
    public FindingsViewModel(ProjectSession session) {
        this(session.catalog(), session);
        setFindings(session.findings());
        session.findings().addListener((ListChangeListener<Finding>) c -> {
            setFindings(session.findings());
            reload();
        });
        reload();
    }

    private FindingsViewModel(Catalog catalog, ProjectSession session) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.session = session;
        for (Severity s : Severity.values()) {
            openBySeverity.put(s, new ReadOnlyIntegerWrapper());
        }
        for (FindingState s : FindingState.values()) {
            byState.put(s, new ReadOnlyIntegerWrapper());
        }
        for (Observable o : new Observable[] {severity, domain, host, guest, status, framework, text, state}) {
            o.addListener(x -> {
                if (!clearing) {
                    refilter();
                }
            });
        }
        rows.addListener((ListChangeListener<FindingRow>) c -> recount());
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
        recount();
        refilter();
    }

    /** The false positives recorded in the project (revoked ones are ignored). */
    public void setFalsePositives(List<FalsePositive> all) {
        this.falsePositives = List.copyOf(all);
        applyWaivers(rows);
        recount();
        refilter();
    }

    /**
     * The hosts' (guests') checks that were FAIL or WARN in an earlier run, as {@link #targetKey} keys: a PASS of one
     * of them now counts as Fixed.
     */
    public void setFailedBefore(Set<String> keys) {
        this.failedBefore = Set.copyOf(keys);
        applyWaivers(rows);
        recount();
        refilter();
    }

    /** The key of a host's (or guest's) check, for {@link #setFailedBefore}. */
    public static String targetKey(long hostId, String guest, String checkId) {
        return hostId + "\u0000" + (guest == null ? "" : guest) + "\u0000" + checkId;
    }

    private void applyWaivers(List<FindingRow> list) {
        Map<String, List<Waiver>> byCheck = new HashMap<>();
        for (Waiver w : waivers) {
            byCheck.computeIfAbsent(w.checkId(), k -> new ArrayList<>()).add(w);
        }
        Map<String, List<FalsePositive>> fpByCheck = new HashMap<>();
        for (FalsePositive fp : falsePositives) {
            if (fp.revoked() == null) {
                fpByCheck.computeIfAbsent(fp.checkId(), k -> new ArrayList<>()).add(fp);
            }
        }
        for (FindingRow r : list) {
            Finding f = r.finding();
            List<Waiver> ws = byCheck.get(f.checkId());
            Waiver w = ws == null ? null : Waiver.activeFor(ws, f, now).orElse(null);
            if (r.waiver() != w) {
                r.setWaiver(w);
            }
            r.setLapsedWaiver(ws == null || w != null ? null : Waiver.lapsedFor(ws, f, now).orElse(null));
            List<FalsePositive> fps = fpByCheck.get(f.checkId());
            r.setFalsePositive(fps == null ? null : FalsePositive.activeFor(fps, f).orElse(null));
            r.setFailedBefore(!failedBefore.isEmpty() && f.status() == Status.PASS && failedBefore.contains(r.targetKey()));
        }
    }

    private boolean clearing;

    /** Clears every filter: one new predicate, not one per filter. */
    public void clearFilters() {
        clearing = true;
        try {
            clearEach();
        } finally {
            clearing = false;
        }
        refilter();
    }

    private void clearEach() {
        severity.set(null);
        domain.set(null);
        host.set(null);
        guest.set(null);
        status.set(null);
        framework.set(null);
        state.set(null);
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
        FindingState state1 = state.get();
        Set<String> fw = framework.get() == null ? null : checksOf(framework.get());
        String[] words = text.get() == null || text.get().isBlank() ? new String[0]
                : text.get().strip().toLowerCase(Locale.ROOT).split("\\s+");
        if (sev == null && dom == null && h == null && g == null && st == null && fw == null && words.length == 0 && state1 == null) {
            return null;
        }
        return r -> {
            Finding f = r.finding();
            if (sev != null && f.severity() != sev || dom != null && f.domain() != dom) {
                return false;
            }
            // a false positive is no longer a FAIL or WARN: only "any status" or the False + chip shows it
            if (st != null && (r.status() != st || r.falsePositive() != null) || state1 != null && r.state() != state1) {
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

    private final int[] stateCounts = new int[FindingState.values().length];

    /** Counts per state and per severity: only when the rows, waivers or false positives change, never per filter. */
    private void recount() {
        int[] states = stateCounts;
        java.util.Arrays.fill(states, 0);
        int[] sev = new int[Severity.values().length];
        int soon = 0;
        for (FindingRow r : rows) {
            FindingState s = r.state();
            states[s.ordinal()]++;
            if (s == FindingState.OPEN) {
                sev[r.finding().severity().ordinal()]++;
            } else if (s == FindingState.WAIVED && r.expiringSoon(now)) {
                soon++;
            }
        }
        for (FindingState s : FindingState.values()) {
            byState.get(s).set(states[s.ordinal()]);
        }
        for (Severity s : Severity.values()) {
            openBySeverity.get(s).set(sev[s.ordinal()]);
        }
        expiring.set(soon);
        updateSummary();
    }

    private void updateSummary() {
        int[] states = stateCounts;
        int soon = expiring.get();
        String shown = filtered.size() == rows.size() ? rows.size() + " results" : filtered.size() + " of " + rows.size() + " results";
        int fp = states[FindingState.FALSE_POSITIVE.ordinal()];
        int fixed = states[FindingState.FIXED.ordinal()];
        summary.set(shown + " · " + states[FindingState.OPEN.ordinal()] + " open · " + states[FindingState.WAIVED.ordinal()] + " waived"
                + (soon > 0 ? " · " + soon + " expiring soon" : "") + (fp > 0 ? " · " + fp + " false positive" : "")
                + (fixed > 0 ? " · " + fixed + " fixed" : ""));
    }

    /** Open findings (FAIL, WARN, ERROR not waived or false positive) of one severity, for the severity chips. */
    public ReadOnlyIntegerProperty openCount(Severity s) {
        return openBySeverity.get(s).getReadOnlyProperty();
    }

    /** Findings in one state, for the state chips. */
    public ReadOnlyIntegerProperty count(FindingState s) {
        return byState.get(s).getReadOnlyProperty();
    }

    /** Waivers in force that end within {@link Waiver#EXPIRING_DAYS} days. */
    public ReadOnlyIntegerProperty expiringCount() {
        return expiring.getReadOnlyProperty();
    }

    /** The state quick filter (null = any). */
    public ObjectProperty<FindingState> stateProperty() {
        return state;
    }

    public List<FalsePositive> falsePositives() {
        return falsePositives;
    }

    // ---- project work (only with a session) ----

    private ProjectSession session() {
        if (session == null) {
            throw new IllegalStateException("this board has no project behind it");
        }
        return session;
    }

    /** What one reload reads: waivers, false positives, and the checks earlier runs failed. */
    record Loaded(List<Waiver> waivers, List<FalsePositive> falsePositives, Set<String> failedBefore) {
    }

    /** Reads waivers, false positives and earlier runs again (after a change, or a reload of the findings). */
    public void reload() {
        ProjectSession s = session();
        if (s.fileProperty().get() == null) {
            return;
        }
        ScanRun run = s.runProperty().get();
        long latest = run == null ? Long.MAX_VALUE : run.id();
        s.query("Reading waivers…", p -> new Loaded(p.waivers().all(), p.falsePositives().all(), failedBefore(p, latest)), l -> {
            this.falsePositives = List.copyOf(l.falsePositives());
            this.failedBefore = Set.copyOf(l.failedBefore());
            setWaivers(l.waivers(), Instant.now());
            changed.set(changed.get() + 1);
        });
    }

    /**
     * The host/guest/check keys that were FAIL or WARN in any run before {@code latest}: two indexed queries per earlier
     * run, reading only failing rows (a project has a handful of runs).
     */
    static Set<String> failedBefore(Project p, long latest) {
        Set<String> keys = new HashSet<>();
        for (ScanRun r : p.runs().list()) {
            if (r.id() >= latest) {
                continue;
            }
            for (Status st : new Status[] {Status.FAIL, Status.WARN}) {
                for (Finding f : p.findings().list(new FindingQuery(r.id(), st, null, null, null))) {
                    keys.add(targetKey(f.hostId(), f.guest(), f.checkId()));
                }
            }
        }
        return keys;
    }

    private final javafx.beans.property.ReadOnlyLongWrapper changed = new javafx.beans.property.ReadOnlyLongWrapper();

    /** Moves after each reload of waivers and false positives (the view refreshes its detail pane). */
    public javafx.beans.property.ReadOnlyLongProperty changedProperty() {
        return changed.getReadOnlyProperty();
    }

    /** The assessor of the project, the default "recorded by". */
    public String defaultAuthor() {
        var info = session().infoProperty().get();
        return info == null || info.assessor() == null ? "" : info.assessor();
    }

    /** The approver of the newest waiver, the default approver of the next one (empty if none). */
    public String lastApprover() {
        Waiver last = null;
        for (Waiver w : waivers) {
            if (last == null || w.id() > last.id()) {
                last = w;
            }
        }
        return last == null ? "" : last.approver();
    }

    /** Records a waiver for the finding's host (or guest), or with {@code allHosts} for its check everywhere. */
    public void waive(Finding f, boolean allHosts, String justification, String approver, String author, Instant until) {
        session().submit("Saving the waiver…", p -> allHosts
                ? p.waivers().recordForAllHosts(f.checkId(), justification, author, approver, until)
                : p.waivers().record(f.hostId(), f.guest(), f.checkId(), justification, author, approver, until), w -> reload());
    }

    /** Renews (or edits) a waiver in place; its old values go to its history. */
    public void renew(Waiver w, String justification, String approver, String by, Instant until) {
        session().submit("Renewing the waiver…", p -> p.waivers().renew(w.id(), justification, approver, by, until), x -> reload());
    }

    public void revoke(Waiver w) {
        session().submit("Revoking the waiver…", p -> p.waivers().revoke(w.id()), x -> reload());
    }

    public void markFalsePositive(Finding f, String reason, String author) {
        session().submit("Marking a false positive…", p -> p.falsePositives().mark(f.hostId(), f.guest(), f.checkId(), reason, author),
                x -> reload());
    }

    public void revokeFalsePositive(FalsePositive fp, String by) {
        session().submit("Revoking the false positive…", p -> p.falsePositives().revoke(fp.id(), by), x -> reload());
    }

    /** Reads a waiver's renewal history. */
    public void history(Waiver w, Consumer<List<WaiverRevision>> then) {
        session().query("Reading the waiver's history…", p -> p.waivers().history(w.id()), then);
    }

    /** Reads a finding's evidence. */
    public void evidence(Finding f, Consumer<Optional<Evidence>> then) {
        if (f.evidenceId() == 0 || session().fileProperty().get() == null) {
            then.accept(Optional.empty());
            return;
        }
        session().query("Reading evidence…", p -> p.findings().evidence(f.evidenceId()), then);
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

    /** "120 of 20000 results · 14 open · 3 waived · 2 expiring soon · 1 false positive · 2 fixed". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
