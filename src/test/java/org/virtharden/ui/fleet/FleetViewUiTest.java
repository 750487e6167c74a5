package org.virtharden.ui.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.virtharden.fleet.DriftMatrix;
import org.virtharden.fleet.FleetProjects;
import org.virtharden.fleet.RunDiff;
import org.virtharden.model.ScanRun;
import org.virtharden.ui.findings.UiFixture;
import org.virtharden.ui.session.ProjectSession;

/** The Fleet screen on a real project file with two recorded runs, driven headless (Monocle). */
class FleetViewUiTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void driftMatrixSprawlAndRetest(@TempDir Path dir) throws Exception {
        Path file = FleetProjects.twoRuns(dir);
        ProjectSession session = UiFixture.open(file);
        FleetController[] made = new FleetController[1];
        StackPane holder = UiFixture.show(session, s -> {
            made[0] = new FleetController(s);
            return new StackPane(made[0].root());
        });
        FxRobot robot = new FxRobot();
        FleetViewModel vm = made[0].viewModel();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !vm.driftHosts().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();

        // drift matrix: one column per host plus control and majority; the differing cell is highlighted
        @SuppressWarnings("unchecked")
        TableView<DriftMatrix.Row> drift = robot.lookup("#drift-table").queryAs(TableView.class);
        assertEquals(4, drift.getColumns().size());
        assertEquals("kvm01", drift.getColumns().get(1).getText());
        assertEquals(1, drift.getItems().size());
        assertTrue(robot.lookup(".drift-differs").tryQuery().isPresent(), "a differing cell has the drift-differs class");
        Node differs = robot.lookup(".drift-differs").query();
        assertTrue(((javafx.scene.control.Labeled) differs).getText().startsWith("[✕ "), ((javafx.scene.control.Labeled) differs).getText());
        assertEquals("prod-a", robot.lookup("#fleet-group").queryAs(ComboBox.class).getValue());
        CheckBox only = robot.lookup("#fleet-only-differences").queryAs(CheckBox.class);
        assertTrue(only.isSelected(), "only differences by default");
        UiFixture.screenshot(holder, "vh-fleet-drift.png");
        robot.clickOn(only);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(3, drift.getItems().size());

        // VM sprawl tab
        TabPane tabs = robot.lookup("#fleet-tabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> sprawl = robot.lookup("#sprawl-table").queryAs(TableView.class);
        assertTrue(sprawl.getItems().size() >= 3, "unapproved, missing, approved rows: " + sprawl.getItems());
        assertTrue(robot.lookup("rogue01").tryQuery().isPresent());
        String sprawlText = robot.lookup("#sprawl-summary").queryAs(Label.class).getText();
        assertTrue(sprawlText.contains("unapproved 1"), sprawlText);
        UiFixture.screenshot(holder, "vh-fleet-sprawl.png");

        // retest diff tab: defaults to the two latest runs; regressed first
        robot.interact(() -> tabs.getSelectionModel().select(2));
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        TableView<RunDiff.Row> diff = robot.lookup("#diff-table").queryAs(TableView.class);
        assertFalse(diff.getItems().isEmpty());
        assertEquals(RunDiff.Category.REGRESSED, diff.getItems().get(0).category());
        assertTrue(robot.lookup(n -> n instanceof javafx.scene.control.Labeled l && l.getText() != null
                && l.getText().startsWith("Regressed")).tryQuery().isPresent(), "the category is written out");
        UiFixture.screenshot(holder, "vh-fleet-diff.png");
        // swap the runs through the selectors: the fix now reads as a regression
        @SuppressWarnings("unchecked")
        ComboBox<ScanRun> from = robot.lookup("#diff-from").queryAs(ComboBox.class);
        @SuppressWarnings("unchecked")
        ComboBox<ScanRun> to = robot.lookup("#diff-to").queryAs(ComboBox.class);
        ScanRun r1 = from.getValue();
        ScanRun r2 = to.getValue();
        robot.interact(() -> from.setValue(r2));
        robot.interact(() -> to.setValue(r1));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> diff.getItems().stream()
                .anyMatch(r -> r.category() == RunDiff.Category.REGRESSED && r.checkId().equals("VN-017")));
        assertTrue(robot.lookup("#diff-summary").queryAs(Label.class).getText().startsWith("Run #2 → run #1"));
        Parent root = made[0].root();
        assertTrue(root.getStyleClass().contains("fleet"));
    }
}
