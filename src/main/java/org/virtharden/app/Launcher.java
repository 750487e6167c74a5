package org.virtharden.app;

import org.virtharden.cli.Cli;
import org.virtharden.ui.Gui;

/**
 * The one entry point: with arguments it is the CLI, without them (or with just a {@code .vhproj} file)
 * it opens the desktop app. Not an
 * {@code Application} subclass, so JavaFX starts from the class path and jpackage alike.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            Gui.launch(args);
            return;
        }
        if (args.length == 1 && args[0].endsWith(".vhproj")) {
            // what a file manager's "open with" passes: open the app on that project
            Gui.launch(new String[] {"--project=" + args[0]});
            return;
        }
        System.exit(Cli.run(args));
    }
}
