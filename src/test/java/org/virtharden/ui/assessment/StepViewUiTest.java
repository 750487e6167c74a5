package org.virtharden.ui.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Status;
import org.virtharden.cli.Cli;
import org.virtharden.model.Answer;
import org.virtharden.model.Attachment;
import org.virtharden.model.Finding;
import org.virtharden.project.Project;
import org.virtharden.service.Checklist;
import org.virtharden.ui.assessment.StepViewModel.Row;
import org.virtharden.ui.session.ProjectSession;

/**
 * The assessment step on a real project: scanned locally against libvirt's test driver with a hostile node file,
 * then opened in a {@link ProjectSession} and driven headless (Monocle).
 */
class StepViewUiTest {
    static final String HOSTILE = "web'$(touch vh-pwned)`id`;<b>x ü";
    private static Stage stage;
    @TempDir
    static Path dir;
    private static Path project;

    @BeforeAll
    static void scannedProject() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight()
                .getUserAgentStylesheet()));
        assertTrue(Files.isExecutable(Path.of("/usr/bin/virsh")), "needs virsh (Debian package libvirt-clients)");
        project = dir.resolve("step.vhproj");
        String uri = "test://" + Path.of("src/test/resources/libvirt/hostile-node.xml").toAbsolutePath();
        cli("init", project.toString(), "--client", "ACME Bank", "--assessor", "J. Doe");
        cli("host", "add", project.toString(), "--name", "local", "--address", "local", "--user",
                System.getProperty("user.name"), "--libvirt-uri", uri);
        cli("scan", project.toString(), "--catalog", Path.of("src/test/resources/guest-catalog").toAbsolutePath().toString());
    }

    private static void cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(0, code, String.join(" ", args) + "\n" + out + err);
    }

    private static ProjectSession session() {
        return new ProjectSession(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "step-test");
            t.setDaemon(true);
            return t;
        }));
    }

    private static StepController show(ProjectSession session, Domain domain) throws Exception {
        AtomicReference<StepController> view = new AtomicReference<>();
        FxToolkit.setupStage(s -> {
            view.set(new StepController(session, domain));
            s.setScene(new Scene(view.get().root(), 1280, 720));
            s.show();
        });
        new FxRobot().interact(() -> session.open(project));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !view.get().viewModel().items().isEmpty()
                && !session.findings().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        return view.get();
    }

    private static boolean shownVerbatim(FxRobot robot, String text) {
        return robot.lookup((Node n) -> n instanceof Labeled l && text.equals(l.getText()) && n.isVisible())
                .tryQuery().isPresent();
    }

    private static void screenshot(StepController view, String name) throws Exception {
        String dirName = System.getenv("VH_SCREENSHOTS");
        if (dirName == null) {
            return;
        }
        AtomicReference<javafx.scene.image.WritableImage> img = new AtomicReference<>();
        new FxRobot().interact(() -> img.set(view.root().getScene().snapshot(null)));
        int w = (int) img.get().getWidth();
        int h = (int) img.get().getHeight();
        int[] argb = new int[w * h];
        img.get().getPixelReader().getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        ImageIO.write(out, "png", Path.of(dirName, name).toFile());
    }

    private static int firstVisible(TreeView<Row> tree) {
        javafx.scene.control.skin.VirtualFlow<?> flow = (javafx.scene.control.skin.VirtualFlow<?>) tree.lookup(".virtual-flow");
        return flow.getFirstVisibleCell().getIndex();
    }

    @Test
    void answersAGuestItemFailWithANoteAndAPhoto() throws Exception {
        ProjectSession session = session();
        StepController view = show(session, Domain.GUEST);
        FxRobot robot = new FxRobot();

        // guests are grouped host ▸ VM ▸ check; the hostile guest name is shown as plain text
        TreeView<Row> tree = robot.lookup("#stepTree").query();
        TreeItem<Row> host = tree.getRoot().getChildren().get(0);
        assertEquals("local", host.getValue().text());
        assertTrue(host.getChildren().stream().anyMatch(g -> g.getValue().text().equals(HOSTILE)));
        assertTrue(shownVerbatim(robot, HOSTILE), "hostile guest name shown verbatim in the tree");
        Label progress = robot.lookup("#stepProgress").query();
        assertTrue(progress.getText().startsWith("Answered 0/"), progress.getText());

        Checklist.Item item = view.viewModel().item(StepViewModel.key("local", HOSTILE, "GU-022")).orElseThrow();
        assertEquals(Checklist.State.OPEN, item.state());
        robot.interact(() -> assertTrue(view.select("local", HOSTILE, "GU-022")));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("GU-022", robot.lookup("#detailId").queryLabeled().getText());
        assertEquals(HOSTILE, robot.lookup("#detailGuest").queryLabeled().getText());
        assertTrue(robot.lookup("#detailStatus").queryLabeled().getText().equals("TO ANSWER"));
        Button save = robot.lookup("#saveAnswer").queryButton();
        assertTrue(save.isDisabled(), "nothing chosen yet");

        // F chooses Fail from the keyboard (focus on the list) and moves to the note; the rule shows inline
        robot.clickOn("#detailId");
        // Monocle may leave window focus on a stage an earlier test closed: give it back before typing
        robot.interact(() -> tree.getScene().getWindow().requestFocus());
        robot.interact(tree::requestFocus);
        robot.type(KeyCode.F);
        WaitForAsyncUtils.waitForFxEvents();
        ToggleButton fail = robot.lookup("#answerFail").query();
        assertTrue(fail.isSelected(), "F selects Fail");
        Labeled rule = robot.lookup("#noteRule").queryLabeled();
        assertTrue(rule.getText().contains("required for Fail"), rule.getText());
        assertTrue(save.isDisabled(), "Fail needs a note");
        TextArea note = robot.lookup("#answerNote").query();
        assertTrue(note.isFocused(), "Fail moves focus to the note");
        robot.write("same local admin password as db-01");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(save.isDisabled());

        // a real PNG, read and hashed in the background
        Path png = dir.resolve("console.png");
        BufferedImage bi = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 64; x++) {
            for (int y = 0; y < 48; y++) {
                bi.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 0x80);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(bi, "png", bytes);
        Files.write(png, bytes.toByteArray());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        robot.interact(() -> view.attach(png));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("console.png").tryQuery().isPresent());
        assertTrue(robot.lookup((Node n) -> n instanceof javafx.scene.image.ImageView).tryQuery().isPresent(), "preview");
        assertTrue(robot.lookup((Node n) -> n instanceof Labeled l && l.getText() != null
                && l.getText().contains("sha256 " + sha.substring(0, 8))).tryQuery().isPresent(), "hash shown");
        screenshot(view, "step-guest-draft.png");

        robot.clickOn("#saveAnswer");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> session.answers().stream()
                .anyMatch(a -> a.checkId().equals("GU-022")));
        WaitForAsyncUtils.waitForFxEvents();

        try (Project p = Project.open(project)) {
            List<Answer> answers = p.answers().current().stream().filter(a -> a.checkId().equals("GU-022")).toList();
            assertEquals(1, answers.size());
            Answer a = answers.get(0);
            assertEquals(Status.FAIL, a.status());
            assertEquals(HOSTILE, a.guest());
            assertEquals("GU-022", a.checkId());
            assertEquals("J. Doe", a.answeredBy());
            assertEquals("same local admin password as db-01", a.note());
            Attachment att = a.attachments().get(0);
            assertEquals("console.png", att.fileName());
            assertEquals("image/png", att.mediaType());
            assertEquals(sha, att.sha256());
            assertEquals(bytes.size(), p.answers().content(att.id()).orElseThrow().length);
        }
        // progress moved; the answered item shows who answered, and the next open item is selected
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> progress.getText().startsWith("Answered 1/"));
        String next = view.viewModel().selectedKeyProperty().get();
        assertNotNull(next);
        assertFalse(next.equals(StepViewModel.key("local", HOSTILE, "GU-022")), "moved on to the next open item");
        assertEquals(Checklist.State.OPEN, view.viewModel().selectedItem().orElseThrow().state());
        robot.interact(() -> view.select("local", HOSTILE, "GU-022"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("FAIL", robot.lookup("#detailStatus").queryLabeled().getText());
        assertTrue(robot.lookup("#answeredBy").queryLabeled().getText().startsWith("by J. Doe at "));
        assertTrue(shownVerbatim(robot, HOSTILE));
        assertFalse(Files.exists(Path.of("vh-pwned")));
        screenshot(view, "step-guest-answered.png");
    }

    @Test
    void automatedResultsShowEvidenceAndRefreshKeepsTheSelection() throws Exception {
        ProjectSession session = session();
        StepController view = show(session, Domain.HYPERVISOR);
        FxRobot robot = new FxRobot();
        TreeView<Row> tree = robot.lookup("#stepTree").query();
        assertFalse(tree.getRoot().getChildren().isEmpty());

        Finding f = session.findings().stream().filter(x -> x.domain() == Domain.HYPERVISOR && x.evidenceId() > 0
                && x.guest() == null).findFirst().orElseThrow();
        robot.interact(() -> assertTrue(view.select(f.hostName(), null, f.checkId())));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#evidenceHash").tryQuery().isPresent());
        assertTrue(robot.lookup("#evidenceHash").queryLabeled().getText().startsWith("✓ sha256 " + f.evidenceSha256()));
        assertEquals(f.checkId(), robot.lookup("#detailId").queryLabeled().getText());
        assertTrue(robot.lookup("#copyRemediation").tryQuery().isPresent());
        TreeItem<Row> selected = tree.getSelectionModel().getSelectedItem();
        assertEquals(StepViewModel.key(f.hostName(), null, f.checkId()), selected.getValue().key());
        screenshot(view, "step-host.png");

        // a reload (e.g. a CLI scan in between) replaces the session's lists: selection and scroll stay put
        robot.interact(() -> tree.scrollTo(5));
        WaitForAsyncUtils.waitForFxEvents();
        int top = firstVisible(tree);
        assertTrue(top > 0, "scrolled down: " + top);
        robot.interact(session::reload);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !session.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(tree.getSelectionModel().getSelectedItem() == selected, "same tree item still selected");
        assertEquals(top, firstVisible(tree), "scroll position kept");
        assertEquals(f.checkId(), robot.lookup("#detailId").queryLabeled().getText());

        // a count chip filters and writes its query into the filter field
        Checklist.Item item = view.viewModel().selectedItem().orElseThrow();
        StepViewModel.Bucket b = StepViewModel.Bucket.of(item);
        robot.clickOn("#chip-" + b.id());
        TextField search = robot.lookup("#searchField").query();
        assertEquals("status:" + b.id(), search.getText());
        assertTrue(view.viewModel().rows().stream().allMatch(r -> r.bucket() == b));
        assertTrue(tree.getSelectionModel().getSelectedItem().getValue().key().equals(selected.getValue().key()));
        robot.clickOn("#chip-" + b.id());
        assertEquals("", search.getText());

        // answering in the status grouping moves the item from TO ANSWER to PASS; it stays selected
        String manual = StepViewModel.key("local", null, "HV-030");
        assertEquals(StepViewModel.Bucket.OPEN, StepViewModel.Bucket.of(view.viewModel().item(manual).orElseThrow()));
        robot.interact(() -> assertTrue(view.select("local", null, "HV-030")));
        robot.interact(() -> tree.getScene().getWindow().requestFocus());
        robot.interact(tree::requestFocus);
        robot.type(KeyCode.P);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#answerPass").queryAs(ToggleButton.class).isSelected());
        assertFalse(robot.lookup("#saveAnswer").queryButton().isDisabled(), "Pass needs no note");
        robot.clickOn("#saveAnswer");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> session.answers().stream()
                .anyMatch(a -> a.checkId().equals("HV-030")));
        WaitForAsyncUtils.waitForFxEvents();
        TreeItem<Row> now = tree.getSelectionModel().getSelectedItem();
        assertEquals(manual, now.getValue().key());
        assertEquals(StepViewModel.Bucket.PASS, now.getValue().bucket());
        assertEquals("PASS", robot.lookup("#detailStatus").queryLabeled().getText());
        Button pill = robot.lookup("#newResultsPill").queryButton();
        assertTrue(pill.isVisible() && pill.getText().equals("1 new result ✓"), pill.getText());
        screenshot(view, "step-host-answered.png");
        robot.clickOn(pill);
        assertFalse(pill.isVisible());

        // j/k move through the list like the arrow keys
        int at = tree.getSelectionModel().getSelectedIndex();
        robot.interact(tree::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();
        at = tree.getSelectionModel().getSelectedIndex();
        String was = String.valueOf(tree.getSelectionModel().getSelectedItem().getValue());
        robot.type(KeyCode.K);
        assertEquals(at - 1, tree.getSelectionModel().getSelectedIndex(), was + " -> "
                + tree.getSelectionModel().getSelectedItem().getValue());
        robot.type(KeyCode.J);
        assertEquals(at, tree.getSelectionModel().getSelectedIndex());
    }

    @Test
    void walkModeShowsOneItemPerScreenAndMovesToTheNextOpenItem() throws Exception {
        ProjectSession session = session();
        // Physical: all manual, and no other test of this class answers its items
        StepController view = show(session, Domain.PHYSICAL);
        FxRobot robot = new FxRobot();
        robot.interact(() -> session.walkModeProperty().set(true));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.root().getStyleClass().contains("walk"));
        assertNull(view.root().lookup("#stepTree"), "the master list is out of the way in walk mode");
        Checklist.Item first = view.viewModel().selectedItem().orElseThrow();
        assertEquals(Checklist.State.OPEN, first.state(), "walk starts at an item to answer");
        assertTrue(robot.lookup("#walkPosition").queryAs(javafx.scene.control.Label.class).getText().startsWith("Item "));
        javafx.scene.layout.Region pass = robot.lookup(".answer-button").queryAs(javafx.scene.layout.Region.class);
        assertTrue(pass.getMinHeight() >= 44 || pass.getHeight() >= 44, "44 px targets, was " + pass.getHeight());
        robot.clickOn("#walkNext");
        WaitForAsyncUtils.waitForFxEvents();
        String second = view.viewModel().selectedKeyProperty().get();
        assertNotEquals(StepViewModel.key(first.host(), first.guest(), first.check().id()), second, "Next open moves on");
        robot.interact(() -> session.walkModeProperty().set(false));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.root().lookup("#stepTree") != null && robot.lookup("#walkPosition").tryQuery().isEmpty());
        assertEquals(second, view.viewModel().selectedKeyProperty().get(), "leaving walk mode keeps the selection");
    }
}
