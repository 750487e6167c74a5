package org.virtharden.ui;

import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.Region;

/** Small builders the form screens share, so labels and fields look and behave alike. */
public final class Forms {
    private Forms() {
    }

    /** A form label that never shrinks below its text. */
    public static Label label(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** A text field with an id (for tests and CSS) and a prompt that shows what to enter. */
    public static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        return f;
    }
}
