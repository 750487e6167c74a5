package org.virtharden.ui;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.TableView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Status;
import org.virtharden.model.Finding;
import org.virtharden.service.Checklist;
import org.virtharden.ui.assessment.StepController;
import org.virtharden.ui.session.ProjectSession;
import org.virtharden.ui.shell.MainWindow;

/**
 * Takes the README screenshots from the running app (run it under Xvfb): every main screen, light and dark, on a
 * project scanned from the real test hosts ({@code org.virtharden.bench.DemoProject}). Args: PROJECT OUT_DIR.
 */
public final class ScreenshotTour extends Application {
    private static Path project;
    private static Path out;

    /** Entry point: java ... org.virtharden.ui.ScreenshotTour$Run PROJECT OUT_DIR (a main class outside Application). */
    public static final class Run {
        private Run() {
        }

        public static void main(String[] args) {
            project = Path.of(args[0]);
            out = Path.of(args[1]);
            Application.launch(ScreenshotTour.class);
        }
    }

    @Override
    public void start(Stage stage) {
        Preferences node = Preferences.userRoot().node("org/virtharden/tour-" + UUID.randomUUID());
        prefsNode = node;
        AppPrefs prefs = new AppPrefs(node);
        AppPrefs.use(prefs);
        ScreenCatalog.registerAll();
        ProjectSession session = new ProjectSession(VirthardenApp.EXECUTOR);
        MainWindow window = new MainWindow(session, prefs);
        Scene scene = new Scene(window.root(), 1366, 768);
        scene.getStylesheets().add(VirthardenApp.stylesheet());
        stage.setScene(scene);
        window.install(stage);
        stage.show();
        Thread t = new Thread(() -> {
            try {
                tour(session, window, scene);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                Platform.exit();
            }
        }, "screenshot-tour");
        t.setDaemon(true);
        t.start();
    }

    private Preferences prefsNode;

    @Override
    public void stop() throws Exception {
        if (prefsNode != null) {
            prefsNode.removeNode();
        }
    }

    private static void fx(Runnable r) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                r.run();
            } finally {
                done.countDown();
            }
        });
        done.await(10, TimeUnit.SECONDS);
    }

    private static void tour(ProjectSession session, MainWindow window, Scene scene) throws Exception {
        Files.createDirectories(out);
        Thread.sleep(1500);
        shot(scene, "start-light.png");
        fx(() -> session.open(project));
        for (int i = 0; i < 100 && session.findings().isEmpty(); i++) {
            Thread.sleep(100);
        }
        Thread.sleep(1000);
        List<String> screens = List.of("overview", "hosts", "step:physical", "step:hypervisor", "step:guest", "step:network",
                "step:monitoring", "step:dr", "findings", "fleet", "report");
        for (String theme : List.of("light", "dark")) {
            if (theme.equals("dark")) {
                fx(() -> ((ButtonBase) window.root().lookup("#themeToggle")).fire());
            }
            for (String id : screens) {
                fx(() -> window.show(id));
                Thread.sleep(700);
                fx(() -> select(session, window, id));
                Thread.sleep(1200);
                if (id.equals("report")) {
                    fx(() -> ((ButtonBase) window.root().lookup("#refresh-button")).fire());
                    for (int i = 0; i < 300 && !((javafx.scene.control.Label) window.root().lookup("#report-page-label")).getText()
                            .contains("/"); i++) {
                        Thread.sleep(100);
                    }
                    Thread.sleep(800);
                }
                shot(scene, id.replace("step:", "step-") + "-" + theme + ".png");
            }
            if (theme.equals("light")) {
                // walk mode on the all-manual Physical checklist
                fx(() -> window.show("step:physical"));
                fx(() -> session.walkModeProperty().set(true));
                Thread.sleep(1200);
                shot(scene, "walk-physical-light.png");
                fx(() -> session.walkModeProperty().set(false));
            }
        }
    }

    /** Puts a meaningful item in the detail pane: the first FAIL of the step, or the first row of the board. */
    private static void select(ProjectSession session, MainWindow window, String id) {
        StackPane center = (StackPane) window.root().lookup("#center");
        if (center == null || center.getChildren().isEmpty()) {
            return;
        }
        StepController step = Fxml.controllerOf(center.getChildren().get(0), StepController.class);
        if (step != null) {
            Domain d = step.domain();
            Finding f = session.findings().stream().filter(x -> x.domain() == d && x.status() == Status.FAIL).findFirst()
                    .orElse(null);
            if (f != null) {
                step.select(f.hostName(), f.guest(), f.checkId());
            } else {
                Checklist.build(session.catalog(), session.hosts(), session.findings(), session.answers(), d).items().stream()
                        .findFirst().ifPresent(i -> step.select(i.host(), i.guest(), i.check().id()));
            }
        } else if (id.equals("findings")) {
            TableView<?> t = (TableView<?>) window.root().lookup("#findings-table");
            if (t != null && !t.getItems().isEmpty()) {
                t.getSelectionModel().select(0);
            }
        }
    }

    private static void shot(Scene scene, String name) throws Exception {
        WritableImage[] img = new WritableImage[1];
        fx(() -> img[0] = scene.snapshot(null));
        WritableImage w = img[0];
        int width = (int) w.getWidth();
        int height = (int) w.getHeight();
        BufferedImage b = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        PixelReader r = w.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                b.setRGB(x, y, r.getArgb(x, y));
            }
        }
        ImageIO.write(b, "png", out.resolve(name).toFile());
        System.out.println("wrote " + out.resolve(name));
    }
}
