package org.virtharden.ui.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.virtharden.catalog.Status;
import org.virtharden.model.Finding;
import org.virtharden.model.Waiver;
import org.virtharden.project.Project;
import org.virtharden.ui.session.ProjectSession;

/** The findings board on a real, scanned project file, driven headless (Monocle). */
class FindingsViewUiTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    /** The board as the main window makes it (FXML + controller), shown in the primary stage. */
    static FindingsController show(ProjectSession session) throws Exception {
        javafx.scene.Parent root = UiFixture.show(session, s -> new FindingsController(s).root());
        FindingsController c = org.virtharden.ui.Fxml.controllerOf(root, FindingsController.class);
        assertTrue(c != null, "the root carries its controller");
        return c;
    }

    @Test
    void filterSeeEvidenceAndWaiveAFail(@TempDir Path dir) throws Exception {
        Path file = UiFixture.scannedProject(dir);
        ProjectSession session = UiFixture.open(file);
        FindingsController board = show(session);
        javafx.scene.Parent view = board.root();
        FxRobot robot = new FxRobot();
        FindingsViewModel vm = board.viewModel();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !session.busyProperty().get());
        TableView<FindingRow> table = robot.lookup("#findings-table").queryTableView();
        int all = table.getItems().size();
        assertEquals(session.findings().size(), all);

        // filter by status FAIL through the status box
        @SuppressWarnings("unchecked")
        ComboBox<Status> status = robot.lookup("#filter-status").queryAs(ComboBox.class);
        robot.interact(() -> status.getSelectionModel().select(Status.FAIL));
        WaitForAsyncUtils.waitForFxEvents();
        int fails = table.getItems().size();
        assertTrue(fails > 0 && fails < all, fails + " of " + all);
        assertTrue(table.getItems().stream().allMatch(r -> r.status() == Status.FAIL));
        assertTrue(robot.lookup("✕").tryQuery().isPresent(), "status has a shape as well as a colour");
        UiFixture.screenshot(view, "vh-findings.png");

        // and by text, typed into the filter field
        Finding first = table.getItems().get(0).finding();
        robot.clickOn("#filter-text").write(first.checkId().toLowerCase());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(first.checkId().toLowerCase(), robot.lookup("#filter-text").queryAs(TextField.class).getText());
        assertTrue(table.getItems().size() >= 1 && table.getItems().size() <= fails);
        assertTrue(table.getItems().stream().allMatch(r -> r.finding().checkId().equals(first.checkId())
                || r.searchText().contains(first.checkId().toLowerCase())));
        assertTrue(robot.lookup("#findings-summary").queryAs(Label.class).getText().contains(" of " + all + " results"));

        // open its evidence: the SHA-256 is shown (and checked)
        FindingRow row = table.getItems().stream().filter(r -> r.finding().evidenceId() != 0).findFirst().orElseThrow();
        robot.interact(() -> table.getSelectionModel().select(row));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#evidence-sha").tryQuery().isPresent());
        Label sha = robot.lookup("#evidence-sha").queryAs(Label.class);
        assertEquals("SHA-256 " + row.finding().evidenceSha256(), sha.getText());
        assertTrue(robot.lookup("✓ matches the stored output").tryQuery().isPresent());
        assertTrue(robot.lookup(n -> n instanceof Label l && l.getText() != null && l.getText().startsWith("$ ")).tryQuery().isPresent(),
                "each command is shown");
        UiFixture.screenshot(view, "vh-findings-detail.png");

        // waive it through the dialog: justification required, author defaults to the assessor, expiry to +90 days
        robot.clickOn("#waive-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#waive-ok").query().isDisabled(), "no justification, no waiver");
        assertEquals("J. Doe", robot.lookup("#waive-author").queryAs(TextField.class).getText());
        robot.clickOn("#waive-justification").write("Compensating control: management VLAN only");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#waive-ok").query().isDisabled(), "no approver, no waiver");
        assertEquals("Name who approved the risk.", robot.lookup("#waive-problem").queryAs(Label.class).getText());
        robot.clickOn("#waive-approver").write("CIO");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#waive-ok").query().isDisabled());
        UiFixture.screenshot(robot.lookup("#waive-justification").query(), "vh-waive-dialog.png");
        robot.clickOn("#waive-ok");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> row.status() == Status.WAIVED);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !session.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#detail-waiver").tryQuery().isPresent());

        try (Project p = Project.open(file)) {
            List<Waiver> ws = p.waivers().all();
            assertEquals(1, ws.size());
            Waiver w = ws.get(0);
            assertEquals(row.finding().checkId(), w.checkId());
            assertEquals(row.finding().hostId(), w.hostId());
            assertEquals("J. Doe", w.author());
            assertEquals("CIO", w.approver());
            assertEquals("Compensating control: management VLAN only", w.justification());
            assertEquals(LocalDate.now(ZoneOffset.UTC).plusDays(90), w.expiryDate());
        }
        // the status filter now leaves it out of FAIL
        assertTrue(vm.filtered().stream().noneMatch(r -> r == row));

        // revoke: it is a FAIL again, the waiver stays in the file as history
        robot.interact(() -> vm.statusProperty().set(null));
        robot.interact(() -> table.getSelectionModel().select(row));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#revoke-button");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> row.status() == Status.FAIL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !session.busyProperty().get());
        try (Project p = Project.open(file)) {
            assertEquals(1, p.waivers().all().size());
            assertTrue(p.waivers().current(java.time.Instant.now()).isEmpty());
        }
    }
}
