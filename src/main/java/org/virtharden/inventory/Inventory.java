package org.virtharden.inventory;

import java.util.Comparator;
import java.util.List;

/**
 * One model of a host's virtualization layer as libvirt describes it: guests (with their parsed domain
 * XML), virtual networks and storage pools. Lists are sorted by name so two sources compare equal.
 */
public record Inventory(Versions versions, List<Guest> guests, List<Network> networks, List<Pool> pools) {

    /**
     * @param libvirt           the libvirt library on the host, e.g. 9.0.0
     * @param hypervisor        the driver's hypervisor type, e.g. QEMU
     * @param hypervisorVersion e.g. 7.2.0
     */
    public record Versions(String libvirt, String hypervisor, String hypervisorVersion) {
        /** libvirt's encoded version number (major * 1,000,000 + minor * 1,000 + release) as text. */
        public static String decode(long v) {
            return (v / 1_000_000) + "." + (v / 1_000 % 1_000) + "." + (v % 1_000);
        }
    }

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
