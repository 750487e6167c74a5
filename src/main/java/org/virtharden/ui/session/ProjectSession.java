package org.virtharden.ui.session;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.model.Answer;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.ProjectInfo;
import org.virtharden.model.ScanRun;
import org.virtharden.project.FindingQuery;
import org.virtharden.project.Project;
import org.virtharden.project.ProjectException;
import org.virtharden.project.UncheckedProjectException;

/**
 * The open project as every screen sees it: observable state that only ever changes on the FX thread, and one way
 * to do project work off it ({@link #submit}). Each piece of work opens the project file, does its reads and writes
 * (each committed as it happens) and closes it again, so the file is never held while the operator thinks, and a
 * CLI scan of the same file can run in between ({@link #reload()} shows its results).
 */
public final class ProjectSession {
    /** Work on the open project, run on the background executor. */
    @FunctionalInterface
    public interface ProjectWork<T> {
        T run(Project project) throws ProjectException;
    }

    /** What a reload reads in one go. */
    public record Snapshot(Path file, ProjectInfo info, List<HostConfig> hosts, ScanRun run, List<Finding> findings,
            List<Answer> answers, List<ScanRun> runs) {
        public Snapshot {
            runs = runs == null ? List.of() : List.copyOf(runs);
        }
    }

    private final Executor executor;
    private final Catalog catalog;
    private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ProjectInfo> info = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ScanRun> run = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<Instant> savedAt = new ReadOnlyObjectWrapper<>();
    private final ObservableList<HostConfig> hosts = FXCollections.observableArrayList();
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final ObservableList<Answer> answers = FXCollections.observableArrayList();
    private final ObservableList<ScanRun> runs = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper viewingOlderRun = new ReadOnlyBooleanWrapper(false);
    /** The run the operator chose to look at; null = always the latest. */
    private volatile Long pinnedRun;
    private final ReadOnlyObjectWrapper<String> navigation = new ReadOnlyObjectWrapper<>();
    private Target pendingTarget;
    private final javafx.beans.property.BooleanProperty walkMode = new javafx.beans.property.SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<Runnable> jobCancel = new ReadOnlyObjectWrapper<>();
    private int running;

    public ProjectSession(Executor executor) {
        this(executor, new CatalogLoader().loadBuiltIn());
    }

    public ProjectSession(Executor executor, Catalog catalog) {
        this.executor = executor;
        this.catalog = catalog;
    }

    public Catalog catalog() {
        return catalog;
    }

    /**
     * Runs work on the open project in the background. On success {@code onSuccess} runs on the FX thread and the
     * "saved" time moves; on failure the error line says what went wrong (never a stack trace).
     *
     * @throws IllegalStateException when no project is open
     */
    public <T> Task<T> submit(String message, ProjectWork<T> work, Consumer<T> onSuccess) {
        return onProject(message, work, onSuccess, true);
    }

    /** Like {@link #submit}, for work that only reads: the "saved" time does not move. */
    public <T> Task<T> query(String message, ProjectWork<T> work, Consumer<T> onSuccess) {
        return onProject(message, work, onSuccess, false);
    }

    private <T> Task<T> onProject(String message, ProjectWork<T> work, Consumer<T> onSuccess, boolean writes) {
        Path f = file.get();
        if (f == null) {
            throw new IllegalStateException("no project is open");
        }
        return start(message, () -> {
            try (Project p = Project.open(f)) {
                return work.run(p);
            }
        }, onSuccess, writes);
    }

    /** Creates a project file and makes it the open project. */
    public Task<Snapshot> create(Path target, ProjectInfo projectInfo) {
        return start("Creating " + target.getFileName() + "…", () -> {
            try (Project p = Project.create(target, projectInfo)) {
                return read(p);
            }
        }, this::apply);
    }

