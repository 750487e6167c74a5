package org.virtharden.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.Evidence;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.ProjectInfo;
import org.virtharden.model.ScanRun;
import org.virtharden.project.Project;
import org.virtharden.ui.main.MainViewModel;

/** The main window on a real project file, driven headless (Monocle). */
class MainWindowUiTest {
    private static Stage stage;

    @BeforeAll
    static void toolkit() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
    }

    private static MainViewModel show() throws Exception {
        MainViewModel vm = new MainViewModel(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }));
        FxToolkit.setupStage(s -> {
            try {
                Scene scene = new Scene(VirthardenApp.loadMain(vm), 1200, 700);
                scene.getStylesheets().add(VirthardenApp.class.getResource("virtharden.css").toExternalForm());
                s.setScene(scene);
                s.show();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return vm;
    }

    static Path sampleProject(Path dir) throws Exception {
        Path file = dir.resolve("ui.vhproj");
        try (Project p = Project.create(file, new ProjectInfo("ACME Bank", "DC-North", "J. Doe", Instant.now()))) {
            HostConfig h = p.hosts().add(new HostConfig(0, "kvm01", "10.1.0.11", 22, "audit", null, null, "nopasswd", null, null,
                    "qemu:///system", null));
            ScanRun run = p.runs().start("test");
            String json = "[]";
            p.findings().recordProbe(new Evidence(0, run.id(), h.id(), null, "sshd", json, "ab12", Instant.now(), 5), List.of(
                    new Finding(0, run.id(), h.id(), "kvm01", null, "VN-017", "test", Domain.NETWORK,
                            "SSH authentication hardening", Severity.HIGH, Status.FAIL, "permitrootlogin=yes", "permitrootlogin in {no}",
                            "permitrootlogin=yes (FAIL: expected no)", 0, "ab12", Instant.now()),
                    new Finding(0, run.id(), h.id(), "kvm01", null, "HV-021", "test", Domain.HYPERVISOR,
                            "Kernel hardening sysctls <b>", Severity.MEDIUM, Status.PASS, "", "", "all 8 conditions hold", 0,
                            "ab12", Instant.now())));
            p.runs().finish(run.id(), "complete");
        }
        return file;
    }

    @Test
    void opensAProjectAndShowsItsHostsAndFindings(@TempDir Path dir) throws Exception {
        Path file = sampleProject(dir);
        MainViewModel vm = show();
        FxRobot robot = new FxRobot();
        robot.interact(() -> vm.open(file));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.findings().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        ListView<HostConfig> hosts = robot.lookup("#hostList").queryListView();
        TableView<Finding> table = robot.lookup("#findingTable").queryTableView();
        assertEquals("kvm01", hosts.getItems().get(0).name());
        assertEquals(2, table.getItems().size());
        Label title = robot.lookup("#titleLabel").queryAs(Label.class);
        assertEquals("ACME Bank · DC-North", title.getText());
        Label status = robot.lookup("#statusLabel").queryAs(Label.class);
        assertTrue(status.getText().contains("run #1 complete"), status.getText());
        // hostile text is shown as text (a Label never interprets markup)
        assertTrue(robot.lookup("Kernel hardening sysctls <b>").tryQuery().isPresent());
        assertTrue(robot.lookup("✕ FAIL").tryQuery().isPresent(), "status shown with a shape, not colour alone");
    }

    @Test
    void aDamagedFileGivesAClearMessageAndIsLeftAlone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.vhproj");
        byte[] junk = "this is not a project".getBytes();
        Files.write(file, junk);
        MainViewModel vm = show();
        FxRobot robot = new FxRobot();
        robot.interact(() -> vm.open(file));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !vm.errorProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        Label banner = robot.lookup("#errorBanner").queryAs(Label.class);
        assertTrue(banner.isVisible());
        assertTrue(banner.getText().contains("broken.vhproj"), banner.getText());
        assertFalse(banner.getText().contains("Exception"), banner.getText());
        assertTrue(java.util.Arrays.equals(junk, Files.readAllBytes(file)), "file untouched");
    }
}
