package org.virtharden.fleet;

import java.util.List;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;

/**
 * The cross-host picture of one run (optionally one host group): the fleet checks' verdicts per host, the drift
 * matrices (one per host group) and the VM sprawl summary. Plain values for the CLI, the GUI and the audit pack.
 */
public record FleetReport(long runId, String group, List<String> groups, List<CheckResult> checks,
        List<DriftMatrix> matrices, Sprawl sprawl) {
    public FleetReport {
        groups = List.copyOf(groups);
        checks = List.copyOf(checks);
        matrices = List.copyOf(matrices);
    }

    /** One fleet check: its worst status over the hosts, and each host's verdict. */
    public record CheckResult(String checkId, String title, Severity severity, Status status, List<HostVerdict> hosts) {
        public CheckResult {
            hosts = List.copyOf(hosts);
        }
    }

    public record HostVerdict(String host, Status status, String observed, String reason) {
    }
}
