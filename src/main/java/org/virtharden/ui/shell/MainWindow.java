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
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
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
import org.virtharden.ui.scan.ScanPanel;
import org.virtharden.ui.scan.ScanRequest;
import org.virtharden.ui.session.ProjectSession;
import org.virtharden.ui.session.Screens;
import org.virtharden.ui.start.StartController;

/**
 * The main window of ux.md §2: top bar, left navigation with a progress bar per checklist, the current screen, the
 * scan panel and the status bar. Screens come from {@link Screens}, each created once per id.
 */
public final class MainWindow {
    /** Navigation ids of the six checklists, in assessment order (Ctrl+1..6). */
    public static final List<String> STEPS = List.of("step:physical", "step:hypervisor", "step:guest", "step:network",
            "step:monitoring", "step:dr");
    private static final Map<String, Domain> STEP_DOMAIN = Map.of("step:physical", Domain.PHYSICAL, "step:hypervisor",
            Domain.HYPERVISOR, "step:guest", Domain.GUEST, "step:network", Domain.NETWORK, "step:monitoring",
            Domain.MONITORING, "step:dr", Domain.DR);
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    private final ProjectSession session;
    private final AppPrefs prefs;
    private final BorderPane root = new BorderPane();
    private final StackPane center = new StackPane();
    private final VBox nav = new VBox(2);
    private final ScrollPane navScroll = new ScrollPane(nav);
    private final Map<String, Node> screens = new HashMap<>();
    private final Map<String, Node> navItems = new LinkedHashMap<>();
    private final Map<Domain, ProgressBar> stepBars = new EnumMap<>(Domain.class);
    private final Map<Domain, Label> stepCounts = new EnumMap<>(Domain.class);
    private final ScanPanel scanPanel;
    private final ToggleButton theme = new ToggleButton();
    private final Label countsLabel = new Label();
    private String current;
    private boolean progressQueued;

    public MainWindow(ProjectSession session, AppPrefs prefs) {
        this.session = session;
        this.prefs = prefs;
        this.scanPanel = new ScanPanel(session);
        root.setId("mainWindow");
        root.setTop(new VBox(topBar(), banner()));
        buildNav();
        center.setId("center");
        root.setCenter(center);
        root.setBottom(new VBox(scanPanel.root(), statusBar()));

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
        ListChangeListener<Object> changed = c -> queueProgress();
        session.hosts().addListener(changed);
        session.findings().addListener(changed);
        session.answers().addListener(changed);
        session.runProperty().addListener((o, was, now) -> updateCounts());
        theme.setSelected(prefs.darkTheme());
        applyTheme(prefs.darkTheme());
        show(session.fileProperty().get() == null ? "start" : "overview");
        queueProgress();
    }

    public Parent root() {
        return root;
    }

