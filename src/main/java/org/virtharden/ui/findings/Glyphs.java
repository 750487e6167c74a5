package org.virtharden.ui.findings;

import javafx.scene.control.Label;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;

/** Status and severity as shape + word + hue (ux.md §4: never colour alone). */
public final class Glyphs {
    private Glyphs() {
    }

    public static String glyph(Status s) {
        return switch (s) {
            case PASS -> "✓";
            case WARN -> "▲";
            case FAIL -> "✕";
            case ERROR -> "⚡";
            case NOT_APPLICABLE -> "—";
            case MANUAL_PENDING -> "○";
            case WAIVED -> "⛨";
        };
    }

    public static String word(Status s) {
        return switch (s) {
            case NOT_APPLICABLE -> "N/A";
            case MANUAL_PENDING -> "TO ANSWER";
            default -> s.name();
        };
    }

    /** "▮▮▮▯ High": bars plus the word; severity never uses status hues. */
    public static String severity(Severity s) {
        String bars = switch (s) {
            case CRITICAL -> "▮▮▮▮";
            case HIGH -> "▮▮▮▯";
            case MEDIUM -> "▮▮▯▯";
            case LOW -> "▮▯▯▯";
            case INFO -> "▯▯▯▯";
        };
        String w = s.name().charAt(0) + s.name().substring(1).toLowerCase(java.util.Locale.ROOT);
        return bars + " " + w;
    }

    /** A label with the status glyph (coloured) and the word (default text colour). */
    public static Label statusLabel(Status s) {
        Label l = new Label(word(s));
        Label g = new Label(glyph(s));
        g.getStyleClass().addAll("vh-glyph", "status-" + s.name());
        l.setGraphic(g);
        l.getStyleClass().add("vh-status");
        return l;
    }
}
