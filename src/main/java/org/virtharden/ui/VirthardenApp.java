package org.virtharden.ui;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.virtharden.ui.session.ProjectSession;
import org.virtharden.ui.shell.MainWindow;

/** The desktop app. Background work runs on {@link #EXECUTOR}, never on the FX thread. */
public final class VirthardenApp extends Application {
    private static final Logger LOG = Logger.getLogger(VirthardenApp.class.getName());
    /** App-owned executor for SSH, SQL, file and PDF work. */
    public static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "vh-ui-worker");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void start(Stage stage) {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> showCrash(e));
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        ScreenCatalog.registerAll();
        AppPrefs prefs = AppPrefs.current();
        ProjectSession session = new ProjectSession(EXECUTOR, Gui.catalog());
        MainWindow window = new MainWindow(session, prefs);
        Scene scene = new Scene(window.root(), 1366, 768);
        scene.getStylesheets().add(stylesheet());
        stage.setMinWidth(1024);
        stage.setMinHeight(640);
        stage.setScene(scene);
        for (int px : new int[] {16, 32, 48, 64, 128, 256}) { // window icon: icons/build-icons.sh
            stage.getIcons().add(new Image(VirthardenApp.class.getResource("icons/virtharden-" + px + ".png").toExternalForm()));
        }
        window.install(stage);
        if (Boolean.getBoolean("virtharden.timing")) {
            // benchmark hook (docs/benchmarks.md): the first layout pulse of the shown window, from JVM start
            Runnable[] once = new Runnable[1];
            once[0] = () -> {
                scene.removePostLayoutPulseListener(once[0]);
                long ms = System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
                LOG.info("virtharden: first frame " + ms + " ms after JVM start");
            };
            scene.addPostLayoutPulseListener(once[0]);
        }
        stage.show();
        String file = getParameters().getNamed().get("project");
        Path last = file != null ? Path.of(file) : prefs.lastProject();
        if (last != null && Files.exists(last)) {
            session.open(last);
        }
    }

    /** The app's own stylesheet (status colours, banner, navigation), on top of the AtlantaFX theme. */
    public static String stylesheet() {
        return VirthardenApp.class.getResource("virtharden.css").toExternalForm();
    }

    @Override
    public void stop() {
        EXECUTOR.shutdownNow();
    }

    private static void showCrash(Throwable e) {
        LOG.log(Level.SEVERE, "unexpected error", e);
        Runnable show = () -> {
            Alert a = new Alert(Alert.AlertType.ERROR);
            a.setTitle("virtharden — unexpected error");
            a.setHeaderText("Something inside virtharden failed. Your project file is safe: every result is saved as it arrives.");
            a.setContentText(ProjectSession.describe(e) + "\n\nThe technical details are in the log; please report them.");
            a.show();
        };
        if (Platform.isFxApplicationThread()) {
            show.run();
        } else {
            Platform.runLater(show);
        }
    }
}
