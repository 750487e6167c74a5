package org.virtharden.ui.overview;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.Answer;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.ScanRun;
import org.virtharden.model.Waiver;
import org.virtharden.model.ProjectInfo;
import org.virtharden.service.Checklist;
import org.virtharden.ui.session.ProjectSession;

/**
 * The overview's state (figures, scope line, runs) as read-only properties for {@link OverviewController}; the
 * figures themselves are computed from plain values by {@link #compute} so they can be tested without a scene.
 *
 * <p><b>Score</b> = passed ÷ (passed + failed + warned + errors + open). Each checklist item (per host, and per
 * guest for guest checks, from {@link Checklist}) counts once: PASS is passed; FAIL, WARN and ERROR count against;
 * an item that is not answered yet or was not run (no result in the latest run) is <i>open</i> and counts against
 * too — "Unknown ≠ pass". N/A items are left out of both sides. A waived FAIL or WARN still counts as FAIL or WARN:
 * a waiver accepts a risk, it does not remove it (the waived count is shown beside the score).
 */
public final class OverviewViewModel {
    /** The formula as the view prints it. */
    public static final String FORMULA = "Score = ✓ passed ÷ (✓ passed + ✕ failed + ▲ warned + ⚡ errors + ○ open)."
            + " Open = not answered or not run: unknown is not a pass. N/A is left out; a waived result still counts as failed.";

    /** The score's parts; {@link #percent()} is empty-handed (-1) when nothing counts yet. */
    public record Score(int passed, int failed, int warned, int errors, int open, int notApplicable) {
        public int denominator() {
            return passed + failed + warned + errors + open;
        }

        /** Whole percent, rounded down (a score never looks better than it is), or -1 when there is nothing to score. */
        public int percent() {
            int d = denominator();
            return d == 0 ? -1 : (int) Math.floor(100.0 * passed / d);
        }
    }

    /** Counts for one checklist (domain) for the chart and the progress list. */
    public record DomainCounts(Domain domain, int passed, int failed, int warned, int errors, int open, int notApplicable,
            int operatorItems, int answered) {
    }

    /** What the overview shows. */
    public record Figures(Score score, List<DomainCounts> domains, Map<Severity, Integer> openBySeverity, int waived,
            int waivedExpiringSoon, boolean needsHosts, boolean needsScan) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final ProjectSession session;
    private final ReadOnlyObjectWrapper<Figures> figures = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper scope = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<List<String>> runLines = new ReadOnlyObjectWrapper<>(List.of());
    private List<Waiver> waivers = List.of();
    private List<ScanRun> runs = List.of();
    private boolean loaded;

    /** The overview's state for one session: recomputed when hosts, findings, answers or the run change (FX thread). */
    public OverviewViewModel(ProjectSession session) {
        this.session = session;
        InvalidationListener refresh = o -> refresh();
        session.hosts().addListener(refresh);
        session.answers().addListener(refresh);
        session.infoProperty().addListener(refresh);
        session.runProperty().addListener(o -> load());
        session.findings().addListener((InvalidationListener) o -> load());
        load();
        refresh();
    }

    public ReadOnlyObjectProperty<Figures> figuresProperty() {
        return figures.getReadOnlyProperty();
    }

    /** "client · site · assessor A · N hosts in scope". */
    public ReadOnlyStringProperty scopeProperty() {
        return scope.getReadOnlyProperty();
    }

    /** The newest five runs, newest first, plus "… N earlier runs"; a placeholder line when there are none. */
    public ReadOnlyObjectProperty<List<String>> runLinesProperty() {
        return runLines.getReadOnlyProperty();
    }

    /** Asks the main window to show a screen (the Get started links). */
    public void navigate(String screenId) {
        session.navigate(screenId);
    }

