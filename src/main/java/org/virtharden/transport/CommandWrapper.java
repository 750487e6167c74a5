package org.virtharden.transport;

import java.time.Duration;

/**
 * Builds the command line a transport actually sends: the command runs under {@code timeout} so the
 * target kills it (and its process group) at the deadline, and root commands go through sudo unless
 * the login already is root. The command is passed as one quoted argument, never spliced.
 */
public final class CommandWrapper {
    /** Printed on stderr when a root command cannot get root; batch parsers look for it. */
    public static final String PRIVILEGE_MARKER = "virtharden-privilege:";
    /** Exit code used together with {@link #PRIVILEGE_MARKER}. */
    public static final int PRIVILEGE_EXIT = 126;

    private CommandWrapper() {
    }

    public static String wrap(String command, boolean root, SudoMode sudo, Duration timeout) {
        if (root && sudo == SudoMode.COLLECTOR) {
            // the command is the collector invocation itself ("/usr/local/sbin/virtharden-collect PART NONCE NONCE"): sudoers
            // allows that program only, so no timeout or shell wraps it; it limits each probe command itself
            if (!command.matches("[A-Za-z0-9/._ -]+")) {
                throw new IllegalArgumentException("not a collector invocation: " + command);
            }
            return "if [ \"$(id -u)\" = 0 ]; then exec " + command + " </dev/null; else exec sudo -n " + command + " </dev/null; fi";
        }
        long secs = Math.max(1, (timeout.toMillis() + 999) / 1000);
        String timed = "timeout -k 2 " + secs + " sh -c ";
        String limited = timed + Shell.quote(command) + " </dev/null";
        if (!root) {
            return "exec " + limited;
        }
        String elsePart = switch (sudo) {
            case NONE -> "echo '" + PRIVILEGE_MARKER + " needs root: the login is not root and no sudo mode is set for this host' >&2; exit "
                    + PRIVILEGE_EXIT;
            case NOPASSWD -> "exec sudo -n " + limited;
            // sudo -S reads the password from stdin, so the redirect must not apply to sudo itself: the
            // command's own shell drops stdin before running it (it never sees the password)
            case PASSWORD -> "exec sudo -S -p '' " + timed + Shell.quote("exec </dev/null; " + command);
            case COLLECTOR -> throw new IllegalStateException("handled above");
        };
        return "if [ \"$(id -u)\" = 0 ]; then exec " + limited + "; else " + elsePart + "; fi";
    }

    /** Whether a command's stdin must carry the sudo password. */
    public static boolean needsPassword(boolean root, SudoMode sudo) {
        return root && sudo == SudoMode.PASSWORD;
    }

    /** Exit codes {@code timeout} gives a command it killed. */
    public static boolean isTimeoutExit(int exit) {
        return exit == 124 || exit == 137;
    }
}
