package org.virtharden.ui.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.virtharden.catalog.Status;
import org.virtharden.model.Waiver;
import org.virtharden.project.Project;
import org.virtharden.ui.session.ProjectSession;

/**
 * Waivers and false positives on the board, headless on a real scanned project: waive with an approver, see the
 * "expires soon" badge, let the waiver expire and renew it in place (history kept), mark and revoke a false positive.
 */
class FindingsWaiverUiTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private static void idle(ProjectSession s) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !s.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void waiveWithApproverSeeTheBadgeRenewTheExpiredWaiverAndMarkAFalsePositive(@TempDir Path dir) throws Exception {
        Path file = UiFixture.scannedProject(dir);
        ProjectSession session = UiFixture.open(file);
        FindingsController board = FindingsViewUiTest.show(session);
        FindingsViewModel vm = board.viewModel();
        FxRobot robot = new FxRobot();
        idle(session);
        robot.interact(() -> board.root().getScene().getWindow().requestFocus());
        TableView<FindingRow> table = robot.lookup("#findings-table").queryTableView();
        int open = vm.count(FindingState.OPEN).get();
        assertTrue(open > 2, "open: " + open);
        assertTrue(text(robot, "#findings-summary").contains(open + " open · 0 waived"), text(robot, "#findings-summary"));
        assertEquals("Open " + open, robot.lookup("#chip-open").queryAs(ToggleButton.class).getText());
        int high = vm.openCount(org.virtharden.catalog.Severity.HIGH).get();
        assertEquals("High " + high, robot.lookup("#chip-high").queryAs(ToggleButton.class).getText());

        // the Open chip filters to open findings only
        robot.clickOn("#chip-open");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(open, table.getItems().size());
        assertTrue(table.getItems().stream().allMatch(r -> r.state() == FindingState.OPEN));
        FindingRow first = table.getItems().stream().filter(r -> r.finding().status() == Status.FAIL && r.finding().guest() == null)
                .findFirst().orElseThrow();
        FindingRow second = table.getItems().stream().filter(r -> r != first && r.finding().status() == Status.FAIL)
                .findFirst().orElseThrow();
        robot.clickOn("#chip-open");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(null, vm.stateProperty().get(), "clicking the chip again clears it");

        // 1. waive with an approver, expiring in 10 days: badged in the table and the detail
        robot.interact(() -> table.getSelectionModel().select(first));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#waive-button");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#waive-justification").write("Isolated management VLAN");
        robot.clickOn("#waive-approver").write("CISO");
        DatePicker expires = robot.lookup("#waive-expires").queryAs(DatePicker.class);
        assertEquals(LocalDate.now(ZoneOffset.UTC).plusDays(Waiver.DEFAULT_DAYS), expires.getValue(), "default 90 days");
        robot.interact(() -> expires.setValue(LocalDate.now(ZoneOffset.UTC).plusDays(10)));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#waive-ok");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> first.status() == Status.WAIVED);
        idle(session);
        assertTrue(first.expiringSoon(vm.now()));
        assertTrue(robot.lookup("#detail-expiring").tryQuery().isPresent(), "badged in the detail");
        assertTrue(robot.lookup(n -> n instanceof Label l && "expires soon".equals(l.getText())).tryQuery().isPresent(),
                "badged in the table");
        assertTrue(text(robot, "#findings-summary").contains((open - 1) + " open · 1 waived · 1 expiring soon"),
                text(robot, "#findings-summary"));
        assertTrue(text(robot, "#detail-waiver").contains("approved by CISO · recorded by J. Doe"), text(robot, "#detail-waiver"));
        UiFixture.screenshot(board.root(), "vh-findings-expiring.png");

        // 2. the waiver expires: the finding is open again, shown as expired, and renewed in place
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement ps = c.prepareStatement("UPDATE waivers SET expires = '2026-01-01T00:00:00.000Z'")) {
            ps.executeUpdate();
        }
        robot.interact(vm::reload);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> first.state() == FindingState.OPEN && first.lapsedWaiver() != null);
        idle(session);
        assertEquals("expired 2026-01-01", text(robot, "#detail-lapsed"));
        assertFalse(robot.lookup("#waive-button").tryQuery().isPresent(), "never recreated: renew instead");
        robot.clickOn("#renew-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Isolated management VLAN", robot.lookup("#waive-justification").queryAs(javafx.scene.control.TextArea.class).getText());
        TextField approver = robot.lookup("#waive-approver").queryAs(TextField.class);
        assertEquals("CISO", approver.getText());
        robot.interact(approver::clear);
        robot.clickOn("#waive-approver").write("CIO");
        assertTrue(robot.lookup("#waive-scope-all").query().isDisabled(), "the scope is part of the waiver");
        robot.clickOn("#waive-ok");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> first.status() == Status.WAIVED);
        idle(session);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#waiver-history").tryQuery()
                .map(h -> !((javafx.scene.layout.VBox) h).getChildren().isEmpty()).orElse(false));
        String hist = ((Label) ((javafx.scene.layout.VBox) robot.lookup("#waiver-history").query()).getChildren().get(0)).getText();
        assertTrue(hist.contains("approved by CISO") && hist.contains("until 2026-01-01"), hist);
        try (Project p = Project.open(file)) {
            assertEquals(1, p.waivers().all().size(), "renewed, not recreated");
            Waiver w = p.waivers().all().get(0);
            assertEquals("CIO", w.approver());
            assertEquals(LocalDate.now(ZoneOffset.UTC).plusDays(Waiver.DEFAULT_DAYS), w.expiryDate());
            assertEquals(1, p.waivers().history(w.id()).size());
        }

        // 3. a false positive: reason required; it leaves the open count; revocable, the reason stays
        int openNow = vm.count(FindingState.OPEN).get();
        robot.interact(() -> table.getSelectionModel().select(second));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#fp-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#fp-ok").query().isDisabled(), "no reason, no false positive");
        robot.clickOn("#fp-reason").write("Test driver node: the value is synthetic");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#fp-ok");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> second.state() == FindingState.FALSE_POSITIVE);
        idle(session);
        assertEquals(openNow - 1, vm.count(FindingState.OPEN).get());
        assertEquals("False + 1", robot.lookup("#chip-false-positive").queryAs(ToggleButton.class).getText());
        assertEquals("FALSE POSITIVE", text(robot, "#detail-status"));
        assertTrue(text(robot, "#findings-summary").contains("1 false positive"), text(robot, "#findings-summary"));
        robot.clickOn("#chip-false-positive");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(java.util.List.of(second), java.util.List.copyOf(table.getItems()));
        UiFixture.screenshot(board.root(), "vh-findings-false-positive.png");
        robot.clickOn("#fp-revoke-button");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> second.state() == FindingState.OPEN);
        idle(session);
        assertEquals(openNow, vm.count(FindingState.OPEN).get());
        try (Project p = Project.open(file)) {
            assertEquals("Test driver node: the value is synthetic", p.falsePositives().all().get(0).reason());
            assertTrue(p.falsePositives().current().isEmpty());
        }
    }
}
