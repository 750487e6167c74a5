package org.virtharden.ui.start;

import java.io.File;
import javafx.collections.ListChangeListener;
import javafx.event.Event;
import javafx.event.EventType;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.virtharden.ui.AppPrefs;
import org.virtharden.ui.Fxml;
import org.virtharden.ui.session.ProjectSession;

/**
 * Binds StartView.fxml to {@link StartViewModel}: shown when no project is open (and on Ctrl+N / Ctrl+O). Builds the
 * recent-project rows and shows the file choosers; everything else is the view model's.
 */
public final class StartController {
    /** Fired (bubbling) from the screen when a project was created or opened from it. */
    public static final EventType<Event> PROJECT_READY = new EventType<>(Event.ANY, "VH_PROJECT_READY");

    private final StartViewModel vm;
    private final Parent view;

    @FXML private ScrollPane root;
    @FXML private TextField client;
    @FXML private TextField site;
    @FXML private TextField assessor;
    @FXML private DatePicker start;
    @FXML private DatePicker end;
    @FXML private TextArea scope;
    @FXML private TextField file;
    @FXML private Label formMessage;
    @FXML private Button createButton;
    @FXML private Button openButton;
    @FXML private VBox recentBox;

    public StartController(StartViewModel vm) {
        this.vm = vm;
        this.view = Fxml.load("StartView.fxml", this);
    }

    /** The screen as the main window registers it. */
    public static Parent create(ProjectSession session, AppPrefs prefs) {
        return new StartController(new StartViewModel(session, prefs)).view();
    }

    public Parent view() {
        return view;
    }

    public StartViewModel viewModel() {
        return vm;
    }

    @FXML
    private void initialize() {
        client.textProperty().bindBidirectional(vm.clientProperty());
        site.textProperty().bindBidirectional(vm.siteProperty());
        assessor.textProperty().bindBidirectional(vm.assessorProperty());
        start.valueProperty().bindBidirectional(vm.startProperty());
        end.valueProperty().bindBidirectional(vm.endProperty());
        scope.textProperty().bindBidirectional(vm.scopeProperty());
        file.textProperty().bindBidirectional(vm.fileProperty());
        formMessage.textProperty().bind(vm.formMessageProperty());
        formMessage.managedProperty().bind(formMessage.textProperty().isNotEmpty());
        createButton.disableProperty().bind(vm.session().busyProperty());
        openButton.disableProperty().bind(vm.session().busyProperty());
        vm.recent().addListener((ListChangeListener<StartViewModel.RecentItem>) c -> showRecent());
        root.parentProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.refreshRecent();
            }
        });
        showRecent();
    }

    private void showRecent() {
        recentBox.getChildren().clear();
        if (vm.recent().isEmpty()) {
            Label none = new Label("No recent projects. Create one, or open a .vhproj file.");
            none.getStyleClass().add("text-muted");
            recentBox.getChildren().add(none);
        }
        int i = 0;
        for (StartViewModel.RecentItem rec : vm.recent()) {
            Label name = new Label(rec.title());
            name.getStyleClass().add("recent-title");
            Label path = new Label(rec.detail());
            path.getStyleClass().add("text-muted");
            VBox row = new VBox(2, name, path);
            row.getStyleClass().add("recent-row");
            row.setId("recent-" + i++);
            if (!rec.exists()) {
                row.getStyleClass().add("recent-missing");
            }
            Tooltip.install(row, new Tooltip(rec.exists() ? "Open " + rec.file() : "This file is no longer there: " + rec.file()));
            row.setOnMouseClicked(e -> vm.open(rec.file(), this::announce));
            recentBox.getChildren().add(row);
        }
    }

    private void announce() {
        root.fireEvent(new Event(PROJECT_READY));
    }

    @FXML
    private void onChooseTarget() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the new project as");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("virtharden projects (*.vhproj)", "*.vhproj"));
        fc.setInitialFileName(vm.suggestedName());
        File f = fc.showSaveDialog(root.getScene().getWindow());
        if (f != null) {
            vm.chooseFile(f.toPath());
        }
    }

    /** Creates the project from the form. */
    @FXML
    public void onCreate() {
        StartViewModel.Check c = vm.check();
        if (c == StartViewModel.Check.CLIENT_MISSING) {
            client.requestFocus();
            return;
        }
        if (c == StartViewModel.Check.FILE_MISSING) {
            onChooseTarget();
        }
        vm.create(this::announce);
    }

    /** Opens the file chooser for an existing project (Ctrl+O). */
    @FXML
    public void onOpen() {
        openChooser();
    }

    /** Opens the file chooser for an existing project (Ctrl+O). */
    public void openChooser() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open a project");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("virtharden projects (*.vhproj)", "*.vhproj"));
        File f = fc.showOpenDialog(root.getScene().getWindow());
        if (f != null) {
            vm.open(f.toPath(), this::announce);
        }
    }

    /** "New from previous": pick an earlier project; its scope, hosts and inputs prefill the new project form. */
    @FXML
    public void onFromPrevious() {
        FileChooser fc = new FileChooser();
        fc.setTitle("New from a previous project");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("virtharden projects (*.vhproj)", "*.vhproj"));
        File f = fc.showOpenDialog(root.getScene().getWindow());
        if (f != null) {
            vm.fromPrevious(f.toPath());
            client.requestFocus();
        }
    }

    /** Focuses the first field of the new project form. */
    public void focusNew() {
        client.requestFocus();
    }
}
