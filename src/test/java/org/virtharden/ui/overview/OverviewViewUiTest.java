package org.virtharden.ui.overview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.control.Label;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.virtharden.model.ProjectInfo;
import org.virtharden.ui.findings.UiFixture;
import org.virtharden.ui.session.ProjectSession;

/** The overview on a real, scanned project file and on a new one, headless (Monocle). */
class OverviewViewUiTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void showsScoreWithFormulaAndLabelledCharts(@TempDir Path dir) throws Exception {
        Path file = UiFixture.scannedProject(dir);
        ProjectSession session = UiFixture.open(file);
        OverviewController view = new OverviewController(new OverviewViewModel(session));
        UiFixture.show(session, x -> view.root());
        FxRobot robot = new FxRobot();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !session.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        OverviewViewModel.Score s = view.model().figuresProperty().get().score();
        assertTrue(s.failed() > 0 && s.open() > 0, s.toString());
        assertEquals(s.percent() + " %", robot.lookup("#overview-score").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#overview-formula").queryAs(Label.class).getText().contains("÷"));
        assertFalse(robot.lookup("#overview-get-started").query().isVisible(), "hosts and a run: no Get started list");
        StackedBarChart<?, ?> domains = robot.lookup("#overview-domain-chart").queryAs(StackedBarChart.class);
        assertEquals(5, domains.getData().size());
        BarChart<?, ?> sev = robot.lookup("#overview-severity-chart").queryAs(BarChart.class);
        assertEquals(5, sev.getData().get(0).getData().size());
        assertTrue(robot.lookup(n -> n instanceof Label l && l.getText() != null && l.getText().startsWith("✕ ")
                && l.getParent() != null && l.getParent().getStyleClass().contains("chart-bar")).tryQuery().isPresent(),
                "bars carry a glyph and a number, not colour alone");
        assertTrue(robot.lookup("Run #1").tryQuery().isPresent() || robot.lookup(n -> n instanceof Label l && l.getText() != null
                && l.getText().startsWith("Run #1 ·")).tryQuery().isPresent());
        UiFixture.screenshot(view.root(), "vh-overview.png");
    }

    @Test
    void aNewProjectShowsGetStarted(@TempDir Path dir) throws Exception {
        ProjectSession session = new ProjectSession(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }));
        new FxRobot().interact(() -> session.create(dir.resolve("new.vhproj"), new ProjectInfo("ACME", "DC", "J. Doe", Instant.now())));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> session.infoProperty().get() != null);
        OverviewController view = new OverviewController(new OverviewViewModel(session));
        UiFixture.show(session, x -> view.root());
        String[] went = new String[1];
        session.navigationProperty().addListener((o, a, id) -> went[0] = id == null ? went[0] : id);
        FxRobot robot = new FxRobot();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !session.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#overview-get-started").query().isVisible());
        assertEquals("—", robot.lookup("#overview-score").queryAs(Label.class).getText(), "nothing to score yet");
        robot.clickOn("Go to Hosts");
        assertEquals("hosts", went[0]);
        UiFixture.screenshot(view.root(), "vh-overview-new.png");
    }
}
