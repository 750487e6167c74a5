package org.virtharden.transport;

/** POSIX shell quoting. The only sanctioned way to put any text into a command line. */
public final class Shell {
    private Shell() {
    }

    /** Single-quotes {@code s} so that the shell passes it through as one literal word. */
    public static String quote(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell argument cannot contain a NUL byte");
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
