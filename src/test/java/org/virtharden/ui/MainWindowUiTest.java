package org.virtharden.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.virtharden.model.HostConfig;
import org.virtharden.project.Project;

/** The main window, start screen and hosts screen on real project files, driven headless (Monocle). */
class MainWindowUiTest {
    private UiTestSupport.Shown shown;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (shown != null) {
            shown.cleanUp();
        }
    }

    @Test
    void opensAProjectShowsItsTitleNavigationAndProgress(@TempDir Path dir) throws Exception {
        Path file = UiTestSupport.sampleProject(dir);
        shown = UiTestSupport.show(p -> { });
        FxRobot robot = new FxRobot();
        assertEquals("start", shown.window().current());
        robot.interact(() -> shown.session().open(file));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown.session().findings().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("overview", shown.window().current());
        assertEquals("ACME Bank · DC-North", robot.lookup("#titleLabel").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#savedLabel").queryAs(Label.class).getText().startsWith("Saved "));
        // the overview screen is shown, not a placeholder
        assertTrue(robot.lookup((javafx.scene.Node n) -> "overview-view".equals(n.getId())).tryQuery().isPresent());
        assertFalse(robot.lookup("This screen is not available yet.").tryQuery().isPresent());
        // the hypervisor checklist has one PASS result for kvm01
        VBox hv = robot.lookup("#nav-step-hypervisor").queryAs(VBox.class);
        ProgressBar bar = (ProgressBar) ((javafx.scene.layout.HBox) hv.getChildren().get(1)).getChildren().get(0);
        assertTrue(bar.getProgress() > 0, "hypervisor progress " + bar.getProgress());
        assertTrue(robot.lookup("#countsLabel").queryAs(Label.class).getText().contains("run #1 complete"));
        // the last project is remembered
        assertEquals(file.toAbsolutePath().normalize(), shown.prefs().lastProject());
        assertEquals("ACME Bank", shown.prefs().recent().get(0).client());
        robot.clickOn("#nav-hosts");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("hosts", shown.window().current());
        TableView<?> table = robot.lookup("#hostTable").queryTableView();
        assertEquals(1, table.getItems().size());
    }

    @Test
    void collapsesTheNavigationGoesToACheckAndEntersWalkMode(@TempDir Path dir) throws Exception {
        Path file = UiTestSupport.sampleProject(dir);
        shown = UiTestSupport.show(p -> { });
        FxRobot robot = new FxRobot();
        robot.interact(() -> shown.session().open(file));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown.session().findings().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> ((javafx.stage.Stage) shown.window().root().getScene().getWindow()).requestFocus());
        assertFalse(shown.window().navCollapsed());
        robot.push(KeyCode.CONTROL, KeyCode.B);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(shown.window().navCollapsed(), "Ctrl+B collapses the navigation to icons");
        Label hostsName = (Label) robot.lookup("#nav-hosts").queryAs(VBox.class).lookup(".nav-name");
        assertFalse(hostsName.isVisible(), "names are hidden when collapsed");
        robot.push(KeyCode.CONTROL, KeyCode.B);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(hostsName.isVisible());
        // Ctrl+K: type part of a check id, Enter goes to its checklist
        robot.push(KeyCode.CONTROL, KeyCode.K);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#goto-field").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#goto-field").queryTextInputControl().setText("hv-001"));
        WaitForAsyncUtils.waitForFxEvents();
        ListView<?> list = robot.lookup("#goto-list").queryAs(ListView.class);
        assertTrue(list.getItems().size() >= 1 && list.getItems().get(0).toString().contains("HV-001"), list.getItems().toString());
        robot.push(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "step:hypervisor".equals(shown.window().current()));
        // Walk mode leads to the first checklist when pressed elsewhere
        robot.interact(() -> shown.window().show("overview"));
        robot.clickOn("#walkToggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(shown.session().walkModeProperty().get());
        assertEquals("step:physical", shown.window().current());
        robot.clickOn("#walkToggle");
    }

    @Test
    void anOlderRunStaysViewableFromTheRunSelector(@TempDir Path dir) throws Exception {
        Path file = UiTestSupport.sampleProject(dir);
        try (Project p = Project.open(file)) {
            // a second, newer run with a single result
            org.virtharden.model.ScanRun run = p.runs().start("test");
            long host = p.hosts().list().get(0).id();
            p.findings().recordProbe(new org.virtharden.model.Evidence(0, run.id(), host, null, "sshd", "[]", "cd34",
                    java.time.Instant.now().plusSeconds(5), 5), java.util.List.of(new org.virtharden.model.Finding(0, run.id(), host,
                    "kvm01", null, "VN-017", "test", org.virtharden.catalog.Domain.NETWORK, "SSH", org.virtharden.catalog.Severity.HIGH,
                    org.virtharden.catalog.Status.PASS, "no", "no", "ok", 0, "cd34", java.time.Instant.now())));
            p.runs().finish(run.id(), "complete");
        }
        shown = UiTestSupport.show(p -> { });
        FxRobot robot = new FxRobot();
        robot.interact(() -> shown.session().open(file));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown.session().findings().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.ComboBox<?> runs = robot.lookup("#runSelector").queryAs(javafx.scene.control.ComboBox.class);
        assertEquals(2, runs.getItems().size());
        assertFalse(robot.lookup("#olderRunLabel").query().isVisible());
        robot.interact(() -> runs.getSelectionModel().select(1));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown.session().findings().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(shown.session().viewingOlderRunProperty().get());
        assertTrue(robot.lookup("#olderRunLabel").query().isVisible(), "an older run on view is labelled");
        robot.interact(() -> runs.getSelectionModel().select(0));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown.session().findings().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(shown.session().viewingOlderRunProperty().get());
    }

    @Test
    void createsAProjectFromTheStartScreen(@TempDir Path dir) throws Exception {
        shown = UiTestSupport.show(p -> { });
        FxRobot robot = new FxRobot();
        Path target = dir.resolve("acme.vhproj");
        robot.clickOn("#createButton");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#formMessage").queryAs(Label.class).getText().contains("client"), "client required");
        robot.clickOn("#clientField").write("ACME Bank");
        robot.interact(() -> {
            robot.lookup("#siteField").queryTextInputControl().setText("DC-North");
            robot.lookup("#scopeArea").queryTextInputControl().setText("kvm01-04, rack R2");
            robot.lookup("#fileField").queryTextInputControl().setText(target.toString());
        });
        robot.clickOn("#createButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown.session().fileProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Files.exists(target));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "overview".equals(shown.window().current()));
        assertEquals("ACME Bank · DC-North", robot.lookup("#titleLabel").queryAs(Label.class).getText());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !shown.session().busyProperty().get());
        try (Project p = Project.open(target)) {
            assertEquals("kvm01-04, rack R2", p.settings().get("project.scope").orElse(""));
            assertFalse(p.settings().get("project.start").orElse("").isEmpty());
            assertEquals("ACME Bank", p.info().client());
        }
        assertEquals(target.toAbsolutePath().normalize(), shown.prefs().recent().get(0).file());
    }

    @Test
    void aDamagedRecentFileShowsTheBannerAndIsLeftAlone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.vhproj");
        byte[] junk = "this is not a project".getBytes();
        Files.write(file, junk);
        shown = UiTestSupport.show(p -> p.opened(file, "Old client", "Old site"));
        FxRobot robot = new FxRobot();
        assertTrue(robot.lookup("Old client · Old site").tryQuery().isPresent());
        robot.clickOn("#recent-0");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !shown.session().errorProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        Label banner = robot.lookup("#errorBanner").queryAs(Label.class);
        assertTrue(banner.isVisible() && banner.getParent().isVisible());
        assertTrue(banner.getText().contains("broken.vhproj"), banner.getText());
        assertFalse(banner.getText().contains("Exception"), banner.getText());
        assertFalse(banner.getText().contains("\tat "), banner.getText());
        assertEquals("start", shown.window().current());
        assertTrue(java.util.Arrays.equals(junk, Files.readAllBytes(file)), "file untouched");
    }

    @Test
    void addsTheLocalMachineAsAHostThroughTheForm(@TempDir Path dir) throws Exception {
        Path file = UiTestSupport.sampleProject(dir);
        shown = UiTestSupport.show(p -> { });
        FxRobot robot = new FxRobot();
        robot.interact(() -> shown.session().open(file));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown.session().hosts().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#nav-hosts");
        // a duplicate name is refused with HostRepository's message, inline
        robot.clickOn("#hostName").write("kvm01");
        robot.interact(() -> {
            robot.lookup("#hostAddress").queryTextInputControl().setText("local");
            robot.lookup("#hostUser").queryTextInputControl().setText("root");
        });
        robot.clickOn("#saveHostButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#hostMessage").queryAs(Label.class).getText().contains("already"));
        robot.interact(() -> robot.lookup("#hostName").queryTextInputControl().setText("self"));
        robot.clickOn("#saveHostButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown.session().hosts().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        TableView<HostConfig> table = robot.lookup("#hostTable").queryTableView();
        HostConfig self = table.getItems().stream().filter(h -> h.name().equals("self")).findFirst().orElseThrow();
        assertEquals("local", self.address());
        assertEquals("root", self.user());
        assertEquals("none", self.sudoMode());
        assertTrue(robot.lookup("#hostMessage").queryAs(Label.class).getText().contains("Added self"));
        assertTrue(robot.lookup("self").tryQuery().isPresent(), "shown in the table");
    }

    @Test
    void scanShowsAProgressBarPerHostAndReloadsWhenDone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scan.vhproj");
        try (Project p = Project.create(file, new org.virtharden.model.ProjectInfo("ACME", "Lab", "me", java.time.Instant.now()))) {
            // port 1 on loopback refuses at once: the host fails fast, no SSH server needed
            p.hosts().add(new HostConfig(0, "closed", "127.0.0.1", 1, "audit", null, null, "none", null, null, null, null));
        }
        shown = UiTestSupport.show(p -> { });
        FxRobot robot = new FxRobot();
        robot.interact(() -> shown.session().open(file));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown.session().hosts().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#scanButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shown.session().runProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#scanPanel").query().isVisible());
        ProgressBar bar = robot.lookup("#scanBar-closed").queryAs(ProgressBar.class);
        assertEquals(1.0, bar.getProgress(), 0.001);
        assertTrue(robot.lookup("1/1 hosts done").tryQuery().isPresent());
        assertTrue(robot.lookup((Label l) -> l.getText() != null && l.getText().startsWith("⚡ Failed")).tryQuery().isPresent());
        assertEquals("failed", shown.session().runProperty().get().state());
    }
}
