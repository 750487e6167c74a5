package org.virtharden.cli;

/** The CLI's exit codes; scripts rely on them (see README). */
public final class ExitCodes {
    /** Done. For {@code scan}: every host was scanned (FAIL findings are results, not errors). */
    public static final int OK = 0;
    /** Could not do it: bad project file, unreachable everything, bad catalog ... (message on stderr). */
    public static final int FAILED = 1;
    /** Bad command line (unknown option, missing argument). */
    public static final int USAGE = 2;
    /** {@code scan}: the run finished but some hosts could not be scanned; their checks are ERROR. */
    public static final int PARTIAL = 3;
    /** {@code catalog lint}: problems found. */
    public static final int LINT_PROBLEMS = 4;
    /** {@code verify}: the audit pack does not match the project (an evidence item or the content changed). */
    public static final int MISMATCH = 5;
    /** {@code scan}: cancelled (Ctrl-C); results so far are kept. */
    public static final int CANCELLED = 130;

    private ExitCodes() {
    }
}
