package org.virtharden.ui.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.io.File;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Status;
import org.virtharden.model.ProjectInfo;
import org.virtharden.model.ScanRun;
import org.virtharden.service.Checklist;
import org.virtharden.ui.AppPrefs;
import org.virtharden.ui.Fxml;
import org.virtharden.ui.assessment.StepController;
import org.virtharden.ui.scan.ScanPanel;
import org.virtharden.ui.scan.ScanRequest;
import org.virtharden.ui.session.ProjectSession;
import org.virtharden.ui.session.Screens;
import org.virtharden.ui.start.StartController;

/**
 * The shell's controller (MainWindowView.fxml, ux.md §2): top bar, error banner, left navigation with a progress
 * bar per checklist (Ctrl+B collapses it to icons, and it collapses by itself below 1200 px), the current screen,
 * the scan panel and the status bar. Screens come from {@link Screens}, each created once per id; screens ask for
 * another screen through {@link ProjectSession#navigate}.
 */
public final class MainWindow {
    /** Navigation ids of the six checklists, in assessment order (Ctrl+1..6). */
    public static final List<String> STEPS = List.of("step:physical", "step:hypervisor", "step:guest", "step:network",
            "step:monitoring", "step:dr");
    private static final Map<String, Domain> STEP_DOMAIN = Map.of("step:physical", Domain.PHYSICAL, "step:hypervisor",
            Domain.HYPERVISOR, "step:guest", Domain.GUEST, "step:network", Domain.NETWORK, "step:monitoring",
            Domain.MONITORING, "step:dr", Domain.DR);
    /** Section, id, title, icon glyph (shown when collapsed), shortcut — in navigation order. */
    private static final List<String[]> NAV = List.of(
            new String[] {"PROJECT", "overview", "Overview", "◉", null},
            new String[] {"PROJECT", "hosts", "Hosts", "▤", "Ctrl+H"},
            new String[] {"CHECKLISTS", "step:physical", "1 Physical", "1", "Ctrl+1"},
            new String[] {"CHECKLISTS", "step:hypervisor", "2 Hypervisor/Host", "2", "Ctrl+2"},
            new String[] {"CHECKLISTS", "step:guest", "3 Guests", "3", "Ctrl+3"},
            new String[] {"CHECKLISTS", "step:network", "4 Virtual Network", "4", "Ctrl+4"},
            new String[] {"CHECKLISTS", "step:monitoring", "5 Monitoring & Alerts", "5", "Ctrl+5"},
            new String[] {"CHECKLISTS", "step:dr", "6 Disaster Recovery", "6", "Ctrl+6"},
            new String[] {"REVIEW", "findings", "Findings", "✕", "Ctrl+Shift+F"},
            new String[] {"REVIEW", "fleet", "Fleet", "⇄", "Ctrl+Shift+L"},
            new String[] {"REVIEW", "report", "Report", "▣", "Ctrl+P"});
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());
    private static final double AUTO_COLLAPSE_WIDTH = 1200;
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final ProjectSession session;
    private final AppPrefs prefs;
    private final ScanPanel scanPanel;
    private final Map<String, Node> screens = new HashMap<>();
    private final Map<String, Node> navItems = new LinkedHashMap<>();
    private final List<Node> navSections = new java.util.ArrayList<>();
    private final Map<Domain, ProgressBar> stepBars = new EnumMap<>(Domain.class);
    private final Map<Domain, Label> stepCounts = new EnumMap<>(Domain.class);
    private final BorderPane root;
    @FXML private Label titleLabel;
    @FXML private javafx.scene.control.ComboBox<ScanRun> runSelector;
    @FXML private Label olderRunLabel;
    @FXML private Button scanButton;
    @FXML private Button reloadButton;
    @FXML private ToggleButton walkToggle;
    @FXML private ToggleButton themeToggle;
    @FXML private Label savedLabel;
    @FXML private HBox bannerBox;
    @FXML private Label errorBanner;
    @FXML private ScrollPane navScroll;
    @FXML private VBox nav;
    @FXML private StackPane center;
    @FXML private VBox bottom;
    @FXML private ProgressIndicator busy;
    @FXML private Label statusLabel;
    @FXML private Button statusCancelButton;
    @FXML private Label countsLabel;
    private String current;
    private boolean syncingRun;
    private boolean progressQueued;
    private boolean collapsed;
    private Boolean userCollapsed;

    public MainWindow(ProjectSession session, AppPrefs prefs) {
        this.session = session;
        this.prefs = prefs;
        this.scanPanel = new ScanPanel(session);
        this.root = (BorderPane) Fxml.load("MainWindowView.fxml", this);
        root.addEventHandler(StartController.PROJECT_READY, e -> show("overview"));
        root.addEventHandler(ScanRequest.SCAN, e -> scan(e.hosts()));
        session.fileProperty().addListener((o, was, now) -> {
            if (now != null && (current == null || current.equals("start"))) {
                show("overview");
            }
        });
        session.infoProperty().addListener((o, was, now) -> {
            Path f = session.fileProperty().get();
            if (now != null && f != null) {
                prefs.opened(f, now.client(), now.site());
            }
        });
        session.navigationProperty().addListener((o, was, id) -> {
            if (id != null) {
                ProjectSession.Target t = session.takeTarget();
                show(id, t);
            }
        });
        ListChangeListener<Object> changed = c -> queueProgress();
        session.hosts().addListener(changed);
        session.findings().addListener(changed);
        session.answers().addListener(changed);
        session.runProperty().addListener((o, was, now) -> updateCounts());
        root.widthProperty().addListener((o, was, w) -> autoCollapse(w.doubleValue()));
        themeToggle.setSelected(prefs.darkTheme());
        applyTheme(prefs.darkTheme());
        show(session.fileProperty().get() == null ? "start" : "overview");
        queueProgress();
    }

    @FXML
    private void initialize() {
        titleLabel.textProperty().bind(Bindings.createStringBinding(() -> {
            ProjectInfo i = session.infoProperty().get();
            return i == null ? "No project open" : describe(i);
        }, session.infoProperty()));
        Tooltip fileTip = new Tooltip();
        fileTip.textProperty().bind(session.fileProperty().asString());
        titleLabel.setTooltip(fileTip);
        runSelector.setItems(session.runs());
        runSelector.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ScanRun r) {
                if (r == null) {
                    return "";
                }
                boolean latest = !session.runs().isEmpty() && session.runs().get(0).id() == r.id();
                return "Run #" + r.id() + " · " + RUN_TIME.format(r.started()) + " · " + r.state() + (latest ? " (latest)" : "");
            }

            @Override
            public ScanRun fromString(String s) {
                return null;
            }
        });
        runSelector.visibleProperty().bind(Bindings.isNotEmpty(session.runs()));
        runSelector.managedProperty().bind(runSelector.visibleProperty());
        session.runProperty().addListener((o, was, now) -> {
            syncingRun = true;
            try {
                runSelector.setValue(now);
            } finally {
                syncingRun = false;
            }
        });
        runSelector.valueProperty().addListener((o, was, now) -> {
            if (syncingRun || now == null || (was != null && was.id() == now.id())) {
                return;
            }
            boolean latest = session.runs().get(0).id() == now.id();
            session.viewRun(latest ? null : now.id());
        });
        olderRunLabel.visibleProperty().bind(session.viewingOlderRunProperty());
        olderRunLabel.managedProperty().bind(olderRunLabel.visibleProperty());
        scanButton.disableProperty().bind(session.fileProperty().isNull().or(scanPanel.runningProperty()));
        reloadButton.disableProperty().bind(session.fileProperty().isNull().or(session.busyProperty()));
        walkToggle.selectedProperty().bindBidirectional(session.walkModeProperty());
        themeToggle.textProperty().bind(Bindings.when(themeToggle.selectedProperty()).then("☀ Light").otherwise("☾ Dark"));
        savedLabel.textProperty().bind(Bindings.createStringBinding(() -> {
            var at = session.savedAtProperty().get();
            return at == null ? "" : "Saved " + HM.format(at) + " ✓";
        }, session.savedAtProperty()));
        errorBanner.textProperty().bind(session.errorProperty());
        bannerBox.visibleProperty().bind(session.errorProperty().isNotEmpty());
        bannerBox.managedProperty().bind(bannerBox.visibleProperty());
        buildNav();
        bottom.getChildren().add(0, scanPanel.root());
        busy.visibleProperty().bind(session.busyProperty());
        busy.managedProperty().bind(busy.visibleProperty());
        statusLabel.textProperty().bind(session.statusProperty());
        statusCancelButton.visibleProperty().bind(scanPanel.runningProperty().or(session.jobCancelProperty().isNotNull()));
        statusCancelButton.managedProperty().bind(statusCancelButton.visibleProperty());
    }

    public Parent root() {
        return root;
    }

    /** Keyboard shortcuts (ux.md §5), window bounds and the close guard; call once the scene exists. */
    public void install(Stage stage) {
        Scene scene = stage.getScene();
        Map<KeyCombination, Runnable> keys = scene.getAccelerators();
        KeyCombination.Modifier ctrl = KeyCombination.SHORTCUT_DOWN;
        KeyCombination.Modifier shift = KeyCombination.SHIFT_DOWN;
        keys.put(new KeyCodeCombination(KeyCode.N, ctrl), this::newProject);
        keys.put(new KeyCodeCombination(KeyCode.O, ctrl), this::openProject);
        keys.put(new KeyCodeCombination(KeyCode.R, ctrl), () -> scan(List.of()));
        keys.put(new KeyCodeCombination(KeyCode.X, ctrl, shift), scanPanel::cancel);
        keys.put(new KeyCodeCombination(KeyCode.F5), this::reload);
        keys.put(new KeyCodeCombination(KeyCode.H, ctrl), () -> show("hosts"));
        keys.put(new KeyCodeCombination(KeyCode.F, ctrl, shift), () -> show("findings"));
        keys.put(new KeyCodeCombination(KeyCode.L, ctrl, shift), () -> show("fleet"));
        keys.put(new KeyCodeCombination(KeyCode.P, ctrl), () -> show("report"));
        keys.put(new KeyCodeCombination(KeyCode.K, ctrl), this::goTo);
        keys.put(new KeyCodeCombination(KeyCode.B, ctrl), this::toggleNav);
        keys.put(new KeyCodeCombination(KeyCode.F11), () -> session.walkModeProperty().set(!session.walkModeProperty().get()));
        keys.put(new KeyCodeCombination(KeyCode.E, ctrl), () -> show("report"));
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5, KeyCode.DIGIT6};
        for (int i = 0; i < STEPS.size(); i++) {
            String id = STEPS.get(i);
            keys.put(new KeyCodeCombination(digits[i], ctrl), () -> show(id));
        }
        double[] b = prefs.windowBounds();
        if (b != null && b[2] >= 640 && b[3] >= 480) {
            stage.setX(b[0]);
            stage.setY(b[1]);
            stage.setWidth(b[2]);
            stage.setHeight(b[3]);
        }
        stage.setOnHiding(e -> prefs.windowBounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()));
        stage.setOnCloseRequest(e -> {
            if (scanPanel.runningProperty().get()) {
                ButtonType stop = new ButtonType("Stop and keep results", ButtonBar.ButtonData.OK_DONE);
                ButtonType keep = new ButtonType("Keep scanning", ButtonBar.ButtonData.CANCEL_CLOSE);
                Alert a = new Alert(Alert.AlertType.CONFIRMATION, "A scan is running. Results found so far are already saved;"
                        + " the rest of the run is marked cancelled.", stop, keep);
                a.setHeaderText("Stop the scan and close virtharden?");
                if (a.showAndWait().filter(choice -> choice == stop).isPresent()) {
                    scanPanel.cancel();
                } else {
                    e.consume();
                }
            }
        });
        stage.titleProperty().bind(Bindings.createStringBinding(() -> {
            ProjectInfo i = session.infoProperty().get();
            return i == null ? "virtharden" : "virtharden — " + describe(i);
        }, session.infoProperty()));
    }

    private static String describe(ProjectInfo i) {
        return i.client() + (i.site() == null || i.site().isBlank() ? "" : " · " + i.site());
    }

    // ---- actions from the FXML ---------------------------------------------------------------------------------

    @FXML
    private void showStart() {
        show("start");
    }

    @FXML
    private void scanAll() {
        scan(List.of());
    }

    @FXML
    private void reload() {
        if (session.fileProperty().get() != null && !session.busyProperty().get()) {
            session.reload();
        }
    }

    @FXML
    private void themeChanged() {
        applyTheme(themeToggle.isSelected());
        prefs.darkTheme(themeToggle.isSelected());
    }

    @FXML
    private void walkChanged() {
        if (session.walkModeProperty().get() && (current == null || !current.startsWith("step:"))) {
            show(STEPS.get(0));
        }
    }

    @FXML
    private void dismissBanner() {
        session.showError("");
    }

    /** The status bar's Cancel: stops the scan (results kept) and any other background job (e.g. Test all). */
    @FXML
    private void cancelScan() {
        if (scanPanel.runningProperty().get()) {
            scanPanel.cancel();
        }
        session.cancelJob();
    }

    /** Opens "Go to…" (Ctrl+K): screens, hosts, checks and guests by any words of their names. */
    @FXML
    public void goTo() {
        if (session.fileProperty().get() == null || root.getScene() == null) {
            return;
        }
        Map<String, String> titles = new LinkedHashMap<>();
        NAV.forEach(n -> titles.put(n[1], n[2]));
        GoToIndex index = GoToIndex.build(titles, session.catalog(), List.copyOf(session.hosts()), List.copyOf(session.findings()));
        GoToDialog.show(root.getScene().getWindow(), index, this::go);
    }

    private void go(GoToIndex.Entry e) {
        show(e.screen(), e.checkId() == null ? null : new ProjectSession.Target(e.host(), e.guest(), e.checkId()));
    }

    /** Shows a screen and, on a checklist, selects the target item (when it has a host and a check). */
    private void show(String id, ProjectSession.Target target) {
        show(id);
        StepController step = Fxml.controllerOf(screens.get(id), StepController.class);
        if (step != null && target != null && target.checkId() != null && target.host() != null) {
            step.select(target.host(), target.guest(), target.checkId());
        }
    }

    // ---- navigation --------------------------------------------------------------------------------------------

    private void buildNav() {
        String section = null;
        for (String[] n : NAV) {
            if (!n[0].equals(section)) {
                section = n[0];
                Label l = new Label(section);
                l.getStyleClass().add("nav-section");
                l.managedProperty().bind(l.visibleProperty());
                navSections.add(l);
                nav.getChildren().add(l);
            }
            item(n[1], n[2], n[3], STEP_DOMAIN.get(n[1]), n[4]);
        }
    }

    private void item(String id, String text, String icon, Domain domain, String shortcut) {
        Label glyph = new Label(icon);
        glyph.getStyleClass().add("nav-icon");
        Label name = new Label(text);
        name.getStyleClass().add("nav-name");
        name.managedProperty().bind(name.visibleProperty());
        glyph.managedProperty().bind(glyph.visibleProperty());
        glyph.setVisible(false);
        Pane spacer = new Pane();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox line = new HBox(6, glyph, name, spacer);
        line.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(3, line);
        if (domain != null) {
            Label count = new Label();
            count.getStyleClass().add("nav-count");
            count.setMinWidth(86);
            ProgressBar bar = new ProgressBar(0);
            bar.setMaxWidth(Double.MAX_VALUE);
            bar.getStyleClass().add("nav-progress");
            HBox progress = new HBox(6, bar, count);
            progress.setAlignment(Pos.CENTER_LEFT);
            progress.getStyleClass().add("nav-progress-row");
            progress.managedProperty().bind(progress.visibleProperty());
            HBox.setHgrow(bar, Priority.ALWAYS);
            box.getChildren().add(progress);
            stepBars.put(domain, bar);
            stepCounts.put(domain, count);
        }
        box.getStyleClass().add("nav-item");
        box.setId("nav-" + id.replace(':', '-'));
        box.setUserData(id);
        Tooltip.install(box, new Tooltip("Show " + text + (shortcut == null ? "" : " (" + shortcut + ")")));
        box.setOnMouseClicked(e -> show(id));
        navItems.put(id, box);
        nav.getChildren().add(box);
    }

    /** Shows a screen by navigation id ("start" for the start screen). */
    public void show(String id) {
        String target = !"start".equals(id) && session.fileProperty().get() == null ? "start" : id;
        current = target;
        boolean start = target.equals("start");
        root.setLeft(start ? null : navScroll);
        navItems.forEach((k, n) -> {
            n.getStyleClass().remove("nav-selected");
            if (k.equals(target)) {
                n.getStyleClass().add("nav-selected");
            }
        });
        Node screen = screens.computeIfAbsent(target, k -> Screens.find(k).map(f -> f.apply(session))
                .orElseGet(() -> placeholder(k)));
        center.getChildren().setAll(screen);
    }

    /** The id of the screen shown now. */
    public String current() {
        return current;
    }

    /** Whether the navigation shows icons only (Ctrl+B, or a window narrower than 1200 px). */
    public boolean navCollapsed() {
        return collapsed;
    }

    private static Node placeholder(String id) {
        Label l = new Label("This screen is not available yet.");
        l.getStyleClass().add("title-4");
        Label d = new Label("(" + id + ")");
        d.getStyleClass().add("text-muted");
        VBox box = new VBox(6, l, d);
        box.setAlignment(Pos.CENTER);
        box.setId("placeholder");
        return box;
    }

    private StartController startScreen() {
        show("start");
        return org.virtharden.ui.Fxml.controllerOf(screens.get("start"), StartController.class);
    }

    private void newProject() {
        StartController s = startScreen();
        if (s != null) {
            s.focusNew();
        }
    }

    private void openProject() {
        StartController s = startScreen();
        if (s != null) {
            s.openChooser();
        } else {
            FileChooser fc = new FileChooser();
            fc.setTitle("Open a project");
            File f = fc.showOpenDialog(root.getScene().getWindow());
            if (f != null) {
                session.open(f.toPath());
            }
        }
    }

    private void toggleNav() {
        userCollapsed = !collapsed;
        collapse(userCollapsed);
    }

    private void autoCollapse(double width) {
        if (userCollapsed == null) {
            collapse(width > 0 && width < AUTO_COLLAPSE_WIDTH);
        }
    }

    /** Icons only (48 px) or the full navigation (220 px); the progress rows and section titles hide when collapsed. */
    private void collapse(boolean on) {
        collapsed = on;
        navScroll.setPrefWidth(on ? 48 : 220);
        navScroll.setMinWidth(on ? 48 : 200);
        navSections.forEach(s -> s.setVisible(!on));
        for (Node item : navItems.values()) {
            VBox box = (VBox) item;
            HBox line = (HBox) box.getChildren().get(0);
            line.getChildren().get(0).setVisible(on);
            line.getChildren().get(1).setVisible(!on);
            if (box.getChildren().size() > 1) {
                box.getChildren().get(1).setVisible(!on);
            }
        }
        navScroll.getStyleClass().remove("nav-collapsed");
        if (on) {
            navScroll.getStyleClass().add("nav-collapsed");
        }
    }

    /** Scans the given hosts, or all hosts when the list is empty. */
    public void scan(List<org.virtharden.model.HostConfig> hosts) {
        if (session.fileProperty().get() == null) {
            return;
        }
        scanPanel.start(hosts.isEmpty() ? List.copyOf(session.hosts()) : hosts);
    }

    private void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        root.getStyleClass().remove("dark");
        if (dark) {
            root.getStyleClass().add("dark");
        }
    }

    private void queueProgress() {
        if (!progressQueued) {
            progressQueued = true;
            Platform.runLater(() -> {
                progressQueued = false;
                updateProgress();
                updateCounts();
            });
        }
    }

    /** Recomputes the checklist bars from the session's hosts, findings and answers. */
    void updateProgress() {
        Checklist c = Checklist.build(session.catalog(), List.copyOf(session.hosts()), List.copyOf(session.findings()),
                List.copyOf(session.answers()), null);
        Map<Domain, int[]> totals = new EnumMap<>(Domain.class);
        for (Checklist.Item i : c.items()) {
            int[] t = totals.computeIfAbsent(i.domain(), k -> new int[2]);
            t[0]++;
            if (i.status() != null) {
                t[1]++;
            }
        }
        stepBars.forEach((d, bar) -> {
            bar.setProgress(0);
            stepCounts.get(d).setText("");
        });
        for (Checklist.Progress p : c.progress()) {
            int[] t = totals.getOrDefault(p.domain(), new int[2]);
            ProgressBar bar = stepBars.get(p.domain());
            if (bar == null) {
                continue;
            }
            bar.setProgress(t[0] == 0 ? 0 : (double) t[1] / t[0]);
            int fail = p.statuses().getOrDefault(Status.FAIL, 0);
            int err = p.statuses().getOrDefault(Status.ERROR, 0);
            String text = t[1] + "/" + t[0] + (fail > 0 ? "  ✕" + fail : "") + (err > 0 ? "  ⚡" + err : "");
            stepCounts.get(p.domain()).setText(text);
            Tooltip.install(bar, new Tooltip(t[1] + " of " + t[0] + " items have a result; " + p.open()
                    + " need your answer; " + fail + " fail, " + err + " could not run"));
        }
    }

    private void updateCounts() {
        ScanRun r = session.runProperty().get();
        long fail = session.findings().stream().filter(f -> f.status() == Status.FAIL).count();
        long err = session.findings().stream().filter(f -> f.status() == Status.ERROR).count();
        countsLabel.setText(session.hosts().size() + " hosts · "
                + (r == null ? "not scanned yet" : "run #" + r.id() + " " + r.state() + " · " + session.findings().size()
                + " results (✕" + fail + " ⚡" + err + ")"));
    }
}
