package org.virtharden.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * Loads a screen's {@code FooView.fxml} with a controller the caller built (so controllers take their view model and
 * session in the constructor; the FXML files carry no {@code fx:controller}). The FXML sits next to the controller's
 * package under resources: {@code org/virtharden/ui/<screen>/FooView.fxml}.
 */
public final class Fxml {
    private Fxml() {
    }

    /** Loads {@code name} (e.g. "OverviewView.fxml") from the controller's package and wires {@code controller}. */
    public static Parent load(String name, Object controller) {
        URL url = controller.getClass().getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing FXML " + name + " beside " + controller.getClass().getName());
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setController(controller);
        try {
            Parent root = loader.load();
            root.getProperties().put(Fxml.class, controller);
            return root;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot load " + url, ex);
        }
    }

    /** The controller {@link #load} wired to a root node, or null. */
    public static <T> T controllerOf(javafx.scene.Node root, Class<T> type) {
        Object c = root == null ? null : root.getProperties().get(Fxml.class);
        return type.isInstance(c) ? type.cast(c) : null;
    }
}
