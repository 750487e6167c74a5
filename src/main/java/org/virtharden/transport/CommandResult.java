package org.virtharden.transport;

import java.time.Duration;
import java.time.Instant;

/**
 * What one command printed. Output is decoded as UTF-8; bytes that are not valid UTF-8 become U+FFFD.
 *
 * @param timedOut  the command was killed at its timeout (exit code then is 124 or 137, or -1)
 * @param truncated stdout or stderr went over the cap; the text ends with a visible marker
 */
public record CommandResult(String command, String stdout, String stderr, int exitCode, Instant started,
        Duration duration, boolean timedOut, boolean truncated) {
}
