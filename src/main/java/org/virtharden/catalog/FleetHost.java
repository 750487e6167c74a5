package org.virtharden.catalog;

import java.util.Map;

/**
 * One host as the fleet (cross-host, FL-*) checks see it: its host group, whether its scan finished, the per-host
 * results of the run (check id to status and observed value) and the host-level probe data collected for it (by
 * probe name; a probe missing from the map was not collected).
 *
 * @param group  the host group (migration domain / cluster); null or blank when none is set
 * @param state  the host's scan state: done | failed | cancelled | ... (only {@code done} hosts have data)
 * @param reason why the host has no data, for a host that was not scanned
 * @param scanStartMillis when the workstation started scanning the host (epoch ms, workstation clock; 0 unknown)
 * @param scanEndMillis   when that scan ended (workstation clock; 0 unknown): the host clock read during the scan
 *                        lies between the two (FL-008)
 */
public record FleetHost(String name, String group, String state, String reason, Map<String, Result> results,
        Map<String, ProbeData> probes, long scanStartMillis, long scanEndMillis) {

    /** A per-host check result: status and the short observed value. */
    public record Result(Status status, String observed) {
    }

    public FleetHost {
        results = results == null ? Map.of() : Map.copyOf(results);
        probes = probes == null ? Map.of() : Map.copyOf(probes);
        group = group == null || group.isBlank() ? null : group.strip();
    }

    public boolean scanned() {
        return "done".equals(state);
    }

    /** The host group, or the host's own name when it has none (a group of one). */
    public String groupOrSelf() {
        return group != null ? group : "(host " + name + ")";
    }
}
