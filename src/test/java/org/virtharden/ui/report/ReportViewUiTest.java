package org.virtharden.ui.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.image.ImageView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.virtharden.ui.Fxml;
import org.virtharden.ui.findings.UiFixture;
import org.virtharden.ui.session.ProjectSession;

/** Screen E on a real scanned project: pre-flight list, PDF preview pages, export, driven headless (Monocle). */
class ReportViewUiTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void previewPagesAndExport(@TempDir Path dir) throws Exception {
        Path file = UiFixture.scannedProject(dir);
        ProjectSession session = UiFixture.open(file);
        Parent view = UiFixture.show(session, ReportController::create);
        ReportViewModel vm = Fxml.controllerOf(view, ReportController.class).viewModel();
        FxRobot robot = new FxRobot();
        assertEquals("no preview yet", robot.lookup("#report-page-label").queryAs(Label.class).getText());

        robot.clickOn("#refresh-button");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> vm.pageCountProperty().get() > 0
                || !vm.errorProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", vm.errorProperty().get());
        int pages = vm.pageCountProperty().get();
        assertTrue(pages > 3, "pages: " + pages);
        assertEquals("page 1 / " + pages, robot.lookup("#report-page-label").queryAs(Label.class).getText());
        ImageView img = robot.lookup("#report-page").queryAs(ImageView.class);
        assertTrue(img.getImage() != null && img.getImage().getWidth() > 500, "page 1 rendered (A4 at 72 dpi is 595 px)");
        ListView<?> pre = robot.lookup("#preflight-list").queryAs(ListView.class);
        assertFalse(pre.getItems().isEmpty(), "manual items are open on a fresh project");
        assertTrue(vm.draftProperty().get());
        assertEquals("Latest run", robot.lookup("#run-choice").queryAs(javafx.scene.control.ChoiceBox.class).getValue()
                .toString(), "the run choice still shows the run after the list of runs was refreshed");
        javafx.scene.control.ComboBox<?> retest = robot.lookup("#retest-choice").queryAs(javafx.scene.control.ComboBox.class);
        assertEquals("None", retest.getValue().toString(), "no retest section unless chosen");
        assertEquals(vm.runs().size(), retest.getItems().size(), "None + every run, as the run choice has Latest + every run");
        UiFixture.screenshot(view, "vh-report.png");

        robot.clickOn("#next-page");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.pageIndexProperty().get() == 1 && !vm.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("page 2 / " + pages, robot.lookup("#report-page-label").queryAs(Label.class).getText());

        Path pdf = dir.resolve("out.pdf");
        Path csv = dir.resolve("out.csv");
        robot.interact(() -> vm.export(pdf, null, csv, null));
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> !vm.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", vm.errorProperty().get());
        assertTrue(Files.size(pdf) > 10_000);
        assertTrue(Files.readString(csv).startsWith("domain,check,title"));
        assertTrue(vm.messageProperty().get().startsWith("Exported out.pdf, out.csv"), vm.messageProperty().get());
    }
}
