package org.virtharden.ui.start;

import static org.virtharden.ui.Forms.field;
import static org.virtharden.ui.Forms.label;


import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;
import javafx.event.Event;
import javafx.event.EventType;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.virtharden.model.ProjectInfo;
import org.virtharden.ui.AppPrefs;
import org.virtharden.ui.session.ProjectSession;

/**
 * Shown when no project is open (and on Ctrl+N): a new project form, Open… and the recent projects. The file is
 * created as soon as the form is confirmed, so every later edit is saved.
 */
public final class StartScreen {
    /** Fired (bubbling) from the screen when a project was created or opened from it. */
    public static final EventType<Event> PROJECT_READY = new EventType<>(Event.ANY, "VH_PROJECT_READY");

    private final ProjectSession session;
    private final AppPrefs prefs;
    private final VBox recentBox = new VBox(4);
    private final TextField client = field("clientField", "Organisation assessed (required)");
    private final TextField site = field("siteField", "e.g. DC-North");
    private final TextField assessor = field("assessorField", "Your name");
    private final DatePicker start = new DatePicker(LocalDate.now());
    private final DatePicker end = new DatePicker();
    private final TextArea scope = new TextArea();
    private final TextField file = field("fileField", "Where to save the project file (.vhproj)");
    private final Label formMessage = new Label();
    private final ScrollPane root;

    public StartScreen(ProjectSession session, AppPrefs prefs) {
        this.session = session;
        this.prefs = prefs;
        assessor.setText(System.getProperty("user.name", ""));
        start.setId("startDate");
        end.setId("endDate");
        scope.setId("scopeArea");
        scope.setPromptText("Hosts, rooms and networks in scope; exclusions");
        scope.setPrefRowCount(3);
        scope.setWrapText(true);
        formMessage.setId("formMessage");
        formMessage.getStyleClass().add("form-error");
        formMessage.setWrapText(true);
        formMessage.managedProperty().bind(formMessage.textProperty().isNotEmpty());

        Button browse = new Button("Choose…");
        browse.setId("browseButton");
        browse.setTooltip(new Tooltip("Choose the folder and name of the new project file"));
        browse.setOnAction(e -> chooseTarget());
        HBox fileRow = new HBox(6, file, browse);
        HBox.setHgrow(file, Priority.ALWAYS);

        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        int r = 0;
        g.addRow(r++, label("Client *"), client);
        g.addRow(r++, label("Site"), site);
        g.addRow(r++, label("Assessor"), assessor);
        g.addRow(r++, label("Start"), new HBox(8, start, label("End"), end));
        g.addRow(r++, label("Scope"), scope);
        g.addRow(r++, label("Save as *"), fileRow);
        GridPane.setHgrow(client, Priority.ALWAYS);

        Button create = new Button("Create project");
        create.setId("createButton");
        create.setDefaultButton(true);
        create.getStyleClass().add("accent");
        create.setTooltip(new Tooltip("Create the project file now; every later change is saved at once (Ctrl+N)"));
        create.setOnAction(e -> create());
        create.disableProperty().bind(session.busyProperty());

        Label newTitle = new Label("New project");
        newTitle.getStyleClass().add("title-3");
        VBox form = new VBox(12, newTitle, g, formMessage, create);
        form.getStyleClass().add("start-card");
        form.setPrefWidth(560);

        Button open = new Button("Open…");
        open.setId("openButton");
        open.setTooltip(new Tooltip("Open a .vhproj project file (Ctrl+O)"));
        open.setOnAction(e -> openChooser());
        open.disableProperty().bind(session.busyProperty());
        Label recentTitle = new Label("Recent projects");
        recentTitle.getStyleClass().add("title-3");
        VBox side = new VBox(12, recentTitle, recentBox, open);
        side.getStyleClass().add("start-card");
        side.setPrefWidth(460);

        Label welcome = new Label("virtharden — KVM/libvirt hardening assessment");
        welcome.getStyleClass().add("title-2");
        Label hint = new Label("Start a project for this assessment, or continue one. Everything stays on this laptop.");
        hint.getStyleClass().add("text-muted");
        HBox cards = new HBox(24, form, side);
        VBox content = new VBox(16, welcome, hint, cards);
        content.setPadding(new Insets(32));
        root = new ScrollPane(content);
        root.setId("startScreen");
        root.getProperties().put(StartScreen.class, this);
        root.setFitToWidth(true);
        root.parentProperty().addListener((o, was, now) -> {
            if (now != null) {
                refreshRecent();
            }
        });
        refreshRecent();
    }

