package org.virtharden.ui;

import java.util.concurrent.CompletableFuture;
import javafx.application.Application;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;

/** Starts the desktop app; the launcher calls this so that only {@code ui} touches JavaFX. */
public final class Gui {
    private static volatile CompletableFuture<Catalog> catalog;

    private Gui() {
    }

    public static void launch(String[] args) {
        // reading the catalog (~0.5 s cold) overlaps the toolkit's own start-up instead of delaying the first frame
        catalog = CompletableFuture.supplyAsync(() -> new CatalogLoader().loadBuiltIn());
        Application.launch(VirthardenApp.class, args);
    }

    /** The built-in catalog, read in the background since launch (or now, when the app was started otherwise). */
    static Catalog catalog() {
        CompletableFuture<Catalog> c = catalog;
        return c != null ? c.join() : new CatalogLoader().loadBuiltIn();
    }
}