    /**
     * Creates a project file, runs {@code init} on it (e.g. project settings) in the same background job, and makes
     * it the open project.
     */
    public Task<Snapshot> create(Path target, ProjectInfo projectInfo, ProjectWork<?> init) {
        return start("Creating " + target.getFileName() + "…", () -> {
            try (Project p = Project.create(target, projectInfo)) {
                if (init != null) {
                    init.run(p);
                }
                return read(p);
            }
        }, this::apply);
    }

    /** Opens a project file (a damaged or newer file is refused with a clear message and left unchanged). */
    public Task<Snapshot> open(Path target) {
        return start("Opening " + target.getFileName() + "…", () -> {
            try (Project p = Project.open(target)) {
                return read(p);
            }
        }, this::apply);
    }

    /**
     * Reads another project file in the background without making it the open project (e.g. "New from previous").
     * A damaged or newer file is refused with its message, as when opening.
     */
    public <T> Task<T> readOther(Path other, ProjectWork<T> work, Consumer<T> onSuccess) {
        return start("Reading " + other.getFileName() + "…", () -> {
            try (Project p = Project.open(other)) {
                return work.run(p);
            }
        }, onSuccess, false);
    }

    /** Reads hosts, the run on view (the latest unless an older one was chosen), its findings and the answers again. */
    public Task<Snapshot> reload() {
        Long pin = pinnedRun;
        return query("Reading the project…", p -> read(p, pin), this::apply);
    }

    /**
     * Shows an older run's results on every screen (null: follow the latest run again). A scan always starts a new
     * run and returns the view to the latest. Old runs stay viewable (ux.md §6, 9).
     */
    public Task<Snapshot> viewRun(Long runId) {
        pinnedRun = runId;
        return reload();
    }

    /** Follows the latest run again without reading (a scan calls this as it starts a new run). */
    public void followLatest() {
        pinnedRun = null;
    }

    /** Every run of the project, newest first. */
    public ObservableList<ScanRun> runs() {
        return runs;
    }

    /** True while an older run than the latest is on view. */
    public ReadOnlyBooleanProperty viewingOlderRunProperty() {
        return viewingOlderRun.getReadOnlyProperty();
    }

    /** Applies a snapshot read elsewhere (e.g. at the end of a scan); FX thread only. */
    public void apply(Snapshot s) {
        file.set(s.file());
        info.set(s.info());
        hosts.setAll(s.hosts());
        runs.setAll(s.runs());
        run.set(s.run());
        findings.setAll(s.findings());
        answers.setAll(s.answers());
        ScanRun latest = s.runs().isEmpty() ? null : s.runs().get(0);
        viewingOlderRun.set(s.run() != null && latest != null && s.run().id() != latest.id());
    }

    /** Reads the project with its latest run. */
    public static Snapshot read(Project p) {
        return read(p, null);
    }

    /** Reads the project with the given run's findings (null or an unknown id: the latest run). */
    public static Snapshot read(Project p, Long runId) {
        List<ScanRun> all = p.runs().list();
        ScanRun r = runId == null ? null : p.runs().byId(runId).orElse(null);
        if (r == null) {
            r = p.runs().latest().orElse(null);
        }
        List<Finding> list = r == null ? List.of() : p.findings().list(new FindingQuery(r.id(), null, null, null, null));
        return new Snapshot(p.file(), p.info(), p.hosts().list(), r, list, p.answers().current(), all);
    }

    @FunctionalInterface
    private interface Body<T> {
        T call() throws ProjectException;
    }

    private <T> Task<T> start(String message, Body<T> body, Consumer<T> onSuccess) {
        return start(message, body, onSuccess, true);
    }

