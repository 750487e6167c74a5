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
import java.util.List;
import org.virtharden.catalog.Catalog;
import org.virtharden.model.Answer;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.ScanRun;
import org.virtharden.model.Waiver;
import org.virtharden.model.ProjectInfo;
import org.virtharden.service.Scoring;
import org.virtharden.service.Scoring.Figures;
import org.virtharden.ui.session.ProjectSession;

/**
 * The overview's state (figures, scope line, runs) as read-only properties for {@link OverviewController}; the
 * figures themselves are computed from plain values by {@link #compute} so they can be tested without a scene.
 *
 * The computation lives in {@link Scoring} so the audit pack uses the very same formula.
 *
 * <p><b>Score</b> = passed ÷ (passed + failed + warned + errors + open). Each checklist item (per host, and per
 * guest for guest checks, from {@code Checklist}) counts once: PASS is passed; FAIL, WARN and ERROR count against;
 * an item that is not answered yet or was not run (no result in the latest run) is <i>open</i> and counts against
 * too — "Unknown ≠ pass". N/A items are left out of both sides. A waived FAIL or WARN still counts as FAIL or WARN:
 * a waiver accepts a risk, it does not remove it (the waived count is shown beside the score).
 */
public final class OverviewViewModel {
    /** The formula as the view prints it. */
    public static final String FORMULA = Scoring.FORMULA;

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
        // the repository lists runs newest first
        for (int i = 0; i < runs.size() && i < 5; i++) {
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

    /** See {@link Scoring#compute}: the same formula the audit pack prints. */
    public static Figures compute(Catalog catalog, List<HostConfig> hosts, ScanRun run, List<Finding> findings,
            List<Answer> answers, List<Waiver> waivers, Instant now) {
        return Scoring.compute(catalog, hosts, run, findings, answers, waivers, now);
    }
}
