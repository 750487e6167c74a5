package org.virtharden.inventory;

import java.util.Comparator;
import java.util.List;

/**
 * One model of a host's virtualization layer as libvirt describes it: guests (with their parsed domain
 * XML), virtual networks and storage pools. Lists are sorted by name so two sources compare equal.
 */
public record Inventory(List<Guest> guests, List<Network> networks, List<Pool> pools) {
    public Inventory {
        guests = guests.stream().sorted(Comparator.comparing(Guest::name)).toList();
        networks = networks.stream().sorted(Comparator.comparing(Network::name)).toList();
        pools = pools.stream().sorted(Comparator.comparing(Pool::name)).toList();
    }

    /** @param state running | paused | shutoff | other */
    public record Guest(String uuid, String name, String state, boolean persistent, boolean autostart, DomainModel domain) {
    }

    public record Network(String name, boolean active, boolean autostart, String forwardMode, String bridge,
            List<String> addresses, boolean dhcp) {
    }

    public record Pool(String name, boolean active, boolean autostart, String type, String targetPath, String targetMode) {
    }

    /** Normalises libvirt's state words ("running", "shut off", "paused", "in shutdown" …). */
    public static String state(String s) {
        String v = s == null ? "" : s.strip().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "running", "idle", "in shutdown" -> "running";
            case "paused", "pmsuspended" -> "paused";
            case "shut off", "shutoff" -> "shutoff";
            default -> "other";
        };
    }
}
