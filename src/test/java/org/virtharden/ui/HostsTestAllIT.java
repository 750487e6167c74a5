package org.virtharden.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.virtharden.model.HostConfig;
import org.virtharden.model.ProjectInfo;
import org.virtharden.project.Project;
import org.virtharden.testhosts.RealPeers;
import org.virtharden.testhosts.TestHost;
import org.virtharden.testhosts.TestHostSpec;
import org.virtharden.testhosts.TestHosts;

/**
 * Test all on the Hosts screen (Monocle headless) against real sshd test hosts: a host whose key is new (the trust
 * dialog comes up and is answered), one with sudo refused, and a closed port; the Test column and each host's stages.
 */
class HostsTestAllIT {
    private static TestHosts hosts;
    private static String oldHome;

    @BeforeAll
    static void start() throws Exception {
        RealPeers.assume(TestHosts.namespacesAvailable(), "Test all connects to namespaced sshd test hosts (needs root)");
        hosts = TestHosts.start(TestHostSpec.named("kvm01").sudo("nopasswd", null),
                TestHostSpec.named("kvm02").sudo("nopasswd", null).sudoRule("auditor ALL=(root) NOPASSWD: /usr/bin/id"));
        FxToolkit.registerPrimaryStage();
        oldHome = System.getProperty("user.home");
    }

    @AfterAll
    static void stop() {
        if (hosts != null) {
            hosts.close();
        }
        if (oldHome != null) {
            System.setProperty("user.home", oldHome);
        }
    }

    private final FxRobot robot = new FxRobot();
    private UiTestSupport.Shown shown;

    private Node find(String css) {
        return shown.find(css);
    }

    private static javafx.scene.control.DialogPane dialogWith(String buttonText) {
        return UiTestSupport.dialogWith(buttonText);
    }

    private String stages() {
        StringBuilder sb = new StringBuilder();
        ((VBox) find("#testStages")).getChildren().forEach(n -> sb.append(((Label) n).getText()).append('\n'));
        return sb.toString();
    }

    @Test
    void testAllFillsTheTestColumnAndShowsEachHostsStages(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve(".ssh"));
        TestHost kvm01 = hosts.get("kvm01");
        TestHost kvm02 = hosts.get("kvm02");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path file = dir.resolve("fleet.vhproj");
        try (Project p = Project.create(file, new ProjectInfo("ACME Bank", "DC-North", "J. Doe", Instant.now()))) {
            // kvm01: the app's own known_hosts (empty): its key is new and goes through the trust dialog
            p.hosts().add(new HostConfig(0, "kvm01", kvm01.address(), kvm01.port(), kvm01.user(),
                    kvm01.privateKey().toString(), null, "nopasswd", null, null, null, null));
            p.hosts().add(new HostConfig(0, "kvm02", kvm02.address(), kvm02.port(), kvm02.user(),
                    kvm02.privateKey().toString(), null, "nopasswd", null, kvm02.knownHosts().toString(), null, null));
            p.hosts().add(new HostConfig(0, "kvm03", "127.0.0.1", closed, "audit", null, null, "none", null, null, null,
                    null));
        }
        shown = UiTestSupport.show(prefs -> { });
        try {
            // the app's known_hosts is ~/.ssh/known_hosts, read when the Hosts screen is built: point it at an empty
            // one (after the preferences are set up, which also live under user.home)
            System.setProperty("user.home", home.toString());
            robot.interact(() -> shown.session().open(file));
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> shown.session().hosts().size() == 3);
            robot.interact(() -> shown.window().show("hosts"));
            WaitForAsyncUtils.waitForFxEvents();

