package org.virtharden.scan;

import java.time.Duration;
import java.util.Map;

/**
 * @param parallel       hosts scanned at once (bounded; default 4)
 * @param commandTimeout per command; a batch may take the sum
 * @param settings       project settings (thresholds) handed to the evaluators
 */
public record ScanOptions(int parallel, Duration commandTimeout, Map<String, String> settings) {
    public ScanOptions {
        if (parallel < 1 || parallel > 64) {
            throw new IllegalArgumentException("--parallel must be from 1 to 64, not " + parallel);
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero() || commandTimeout.toSeconds() > 3600) {
            throw new IllegalArgumentException("--timeout must be from 1 to 3600 seconds");
        }
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public static ScanOptions defaults() {
        return new ScanOptions(4, Duration.ofSeconds(30), Map.of());
    }
}