    private <T> Task<T> start(String message, Body<T> body, Consumer<T> onSuccess, boolean writes) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws ProjectException {
                return body.call();
            }
        };
        running++;
        busy.set(true);
        error.set("");
        status.set(message);
        task.setOnSucceeded(e -> {
            finished();
            if (writes) {
                savedAt.set(Instant.now());
            }
            status.set("");
            if (onSuccess != null) {
                onSuccess.accept(task.getValue());
            }
        });
        task.setOnFailed(e -> {
            finished();
            error.set(describe(task.getException()));
            status.set("Nothing was changed.");
        });
        task.setOnCancelled(e -> finished());
        executor.execute(task);
        return task;
    }

    private void finished() {
        running = Math.max(0, running - 1);
        busy.set(running > 0);
    }

    /** One readable line for the operator: what went wrong and, where the message says it, what to do. */
    public static String describe(Throwable ex) {
        Throwable t = ex;
        if (t instanceof UncheckedProjectException u && u.getCause() != null) {
            t = u.getCause();
        }
        if (t instanceof ProjectException || t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
            return t.getMessage();
        }
        String m = t.getMessage();
        return "Unexpected problem (" + t.getClass().getSimpleName() + (m == null ? "" : ": " + m)
                + "). Your project file is safe: every result is saved as it arrives.";
    }

    /** Runs on the FX thread now or soon; for listeners called from background threads. */
    public static void fx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }

    public ReadOnlyObjectProperty<Path> fileProperty() {
        return file.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ProjectInfo> infoProperty() {
        return info.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ScanRun> runProperty() {
        return run.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Instant> savedAtProperty() {
        return savedAt.getReadOnlyProperty();
    }

    /** Hosts in scope; replaced as a whole on reload. */
    public ObservableList<HostConfig> hosts() {
        return hosts;
    }

    /** The latest run's findings. */
    public ObservableList<Finding> findings() {
        return findings;
    }

    /** The current answers to manual and hybrid checks. */
    public ObservableList<Answer> answers() {
        return answers;
    }

    /**
     * Asks the main window to show a screen ({@code hosts}, {@code findings}, {@code step:guest}, …); screens use it
     * for links such as "Go to Hosts" without knowing the window. FX thread.
     */
    public void navigate(String screenId) {
        navigation.set(null);
        navigation.set(screenId);
    }

    /** What to select on the screen a navigation leads to: a checklist item by host, guest (or null) and check. */
    public record Target(String host, String guest, String checkId) {
    }

    /** Shows a screen and selects an item there (e.g. a report pre-flight item in its checklist). FX thread. */
    public void navigate(String screenId, Target target) {
        pendingTarget = target;
        navigate(screenId);
    }

    /** The item the latest navigation asked to select, once (the main window takes it). */
    public Target takeTarget() {
        Target t = pendingTarget;
        pendingTarget = null;
        return t;
    }

    /**
     * Walk mode (ux.md §3): the checklists show one item per screen with 44 px Pass/Fail/N/A targets for walking the
     * room; toggled from the top bar or F11.
     */
    public javafx.beans.property.BooleanProperty walkModeProperty() {
        return walkMode;
    }

    /** The latest navigation request (null between requests). */
    public ReadOnlyObjectProperty<String> navigationProperty() {
        return navigation.getReadOnlyProperty();
    }

    /**
     * Shows a background job that is not project work (e.g. connection tests) in the status bar, with {@code cancel}
     * behind its Cancel button (FX thread). {@link #jobFinished} clears it.
     */
    public void jobStarted(String message, Runnable cancel) {
        status.set(message);
        jobCancel.set(cancel);
    }

    /** Updates the running job's status line (FX thread). */
    public void jobProgress(String message) {
        status.set(message);
    }

    /** The job ended; its last word stays in the status line (FX thread). */
    public void jobFinished(String message) {
        status.set(message == null ? "" : message);
        jobCancel.set(null);
    }

    /** The Cancel action of the running background job, or null when none runs. */
    public ReadOnlyObjectProperty<Runnable> jobCancelProperty() {
        return jobCancel.getReadOnlyProperty();
    }

    /** Cancels the running background job, if any (the status bar's Cancel). */
    public void cancelJob() {
        Runnable r = jobCancel.get();
        if (r != null) {
            r.run();
        }
    }

    /** Shows an error line (FX thread). */
    public void showError(String message) {
        error.set(message == null ? "" : message);
    }
}
