package org.virtharden.ui.overview;

import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.service.Scoring;
import org.virtharden.ui.Fxml;
import org.virtharden.ui.findings.Glyphs;
import org.virtharden.ui.session.ProjectSession;

/**
 * Binds OverviewView.fxml to {@link OverviewViewModel}: the score card, Get started, progress per checklist, runs,
 * and the two charts. Bars carry a glyph and a number (never colour alone); their hues are style classes whose
 * colours are the palette's variables, so the dark theme recolours them.
 */
public final class OverviewController {
    private static final List<String> LEGEND = List.of("✓ Pass", "✕ Fail", "▲ Warn", "⚡ Error", "○ Open / not run");
    private static final Map<String, String> LEGEND_STYLE = Map.of("✓ Pass", "vh-pass", "✕ Fail", "vh-fail", "▲ Warn",
            "vh-warn", "⚡ Error", "vh-error", "○ Open / not run", "vh-open");

    private final OverviewViewModel model;
    private final Parent root;
    @FXML private Label scope;
    @FXML private Label score;
    @FXML private Label counts;
    @FXML private Label formula;
    @FXML private Label waived;
    @FXML private VBox getStarted;
    @FXML private Label step1;
    @FXML private Label step2;
    @FXML private Label step3;
    @FXML private Hyperlink step1Link;
    @FXML private Hyperlink step2Link;
    @FXML private Label noHosts;
    @FXML private GridPane progress;
    @FXML private VBox runs;
    @FXML private StackedBarChart<String, Number> domainChart;
    @FXML private CategoryAxis domainAxis;
    @FXML private HBox legend;
    @FXML private BarChart<String, Number> severityChart;
    @FXML private Label severityTotal;

    public OverviewController(OverviewViewModel model) {
        this.model = model;
        this.root = Fxml.load("OverviewView.fxml", this);
    }

    /** The screen for the main window's registry. */
    public static Node create(ProjectSession session) {
        return new OverviewController(new OverviewViewModel(session)).root();
    }

    public Parent root() {
        return root;
    }

    public OverviewViewModel model() {
        return model;
    }

    @FXML
    private void initialize() {
        scope.textProperty().bind(model.scopeProperty());
        formula.setText(OverviewViewModel.FORMULA);
        for (String name : LEGEND) {
            StackPane swatch = new StackPane();
            swatch.setMinSize(12, 12);
            swatch.setMaxSize(12, 12);
            swatch.getStyleClass().addAll("vh-swatch", LEGEND_STYLE.get(name));
            legend.getChildren().add(new HBox(4, swatch, new Label(name)));
        }
        for (VBox card : List.of(getStarted)) {
            card.managedProperty().bind(card.visibleProperty());
        }
        waived.managedProperty().bind(waived.visibleProperty());
        noHosts.managedProperty().bind(noHosts.visibleProperty());
        model.figuresProperty().addListener((o, a, f) -> show(f));
        model.runLinesProperty().addListener((o, a, lines) -> showRuns(lines));
        show(model.figuresProperty().get());
        showRuns(model.runLinesProperty().get());
    }

    @FXML
    private void goToHosts() {
        model.navigate("hosts");
    }

    private void showRuns(List<String> lines) {
        runs.getChildren().setAll(lines.stream().map(t -> {
            Label l = new Label(t);
            l.setWrapText(true);
            return l;
        }).toList());
    }

    private void show(Scoring.Figures f) {
        if (f == null) {
            return;
        }
        Scoring.Score s = f.score();
        score.setText(s.percent() < 0 ? "—" : s.percent() + " %");
        counts.setText("✓ " + s.passed() + " passed   ✕ " + s.failed() + " failed   ▲ " + s.warned() + " warned   ⚡ "
                + s.errors() + " errors   ○ " + s.open() + " open   — " + s.notApplicable() + " N/A");
        waived.setVisible(f.waived() > 0);
        waived.setText("⛨ " + f.waived() + " waived" + (f.waivedExpiringSoon() > 0
                ? " · " + f.waivedExpiringSoon() + " expiring within 30 days" : ""));
        getStarted.setVisible(f.needsHosts() || f.needsScan());
        step(step1, step1Link, 1, "Add the KVM hosts in scope", !f.needsHosts());
        step(step2, step2Link, 2, "Test the connections", !f.needsScan());
        step(step3, null, 3, "Scan (▶ Scan in the top bar)", !f.needsScan());
        progress.getChildren().clear();
        int row = 0;
        for (Scoring.DomainCounts d : f.domains()) {
            int total = d.passed() + d.failed() + d.warned() + d.errors() + d.open() + d.notApplicable();
            int done = total - d.open();
            ProgressBar bar = new ProgressBar(total == 0 ? 0 : (double) done / total);
            bar.setPrefWidth(90);
            Label name = new Label(d.domain().title());
            Label num = new Label(done + "/" + total + (d.failed() > 0 ? " ✕" + d.failed() : "") + (d.errors() > 0 ? " ⚡" + d.errors() : "")
                    + (d.open() > 0 ? " ○" + d.open() : ""));
            name.setMinWidth(Region.USE_PREF_SIZE);
            num.setMinWidth(Region.USE_PREF_SIZE);
            progress.addRow(row++, name, bar, num);
        }
        noHosts.setVisible(row == 0);
        domainCharts(f);
        severity(f);
    }

