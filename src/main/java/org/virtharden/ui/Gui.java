package org.virtharden.ui;

import javafx.application.Application;

/** Starts the desktop app; the launcher calls this so that only {@code ui} touches JavaFX. */
public final class Gui {
    private Gui() {
    }

    public static void launch(String[] args) {
        Application.launch(VirthardenApp.class, args);
    }
}
