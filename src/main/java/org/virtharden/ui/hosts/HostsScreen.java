package org.virtharden.ui.hosts;

import static org.virtharden.ui.Forms.field;
import static org.virtharden.ui.Forms.label;


import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.virtharden.catalog.Status;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.service.AnsibleInventoryImport;
import org.virtharden.service.HostKeyTrust;
import org.virtharden.service.HostTransportFactory;
import org.virtharden.service.SshConfigImport;
import org.virtharden.transport.TransportException;
import org.virtharden.ui.HostKeyDialogs;
import org.virtharden.ui.SessionPasswords;
import org.virtharden.ui.VirthardenApp;
import org.virtharden.ui.scan.ScanRequest;
import org.virtharden.ui.session.ProjectSession;

/**
 * Hosts in scope: table and form; add, edit, remove; import from ~/.ssh/config or an Ansible inventory; test the
 * connection (with the host-key decision); scan the selected host. Errors are shown inline under the form.
 */
public final class HostsScreen {
    private static final String[] SUDO = {"none", "nopasswd", "password", "collector"};
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");

    private final ProjectSession session;
    private final SessionPasswords passwords;
    private final Map<String, String> tested = new ConcurrentHashMap<>();
    private final TableView<HostConfig> table = new TableView<>();
    private final TextField name = field("hostName", "kvm01");
    private final TextField address = field("hostAddress", "10.1.0.11, kvm01.acme.lan, or local");
    private final TextField port = field("hostPort", "22");
    private final TextField user = field("hostUser", "audit");
    private final ToggleGroup auth = new ToggleGroup();
    private final RadioButton authKey = radio("Key file", "authKey");
    private final RadioButton authAgent = radio("SSH agent", "authAgent");
    private final RadioButton authPassword = radio("Password (asked when needed, never saved)", "authPassword");
    private final TextField keyPath = field("hostKeyPath", "~/.ssh/id_ed25519");
    private final ChoiceBox<String> sudo = new ChoiceBox<>();
    private final TextField jump = field("hostJump", "user@bastion[:port] (optional)");
    private final TextField libvirtUri = field("hostLibvirtUri", "qemu:///system");
    private final ComboBox<String> group = new ComboBox<>();
    private final Label formTitle = new Label("New host");
    private final Label message = new Label();
    private final BorderPane root = new BorderPane();
    private HostConfig editing;

    public HostsScreen(ProjectSession session) {
        this.session = session;
        this.passwords = SessionPasswords.of(session);
        buildTable();
        Node form = buildForm();
        ToolBar bar = buildToolbar();
        SplitPane split = new SplitPane(table, form);
        split.setDividerPositions(0.6);
        root.setTop(bar);
        root.setCenter(split);
        root.setId("hostsScreen");
        session.hosts().addListener((ListChangeListener<HostConfig>) c -> table.refresh());
        session.findings().addListener((ListChangeListener<Finding>) c -> table.refresh());
        clearForm();
    }

    public Node root() {
        return root;
    }

