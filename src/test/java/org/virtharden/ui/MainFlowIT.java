package org.virtharden.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.virtharden.catalog.Status;
import org.virtharden.model.Answer;
import org.virtharden.model.Finding;
import org.virtharden.model.Waiver;
import org.virtharden.project.Project;
import org.virtharden.testhosts.RealPeers;
import org.virtharden.testhosts.TestHost;
import org.virtharden.testhosts.TestHostSpec;
import org.virtharden.testhosts.TestHosts;
import org.virtharden.ui.Fxml;
import org.virtharden.ui.assessment.StepController;
import org.virtharden.ui.findings.FindingRow;

/**
 * The operator's main flow through the real desktop app (Monocle headless) against a real sshd test host: create a
 * project → add the host → trust its key → scan it → walk the Guests step and answer a manual item with a photo →
 * waive a finding → close and reopen the project and find it all there.
 */
class MainFlowIT {
    private static TestHosts hosts;
    private static String oldHome;

    @BeforeAll
    static void start() throws Exception {
        RealPeers.assume(TestHosts.namespacesAvailable(), "the main flow scans a namespaced sshd test host (needs root)");
        hosts = TestHosts.start(TestHostSpec.named("good").fromResources("hosts/good"));
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

    private UiTestSupport.Shown shown;
    private final FxRobot robot = new FxRobot();

    private Node find(String css) {
        return shown.find(css);
    }

    private void text(String css, String value) {
        robot.interact(() -> ((javafx.scene.control.TextInputControl) find(css)).setText(value));
    }

    private void fire(String css) {
        robot.interact(() -> ((javafx.scene.control.ButtonBase) find(css)).fire());
    }

    private static Node lookupAnywhere(String css) {
        for (javafx.stage.Window w : javafx.stage.Window.getWindows()) {
            if (w.getScene() != null && w.isShowing()) {
                Node n = w.getScene().getRoot().lookup(css);
                if (n != null) {
                    return n;
                }
            }
        }
        return null;
    }

    private static javafx.scene.control.DialogPane dialogWith(String buttonText) {
        return UiTestSupport.dialogWith(buttonText);
    }

    private static void pressButton(javafx.scene.control.DialogPane d, String text) {
        d.getButtonTypes().stream().filter(b -> b.getText().equals(text)).findFirst()
                .map(d::lookupButton).map(javafx.scene.control.ButtonBase.class::cast).orElseThrow().fire();
    }

    private static String textOf(Node n) {
        StringBuilder sb = new StringBuilder();
        if (n instanceof Labeled l && l.getText() != null) {
            sb.append(l.getText()).append(' ');
        }
        if (n instanceof javafx.scene.control.TextInputControl t) {
            sb.append(t.getText()).append(' ');
        }
        if (n instanceof javafx.scene.Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> sb.append(textOf(c)));
        }
        return sb.toString();
    }