    private void load() {
        if (session.fileProperty().get() == null) {
            return;
        }
        session.query("Reading runs and waivers…", p -> new Object[] {p.runs().list(), p.waivers().all()}, r -> {
            @SuppressWarnings("unchecked")
            List<ScanRun> rs = (List<ScanRun>) r[0];
            @SuppressWarnings("unchecked")
            List<Waiver> ws = (List<Waiver>) r[1];
            runs = rs;
            waivers = ws;
            loaded = true;
            refresh();
        });
    }

    private void refresh() {
        ProjectInfo info = session.infoProperty().get();
        figures.set(compute(session.catalog(), List.copyOf(session.hosts()), session.runProperty().get(),
                List.copyOf(session.findings()), List.copyOf(session.answers()), waivers, Instant.now()));
        int n = session.hosts().size();
        scope.set(info == null ? "No project open" : info.client() + (blank(info.site()) ? "" : " · " + info.site())
                + (blank(info.assessor()) ? "" : " · assessor " + info.assessor()) + " · " + n + " host" + (n == 1 ? "" : "s")
                + " in scope");
        List<String> lines = new ArrayList<>();
        if (runs.isEmpty()) {
            lines.add(session.runProperty().get() == null ? "No scan yet." : loaded ? "No runs recorded." : "Reading runs…");
        }
        for (int i = runs.size() - 1; i >= 0 && i >= runs.size() - 5; i--) {
            ScanRun r = runs.get(i);
            lines.add("Run #" + r.id() + " · " + TIME.format(r.started()) + " · " + r.state() + " · catalog " + r.catalogVersion());
        }
        if (runs.size() > 5) {
            lines.add("… " + (runs.size() - 5) + " earlier runs");
        }
        runLines.set(List.copyOf(lines));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * @param findings the latest run's findings (empty before the first scan)
     * @param waivers  waivers in the project (only those in force at {@code now} are counted)
     */
    public static Figures compute(Catalog catalog, List<HostConfig> hosts, ScanRun run, List<Finding> findings, List<Answer> answers,
            List<Waiver> waivers, Instant now) {
        Checklist cl = Checklist.build(catalog, hosts, findings, answers, null);
        Map<Domain, int[]> by = new EnumMap<>(Domain.class);
        for (Checklist.Item i : cl.items()) {
            int[] c = by.computeIfAbsent(i.domain(), k -> new int[6]);
            c[bucket(i)]++;
        }
        List<DomainCounts> domains = new ArrayList<>();
        int[] total = new int[6];
        for (Checklist.Progress p : cl.progress()) {
            int[] c = by.getOrDefault(p.domain(), new int[6]);
            for (int k = 0; k < 6; k++) {
                total[k] += c[k];
            }
            domains.add(new DomainCounts(p.domain(), c[0], c[1], c[2], c[3], c[4], c[5], p.operatorItems(), p.answered()));
        }
        Map<Severity, Integer> open = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            open.put(s, 0);
        }
        int waived = 0;
        int expiring = 0;
        for (Finding f : findings) {
            Waiver w = Waiver.activeFor(waivers, f, now).orElse(null);
            if (w != null) {
                waived++;
                if (w.expires().isBefore(now.plus(java.time.Duration.ofDays(30)))) {
                    expiring++;
                }
            } else if (f.status() == Status.FAIL || f.status() == Status.WARN || f.status() == Status.ERROR) {
                open.merge(f.severity(), 1, Integer::sum);
            }
        }
        Score score = new Score(total[0], total[1], total[2], total[3], total[4], total[5]);
        return new Figures(score, domains, open, waived, expiring, hosts.isEmpty(), run == null);
    }

    /** 0 passed, 1 failed, 2 warned, 3 error, 4 open (to answer / not run), 5 N/A. */
    static int bucket(Checklist.Item i) {
        if (i.status() == null) {
            return 4;
        }
        return switch (i.status()) {
            case PASS -> 0;
            case FAIL, WAIVED -> 1;
            case WARN -> 2;
            case ERROR -> 3;
            case NOT_APPLICABLE -> 5;
            case MANUAL_PENDING -> 4;
        };
    }
}