    private ToolBar buildToolbar() {
        Label title = new Label("Hosts");
        title.getStyleClass().add("title-4");
        Label count = new Label();
        count.textProperty().bind(javafx.beans.binding.Bindings.size(session.hosts()).asString());
        count.getStyleClass().add("text-muted");
        Button add = button("+ Add", "addHostButton", "Clear the form to add a new host");
        add.setOnAction(e -> {
            table.getSelectionModel().clearSelection();
            clearForm();
            name.requestFocus();
        });
        Button sshImport = button("Import ~/.ssh/config…", "importSshButton",
                "Pick hosts from your OpenSSH client configuration (Host blocks without wildcards)");
        sshImport.setOnAction(e -> importSshConfig());
        Button ansible = button("Import Ansible inventory…", "importAnsibleButton",
                "Pick hosts from an Ansible inventory, INI or YAML (ansible_host, ansible_user, ansible_port, groups)");
        ansible.setOnAction(e -> importAnsible());
        Button test = button("Test connection", "testButton",
                "Connect to the selected host: host key, login and sudo settings (nothing is changed on the host)");
        test.setOnAction(e -> testSelected());
        test.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        Button scan = button("▶ Scan selected", "scanSelectedButton", "Scan only the selected host (Ctrl+R scans all)");
        scan.setOnAction(e -> {
            HostConfig h = table.getSelectionModel().getSelectedItem();
            if (h != null) {
                root.fireEvent(new ScanRequest(List.of(h)));
            }
        });
        scan.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull().or(session.busyProperty()));
        return new ToolBar(title, count, add, sshImport, ansible, new Pane(), test, scan);
    }

    private void buildTable() {
        table.setId("hostTable");
        table.setItems(session.hosts());
        table.getColumns().add(col("Name", 90, HostConfig::name));
        table.getColumns().add(col("Address", 120, h -> h.address() + (h.port() == 22 ? "" : ":" + h.port())));
        table.getColumns().add(col("User", 64, HostConfig::user));
        table.getColumns().add(col("Sudo", 84, HostConfig::sudoMode));
        table.getColumns().add(col("libvirt URI", 118, HostConfig::libvirtUri));
        table.getColumns().add(col("Group", 70, h -> h.hostGroup() == null ? "—" : h.hostGroup()));
        table.getColumns().add(col("Last result", 170, this::lastResult));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label("No hosts yet. Add the KVM hosts in scope, or import them from ~/.ssh/config or an"
                + " Ansible inventory.");
        empty.setWrapText(true);
        empty.getStyleClass().add("empty-hint");
        table.setPlaceholder(empty);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, h) -> {
            if (h != null) {
                edit(h);
            }
        });
    }

    private String lastResult(HostConfig h) {
        String t = tested.get(h.name().toLowerCase(Locale.ROOT));
        List<Finding> mine = session.findings().stream().filter(f -> f.hostName().equalsIgnoreCase(h.name())).toList();
        String scan;
        if (mine.isEmpty()) {
            scan = session.runProperty().get() == null ? "not scanned" : "not in the latest run";
        } else {
            long fail = mine.stream().filter(f -> f.status() == Status.FAIL).count();
            long warn = mine.stream().filter(f -> f.status() == Status.WARN).count();
            long err = mine.stream().filter(f -> f.status() == Status.ERROR).count();
            long pass = mine.stream().filter(f -> f.status() == Status.PASS).count();
            scan = "✕" + fail + " ▲" + warn + " ⚡" + err + " ✓" + pass;
        }
        return t == null ? scan : t + " · " + scan;
    }

    private Node buildForm() {
        sudo.getItems().addAll(SUDO);
        sudo.setId("hostSudo");
        sudo.setTooltip(new Tooltip("How checks that need root run: none; nopasswd (sudo -n); password (asked, kept in"
                + " memory); collector (only the root-owned collector script via sudo -n, see docs/sudoers.md)"));
        group.setEditable(true);
        group.setId("hostGroup");
        group.setPromptText("e.g. prod-a (migration peers)");
        authKey.setToggleGroup(auth);
        authAgent.setToggleGroup(auth);
        authPassword.setToggleGroup(auth);
        Button browse = button("Browse…", "keyBrowseButton", "Choose the private key file (ed25519, RSA, ECDSA)");
        browse.setOnAction(e -> chooseKey());
        keyPath.disableProperty().bind(authKey.selectedProperty().not());
        browse.disableProperty().bind(authKey.selectedProperty().not());
        HBox keyRow = new HBox(6, keyPath, browse);
        HBox.setHgrow(keyPath, Priority.ALWAYS);

        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        int r = 0;
        g.addRow(r++, label("Name *"), name);
        g.addRow(r++, label("Address *"), address);
        g.addRow(r++, label("Port"), port);
        g.addRow(r++, label("User *"), user);
        g.addRow(r++, label("Auth"), new VBox(6, authAgent, authKey, keyRow, authPassword));
        g.addRow(r++, label("Sudo"), sudo);
        g.addRow(r++, label("Jump host"), jump);
        g.addRow(r++, label("libvirt URI"), libvirtUri);
        g.addRow(r++, label("Group"), group);
        GridPane.setHgrow(name, Priority.ALWAYS);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints(200, 320, Double.MAX_VALUE);
        fields.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(labels, fields);

        Button save = button("Save", "saveHostButton", "Add the host, or save the changes to the selected host");
        save.setDefaultButton(true);
        save.getStyleClass().add("accent");
        save.setOnAction(e -> save());
        save.disableProperty().bind(session.busyProperty());
        Button remove = button("Remove", "removeHostButton",
                "Take the selected host out of scope (its earlier results stay in the project)");
        remove.setOnAction(e -> remove());
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        Button test = button("Test connection", "testFormButton", "Connect to this host now (host key, login, sudo)");
        test.setOnAction(e -> testSelected());
        test.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());

        message.setId("hostMessage");
        message.setWrapText(true);
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        message.visibleProperty().bind(message.textProperty().isNotEmpty());
        formTitle.getStyleClass().add("title-4");
        formTitle.setId("hostFormTitle");
        VBox box = new VBox(12, formTitle, g, new HBox(8, save, test, remove), message);
        box.setPadding(new Insets(12));
        ScrollPane sp = new ScrollPane(box);
        sp.setFitToWidth(true);
        return sp;
    }

    private void clearForm() {
        editing = null;
        formTitle.setText("New host");
        name.clear();
        address.clear();
        port.setText("22");
        user.setText("");
        auth.selectToggle(authAgent);
        keyPath.clear();
        sudo.setValue("none");
        jump.clear();
        libvirtUri.setText("qemu:///system");
        group.getItems().setAll(groups());
        group.setValue(null);
        group.getEditor().clear();
    }

    private List<String> groups() {
        TreeSet<String> s = new TreeSet<>();
        session.hosts().forEach(h -> {
            if (h.hostGroup() != null) {
                s.add(h.hostGroup());
            }
        });
        return new ArrayList<>(s);
    }

    private void edit(HostConfig h) {
        editing = h;
        formTitle.setText("Host " + h.name());
        name.setText(h.name());
        address.setText(h.address());
        port.setText(String.valueOf(h.port()));
        user.setText(h.user());
        auth.selectToggle(h.keyPath() != null ? authKey : h.passwordEnv() != null ? authPassword : authAgent);
        keyPath.setText(h.keyPath() == null ? "" : h.keyPath());
        sudo.setValue(h.sudoMode());
        jump.setText(h.jump() == null ? "" : h.jump());
        libvirtUri.setText(h.libvirtUri() == null ? "" : h.libvirtUri());
        group.getItems().setAll(groups());
        group.setValue(h.hostGroup());
        group.getEditor().setText(h.hostGroup() == null ? "" : h.hostGroup());
        message.setText("");
    }

    /** The form as a host; INVALID messages come from HostRepository when it is saved. */
    private HostConfig fromForm() {
        int p;
        try {
            p = Integer.parseInt(port.getText().strip().isEmpty() ? "22" : port.getText().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The SSH port '" + port.getText() + "' is not a number (usually 22).");
        }
        String n = name.getText().strip();
        String key = authKey.isSelected() ? blankToNull(expandHome(keyPath.getText().strip())) : null;
        if (authKey.isSelected() && key == null) {
            throw new IllegalArgumentException("Choose the private key file, or pick SSH agent.");
        }
        if (key != null && !Files.isReadable(Path.of(key))) {
            throw new IllegalArgumentException("The key file " + key + " does not exist or is not readable.");
        }
        String pwEnv = authPassword.isSelected() ? passwordVariable(n) : null;
        String g = group.getEditor().getText() == null ? null : blankToNull(group.getEditor().getText().strip());
        return new HostConfig(editing == null ? 0 : editing.id(), n, address.getText().strip(), p, user.getText().strip(),
                key, pwEnv, sudo.getValue(), blankToNull(jump.getText().strip()), editing == null ? null : editing.knownHosts(),
                blankToNull(libvirtUri.getText().strip()), g);
    }

    /** The environment variable the CLI reads this host's password from; the app asks for it instead. */
    static String passwordVariable(String hostName) {
        String s = hostName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
        return "VH_" + s + "_PASSWORD";
    }

    /** Adds or updates the host from the form. */
    public void save() {
        message.getStyleClass().removeAll("form-error", "form-ok");
        HostConfig h;
        try {
            h = fromForm();
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            return;
        }
        boolean adding = h.id() == 0;
        Task<HostConfig> t = session.submit(adding ? "Adding host " + h.name() + "…" : "Saving host " + h.name() + "…", p -> {
            if (adding) {
                return p.hosts().add(h);
            }
            p.hosts().update(h);
            return h;
        }, saved -> {
            if (adding) {
                clearForm();
            }
            ok((adding ? "Added " : "Saved ") + saved.name() + ".");
            session.reload();
        });
        t.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_FAILED,
                e -> error(ProjectSession.describe(t.getException())));
    }

    private void remove() {
        HostConfig h = table.getSelectionModel().getSelectedItem();
        if (h == null) {
            return;
        }
        Task<Void> t = session.submit("Removing host " + h.name() + "…", p -> {
            p.hosts().remove(h.name());
            return null;
        }, v -> {
            passwords.forget(h);
            clearForm();
            ok("Removed " + h.name() + ". Its earlier results stay in the project.");
            session.reload();
        });
        t.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_FAILED,
                e -> error(ProjectSession.describe(t.getException())));
    }

    private void testSelected() {
        HostConfig h = table.getSelectionModel().getSelectedItem();
        if (h == null) {
            return;
        }
        if (!passwords.promptMissing(List.of(h))) {
            error("Connection test of " + h.name() + " cancelled: no password given.");
            return;
        }
        info("Connecting to " + h.name() + " (" + h.address() + ":" + h.port() + ")…");
        Task<HostKeyTrust.Outcome> t = new Task<>() {
            @Override
            protected HostKeyTrust.Outcome call() throws TransportException {
                return HostKeyTrust.connect(h, HostKeyDialogs.askOperator(), v -> new HostTransportFactory(v, passwords,
                        HostTransportFactory.userKnownHosts(), Duration.ofSeconds(10)));
            }
        };
        t.setOnSucceeded(e -> {
            HostKeyTrust.Outcome o = t.getValue();
            StringBuilder sb = new StringBuilder("✓ " + h.name() + ": connected to " + o.target() + ".");
            o.newlyTrusted().forEach(k -> sb.append(" Trusted new host key ").append(k.keyType()).append(' ')
                    .append(k.fingerprint()).append('.'));
            tested.put(h.name().toLowerCase(Locale.ROOT), "✓ connected " + LocalTime.now().format(HM));
            ok(sb.toString());
            table.refresh();
        });
        t.setOnFailed(e -> {
            Throwable ex = t.getException();
            tested.put(h.name().toLowerCase(Locale.ROOT), "⚡ test failed " + LocalTime.now().format(HM));
            table.refresh();
            if (ex instanceof TransportException te && te.kind() == TransportException.Kind.CHANGED_HOST_KEY) {
                error("✕ " + h.name() + ": the host key has CHANGED; the connection was refused. " + te.getMessage());
                HostKeyDialogs.warnChangedKey(h.name() + " (" + h.address() + ":" + h.port() + ")", te.getMessage());
            } else if (ex instanceof TransportException te) {
                error("⚡ " + h.name() + ": " + te.getMessage());
            } else {
                error("⚡ " + h.name() + ": " + ProjectSession.describe(ex));
            }
        });
        VirthardenApp.EXECUTOR.execute(t);
    }

    private void chooseKey() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Private key for " + (name.getText().isBlank() ? "the host" : name.getText()));
        File ssh = new File(System.getProperty("user.home"), ".ssh");
        if (ssh.isDirectory()) {
            fc.setInitialDirectory(ssh);
        }
        File f = fc.showOpenDialog(root.getScene().getWindow());
        if (f != null) {
            keyPath.setText(f.getAbsolutePath());
        }
    }

    private void importSshConfig() {
        Path cfg = Path.of(System.getProperty("user.home"), ".ssh", "config");
        if (!Files.isReadable(cfg)) {
            error("There is no readable " + cfg + " on this laptop. Add the hosts in the form, or import an Ansible"
                    + " inventory.");
            return;
        }
        readThenPreview(cfg, text -> new AnsibleInventoryImport.Result(
                SshConfigImport.parse(text, System.getProperty("user.name", ""), System.getProperty("user.home")), List.of()));
    }

    private void importAnsible() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Ansible inventory (INI or YAML)");
        File f = fc.showOpenDialog(root.getScene().getWindow());
        if (f != null) {
            readThenPreview(f.toPath(), text -> f.getName().matches(".*\\.ya?ml")
                    ? AnsibleInventoryImport.parseYaml(text, System.getProperty("user.name", ""))
                    : AnsibleInventoryImport.parse(text, System.getProperty("user.name", "")));
        }
    }

    private void readThenPreview(Path file, Function<String, AnsibleInventoryImport.Result> parser) {
        Task<AnsibleInventoryImport.Result> t = new Task<>() {
            @Override
            protected AnsibleInventoryImport.Result call() throws IOException {
                return parser.apply(Files.readString(file));
            }
        };
        t.setOnSucceeded(e -> preview(file, t.getValue()));
        t.setOnFailed(e -> error("Could not read " + file + ": " + (t.getException() instanceof IOException io
                ? io.getMessage() : ProjectSession.describe(t.getException()))));
        VirthardenApp.EXECUTOR.execute(t);
    }

    /** Lets the operator pick which of the found hosts to add; hosts already in the project are left unticked. */
    void preview(Path source, AnsibleInventoryImport.Result found) {
        if (found.hosts().isEmpty()) {
            error("No hosts found in " + source + "." + (found.skipped().isEmpty() ? "" : " " + String.join("; ", found.skipped())));
            return;
        }
        Dialog<List<HostConfig>> d = new Dialog<>();
        d.setTitle("Import hosts");
        d.setHeaderText(found.hosts().size() + " hosts in " + source + ". Tick the ones in scope.");
        VBox rows = new VBox(6);
        List<CheckBox> boxes = new ArrayList<>();
        for (HostConfig h : found.hosts()) {
            boolean exists = session.hosts().stream().anyMatch(x -> x.name().equalsIgnoreCase(h.name()));
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
        ButtonType add = new ButtonType("Add selected", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(add, ButtonType.CANCEL);
        d.setResultConverter(b -> b != add ? null : boxes.stream().filter(CheckBox::isSelected)
                .map(cb -> (HostConfig) cb.getUserData()).toList());
        d.showAndWait().filter(l -> !l.isEmpty()).ifPresent(this::addAll);
    }

    private void addAll(List<HostConfig> hosts) {
        Task<List<String>> t = session.submit("Adding " + hosts.size() + " hosts…", p -> {
            List<String> problems = new ArrayList<>();
            for (HostConfig h : hosts) {
                try {
                    p.hosts().add(h);
                } catch (org.virtharden.project.ProjectException e) {
                    problems.add(e.getMessage());
                }
            }
            return problems;
        }, problems -> {
            if (problems.isEmpty()) {
                ok("Added " + hosts.size() + " hosts. Test their connections before the first scan.");
            } else {
                error("Added " + (hosts.size() - problems.size()) + " of " + hosts.size() + " hosts. "
                        + String.join(" ", problems));
            }
            session.reload();
        });
        t.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_FAILED,
                e -> error(ProjectSession.describe(t.getException())));
    }

    private void ok(String s) {
        message.getStyleClass().removeAll("form-error", "form-ok");
        message.getStyleClass().add("form-ok");
        message.setText(s);
    }

    private void info(String s) {
        message.getStyleClass().removeAll("form-error", "form-ok");
        message.setText(s);
    }

    private void error(String s) {
        message.getStyleClass().removeAll("form-error", "form-ok");
        message.getStyleClass().add("form-error");
        message.setText(s);
    }

    private static String expandHome(String p) {
        return p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }


    private static RadioButton radio(String text, String id) {
        RadioButton r = new RadioButton(text);
        r.setId(id);
        return r;
    }

    private static Button button(String text, String id, String tip) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    private static TableColumn<HostConfig, String> col(String title, double width, Function<HostConfig, String> v) {
        TableColumn<HostConfig, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setMinWidth(width);
        c.setCellValueFactory(cd -> new SimpleStringProperty(cd.getValue() == null ? "" : String.valueOf(v.apply(cd.getValue()))));
        return c;
    }
}