    @Test
    void createAddTrustScanAnswerWaiveReopen(@TempDir Path dir) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(home.resolve(".ssh"));
        TestHost h = hosts.get("good");
        shown = UiTestSupport.show(p -> { });
        try {
            // the app's known_hosts is the operator's ~/.ssh/known_hosts, read when the Hosts screen is built: point it
            // at an empty one for this test (only now: the Java preferences, set up above, live under user.home too,
            // and must not end up in this test's temporary folder for the tests after it)
            System.setProperty("user.home", home.toString());
            // 1. create the project from the start screen
            Path file = dir.resolve("acme.vhproj");
            text("#clientField", "ACME Bank");
            text("#siteField", "DC-North");
            text("#assessorField", "J. Doe");
            text("#fileField", file.toString());
            fire("#createButton");
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> shown.session().fileProperty().get() != null);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !shown.session().busyProperty().get());
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "overview".equals(shown.window().current()));

            // 2. add the sshd test host through the form
            robot.interact(() -> shown.window().show("hosts"));
            WaitForAsyncUtils.waitForFxEvents();
            text("#hostName", "kvm01");
            text("#hostAddress", h.address());
            text("#hostPort", Integer.toString(h.port()));
            text("#hostUser", h.user());
            robot.interact(() -> ((RadioButton) find("#authKey")).setSelected(true));
            text("#hostKeyPath", h.privateKey().toString());
            robot.interact(() -> ((javafx.scene.control.ChoiceBox<?>) find("#hostSudo")).getSelectionModel().select(1));
            assertEquals("nopasswd", String.valueOf(((javafx.scene.control.ChoiceBox<?>) find("#hostSudo")).getValue()));
            text("#hostLibvirtUri", "test:///etc/libvirt/testnode.xml");
            fire("#saveHostButton");
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> shown.session().hosts().size() == 1);
            WaitForAsyncUtils.waitForFxEvents();

            // 3. test the connection: the new host key is shown with its fingerprint and trusted on the operator's word
            TableView<?> table = (TableView<?>) find("#hostTable");
            robot.interact(() -> table.getSelectionModel().select(0));
            fire("#testButton");
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> dialogWith("Trust this key") != null);
            javafx.scene.control.DialogPane trust = dialogWith("Trust this key");
            String shownText = trust.getContentText() + " " + (trust.getContent() == null ? "" : textOf(trust.getContent()))
                    + " " + trust.getHeaderText();
            assertTrue(shownText.contains(h.hostKeyFingerprint()), "the SHA-256 fingerprint is shown: " + shownText);
            robot.interact(() -> pressButton(trust, "Trust this key"));
            Path known = home.resolve(".ssh/known_hosts");
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.exists(known) && Files.size(known) > 0);
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !shown.session().busyProperty().get());

            // 4. scan it: every host check and guest check recorded
            fire("#scanButton");
            WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> shown.session().runProperty().get() != null
                    && !"running".equals(shown.session().runProperty().get().state()) && !shown.session().findings().isEmpty());
            assertEquals("complete", shown.session().runProperty().get().state());
            assertTrue(shown.session().findings().size() > 100, "findings: " + shown.session().findings().size());

            // 5. walk the Guests step and answer GU-022 for web01 with a photo
            robot.interact(() -> shown.window().show("step:guest"));
            WaitForAsyncUtils.waitForFxEvents();
            StepController step = Fxml.controllerOf(((javafx.scene.layout.StackPane) find("#center")).getChildren().get(0), StepController.class);
            robot.interact(() -> assertTrue(step.select("kvm01", "web01", "GU-022")));
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> ((javafx.scene.control.ToggleButton) find("#answerFail")).fire());
            text("#answerNote", "same local admin password as db01");
            Path png = dir.resolve("console.png");
            Files.write(png, java.util.Base64.getDecoder().decode(
                    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="));
            robot.interact(() -> step.attach(png));
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !((javafx.scene.control.Button) find("#saveAnswer")).isDisabled());
            fire("#saveAnswer");
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> shown.session().answers().size() == 1);

            // 6. waive a FAIL on the findings board
            robot.interact(() -> shown.window().show("findings"));
            WaitForAsyncUtils.waitForFxEvents();
            @SuppressWarnings("unchecked")
            TableView<FindingRow> board = (TableView<FindingRow>) find("#findings-table");
            FindingRow fail = board.getItems().stream().filter(r -> r.finding().status() == Status.FAIL && r.finding().guest() == null)
                    .findFirst().orElseThrow();
            robot.interact(() -> board.getSelectionModel().select(fail));
            WaitForAsyncUtils.waitForFxEvents();
            fire("#waive-button");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> lookupAnywhere("#waive-justification") != null);
            robot.interact(() -> ((javafx.scene.control.TextInputControl) lookupAnywhere("#waive-justification"))
                    .setText("Accepted until the Q1 change window"));
            robot.interact(() -> ((javafx.scene.control.TextInputControl) lookupAnywhere("#waive-approver")).setText("CIO"));
            WaitForAsyncUtils.waitForFxEvents();
            assertFalse(lookupAnywhere("#waive-ok").isDisabled(),
                    () -> "waive-ok disabled: " + ((javafx.scene.control.Label) lookupAnywhere("#waive-problem")).getText());
            robot.interact(() -> ((javafx.scene.control.Button) lookupAnywhere("#waive-ok")).fire());
            Finding waived = fail.finding();
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !shown.session().busyProperty().get());
            assertEquals("", shown.session().errorProperty().get(), "saving the waiver");

            // 7. close and reopen: the answer, its photo, the waiver, the run and the trusted key are all there
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !shown.session().busyProperty().get());
            try (Project p = Project.open(file)) {
                List<Answer> answers = p.answers().current();
                assertEquals(1, answers.size());
                Answer a = answers.get(0);
                assertEquals(Status.FAIL, a.status());
                assertEquals("web01", a.guest());
                assertEquals("J. Doe", a.answeredBy());
                assertEquals(1, a.attachments().size());
                assertEquals(Files.size(png), p.answers().content(a.attachments().get(0).id()).orElseThrow().length);
                List<Waiver> ws = p.waivers().all();
                assertEquals(1, ws.size());
                assertEquals(waived.checkId(), ws.get(0).checkId());
                assertEquals("complete", p.runs().latest().orElseThrow().state());
            }
            robot.interact(() -> shown.session().open(file));
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> shown.session().answers().size() == 1
                    && !shown.session().findings().isEmpty());
            robot.interact(() -> shown.window().show("step:guest"));
            WaitForAsyncUtils.waitForFxEvents();
            StepController again = Fxml.controllerOf(((javafx.scene.layout.StackPane) find("#center")).getChildren().get(0), StepController.class);
            robot.interact(() -> assertTrue(again.select("kvm01", "web01", "GU-022")));
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals("FAIL", ((Labeled) find("#detailStatus")).getText());
            assertFalse(Files.readString(home.resolve(".ssh/known_hosts")).isBlank());
        } finally {
            shown.cleanUp();
        }
    }
}
