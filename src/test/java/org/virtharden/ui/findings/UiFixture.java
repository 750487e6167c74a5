package org.virtharden.ui.findings;

import atlantafx.base.theme.PrimerLight;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;
import org.virtharden.cli.Cli;
import org.virtharden.testhosts.RealPeers;
import org.virtharden.ui.VirthardenApp;
import org.virtharden.ui.session.ProjectSession;

/** A real, scanned project file and a session on it, for the findings and overview UI tests. */
public final class UiFixture {
    private UiFixture() {
    }

    /** Creates a project with host {@code local} (libvirt test driver, hostile node file) and scans it in-process. */
    public static Path scannedProject(Path dir) {
        RealPeers.assume(Files.isExecutable(Path.of("/usr/bin/virsh")), "needs virsh (Debian package libvirt-clients)");
        String file = dir.resolve("ui.vhproj").toString();
        String uri = "test://" + Path.of("src/test/resources/libvirt/hostile-node.xml").toAbsolutePath();
        cli("init", file, "--client", "ACME Bank", "--site", "DC-North", "--assessor", "J. Doe");
        cli("host", "add", file, "--name", "local", "--address", "local", "--user", System.getProperty("user.name"), "--libvirt-uri", uri);
        cli("scan", file);
        return Path.of(file);
    }

    private static void cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out), new PrintWriter(err), args);
        if (code != 0 && !(args[0].equals("scan") && code == 1)) {
            throw new AssertionError(String.join(" ", args) + " exited " + code + ": " + err + out);
        }
    }

    /** Opens the project in a new session and waits until its findings are read. */
    public static ProjectSession open(Path file) throws Exception {
        ProjectSession s = new ProjectSession(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ui-test-project");
            t.setDaemon(true);
            return t;
        }));
        new FxRobot().interact(() -> s.open(file));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !s.findings().isEmpty() || !s.errorProperty().get().isEmpty());
        if (!s.errorProperty().get().isEmpty()) {
            throw new AssertionError(s.errorProperty().get());
        }
        return s;
    }

    /** Shows a view made from the session in the primary stage, themed as the app is. */
    public static <T extends Parent> T show(ProjectSession s, Function<ProjectSession, T> view) throws Exception {
        Object[] made = new Object[1];
        FxToolkit.setupStage(stage -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            T v = view.apply(s);
            made[0] = v;
            Scene scene = new Scene(v, 1280, 760);
            scene.getStylesheets().add(VirthardenApp.class.getResource("virtharden.css").toExternalForm());
            stage.setScene(scene);
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        T t = (T) made[0];
        return t;
    }

    /** Saves a picture of a node to judge the look (not committed; written under /tmp). */
    public static void screenshot(Node node, String name) throws Exception {
        WritableImage[] img = new WritableImage[1];
        new FxRobot().interact(() -> img[0] = node.getScene().snapshot(null));
        WritableImage w = img[0];
        int width = (int) w.getWidth();
        int height = (int) w.getHeight();
        BufferedImage b = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        PixelReader r = w.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                b.setRGB(x, y, r.getArgb(x, y));
            }
        }
        ImageIO.write(b, "png", Path.of(System.getProperty("java.io.tmpdir"), name).toFile());
    }
}
