package org.virtharden.ui.overview;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import javafx.beans.InvalidationListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.virtharden.service.Scoring;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.ProjectInfo;
import org.virtharden.model.ScanRun;
import org.virtharden.model.Waiver;
import org.virtharden.ui.findings.Glyphs;
import org.virtharden.ui.session.ProjectSession;

/**
 * The project overview (ux.md §2): scope, runs, the score with its formula, results per checklist and open
 * findings per severity as labelled charts, progress per checklist, and a "Get started" list for a new project.
 * The main window shows it with {@code Screens.register("overview", OverviewView::new)}.
 */
public final class OverviewView extends BorderPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final ProjectSession session;
    private final VBox left = new VBox(12);
    private final VBox right = new VBox(12);
    private final Label scope = new Label();
    private List<Waiver> waivers = List.of();
    private List<ScanRun> runs = List.of();
    private Consumer<String> navigator = id -> { };
    private Scoring.Figures figures;

    public OverviewView(ProjectSession session) {
        this.session = session;
        setId("overview-view");
        getStyleClass().add("overview");
        getStylesheets().add(OverviewView.class.getResource("overview.css").toExternalForm());
        Label title = new Label("Overview");
        title.getStyleClass().add("vh-title");
        scope.getStyleClass().add("vh-muted");
        VBox top = new VBox(2, title, scope);
        top.setPadding(new Insets(0, 0, 8, 0));
        setTop(top);
        left.setPrefWidth(390);
        left.setMinWidth(390);
        HBox body = new HBox(16, left, right);
        HBox.setHgrow(right, Priority.ALWAYS);
        ScrollPane sp = new ScrollPane(body);
        sp.setFitToWidth(true);
        setCenter(sp);

        InvalidationListener refresh = o -> render();
        session.findings().addListener(refresh);
        session.hosts().addListener(refresh);
        session.answers().addListener(refresh);
        session.infoProperty().addListener(refresh);
        session.runProperty().addListener(o -> load());
        session.findings().addListener((InvalidationListener) o -> load());
        load();
        render();
    }

    /** Where "Get started" links lead: called with a screen id ({@code hosts}, {@code findings}). */
    public void setOnNavigate(Consumer<String> navigator) {
        this.navigator = navigator == null ? id -> { } : navigator;
    }

    /** What the view shows now (for tests and the report's pre-flight). */
    public Scoring.Figures figures() {
        return figures;
    }

    private void load() {
        if (session.fileProperty().get() == null) {
            return;
        }
        session.query("Reading runs and waivers…", p -> new Object[] {p.runs().list(), p.waivers().all()}, r -> {
            @SuppressWarnings("unchecked")
            List<ScanRun> rs = (List<ScanRun>) r[0];
            @SuppressWarnings("unchecked")
            List<Waiver> ws = (List<Waiver>) r[1];
            runs = rs;
            waivers = ws;
            render();
        });
    }

    private void render() {
        ProjectInfo info = session.infoProperty().get();
        figures = OverviewViewModel.compute(session.catalog(), List.copyOf(session.hosts()), session.runProperty().get(),
                List.copyOf(session.findings()), List.copyOf(session.answers()), waivers, Instant.now());
        scope.setText(info == null ? "No project open" : info.client() + (blank(info.site()) ? "" : " · " + info.site())
                + (blank(info.assessor()) ? "" : " · assessor " + info.assessor()) + " · " + session.hosts().size() + " host"
                + (session.hosts().size() == 1 ? "" : "s") + " in scope");
        left.getChildren().setAll(scoreCard());
        if (figures.needsHosts() || figures.needsScan()) {
            left.getChildren().add(getStarted());
        }
        left.getChildren().addAll(progressCard(), runsCard());
        right.getChildren().setAll(domainChart(), severityChart());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private VBox card(String title) {
        Label t = new Label(title);
        t.getStyleClass().add("vh-section");
        VBox v = new VBox(4, t);
        v.getStyleClass().add("vh-card");
        return v;
    }

    private Node scoreCard() {
        Scoring.Score s = figures.score();
        VBox c = card("SCORE");
        Label value = new Label(s.percent() < 0 ? "—" : s.percent() + " %");
        value.getStyleClass().add("vh-score");
        value.setId("overview-score");
        Label counts = new Label("✓ " + s.passed() + " passed   ✕ " + s.failed() + " failed   ▲ " + s.warned() + " warned   ⚡ "
                + s.errors() + " errors   ○ " + s.open() + " open   — " + s.notApplicable() + " N/A");
        counts.setWrapText(true);
        Label formula = new Label(OverviewViewModel.FORMULA);
        formula.setWrapText(true);
        formula.getStyleClass().add("vh-muted");
        formula.setId("overview-formula");
        c.getChildren().addAll(value, counts, formula);
        if (figures.waived() > 0) {
            c.getChildren().add(new Label("⛨ " + figures.waived() + " waived" + (figures.waivedExpiringSoon() > 0
                    ? " · " + figures.waivedExpiringSoon() + " expiring within 30 days" : "")));
        }
        return c;
    }

    private Node getStarted() {
        VBox c = card("GET STARTED");
        c.setId("overview-get-started");
        c.getChildren().add(step(1, "Add the KVM hosts in scope", !figures.needsHosts(), "Go to Hosts", "hosts"));
        c.getChildren().add(step(2, "Test the connections", !figures.needsScan(), "Go to Hosts", "hosts"));
        c.getChildren().add(step(3, "Scan (▶ Scan in the top bar)", !figures.needsScan(), null, null));
        return c;
    }

    private Node step(int n, String text, boolean done, String link, String target) {
        Label l = new Label((done ? "✓ " : "○ ") + n + ". " + text + (done ? " — done" : ""));
        if (done) {
            l.getStyleClass().add("vh-step-done");
        }
        HBox h = new HBox(8, l);
        h.setAlignment(Pos.CENTER_LEFT);
        if (!done && link != null) {
            Hyperlink go = new Hyperlink(link);
            go.setOnAction(e -> navigator.accept(target));
            h.getChildren().add(go);
        }
        return h;
    }

    private Node progressCard() {
        VBox c = card("CHECKLISTS");
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(4);
        int row = 0;
        for (Scoring.DomainCounts d : figures.domains()) {
            int total = d.passed() + d.failed() + d.warned() + d.errors() + d.open() + d.notApplicable();
            int done = total - d.open();
            ProgressBar bar = new ProgressBar(total == 0 ? 0 : (double) done / total);
            bar.setPrefWidth(90);
            Label name = new Label(d.domain().title());
            Label num = new Label(done + "/" + total + (d.failed() > 0 ? " ✕" + d.failed() : "") + (d.errors() > 0 ? " ⚡" + d.errors() : "")
                    + (d.open() > 0 ? " ○" + d.open() : ""));
            name.setMinWidth(Region.USE_PREF_SIZE);
            num.setMinWidth(Region.USE_PREF_SIZE);
            g.addRow(row++, name, bar, num);
        }
        if (row == 0) {
            c.getChildren().add(new Label("No hosts yet: the checklists fill in once hosts are added."));
        }
        c.getChildren().add(g);
        return c;
    }

    private Node runsCard() {
        VBox c = card("RUNS");
        if (runs.isEmpty()) {
            c.getChildren().add(new Label(session.runProperty().get() == null ? "No scan yet." : "Reading runs…"));
        }
        for (int i = runs.size() - 1; i >= 0 && i >= runs.size() - 5; i--) {
            ScanRun r = runs.get(i);
            Label l = new Label("Run #" + r.id() + " · " + TIME.format(r.started()) + " · " + r.state()
                    + " · catalog " + r.catalogVersion());
            l.setWrapText(true);
            c.getChildren().add(l);
        }
        if (runs.size() > 5) {
            c.getChildren().add(new Label("… " + (runs.size() - 5) + " earlier runs"));
        }
        return c;
    }

    private Node domainChart() {
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis();
        y.setLabel("checklist items");
        y.setMinorTickVisible(false);
        StackedBarChart<String, Number> chart = new StackedBarChart<>(x, y);
        chart.setId("overview-domain-chart");
        chart.setTitle("Results per checklist (latest run and answers)");
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.setCategoryGap(24);
        chart.setPrefHeight(320);
        x.setAutoRanging(false);
        x.getCategories().setAll(figures.domains().stream().map(d -> d.domain().title()).toList());
        addSeries(chart, "✓ Pass", "vh-pass", Scoring.DomainCounts::passed, false);
        addSeries(chart, "✕ Fail", "vh-fail", Scoring.DomainCounts::failed, true);
        addSeries(chart, "▲ Warn", "vh-warn", Scoring.DomainCounts::warned, false);
        addSeries(chart, "⚡ Error", "vh-error", Scoring.DomainCounts::errors, false);
        addSeries(chart, "○ Open / not run", "vh-open", Scoring.DomainCounts::open, false);
        VBox box = new VBox(4, chart, legend(Map.of("✓ Pass", "vh-pass", "✕ Fail", "vh-fail", "▲ Warn", "vh-warn", "⚡ Error",
                "vh-error", "○ Open / not run", "vh-open")));
        return box;
    }

    private void addSeries(StackedBarChart<String, Number> chart, String name, String style,
            ToIntFunction<Scoring.DomainCounts> value, boolean light) {
        XYChart.Series<String, Number> s = new XYChart.Series<>();
        s.setName(name);
        for (Scoring.DomainCounts d : figures.domains()) {
            int v = value.applyAsInt(d);
            if (v > 0) {
                s.getData().add(new XYChart.Data<>(d.domain().title(), v));
            }
        }
        chart.getData().add(s);
        String glyph = name.substring(0, 1);
        int max = figures.domains().stream().mapToInt(d -> d.passed() + d.failed() + d.warned() + d.errors() + d.open()).max().orElse(0);
        for (XYChart.Data<String, Number> d : s.getData()) {
            // a segment too thin for its label keeps its number in the checklist list and the score card
            label(d, glyph + " " + d.getYValue(), style, light, d.getYValue().intValue() >= Math.max(2, max * 0.07));
        }
    }

    /** The status hues (Okabe-Ito); set inline so the theme's default series colours cannot override them. */
    private static final Map<String, String> FILL = Map.of("vh-pass", "#009E73", "vh-fail", "#D55E00", "vh-warn", "#E69F00",
            "vh-error", "#CC79A7", "vh-open", "#56B4E9", "vh-sev", "#5A5A5A");

    private static void label(XYChart.Data<String, Number> d, String text, String style, boolean light) {
        label(d, text, style, light, true);
    }

    private static void label(XYChart.Data<String, Number> d, String text, String style, boolean light, boolean withText) {
        Node n = d.getNode();
        if (n == null) {
            d.nodeProperty().addListener((o, a, b) -> label(d, text, style, light, withText));
            return;
        }
        n.getStyleClass().add(style);
        n.setStyle("-fx-background-color: " + FILL.get(style) + ";");
        if (withText && n instanceof StackPane p) {
            Label l = new Label(text);
            l.getStyleClass().add(light ? "vh-bar-label-light" : "vh-bar-label");
            l.setMinSize(0, 0);
            p.getChildren().add(l);
        }
    }

    private static Node legend(Map<String, String> items) {
        HBox h = new HBox(14);
        h.setAlignment(Pos.CENTER);
        for (String name : List.of("✓ Pass", "✕ Fail", "▲ Warn", "⚡ Error", "○ Open / not run", "Open findings")) {
            String style = items.get(name);
            if (style == null) {
                continue;
            }
            StackPane swatch = new StackPane();
            swatch.setMinSize(12, 12);
            swatch.setMaxSize(12, 12);
            swatch.setStyle("-fx-background-color: " + FILL.get(style) + ";");
            h.getChildren().add(new HBox(4, swatch, new Label(name)));
        }
        return h;
    }

    private Node severityChart() {
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis();
        y.setLabel("open findings");
        y.setMinorTickVisible(false);
        BarChart<String, Number> chart = new BarChart<>(x, y);
        chart.setId("overview-severity-chart");
        chart.setTitle("Open findings by severity (FAIL, WARN, ERROR; waived ones excluded)");
        chart.setAnimated(false);
        chart.setLegendVisible(false);
        chart.setPrefHeight(260);
        XYChart.Series<String, Number> s = new XYChart.Series<>();
        s.setName("Open findings");
        for (Severity sev : Severity.values()) {
            s.getData().add(new XYChart.Data<>(Glyphs.severity(sev), figures.openBySeverity().getOrDefault(sev, 0)));
        }
        chart.getData().add(s);
        for (XYChart.Data<String, Number> d : s.getData()) {
            label(d, String.valueOf(d.getYValue()), "vh-sev", true);
        }
        int open = figures.openBySeverity().values().stream().mapToInt(Integer::intValue).sum();
        Label total = new Label(open + " open findings · " + Status.FAIL.name() + ", " + Status.WARN.name() + " and "
                + Status.ERROR.name() + " results not covered by a waiver");
        total.getStyleClass().add("vh-muted");
        return new VBox(4, chart, total);
    }
}
