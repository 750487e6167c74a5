package org.virtharden.fleet;

import java.util.List;
import org.virtharden.catalog.Status;

/**
 * Hosts x controls of one host group. Each row is a host-level check; each cell the host's status and a short observed
 * value; {@code majority} the most common status ("PASS 3/4", or "split 2/2"); a cell {@code differs} when its status
 * is not the majority's (or there is no majority).
 *
 * @param group       the host group, or "(no group)" for hosts without one
 * @param onlyDifferences whether rows whose status is the same on every host were left out
 */
public record DriftMatrix(String group, List<String> hosts, List<Row> rows, boolean onlyDifferences) {

    public DriftMatrix {
        hosts = List.copyOf(hosts);
        rows = List.copyOf(rows);
    }

    /** @param migrationCritical whether the check is in FL-001's migration-critical subset */
    public record Row(String checkId, String title, boolean migrationCritical, List<Cell> cells, String majority,
            boolean differs) {
        public Row {
            cells = List.copyOf(cells);
        }
    }

    /** @param status null when the host has no result for the check (not scanned, or the check did not run) */
    public record Cell(String host, Status status, String value, boolean differs) {
    }
}
