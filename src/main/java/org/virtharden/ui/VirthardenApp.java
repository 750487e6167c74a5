package org.virtharden.ui;

import atlantafx.base.theme.PrimerLight;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import org.virtharden.ui.main.MainController;
import org.virtharden.ui.main.MainViewModel;

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
    public void start(Stage stage) throws IOException {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> showCrash(e));
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        MainViewModel vm = new MainViewModel(EXECUTOR);
        Parent root = loadMain(vm);
        Scene scene = new Scene(root, 1280, 760);
        scene.getStylesheets().add(VirthardenApp.class.getResource("virtharden.css").toExternalForm());
        stage.setTitle("virtharden");
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        stage.setScene(scene);
        stage.show();
        String file = getParameters().getNamed().get("project");
        if (file != null) {
            vm.open(java.nio.file.Path.of(file));
        }
    }

    /** Loads the main view bound to a view model (also used by UI tests). */
    public static Parent loadMain(MainViewModel vm) throws IOException {
        FXMLLoader loader = new FXMLLoader(MainController.class.getResource("MainView.fxml"));
        loader.setControllerFactory(c -> new MainController(vm));
        return loader.load();
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
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            a.setContentText(String.valueOf(e.getMessage()) + "\n\nPlease report this with the details below (copy them from the log).");
            a.show();
        };
        if (Platform.isFxApplicationThread()) {
            show.run();
        } else {
            Platform.runLater(show);
        }
    }
}
