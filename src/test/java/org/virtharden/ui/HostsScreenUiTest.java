package org.virtharden.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.virtharden.model.HostConfig;

/** Hosts screen flows that need no SSH server: import from ~/.ssh/config, the password prompt, shortcuts. */
class HostsScreenUiTest {
    private UiTestSupport.Shown shown;
    private String home;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (home != null) {
            System.setProperty("user.home", home);
        }
        if (shown != null) {
            shown.cleanUp();
        }
    }

    private FxRobot openOnHosts(Path dir) throws Exception {
        Path file = UiTestSupport.sampleProject(dir);
        shown = UiTestSupport.show(p -> { });
        FxRobot robot = new FxRobot();
        robot.interact(() -> shown.session().open(file));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown.session().hosts().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        // focus the main window (Monocle leaves focus on the closed dialog of an earlier test)
        robot.interact(() -> ((javafx.stage.Stage) shown.window().root().getScene().getWindow()).requestFocus());
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT2);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("step:hypervisor", shown.window().current(), "Ctrl+2 opens the second checklist");
        robot.clickOn("#nav-hosts");
        WaitForAsyncUtils.waitForFxEvents();
        return robot;
    }

    @Test
    void importsPickedHostsFromSshConfig(@TempDir Path dir) throws Exception {
        Path fakeHome = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(fakeHome.resolve(".ssh"));
        Files.writeString(fakeHome.resolve(".ssh/config"), """
                Host kvm01
                    HostName 10.1.0.11
                Host kvm07 kvm08
                    User audit
                    Port 2207
                Host *
                    User ops
                """);
        FxRobot robot = openOnHosts(dir);
        home = System.getProperty("user.home");
        System.setProperty("user.home", fakeHome.toString());
        robot.clickOn("#importSshButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("Add selected").tryQuery().isPresent());
        assertTrue(robot.lookup((javafx.scene.control.CheckBox c) -> c.getText().contains("(already in the project)")
                && c.isDisabled()).tryQuery().isPresent(), "kvm01 exists already and is not offered");
        robot.clickOn((javafx.scene.control.CheckBox c) -> c.getText().startsWith("kvm08"));
        robot.clickOn("Add selected");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown.session().hosts().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        HostConfig kvm07 = shown.session().hosts().stream().filter(h -> h.name().equals("kvm07")).findFirst().orElseThrow();
        assertEquals("audit", kvm07.user());
        assertEquals(2207, kvm07.port());
        assertEquals("kvm07", kvm07.address());
        assertTrue(robot.lookup("#hostMessage").queryAs(Label.class).getText().contains("Added 1 hosts"));
    }

    @Test
    void aPasswordIsAskedForAndNeverSaved(@TempDir Path dir) throws Exception {
        FxRobot robot = openOnHosts(dir);
        robot.clickOn("#hostName").write("self");
        robot.interact(() -> {
            robot.lookup("#hostAddress").queryTextInputControl().setText("local");
            robot.lookup("#hostUser").queryTextInputControl().setText("root");
        });
        robot.clickOn("#authPassword");
        robot.clickOn("#saveHostButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown.session().hosts().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        HostConfig self = shown.session().hosts().stream().filter(h -> h.name().equals("self")).findFirst().orElseThrow();
        assertEquals("VH_SELF_PASSWORD", self.passwordEnv(), "only the variable's name is stored");
        TableView<HostConfig> table = robot.lookup("#hostTable").queryTableView();
        robot.interact(() -> table.getSelectionModel().select(self));
        robot.clickOn("#testButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#passwordField").tryQuery().isPresent());
        robot.clickOn("#passwordField").write("typed-s3cret");
        robot.clickOn("OK");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS,
                () -> robot.lookup("#hostMessage").queryAs(Label.class).getText().startsWith("✓ self"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !shown.session().busyProperty().get());
        Path file = shown.session().fileProperty().get();
        for (Path p : new Path[] {file, Path.of(file + "-wal")}) {
            if (Files.exists(p)) {
                assertFalse(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains("typed-s3cret"));
            }
        }
    }
}
