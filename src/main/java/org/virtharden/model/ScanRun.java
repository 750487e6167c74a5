package org.virtharden.model;

import java.time.Instant;

/**
 * One scan run. Runs are immutable once finished; a rescan is a new run.
 *
 * @param state running | complete | partial (some hosts failed or were cancelled) | cancelled | failed
 */
public record ScanRun(long id, Instant started, Instant finished, String state, String catalogVersion, String note) {
}
