package org.virtharden.ui.main;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.ProjectInfo;
import org.virtharden.model.ScanRun;
import org.virtharden.project.FindingQuery;
import org.virtharden.project.Project;
import org.virtharden.project.ProjectException;

/**
 * State of the main window: which project is open, its hosts and the latest run's findings. The only
 * class of the screen that calls services; all file and SQL work runs on the executor, never on the FX
 * thread, and results are applied on the FX thread.
 */
public final class MainViewModel {
    private final Executor executor;
    private final ReadOnlyObjectWrapper<Path> projectFile = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("No project open");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Create or open a project to begin.");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<HostConfig> hosts = FXCollections.observableArrayList();
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();

    public MainViewModel(Executor executor) {
        this.executor = executor;
    }

    /** What a loaded project shows. */
    public record Snapshot(Path file, ProjectInfo info, List<HostConfig> hosts, ScanRun run, List<Finding> findings) {
    }

    public Task<Snapshot> create(Path file, String client, String site, String assessor) {
        return submit("Creating " + file.getFileName() + "…", () -> {
            try (Project p = Project.create(file, new ProjectInfo(client, site, assessor, Instant.now()))) {
                return read(p);
            }
        });
    }

    public Task<Snapshot> open(Path file) {
        return submit("Opening " + file.getFileName() + "…", () -> {
            try (Project p = Project.open(file)) {
                return read(p);
            }
        });
    }

    public Task<Snapshot> reload() {
        Path f = projectFile.get();
        return f == null ? null : open(f);
    }

    private static Snapshot read(Project p) {
        ScanRun run = p.runs().latest().orElse(null);
        List<Finding> list = run == null ? List.of() : p.findings().list(new FindingQuery(run.id(), null, null, null, null));
        return new Snapshot(p.file(), p.info(), p.hosts().list(), run, list);
    }

    @FunctionalInterface
    private interface Work {
        Snapshot call() throws ProjectException;
    }

    private Task<Snapshot> submit(String message, Work work) {
        Task<Snapshot> task = new Task<>() {
            @Override
            protected Snapshot call() throws ProjectException {
                return work.call();
            }
        };
        busy.set(true);
        error.set("");
        status.set(message);
        task.setOnSucceeded(e -> {
            apply(task.getValue());
            busy.set(false);
        });
        task.setOnFailed(e -> {
            Throwable ex = task.getException();
            error.set(ex instanceof ProjectException ? ex.getMessage() : "Unexpected problem: " + ex);
            status.set("Nothing was changed.");
            busy.set(false);
        });
        executor.execute(task);
        return task;
    }

    private void apply(Snapshot s) {
        projectFile.set(s.file());
        ProjectInfo i = s.info();
        String name = join(i.client(), i.site());
        title.set(name.isEmpty() ? s.file().getFileName().toString() : name);
        hosts.setAll(s.hosts());
        findings.setAll(s.findings());
        if (s.run() == null) {
            status.set(s.hosts().isEmpty() ? "No hosts yet. Add hosts with 'virtharden host add' (the host screen comes next)."
                    : s.hosts().size() + " host(s). No scan yet.");
        } else {
            status.set(s.hosts().size() + " host(s) · run #" + s.run().id() + " " + s.run().state() + " · "
                    + s.findings().size() + " finding(s)");
        }
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return b == null ? "" : b;
        }
        return b == null || b.isBlank() ? a : a + " · " + b;
    }

    public ReadOnlyObjectProperty<Path> projectFileProperty() {
        return projectFile.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
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

    public ObservableList<HostConfig> hosts() {
        return hosts;
    }

    public ObservableList<Finding> findings() {
        return findings;
    }
}
