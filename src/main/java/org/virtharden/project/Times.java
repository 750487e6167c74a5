package org.virtharden.project;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Times are stored as fixed-width UTC ISO-8601 text with milliseconds, e.g.
 * {@code 2026-11-20T09:15:00.000Z}, so that they sort as text and SQLite's date functions read them.
 * Instants are truncated to milliseconds on the way in.
 */
final class Times {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static Instant truncate(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }

    static String format(Instant t) {
        return t == null ? null : FORMAT.format(t);
    }

    static Instant parse(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
