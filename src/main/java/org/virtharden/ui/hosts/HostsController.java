package org.virtharden.ui.hosts;

import java.io.File;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.service.AnsibleInventoryImport;
import org.virtharden.service.ConnectionTestService;
import org.virtharden.service.ConnectionTestService.Result;
import org.virtharden.service.ConnectionTestService.Stage;
import org.virtharden.service.HostTransportFactory;
import org.virtharden.ui.Fxml;
import org.virtharden.ui.HostKeyDialogs;
import org.virtharden.ui.SessionPasswords;
import org.virtharden.ui.VirthardenApp;
import org.virtharden.ui.scan.ScanRequest;
import org.virtharden.ui.session.ProjectSession;

/**
 * Binds HostsView.fxml to {@link HostsViewModel} and forwards the operator's actions to it; builds what FXML cannot
 * (table columns, the import preview, file choosers) and shows the host-key and password dialogs.
 */
public final class HostsController {
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    private final HostsViewModel vm;
    private final SessionPasswords passwords;
    private final Parent view;

    @FXML private BorderPane root;
    @FXML private Label countLabel;
    @FXML private Button testAllButton;
    @FXML private Button testButton;
    @FXML private Button scanButton;
    @FXML private TableView<HostConfig> table;
    @FXML private Label formTitle;
    @FXML private TextField name;
    @FXML private TextField address;
    @FXML private TextField port;
    @FXML private TextField user;
    @FXML private ToggleGroup auth;
    @FXML private RadioButton authAgent;
    @FXML private RadioButton authKey;
    @FXML private RadioButton authPassword;
    @FXML private TextField keyPath;
    @FXML private Button keyBrowse;
    @FXML private ChoiceBox<String> sudo;
    @FXML private TextField jump;
    @FXML private TextField libvirtUri;
    @FXML private ComboBox<String> group;
    @FXML private Button saveButton;
    @FXML private Button testFormButton;
    @FXML private Button removeButton;
    @FXML private Label message;
    @FXML private VBox testPanel;
    @FXML private Label testTitle;
    @FXML private VBox testStages;
    @FXML private Button testAgainButton;

    public HostsController(HostsViewModel vm, SessionPasswords passwords) {
        this.vm = vm;
        this.passwords = passwords;
        this.view = Fxml.load("HostsView.fxml", this);
    }

    /** The screen as the main window registers it. */
    public static Parent create(ProjectSession session) {
        SessionPasswords passwords = SessionPasswords.of(session);
        ConnectionTestService tester = new ConnectionTestService(passwords, HostTransportFactory.userKnownHosts(),
                java.time.Duration.ofSeconds(10));
        HostsViewModel vm = new HostsViewModel(session, passwords, tester, HostKeyDialogs.askOperator(),
                VirthardenApp.EXECUTOR);
        return new HostsController(vm, passwords).view();
    }

    public Parent view() {
        return view;
    }

    public HostsViewModel viewModel() {
        return vm;
    }

