package org.virtharden.ui.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtharden.catalog.Catalog;
import org.virtharden.fleet.DriftMatrix;
import org.virtharden.fleet.FleetReport;
import org.virtharden.fleet.FleetService;
import org.virtharden.fleet.RunDiff;
import org.virtharden.fleet.Sprawl;
import org.virtharden.model.ScanRun;
import org.virtharden.project.Project;
import org.virtharden.ui.session.ProjectSession;

/**
 * The Fleet screen's state (ux.md screen D), testable without a scene: the drift matrix of the chosen host group
 * (differences only by default), the VM sprawl rows, and the retest diff between two chosen runs. The only part of the
 * screen that calls a service: {@link #load} runs on the project (in a session query), {@link #apply} shows the result.
 */
public final class FleetViewModel {
    /** What one load read from the project. {@code report} and {@code diff} are null when there is nothing to show. */
    public record Data(List<ScanRun> runs, List<String> groups, FleetReport report, RunDiff diff, long from, long to) {
    }

    private final ProjectSession session;
    private final Catalog catalog;
    private final ObservableList<String> groups = FXCollections.observableArrayList();
    private final ObservableList<String> groupsView = FXCollections.unmodifiableObservableList(groups);
    private final StringProperty group = new SimpleStringProperty();
    private final BooleanProperty onlyDifferences = new SimpleBooleanProperty(true);
    private final ObservableList<String> driftHosts = FXCollections.observableArrayList();
    private final ObservableList<String> driftHostsView = FXCollections.unmodifiableObservableList(driftHosts);
    private final ObservableList<DriftMatrix.Row> driftRows = FXCollections.observableArrayList();
    private final ObservableList<DriftMatrix.Row> driftRowsView = FXCollections.unmodifiableObservableList(driftRows);
    private final ReadOnlyStringWrapper driftSummary = new ReadOnlyStringWrapper("");
    private final ObservableList<Sprawl.Row> sprawlRows = FXCollections.observableArrayList();
    private final ObservableList<Sprawl.Row> sprawlRowsView = FXCollections.unmodifiableObservableList(sprawlRows);
    private final ReadOnlyStringWrapper sprawlSummary = new ReadOnlyStringWrapper("");
    private final ObservableList<ScanRun> runs = FXCollections.observableArrayList();
    private final ObservableList<ScanRun> runsView = FXCollections.unmodifiableObservableList(runs);
    private final ObjectProperty<ScanRun> fromRun = new SimpleObjectProperty<>();
    private final ObjectProperty<ScanRun> toRun = new SimpleObjectProperty<>();
    private final ObservableList<RunDiff.Row> diffRows = FXCollections.observableArrayList();
    private final ObservableList<RunDiff.Row> diffRowsView = FXCollections.unmodifiableObservableList(diffRows);
    private final ReadOnlyStringWrapper diffSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private Data data;
    private boolean applying;

    /** @param session null in plain unit tests, which call {@link #load} and {@link #apply} themselves */
    public FleetViewModel(ProjectSession session, Catalog catalog) {
        this.session = session;
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        group.addListener((o, a, b) -> showMatrix());
        onlyDifferences.addListener((o, a, b) -> showMatrix());
        fromRun.addListener((o, a, b) -> runsChanged());
        toRun.addListener((o, a, b) -> runsChanged());
    }

    /** Reads the latest run's fleet report and the diff of the chosen runs (default: the two latest), off the FX thread. */
    public void refresh() {
        if (session == null || session.fileProperty().get() == null) {
            return;
        }
        long from = fromRun.get() == null ? 0 : fromRun.get().id();
        long to = toRun.get() == null ? 0 : toRun.get().id();
        session.query("Comparing hosts…", p -> load(p, catalog, from, to), this::apply);
    }

    private void runsChanged() {
        if (!applying) {
            refresh();
        }
    }

    /**
     * Everything the screen shows, read from an open project: the report of the latest run and the diff from
     * {@code from} to {@code to} (0: the second latest and the latest run).
     */
    public static Data load(Project p, Catalog catalog, long from, long to) {
        FleetService fleet = new FleetService(p, catalog);
        List<ScanRun> runs = p.runs().list();
        if (runs.isEmpty()) {
            return new Data(runs, fleet.groups(), null, null, 0, 0);
        }
        FleetReport report = fleet.report(runs.get(0).id(), null, true);
        long t = to != 0 ? to : runs.get(0).id();
        long f = from != 0 ? from : runs.size() > 1 ? runs.get(1).id() : 0;
        RunDiff diff = f != 0 && f != t ? fleet.diff(f, t) : null;
        return new Data(runs, fleet.groups(), report, diff, f, t);
    }

