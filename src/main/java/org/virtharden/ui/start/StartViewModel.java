package org.virtharden.ui.start;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;
import org.virtharden.model.HostConfig;
import org.virtharden.model.ProjectInfo;
import org.virtharden.ui.AppPrefs;
import org.virtharden.ui.session.ProjectSession;

/**
 * State and actions of the start screen: the new-project form (the file is created as soon as the form is confirmed,
 * so every later edit is saved) and the recent projects. The only part of the screen that calls the session.
 */
public final class StartViewModel {
    /** One recent project as the list shows it. */
    public record RecentItem(Path file, String title, String detail, boolean exists) {
    }

    /** What {@link #check()} found in the form. */
    public enum Check { OK, CLIENT_MISSING, DATES_REVERSED, FILE_MISSING }

    private static final DateTimeFormatter MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneId.systemDefault());

    private final ProjectSession session;
    private final AppPrefs prefs;
    private final StringProperty client = new SimpleStringProperty("");
    private final StringProperty site = new SimpleStringProperty("");
    private final StringProperty assessor = new SimpleStringProperty(System.getProperty("user.name", ""));
    private final ObjectProperty<LocalDate> start = new SimpleObjectProperty<>(LocalDate.now());
    private final ObjectProperty<LocalDate> end = new SimpleObjectProperty<>();
    private final StringProperty scope = new SimpleStringProperty("");
    private final StringProperty file = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper formMessage = new ReadOnlyStringWrapper("");
    private final ObservableList<RecentItem> recent = FXCollections.observableArrayList();
    private final ObservableList<RecentItem> recentView = FXCollections.unmodifiableObservableList(recent);

    private Previous previous;

    public StartViewModel(ProjectSession session, AppPrefs prefs) {
        this.session = session;
        this.prefs = prefs;
        refreshRecent();
    }

    /** Reads the recent projects again (whether each file is still there, when it was modified). */
    public void refreshRecent() {
        List<RecentItem> items = new ArrayList<>();
        for (AppPrefs.Recent rec : prefs.recent()) {
            boolean exists = Files.exists(rec.file());
            String title = rec.client().isBlank() ? String.valueOf(rec.file().getFileName())
                    : rec.client() + (rec.site().isBlank() ? "" : " · " + rec.site());
            String modified = "";
            if (exists) {
                try {
                    modified = "modified " + MODIFIED.format(Files.getLastModifiedTime(rec.file()).toInstant()) + " · ";
                } catch (IOException e) {
                    // the date is a convenience; the path still identifies the file
                }
            }
            items.add(new RecentItem(rec.file(), title + (exists ? "" : "   (missing — moved or deleted?)"),
                    modified + rec.file(), exists));
        }
        recent.setAll(items);
    }

    /** A file name for the chooser, from the client's name. */
    public String suggestedName() {
        String c = client.get() == null ? "" : client.get().strip();
        return (c.isEmpty() ? "assessment" : c.replaceAll("[^\\p{L}\\p{N}._-]+", "-")) + ".vhproj";
    }

    static Path withExtension(Path p) {
        return p.toString().endsWith(".vhproj") ? p : Path.of(p + ".vhproj");
    }

    /** Sets the target file (adds .vhproj when missing). */
    public void chooseFile(Path p) {
        file.set(withExtension(p).toString());
    }

    /** Checks the form; a problem is shown in the form message. */
    public Check check() {
        formMessage.set("");
        if (client.get() == null || client.get().isBlank()) {
            formMessage.set("Enter the client: the organisation this assessment is for.");
            return Check.CLIENT_MISSING;
        }
        if (end.get() != null && start.get() != null && end.get().isBefore(start.get())) {
            formMessage.set("The end date is before the start date.");
            return Check.DATES_REVERSED;
        }
        return file.get() == null || file.get().isBlank() ? Check.FILE_MISSING : Check.OK;
    }

    /**
     * Creates the project from the form (after {@link #check()}); {@code ready} runs on the FX thread once the
     * session has opened it. Returns false (with the message set) when the form is not complete.
     */
    public boolean create(Runnable ready) {
        Check c = check();
        if (c == Check.FILE_MISSING) {
            formMessage.set("Choose where to save the project file.");
        }
        if (c != Check.OK) {
            return false;
        }
        Path target = withExtension(Path.of(file.get().strip()));
        ProjectInfo info = new ProjectInfo(client.get().strip(), site.get().strip(), assessor.get().strip(), Instant.now());
        String startText = start.get() == null ? "" : start.get().toString();
        String endText = end.get() == null ? "" : end.get().toString();
        String scopeText = scope.get() == null ? "" : scope.get().strip();
        Previous carried = previous;
        Task<?> t = session.create(target, info, p -> {
            if (carried != null) {
                for (HostConfig h : carried.hosts()) {
                    p.hosts().add(h.withId(0));
                }
                carried.settings().forEach((k, v) -> {
                    if (!k.startsWith("project.")) {
                        p.settings().put(k, v);
                    }
                });
            }
            p.settings().put("project.start", startText);
            p.settings().put("project.end", endText);
            p.settings().put("project.scope", scopeText);
            return null;
        });
        whenDone(t, ready);
        return true;
    }

    /** What "New from previous" carries into a new project: its scope, hosts and operator inputs — no results. */
    public record Previous(Path file, ProjectInfo info, List<HostConfig> hosts, Map<String, String> settings) {
    }

    /**
     * "New from previous" (ux.md §2 Start): reads an earlier project in the background and fills the form with its
     * client, site and scope; on Create the new project gets the same hosts (with their trusted keys) and operator
     * inputs (inventory, zones, thresholds, approved lists) — but no runs, findings, answers or waivers. Dates are
     * left empty and the assessor is kept, since both belong to the new assessment.
     */
    public void fromPrevious(Path previousFile) {
        session.readOther(previousFile, p -> new Previous(p.file(), p.info(), p.hosts().list(), p.settings().all()), prev -> {
            previous = prev;
            client.set(prev.info().client());
            site.set(prev.info().site() == null ? "" : prev.info().site());
            scope.set(prev.settings().getOrDefault("project.scope", ""));
            long inputs = prev.settings().keySet().stream().filter(k -> !k.startsWith("project.")).count();
            formMessage.set("From " + prev.file().getFileName() + ": scope, " + prev.hosts().size() + " host"
                    + (prev.hosts().size() == 1 ? "" : "s") + " and " + inputs + " operator input" + (inputs == 1 ? "" : "s")
                    + " will be carried over; no results. Choose where to save the new project and Create.");
        });
    }

    /** The earlier project "New from previous" read, or null. */
    public Previous previous() {
        return previous;
    }

    /** Opens a project file; a damaged or newer file shows the reason in the banner. */
    public void open(Path target, Runnable ready) {
        whenDone(session.open(target), ready);
    }

    private void whenDone(Task<?> t, Runnable ready) {
        // the session applies the snapshot in its own handler; announce after it
        t.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> Platform.runLater(() -> {
            previous = null;
            client.set("");
            site.set("");
            scope.set("");
            file.set("");
            if (ready != null) {
                ready.run();
            }
        }));
    }

    public ProjectSession session() {
        return session;
    }

    public StringProperty clientProperty() {
        return client;
    }

    public StringProperty siteProperty() {
        return site;
    }

    public StringProperty assessorProperty() {
        return assessor;
    }

    public ObjectProperty<LocalDate> startProperty() {
        return start;
    }

    public ObjectProperty<LocalDate> endProperty() {
        return end;
    }

    public StringProperty scopeProperty() {
        return scope;
    }

    public StringProperty fileProperty() {
        return file;
    }

    public ReadOnlyStringProperty formMessageProperty() {
        return formMessage.getReadOnlyProperty();
    }

    /** The recent projects, newest first. */
    public ObservableList<RecentItem> recent() {
        return recentView;
    }
}
