package org.virtharden.transport;

import java.util.Locale;

/** How root commands are run when the login is not root. */
public enum SudoMode {
    /** No sudo: root commands report "needs root" unless the login is root. */
    NONE,
    /** {@code sudo -n}: sudoers must allow the probe commands without a password. */
    NOPASSWD,
    /** {@code sudo -S}: the password (held in memory only) is written to sudo's stdin. */
    PASSWORD;

    public String id() {
        return this == NOPASSWD ? "nopasswd" : name().toLowerCase(Locale.ROOT);
    }

    public static SudoMode parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "nopasswd", "sudo-n", "n" -> NOPASSWD;
            case "password" -> PASSWORD;
            default -> throw new IllegalArgumentException("sudo mode must be none, nopasswd or password, not '" + s + "'");
        };
    }
}