    /** Shows what {@link #load} read (FX thread). */
    public void apply(Data d) {
        this.data = d;
        applying = true;
        try {
            runs.setAll(d.runs());
            fromRun.set(d.runs().stream().filter(r -> r.id() == d.from()).findFirst().orElse(null));
            toRun.set(d.runs().stream().filter(r -> r.id() == d.to()).findFirst().orElse(null));
            List<String> gs = new ArrayList<>();
            if (d.report() != null) {
                d.report().matrices().forEach(m -> gs.add(m.group()));
            }
            String keep = group.get();
            groups.setAll(gs);
            group.set(gs.contains(keep) ? keep : gs.isEmpty() ? null : gs.get(0));
        } finally {
            applying = false;
        }
        if (d.report() == null) {
            message.set("No scan yet: scan two or more hosts of a host group to compare them.");
        } else if (d.report().matrices().stream().allMatch(m -> m.hosts().size() < 2)) {
            message.set("Needs a second host: the latest run scanned one host. Give the peers a host group and scan them together.");
        } else {
            message.set("");
        }
        showMatrix();
        showSprawl();
        showDiff();
    }

    private void showMatrix() {
        if (data == null || data.report() == null) {
            driftHosts.clear();
            driftRows.clear();
            driftSummary.set("");
            return;
        }
        DriftMatrix m = data.report().matrices().stream().filter(x -> x.group().equals(group.get())).findFirst().orElse(null);
        if (m == null) {
            driftHosts.clear();
            driftRows.clear();
            driftSummary.set("");
            return;
        }
        driftHosts.setAll(m.hosts());
        List<DriftMatrix.Row> rows = m.rows().stream().filter(r -> !onlyDifferences.get() || r.differs()).toList();
        driftRows.setAll(rows);
        long differing = m.rows().stream().filter(DriftMatrix.Row::differs).count();
        driftSummary.set("Run #" + data.report().runId() + " · group " + m.group() + " · " + m.hosts().size() + " hosts · "
                + differing + " of " + m.rows().size() + " controls differ" + (onlyDifferences.get() && differing == 0
                ? " — every host of the group has the same result on every control" : ""));
    }

    private void showSprawl() {
        if (data == null || data.report() == null) {
            sprawlRows.clear();
            sprawlSummary.set("");
            return;
        }
        Sprawl s = data.report().sprawl();
        sprawlRows.setAll(s.rows());
        if (s.inventoryProblem() != null) {
            sprawlSummary.set("The approved inventory is unreadable: " + s.inventoryProblem());
        } else if (!s.inventoryPresent()) {
            sprawlSummary.set(s.discovered() + " guests discovered. No approved inventory: import one in settings"
                    + " (guests.inventory, CSV or YAML) to find unapproved and missing guests.");
        } else {
            sprawlSummary.set("Approved " + s.entries() + " · discovered " + s.discovered() + " · unapproved "
                    + s.count(Sprawl.Kind.UNAPPROVED) + " · missing " + s.count(Sprawl.Kind.MISSING) + " · on several hosts "
                    + s.count(Sprawl.Kind.DUPLICATE) + " · zones mixed " + s.count(Sprawl.Kind.ZONE_MIX));
        }
    }

    private void showDiff() {
        if (data == null || data.diff() == null) {
            diffRows.clear();
            diffSummary.set(data != null && data.runs().size() < 2 ? "Needs a second run: scan again after the fixes to see"
                    + " what was fixed, what is new and what still fails." : "Choose two different runs.");
            return;
        }
        RunDiff d = data.diff();
        diffRows.setAll(d.rows().stream().filter(r -> r.category() != RunDiff.Category.UNCHANGED).toList());
        StringBuilder sb = new StringBuilder("Run #" + d.fromRun() + " → run #" + d.toRun() + ": ");
        for (RunDiff.Category c : RunDiff.Category.values()) {
            sb.append(c == RunDiff.Category.REGRESSED ? "" : " · ").append(label(c)).append(' ').append(d.count(c));
        }
        diffSummary.set(sb.toString());
    }

    public static String label(RunDiff.Category c) {
        return switch (c) {
            case REGRESSED -> "Regressed";
            case NEW_FAILURE -> "New failure";
            case STILL_FAILING -> "Still failing";
            case NOT_RETESTED -> "Not re-tested";
            case FIXED -> "Fixed";
            case CHANGED_EVIDENCE -> "Changed evidence";
            case UNCHANGED -> "Unchanged";
        };
    }

    public ObservableList<String> groups() {
        return groupsView;
    }

    public StringProperty groupProperty() {
        return group;
    }

    public BooleanProperty onlyDifferencesProperty() {
        return onlyDifferences;
    }

    public ObservableList<String> driftHosts() {
        return driftHostsView;
    }

    public ObservableList<DriftMatrix.Row> driftRows() {
        return driftRowsView;
    }

    public ReadOnlyStringProperty driftSummaryProperty() {
        return driftSummary.getReadOnlyProperty();
    }

    public ObservableList<Sprawl.Row> sprawlRows() {
        return sprawlRowsView;
    }

    public ReadOnlyStringProperty sprawlSummaryProperty() {
        return sprawlSummary.getReadOnlyProperty();
    }

    public ObservableList<ScanRun> runs() {
        return runsView;
    }

    public ObjectProperty<ScanRun> fromRunProperty() {
        return fromRun;
    }

    public ObjectProperty<ScanRun> toRunProperty() {
        return toRun;
    }

    public ObservableList<RunDiff.Row> diffRows() {
        return diffRowsView;
    }

    public ReadOnlyStringProperty diffSummaryProperty() {
        return diffSummary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