    /** Keyboard shortcuts, window bounds and the stylesheet; call once the scene exists. */
    public void install(Stage stage) {
        Scene scene = stage.getScene();
        Map<KeyCombination, Runnable> keys = scene.getAccelerators();
        keys.put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), this::newProject);
        keys.put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::openProject);
        keys.put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), () -> scan(List.of()));
        keys.put(new KeyCodeCombination(KeyCode.F5), this::reload);
        keys.put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> show("findings"));
        keys.put(new KeyCodeCombination(KeyCode.B, KeyCombination.SHORTCUT_DOWN), this::toggleNav);
        KeyCode[] digits = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5, KeyCode.DIGIT6};
        for (int i = 0; i < STEPS.size(); i++) {
            String id = STEPS.get(i);
            keys.put(new KeyCodeCombination(digits[i], KeyCombination.SHORTCUT_DOWN), () -> show(id));
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
                javafx.scene.control.ButtonType stop = new javafx.scene.control.ButtonType("Stop and keep results",
                        javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
                javafx.scene.control.ButtonType keep = new javafx.scene.control.ButtonType("Keep scanning",
                        javafx.scene.control.ButtonBar.ButtonData.CANCEL_CLOSE);
                javafx.scene.control.Alert a = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION,
                        "A scan is running. Results found so far are already saved; the rest of the run is marked"
                                + " cancelled.", stop, keep);
                a.setHeaderText("Stop the scan and close virtharden?");
                if (a.showAndWait().filter(choice -> choice == stop).isPresent()) {
                    scanPanel.cancel();
                } else {
                    e.consume();
                }
            }
        });
        stage.titleProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            ProjectInfo i = session.infoProperty().get();
            return i == null ? "virtharden" : "virtharden — " + describe(i);
        }, session.infoProperty()));
    }

    private Node topBar() {
        Label app = new Label("virtharden");
        app.getStyleClass().addAll("title-4", "app-name");
        Label title = new Label("No project open");
        title.setId("titleLabel");
        title.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            ProjectInfo i = session.infoProperty().get();
            return i == null ? "No project open" : describe(i);
        }, session.infoProperty()));
        Tooltip fileTip = new Tooltip();
        fileTip.textProperty().bind(session.fileProperty().asString());
        title.setTooltip(fileTip);
        Button start = button("⌂ Projects", "startButton", "New, open or recent projects (Ctrl+N / Ctrl+O)");
        start.setOnAction(e -> show("start"));
        Button scan = button("▶ Scan", "scanButton", "Scan all hosts in scope (Ctrl+R); scan one host from the Hosts screen");
        scan.getStyleClass().add("accent");
        scan.setOnAction(e -> scan(List.of()));
        scan.disableProperty().bind(session.fileProperty().isNull().or(scanPanel.runningProperty()));
        Button reload = button("⟳", "reloadButton", "Read the project file again, e.g. after a CLI scan (F5)");
        reload.setOnAction(e -> reload());
        reload.disableProperty().bind(session.fileProperty().isNull().or(session.busyProperty()));
        theme.setId("themeToggle");
        theme.setTooltip(new Tooltip("Switch between the light and the dark theme"));
        theme.textProperty().bind(javafx.beans.binding.Bindings.when(theme.selectedProperty()).then("☀ Light").otherwise("☾ Dark"));
        theme.setOnAction(e -> {
            applyTheme(theme.isSelected());
            prefs.darkTheme(theme.isSelected());
        });
        Label saved = new Label();
        saved.setId("savedLabel");
        saved.getStyleClass().add("saved-label");
        saved.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            var at = session.savedAtProperty().get();
            return at == null ? "" : "Saved " + HM.format(at) + " ✓";
        }, session.savedAtProperty()));
        saved.setTooltip(new Tooltip("Every change is written to the project file as you make it"));
        Pane spacer = new Pane();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, app, new Label("·"), title, spacer, start, scan, reload, theme, saved);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("top-bar");
        return bar;
    }

    private static String describe(ProjectInfo i) {
        return i.client() + (i.site() == null || i.site().isBlank() ? "" : " · " + i.site());
    }

    private Node banner() {
        Label banner = new Label();
        banner.setId("errorBanner");
        banner.getStyleClass().add("banner-error");
        banner.setWrapText(true);
        banner.setMaxWidth(Double.MAX_VALUE);
        banner.textProperty().bind(session.errorProperty());
        Button dismiss = button("×", "dismissBanner", "Hide this message");
        dismiss.getStyleClass().add("flat");
        dismiss.setOnAction(e -> session.showError(""));
        HBox box = new HBox(8, banner, dismiss);
        HBox.setHgrow(banner, Priority.ALWAYS);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("banner-box");
        box.visibleProperty().bind(session.errorProperty().isNotEmpty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private void buildNav() {
        nav.setId("nav");
        nav.getStyleClass().add("nav");
        nav.setPadding(new Insets(8));
        section("PROJECT");
        item("overview", "Overview", null, null);
        item("hosts", "Hosts", null, null);
        section("CHECKLISTS");
        String[] labels = {"1 Physical", "2 Hypervisor/Host", "3 Guests", "4 Virtual Network", "5 Monitoring & Alerts",
            "6 Disaster Recovery"};
        for (int i = 0; i < STEPS.size(); i++) {
            item(STEPS.get(i), labels[i], STEP_DOMAIN.get(STEPS.get(i)), "Ctrl+" + (i + 1));
        }
        section("REVIEW");
        item("findings", "Findings", null, "Ctrl+F");
        item("fleet", "Fleet", null, null);
        item("report", "Report", null, "Ctrl+E");
        navScroll.setFitToWidth(true);
        navScroll.setPrefWidth(220);
        navScroll.setMinWidth(200);
        navScroll.getStyleClass().add("nav-scroll");
    }

    private void section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("nav-section");
        nav.getChildren().add(l);
    }

    private void item(String id, String text, Domain domain, String shortcut) {
        Label name = new Label(text);
        Pane spacer = new Pane();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox line = new HBox(6, name, spacer);
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

    private Node statusBar() {
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(14, 14);
        busy.visibleProperty().bind(session.busyProperty());
        busy.managedProperty().bind(busy.visibleProperty());
        Label status = new Label();
        status.setId("statusLabel");
        status.textProperty().bind(session.statusProperty());
        Button cancel = button("Cancel", "statusCancelButton", "Stop the scan; results so far are kept");
        cancel.setOnAction(e -> {
            if (scanPanel.runningProperty().get()) {
                scanPanel.cancel();
            }
            session.cancelJob();
        });
        cancel.visibleProperty().bind(scanPanel.runningProperty().or(session.jobCancelProperty().isNotNull()));
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.getStyleClass().add("small");
        countsLabel.setId("countsLabel");
        Label hint = new Label("Ctrl+R scan · F5 reload · Ctrl+1…6 checklists");
        hint.getStyleClass().add("text-muted");
        Pane spacer = new Pane();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, busy, status, cancel, spacer, countsLabel, new Label("·"), hint);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("status-bar");
        return bar;
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
        if (screen instanceof org.virtharden.ui.overview.OverviewView ov) {
            ov.setOnNavigate(this::show);
        }
        center.getChildren().setAll(screen);
    }

    /** The id of the screen shown now. */
    public String current() {
        return current;
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

    private void reload() {
        if (session.fileProperty().get() != null && !session.busyProperty().get()) {
            session.reload();
        }
    }

    private void toggleNav() {
        if (!"start".equals(current)) {
            root.setLeft(root.getLeft() == null ? navScroll : null);
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

    private static Button button(String text, String id, String tip) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        return b;
    }
}
