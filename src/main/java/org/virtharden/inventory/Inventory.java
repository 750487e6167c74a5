package org.virtharden.inventory;

import java.util.Comparator;
import java.util.List;

/**
 * One model of a host's virtualization layer as libvirt describes it: guests (with their parsed domain
 * XML), virtual networks and storage pools, and which libvirt daemon model the host runs. Lists are sorted by
 * name so two sources compare equal.
 */
public record Inventory(Versions versions, Daemons daemons, List<Guest> guests, List<Network> networks, List<Pool> pools) {

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

    /** How libvirt's daemons are deployed on the host. */
    public enum DaemonModel {
        /** one libvirtd for every driver (Debian/Ubuntu, RHEL 8) */
        MONOLITHIC,
        /** per-driver daemons: virtqemud, virtnetworkd, ..., virtproxyd for remote access (RHEL 9+) */
        MODULAR,
        /** not visible to this source, or neither (or both) found */
        UNKNOWN;

        public String label() {
            return switch (this) {
                case MONOLITHIC -> "monolithic (libvirtd)";
                case MODULAR -> "modular (virtqemud/virtproxyd)";
                case UNKNOWN -> "unknown";
            };
        }
    }

    /**
     * @param model    the daemon model
     * @param evidence what it was decided from, e.g. "libvirtd.socket enabled/active", or why it is unknown
     */
    public record Daemons(DaemonModel model, String evidence) {
        public Daemons {
            evidence = evidence == null ? "" : evidence;
        }

        public static Daemons unknown(String why) {
            return new Daemons(DaemonModel.UNKNOWN, why);
        }

        /**
         * Decides from {@code systemctl is-enabled}/{@code is-active} of libvirtd, virtqemud and virtproxyd (service
         * and socket units) and the sockets present under /run/libvirt. The daemons are socket-activated and exit
         * when idle, so an enabled socket counts as much as an active service.
         *
         * @param units   unit name -> "ENABLED ACTIVE" words as systemctl printed them ("absent"/"unknown" when it said nothing)
         * @param sockets socket file names found in /run/libvirt (libvirt-sock, virtqemud-sock, ...)
         */
        public static Daemons decide(java.util.Map<String, String> units, java.util.Collection<String> sockets) {
            java.util.List<String> mono = new java.util.ArrayList<>();
            java.util.List<String> modular = new java.util.ArrayList<>();
            for (java.util.Map.Entry<String, String> e : new java.util.TreeMap<>(units).entrySet()) {
                String[] w = e.getValue().strip().split("\\s+");
                boolean on = w.length >= 1 && java.util.Set.of("enabled", "enabled-runtime", "static", "indirect").contains(w[0])
                        || w.length >= 2 && w[1].equals("active");
                if (!on) {
                    continue;
                }
                String seen = e.getKey() + " " + String.join("/", w);
                if (e.getKey().startsWith("libvirtd.")) {
                    mono.add(seen);
                } else if (e.getKey().startsWith("virtqemud.") || e.getKey().startsWith("virtproxyd.")) {
                    modular.add(seen);
                }
            }
            if (sockets.contains("virtqemud-sock")) {
                modular.add("/run/libvirt/virtqemud-sock");
            }
            if (mono.isEmpty() && modular.isEmpty() && sockets.contains("libvirt-sock")) {
                // libvirt-sock alone: libvirtd, or virtproxyd in front of modular daemons; no unit state to tell
                return unknown("only /run/libvirt/libvirt-sock found (libvirtd or virtproxyd); systemctl gave no unit state");
            }
            if (!mono.isEmpty() && !modular.isEmpty()) {
                return unknown("both models enabled: " + String.join(", ", mono) + "; " + String.join(", ", modular));
            }
            if (!mono.isEmpty()) {
                return new Daemons(DaemonModel.MONOLITHIC, String.join(", ", mono));
            }
            if (!modular.isEmpty()) {
                return new Daemons(DaemonModel.MODULAR, String.join(", ", modular));
            }
            return unknown("no libvirtd/virtqemud/virtproxyd unit enabled or active and no socket under /run/libvirt");
        }
    }

    public Inventory {
        daemons = daemons == null ? Daemons.unknown("") : daemons;
        guests = guests.stream().sorted(Comparator.comparing(Guest::name)).toList();
        networks = networks.stream().sorted(Comparator.comparing(Network::name)).toList();
        pools = pools.stream().sorted(Comparator.comparing(Pool::name)).toList();
    }

    /** @param state running | paused | shutoff | other */
    public record Guest(String uuid, String name, String state, boolean persistent, boolean autostart, DomainModel domain,
            List<Snapshot> snapshots) {
        public Guest {
            snapshots = snapshots == null ? List.of() : sorted(snapshots);
        }
    }

    /**
     * A guest snapshot from its snapshot XML.
     *
     * @param created      creation time, seconds since the epoch (0 when libvirt gives none)
     * @param state        the guest's state when it was taken (running, shutoff, disk-snapshot …)
     * @param memory       where guest memory went: internal, external or no (RAM holds keys: DR and GU checks care)
     * @param current      whether it is the guest's current snapshot
     */
    public record Snapshot(String name, long created, String state, String memory, String parent, String description,
            boolean current) {
    }

    /** Snapshots in creation order (then by name), so both sources list them alike. */
    static List<Snapshot> sorted(List<Snapshot> l) {
        List<Snapshot> out = new java.util.ArrayList<>(l);
        out.sort(java.util.Comparator.comparingLong(Snapshot::created).thenComparing(Snapshot::name));
        return List.copyOf(out);
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
