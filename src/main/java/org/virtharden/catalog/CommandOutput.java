package org.virtharden.catalog;

/**
 * The collected output of one probe command on one target, as stored in evidence.
 *
 * @param failure null when the command ran and its exit code is data; otherwise why it could not
 *                be collected ("timed out after 30 s", "needs root: sudo refused", ...)
 */
public record CommandOutput(String id, String command, String stdout, String stderr, int exitCode,
        long startedEpochMillis, long durationMillis, String failure) {

    public boolean ok() {
        return failure == null;
    }

    public static CommandOutput failed(String id, String command, String why) {
        return new CommandOutput(id, command, "", "", -1, System.currentTimeMillis(), 0, why);
    }
}