            robot.clickOn("#testAllButton");
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> dialogWith("Trust this key") != null);
            assertTrue(((Label) shown.window().root().lookup("#statusLabel")).getText().startsWith("Testing connections: "));
            assertTrue(find("#statusCancelButton").isVisible(), "Test all can be cancelled from the status bar");
            javafx.scene.control.DialogPane trust = dialogWith("Trust this key");
            assertTrue(((Label) trust.lookup("#hostKeyFingerprint")).getText().contains(kvm01.hostKeyFingerprint()));
            robot.interact(() -> ((javafx.scene.control.Button) trust.lookupButton(trust.getButtonTypes().stream()
                    .filter(b -> b.getText().equals("Trust this key")).findFirst().orElseThrow())).fire());
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                    () -> ((javafx.scene.control.Button) find("#testAllButton")).getText().equals("Test all"));
            WaitForAsyncUtils.waitForFxEvents();

            @SuppressWarnings("unchecked")
            TableView<HostConfig> table = (TableView<HostConfig>) find("#hostTable");
            @SuppressWarnings("unchecked")
            TableColumn<HostConfig, String> test = (TableColumn<HostConfig, String>) table.getColumns().stream()
                    .filter(c -> "testColumn".equals(c.getId())).findFirst().orElseThrow();
            List<String> column = table.getItems().stream().map(h -> h.name() + " " + test.getCellData(h)).toList();
            assertEquals(List.of("kvm01 ✓ OK", "kvm02 ⚡ sudo", "kvm03 ✕ TCP"), column);
            assertEquals("Connection tests done: 1 of 3 hosts OK.",
                    ((Label) shown.window().root().lookup("#statusLabel")).getText());
            assertTrue(((Label) find("#hostMessage")).getText().contains("1 of 3 hosts OK"));

            robot.interact(() -> table.getSelectionModel().select(0));
            WaitForAsyncUtils.waitForFxEvents();
            String one = stages();
            assertTrue(one.startsWith("✓ TCP reachable ("), one);
            assertTrue(one.contains("✓ New host key trusted on your word: ssh-ed25519 " + kvm01.hostKeyFingerprint()), one);
            assertTrue(one.contains("✓ Logged in as " + kvm01.user() + " (publickey"), one);
            assertTrue(one.contains("✓ sudo -n true: works"), one);
            assertTrue(one.contains("✓ Tools present: virsh"), one);
            assertTrue(Files.readString(home.resolve(".ssh/known_hosts")).contains("ssh-ed25519"));

            robot.interact(() -> table.getSelectionModel().select(1));
            WaitForAsyncUtils.waitForFxEvents();
            String two = stages();
            assertTrue(two.contains("⚡ sudo -n true: \""), two);
            assertTrue(two.contains("No checks that need root will run on this host"), two);
            assertTrue(two.contains("Fix: NOPASSWD for the read-only commands"), two);
            assertTrue(((Label) find("#stage-tools")).getText().startsWith("✓ Tools present"), two);

            robot.interact(() -> table.getSelectionModel().select(2));
            WaitForAsyncUtils.waitForFxEvents();
            String three = stages();
            assertTrue(three.startsWith("✕ TCP: nothing listens on 127.0.0.1:" + closed + " (connection refused)"), three);
            assertTrue(three.contains("· Login: not tested (an earlier stage failed)"), three);
            // fired directly: the form panel is scrolled below the 720 px test window
            robot.interact(() -> ((javafx.scene.control.Button) find("#copyDiagnosticsButton")).fire());
            WaitForAsyncUtils.waitForFxEvents();
            String[] clip = new String[1];
            robot.interact(() -> clip[0] = Clipboard.getSystemClipboard().getString());
            assertTrue(clip[0].startsWith("Connection test of kvm03 (audit@127.0.0.1:" + closed + ")"), clip[0]);
            assertTrue(clip[0].contains("  Fix: Check the address and port"), clip[0]);

            // Test again re-runs just this host
            robot.interact(() -> ((javafx.scene.control.Button) find("#testAgainButton")).fire());
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                    () -> ((Label) find("#hostMessage")).getText().startsWith("✕ kvm03: ✕ TCP"));
        } finally {
            System.setProperty("user.home", oldHome);
            cleanUp();
        }
    }

    /** Other JVMs on this machine may hold the user preferences lock for a moment: retry a few times. */
    private void cleanUp() throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                shown.cleanUp();
                return;
            } catch (java.util.prefs.BackingStoreException e) {
                if (attempt == 5) {
                    throw e;
                }
                Thread.sleep(300L * attempt);
            }
        }
    }
}
