package org.virtharden.fleet;

import java.util.List;

/**
 * Approved inventory against the guests found on the hosts: unapproved guests, inventory entries found nowhere,
 * definitions on several hosts, trust zones mixed on one host, and the approved guests.
 *
 * @param inventoryPresent whether the project has an approved inventory (setting guests.inventory)
 * @param inventoryProblem why the inventory could not be read, or null
 */
public record Sprawl(boolean inventoryPresent, String inventoryProblem, int entries, int discovered, List<Row> rows) {
    public Sprawl {
        rows = List.copyOf(rows);
    }

    public enum Kind {
        UNAPPROVED, MISSING, DUPLICATE, ZONE_MIX, APPROVED
    }

    /** @param hosts the host(s) the guest is defined on (empty for a missing entry) */
    public record Row(Kind kind, String guest, String uuid, List<String> hosts, String zone, String owner, String detail) {
        public Row {
            hosts = List.copyOf(hosts);
        }
    }

    public long count(Kind k) {
        return rows.stream().filter(r -> r.kind() == k).count();
    }
}