    @FXML
    private void initialize() {
        ProjectSession session = vm.session();
        countLabel.textProperty().bind(Bindings.size(session.hosts()).asString());
        buildTable(session);
        var noSelection = table.getSelectionModel().selectedItemProperty().isNull();
        testButton.disableProperty().bind(noSelection.or(vm.testingProperty()));
        testFormButton.disableProperty().bind(noSelection.or(vm.testingProperty()));
        testAgainButton.disableProperty().bind(noSelection.or(vm.testingProperty()));
        removeButton.disableProperty().bind(noSelection);
        scanButton.disableProperty().bind(noSelection.or(session.busyProperty()));
        saveButton.disableProperty().bind(session.busyProperty());
        testAllButton.textProperty().bind(Bindings.when(vm.testingProperty()).then("Stop tests").otherwise("Test all"));
        testAllButton.disableProperty().bind(Bindings.isEmpty(session.hosts()));

        formTitle.textProperty().bind(vm.formTitleProperty());
        name.textProperty().bindBidirectional(vm.nameProperty());
        address.textProperty().bindBidirectional(vm.addressProperty());
        port.textProperty().bindBidirectional(vm.portProperty());
        user.textProperty().bindBidirectional(vm.userProperty());
        keyPath.textProperty().bindBidirectional(vm.keyPathProperty());
        jump.textProperty().bindBidirectional(vm.jumpProperty());
        libvirtUri.textProperty().bindBidirectional(vm.libvirtUriProperty());
        sudo.getItems().setAll(HostsViewModel.SUDO_MODES);
        sudo.valueProperty().bindBidirectional(vm.sudoProperty());
        group.setItems(vm.groups());
        group.getEditor().textProperty().bindBidirectional(vm.groupProperty());
        authAgent.setUserData(HostsViewModel.Auth.AGENT);
        authKey.setUserData(HostsViewModel.Auth.KEY);
        authPassword.setUserData(HostsViewModel.Auth.PASSWORD);
        selectAuth(vm.authProperty().get());
        vm.authProperty().addListener((o, was, now) -> selectAuth(now));
        auth.selectedToggleProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.authProperty().set((HostsViewModel.Auth) now.getUserData());
            }
        });
        keyPath.disableProperty().bind(authKey.selectedProperty().not());
        keyBrowse.disableProperty().bind(authKey.selectedProperty().not());

        message.textProperty().bind(vm.messageProperty());
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        message.visibleProperty().bind(message.textProperty().isNotEmpty());
        vm.messageKindProperty().addListener((o, was, now) -> styleMessage(now));
        styleMessage(vm.messageKindProperty().get());

        testPanel.managedProperty().bind(vm.editingProperty().isNotNull());
        testPanel.visibleProperty().bind(vm.editingProperty().isNotNull());
        vm.shownResultProperty().addListener((o, was, now) -> showStages(now));
        showStages(null);
        vm.newHost();
    }

    private void selectAuth(HostsViewModel.Auth a) {
        auth.selectToggle(a == HostsViewModel.Auth.KEY ? authKey : a == HostsViewModel.Auth.PASSWORD ? authPassword
                : authAgent);
    }

    private void styleMessage(HostsViewModel.MessageKind kind) {
        message.getStyleClass().removeAll("form-error", "form-ok");
        if (kind == HostsViewModel.MessageKind.OK) {
            message.getStyleClass().add("form-ok");
        } else if (kind == HostsViewModel.MessageKind.ERROR) {
            message.getStyleClass().add("form-error");
        }
    }

    private void buildTable(ProjectSession session) {
        table.setItems(session.hosts());
        table.getColumns().add(col("Name", 90, HostConfig::name));
        table.getColumns().add(col("Address", 120, h -> h.address() + (h.port() == 22 ? "" : ":" + h.port())));
        table.getColumns().add(col("User", 64, HostConfig::user));
        table.getColumns().add(col("Sudo", 84, HostConfig::sudoMode));
        table.getColumns().add(col("Group", 70, h -> h.hostGroup() == null ? "—" : h.hostGroup()));
        TableColumn<HostConfig, String> test = col("Test", 78, vm::testLabel);
        test.setId("testColumn");
        table.getColumns().add(test);
        table.getColumns().add(col("Last result", 150, vm::lastResult));
        table.getColumns().add(col("libvirt URI", 118, HostConfig::libvirtUri));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label("No hosts yet. Add the KVM hosts in scope, or import them from ~/.ssh/config or an"
                + " Ansible inventory.");
        empty.setWrapText(true);
        empty.getStyleClass().add("empty-hint");
        table.setPlaceholder(empty);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, h) -> {
            if (h != null) {
                vm.edit(h);
            }
        });
        session.hosts().addListener((ListChangeListener<HostConfig>) c -> table.refresh());
        session.findings().addListener((ListChangeListener<Finding>) c -> table.refresh());
        vm.results().addListener((MapChangeListener<String, Result>) c -> table.refresh());
    }

    private void showStages(Result r) {
        testStages.getChildren().clear();
        if (r == null) {
            testTitle.setText("CONNECTION TEST · not run in this session");
            Label none = new Label("Test connection runs TCP → host key → login → sudo → tools; nothing is changed on"
                    + " the host.");
            none.setWrapText(true);
            none.getStyleClass().add("text-muted");
            testStages.getChildren().add(none);
            return;
        }
        testTitle.setText("CONNECTION TEST · " + HM.format(r.at()));
        for (Stage s : r.stages()) {
            Label line = new Label(s.line());
            line.setWrapText(true);
            line.setId("stage-" + s.step().name().toLowerCase(java.util.Locale.ROOT));
            line.getStyleClass().addAll("test-stage", "test-" + s.state().name().toLowerCase(java.util.Locale.ROOT));
            line.setAccessibleText(s.state().name() + ", " + s.text());
            testStages.getChildren().add(line);
            if (!s.hint().isEmpty()) {
                Label fix = new Label("Fix: " + s.hint());
                fix.setWrapText(true);
                fix.getStyleClass().add("test-hint");
                fix.setPadding(new javafx.geometry.Insets(0, 0, 0, 18));
                testStages.getChildren().add(fix);
            }
        }
    }

    // ---------------------------------------------------------------- actions

    @FXML
    private void onAdd() {
        table.getSelectionModel().clearSelection();
        vm.newHost();
        name.requestFocus();
    }

    @FXML
    private void onSave() {
        vm.save();
    }

    @FXML
    private void onRemove() {
        vm.remove(table.getSelectionModel().getSelectedItem());
        table.getSelectionModel().clearSelection();
    }

    @FXML
    private void onScan() {
        HostConfig h = table.getSelectionModel().getSelectedItem();
        if (h != null) {
            root.fireEvent(new ScanRequest(List.of(h)));
        }
    }

    @FXML
    private void onTest() {
        HostConfig h = table.getSelectionModel().getSelectedItem();
        if (h == null) {
            return;
        }
        if (!passwords.promptMissing(List.of(h))) {
            vm.error("Connection test of " + h.name() + " cancelled: no password given.");
            return;
        }
        vm.test(List.of(h), r -> {
            if (r.changedKey()) {
                HostKeyDialogs.warnChangedKey(h.name() + " (" + h.address() + ":" + h.port() + ")",
                        r.stage(ConnectionTestService.Step.HOST_KEY).detail());
            }
        });
    }

    @FXML
    private void onTestAll() {
        if (vm.testingProperty().get()) {
            vm.cancelTests();
            return;
        }
        List<HostConfig> all = List.copyOf(vm.session().hosts());
        if (!passwords.promptMissing(all)) {
            vm.error("Test all cancelled: no password given.");
            return;
        }
        vm.testAll(null);
    }

    @FXML
    private void onCopyDiagnostics() {
        Result r = vm.shownResultProperty().get();
        ClipboardContent c = new ClipboardContent();
        c.putString(r == null ? "No connection test of this host in this session." : r.diagnostics());
        Clipboard.getSystemClipboard().setContent(c);
        vm.info("Diagnostics copied to the clipboard.");
    }

    @FXML
    private void onChooseKey() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Private key for " + (name.getText().isBlank() ? "the host" : name.getText()));
        File ssh = new File(System.getProperty("user.home"), ".ssh");
        if (ssh.isDirectory()) {
            fc.setInitialDirectory(ssh);
        }
        File f = fc.showOpenDialog(root.getScene().getWindow());
        if (f != null) {
            vm.keyPathProperty().set(f.getAbsolutePath());
        }
    }

    @FXML
    private void onImportSsh() {
        Path cfg = Path.of(System.getProperty("user.home"), ".ssh", "config");
        vm.importSshConfig(cfg, found -> preview(cfg, found));
    }

    @FXML
    private void onImportAnsible() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Ansible inventory (INI or YAML)");
        File f = fc.showOpenDialog(root.getScene().getWindow());
        if (f != null) {
            vm.importAnsible(f.toPath(), found -> preview(f.toPath(), found));
        }
    }

    /** Lets the operator pick which of the found hosts to add; hosts already in the project are left unticked. */
    private void preview(Path source, AnsibleInventoryImport.Result found) {
        Dialog<List<HostConfig>> d = new Dialog<>();
        d.setTitle("Import hosts");
        d.setHeaderText(found.hosts().size() + " hosts in " + source + ". Tick the ones in scope.");
        VBox rows = new VBox(6);
        List<CheckBox> boxes = new ArrayList<>();
        for (HostConfig h : found.hosts()) {
            boolean exists = vm.exists(h.name());
            CheckBox cb = new CheckBox(h.name() + "   " + h.user() + "@" + h.address() + (h.port() == 22 ? "" : ":" + h.port())
                    + (h.jump() == null ? "" : "  via " + h.jump()) + (h.hostGroup() == null ? "" : "  [" + h.hostGroup() + "]")
                    + (exists ? "  (already in the project)" : ""));
            cb.setSelected(!exists);
            cb.setDisable(exists);
            cb.setUserData(h);
            boxes.add(cb);
            rows.getChildren().add(cb);
        }
        found.skipped().forEach(s -> rows.getChildren().add(new Label("Not imported: " + s)));
        ScrollPane sp = new ScrollPane(rows);
        sp.setPrefSize(620, 320);
        d.getDialogPane().setContent(sp);
        ButtonType add = new ButtonType("Add selected", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(add, ButtonType.CANCEL);
        d.setResultConverter(b -> b != add ? null : boxes.stream().filter(CheckBox::isSelected)
                .map(cb -> (HostConfig) cb.getUserData()).toList());
        d.showAndWait().filter(l -> !l.isEmpty()).ifPresent(vm::addAll);
    }

    private static TableColumn<HostConfig, String> col(String title, double width, Function<HostConfig, String> v) {
        TableColumn<HostConfig, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        // the table shares the screen with the form: columns may shrink (cells truncate; the full values are in the
        // form) rather than push "Last result" out of sight
        c.setMinWidth(Math.min(width, 48));
        c.setCellValueFactory(cd -> new SimpleStringProperty(cd.getValue() == null ? "" : String.valueOf(v.apply(cd.getValue()))));
        return c;
    }
}