    private static void step(Label label, Hyperlink link, int n, String text, boolean done) {
        label.setText((done ? "✓ " : "○ ") + n + ". " + text + (done ? " — done" : ""));
        label.getStyleClass().remove("vh-step-done");
        if (done) {
            label.getStyleClass().add("vh-step-done");
        }
        if (link != null) {
            link.setVisible(!done);
            link.setManaged(!done);
        }
    }

    /** Short category names as the navigation numbers them ("1 Physical" … "6 DR"), so every axis label fits. */
    private static String shortName(org.virtharden.catalog.Domain d) {
        return switch (d) {
            case PHYSICAL -> "1 Physical";
            case HYPERVISOR -> "2 Host";
            case GUEST -> "3 Guests";
            case NETWORK -> "4 Network";
            case MONITORING -> "5 Monitoring";
            case DR -> "6 DR";
            default -> d.title();
        };
    }

    private void domainCharts(Scoring.Figures f) {
        domainAxis.getCategories().setAll(f.domains().stream().map(d -> shortName(d.domain())).toList());
        int max = f.domains().stream().mapToInt(d -> d.passed() + d.failed() + d.warned() + d.errors() + d.open()).max().orElse(0);
        List<String[]> kinds = List.of(new String[] {"✓ Pass", "vh-pass"}, new String[] {"✕ Fail", "vh-fail"},
                new String[] {"▲ Warn", "vh-warn"}, new String[] {"⚡ Error", "vh-error"}, new String[] {"○ Open / not run", "vh-open"});
        List<ToIntFunction<Scoring.DomainCounts>> values = List.of(Scoring.DomainCounts::passed, Scoring.DomainCounts::failed,
                Scoring.DomainCounts::warned, Scoring.DomainCounts::errors, Scoring.DomainCounts::open);
        List<XYChart.Series<String, Number>> all = new java.util.ArrayList<>();
        for (int k = 0; k < kinds.size(); k++) {
            XYChart.Series<String, Number> s = new XYChart.Series<>();
            s.setName(kinds.get(k)[0]);
            for (Scoring.DomainCounts d : f.domains()) {
                int v = values.get(k).applyAsInt(d);
                if (v > 0) {
                    s.getData().add(new XYChart.Data<>(shortName(d.domain()), v));
                }
            }
            all.add(s);
        }
        // all series first: adding a series resets the style classes of the bars already there
        domainChart.getData().setAll(all);
        for (int k = 0; k < kinds.size(); k++) {
            String glyph = kinds.get(k)[0].substring(0, 1);
            for (XYChart.Data<String, Number> d : all.get(k).getData()) {
                // a segment too thin for its label keeps its number in the checklist list and the score card
                label(d, glyph + " " + d.getYValue(), kinds.get(k)[1], k == 1, d.getYValue().intValue() >= Math.max(2, max * 0.07));
            }
        }
    }

    private void severity(Scoring.Figures f) {
        XYChart.Series<String, Number> s = new XYChart.Series<>();
        s.setName("Open findings");
        for (Severity sev : Severity.values()) {
            s.getData().add(new XYChart.Data<>(Glyphs.severity(sev), f.openBySeverity().getOrDefault(sev, 0)));
        }
        severityChart.getData().setAll(List.of(s));
        for (XYChart.Data<String, Number> d : s.getData()) {
            label(d, String.valueOf(d.getYValue()), "vh-sev", true, true);
        }
        int open = f.openBySeverity().values().stream().mapToInt(Integer::intValue).sum();
        severityTotal.setText(open + " open findings · " + Status.FAIL.name() + ", " + Status.WARN.name() + " and "
                + Status.ERROR.name() + " results not covered by a waiver");
    }

    private static void label(XYChart.Data<String, Number> d, String text, String style, boolean light, boolean withText) {
        Node n = d.getNode();
        if (n == null) {
            d.nodeProperty().addListener((o, a, b) -> label(d, text, style, light, withText));
            return;
        }
        n.getStyleClass().add(style);
        if (withText && n instanceof StackPane p) {
            Label l = new Label(text);
            l.getStyleClass().add(light ? "vh-bar-label-light" : "vh-bar-label");
            l.setMinSize(0, 0);
            p.getChildren().add(l);
        }
    }
}