    public Node root() {
        return root;
    }


    void refreshRecent() {
        recentBox.getChildren().clear();
        var list = prefs.recent();
        if (list.isEmpty()) {
            Label none = new Label("No recent projects. Create one, or open a .vhproj file.");
            none.getStyleClass().add("text-muted");
            recentBox.getChildren().add(none);
        }
        int i = 0;
        for (AppPrefs.Recent rec : list) {
            boolean exists = Files.exists(rec.file());
            String title = rec.client().isBlank() ? String.valueOf(rec.file().getFileName())
                    : rec.client() + (rec.site().isBlank() ? "" : " · " + rec.site());
            Label name = new Label(title + (exists ? "" : "   (missing — moved or deleted?)"));
            name.getStyleClass().add("recent-title");
            String modified = "";
            if (exists) {
                try {
                    modified = "modified " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                            .withZone(java.time.ZoneId.systemDefault())
                            .format(Files.getLastModifiedTime(rec.file()).toInstant()) + " · ";
                } catch (java.io.IOException e) {
                    // the date is a convenience; the path still identifies the file
                }
            }
            Label path = new Label(modified + rec.file());
            path.getStyleClass().add("text-muted");
            VBox row = new VBox(2, name, path);
            row.getStyleClass().add("recent-row");
            row.setId("recent-" + i++);
            if (!exists) {
                row.getStyleClass().add("recent-missing");
            }
            Tooltip.install(row, new Tooltip(exists ? "Open " + rec.file() : "This file is no longer there: " + rec.file()));
            row.setOnMouseClicked(e -> open(rec.file()));
            recentBox.getChildren().add(row);
        }
    }

    private void chooseTarget() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the new project as");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("virtharden projects (*.vhproj)", "*.vhproj"));
        fc.setInitialFileName(suggestedName());
        File f = fc.showSaveDialog(root.getScene().getWindow());
        if (f != null) {
            file.setText(withExtension(f.toPath()).toString());
        }
    }

    private String suggestedName() {
        String c = client.getText().strip();
        return (c.isEmpty() ? "assessment" : c.replaceAll("[^\\p{L}\\p{N}._-]+", "-")) + ".vhproj";
    }

    private static Path withExtension(Path p) {
        return p.toString().endsWith(".vhproj") ? p : Path.of(p + ".vhproj");
    }

    /** Creates the project from the form. */
    public void create() {
        formMessage.setText("");
        if (client.getText().isBlank()) {
            formMessage.setText("Enter the client: the organisation this assessment is for.");
            client.requestFocus();
            return;
        }
        if (end.getValue() != null && start.getValue() != null && end.getValue().isBefore(start.getValue())) {
            formMessage.setText("The end date is before the start date.");
            return;
        }
        if (file.getText().isBlank()) {
            chooseTarget();
            if (file.getText().isBlank()) {
                formMessage.setText("Choose where to save the project file.");
                return;
            }
        }
        Path target = withExtension(Path.of(file.getText().strip()));
        ProjectInfo info = new ProjectInfo(client.getText().strip(), site.getText().strip(), assessor.getText().strip(),
                Instant.now());
        String startText = start.getValue() == null ? "" : start.getValue().toString();
        String endText = end.getValue() == null ? "" : end.getValue().toString();
        String scopeText = scope.getText().strip();
        Task<?> t = session.create(target, info, p -> {
            p.settings().put("project.start", startText);
            p.settings().put("project.end", endText);
            p.settings().put("project.scope", scopeText);
            return null;
        });
        whenDone(t);
    }

    /** Opens a project file; a damaged or newer file shows the reason in the banner. */
    public void open(Path target) {
        whenDone(session.open(target));
    }

    /** Opens the file chooser for an existing project (Ctrl+O). */
    public void openChooser() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a project");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("virtharden projects (*.vhproj)", "*.vhproj"));
        File f = fc.showOpenDialog(root.getScene().getWindow());
        if (f != null) {
            open(f.toPath());
        }
    }

    private void whenDone(Task<?> t) {
        // the session applies the snapshot in its own handler; announce after it
        t.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> Platform.runLater(() -> {
            client.clear();
            site.clear();
            scope.clear();
            file.clear();
            root.fireEvent(new Event(PROJECT_READY));
        }));
    }

    /** Focuses the first field of the new project form. */
    public void focusNew() {
        client.requestFocus();
    }
}
