package org.virtharden.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The fleet (cross-host) checks FL-001..FL-009 (check catalog §7). Each gives exactly one verdict per host of the
 * input; a host whose data could not be collected gets ERROR (or N/A) with the reason, never PASS.
 */
public final class FleetEvaluators {
    /** FL-001's migration-critical subset. */
    public static final List<String> BASELINE = List.of("HV-001", "HV-002", "HV-003", "HV-004", "HV-009", "HV-010", "HV-011",
            "HV-012", "HV-017", "HV-018", "HV-019", "HV-026", "VN-006", "VN-011", "VN-017", "VN-018", "MON-001", "MON-002");
    static final String FACTS = "fleet-facts";

    private FleetEvaluators() {
    }

    static void register(Map<String, FleetEvaluator> m) {
        m.put("fleet-baseline", scannedOnly(FleetEvaluators::baseline));
        m.put("fleet-migration-peers", scannedOnly(FleetEvaluators::migrationPeers));
        m.put("fleet-version-skew", scannedOnly(FleetEvaluators::versionSkew));
        m.put("fleet-sprawl", scannedOnly(FleetEvaluators::sprawl));
        m.put("fleet-duplicates", scannedOnly(FleetEvaluators::duplicates));
        m.put("fleet-backup-scope", scannedOnly(FleetEvaluators::backupScope));
        m.put("fleet-placement", scannedOnly(FleetEvaluators::placement));
        m.put("fleet-clock", scannedOnly(FleetEvaluators::clock));
        m.put("fleet-locking", scannedOnly(FleetEvaluators::locking));
    }

    /** A host that was not scanned gets ERROR with the reason from every fleet check, whatever else applies. */
    private static FleetEvaluator scannedOnly(FleetEvaluator e) {
        return (check, in) -> {
            Map<String, FleetHost> byName = new LinkedHashMap<>();
            in.hosts().forEach(h -> byName.put(h.name(), h));
            return e.evaluate(check, in).stream().map(v -> {
                FleetHost h = byName.get(v.host());
                return h != null && !h.scanned() ? v(h, notScanned(h)) : v;
            }).toList();
        };
    }

    /** PASS 2 > WARN 1 > FAIL 0; -1 for results that are not compared (N/A, ERROR, manual, waived). */
    static int level(Status s) {
        return switch (s) {
            case PASS -> 2;
            case WARN -> 1;
            case FAIL -> 0;
            default -> -1;
        };
    }

    private static FleetEvaluator.Verdict v(FleetHost h, Outcome o) {
        return new FleetEvaluator.Verdict(h.name(), o);
    }

    private static Outcome notScanned(FleetHost h) {
        return Outcome.error("not checked: " + h.name() + " was not scanned"
                + (h.reason() == null || h.reason().isBlank() ? "" : " (" + h.reason() + ")"));
    }

    private static Map<String, List<FleetHost>> byGroup(FleetInput in) {
        Map<String, List<FleetHost>> g = new LinkedHashMap<>();
        for (FleetHost h : in.hosts()) {
            g.computeIfAbsent(h.groupOrSelf(), k -> new ArrayList<>()).add(h);
        }
        return g;
    }

    // ---------------------------------------------------------------- FL-001

    static List<FleetEvaluator.Verdict> baseline(Check check, FleetInput in) {
        Map<String, List<FleetHost>> groups = byGroup(in);
        List<FleetEvaluator.Verdict> out = new ArrayList<>();
        for (FleetHost h : in.hosts()) {
            List<FleetHost> peers = groups.get(h.groupOrSelf());
            if (h.group() == null) {
                out.add(v(h, Outcome.notApplicable("no host group set for " + h.name()
                        + ": only hosts of one group (migration domain) are compared")));
                continue;
            }
            if (peers.size() < 2) {
                out.add(v(h, Outcome.notApplicable(h.name() + " is the only host of group " + h.group())));
                continue;
            }
            if (!h.scanned()) {
                out.add(v(h, notScanned(h)));
                continue;
            }
            if (peers.stream().filter(FleetHost::scanned).count() < 2) {
                out.add(v(h, Outcome.error("not compared: no other host of group " + h.group() + " was scanned in this run")));
                continue;
            }
            List<String> weaker = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            List<String> observed = new ArrayList<>();
            int compared = 0;
            for (String id : BASELINE) {
                int best = -1;
                String bestHost = null;
                Status bestStatus = null;
                for (FleetHost p : peers) {
                    FleetHost.Result r = p.scanned() ? p.results().get(id) : null;
                    if (r != null && level(r.status()) > best) {
                        best = level(r.status());
                        bestHost = p.name();
                        bestStatus = r.status();
                    }
                }
                if (best < 0) {
                    continue;
                }
                FleetHost.Result mine = h.results().get(id);
                if (mine == null || mine.status() == Status.ERROR) {
                    errors.add(id + (mine == null ? " not evaluated" : " could not be checked"));
                    continue;
                }
                int lv = level(mine.status());
                if (lv < 0) {
                    continue;
                }
                compared++;
                observed.add(id + "=" + mine.status());
                if (lv < best) {
                    weaker.add(id + " " + mine.status() + " (" + bestStatus + " on " + bestHost + ")");
                }
            }
            String expected = "every migration-critical check at the level of the strictest host of group " + h.group();
            if (!weaker.isEmpty()) {
                out.add(v(h, new Outcome(Status.FAIL, String.join(", ", observed), expected, h.name()
                        + " is weaker than its group " + h.group() + " peers on " + weaker.size() + " control(s): "
                        + String.join("; ", weaker))));
            } else if (!errors.isEmpty()) {
                out.add(v(h, new Outcome(Status.ERROR, String.join(", ", observed), expected,
                        "not compared on " + h.name() + ": " + String.join("; ", errors))));
            } else {
                out.add(v(h, new Outcome(Status.PASS, String.join(", ", observed), expected, h.name()
                        + " reaches the strictest level of group " + h.group() + " (" + peers.size() + " hosts) on all "
                        + compared + " compared checks")));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- FL-002

    static List<FleetEvaluator.Verdict> migrationPeers(Check check, FleetInput in) {
        List<FleetEvaluator.Verdict> out = new ArrayList<>();
        for (FleetHost h : in.hosts()) {
            if (!h.scanned()) {
                out.add(v(h, notScanned(h)));
                continue;
            }
            List<String> bad = new ArrayList<>();
            List<String> warn = new ArrayList<>();
            List<String> err = new ArrayList<>();
            List<String> observed = new ArrayList<>();
            for (String id : List.of("VN-006", "HV-017", "VN-019")) {
                FleetHost.Result r = h.results().get(id);
                if (r == null) {
                    if (!id.equals("VN-019")) {
                        err.add(id + " not evaluated");
                    }
                    continue;
                }
                observed.add(id + "=" + r.status());
                switch (r.status()) {
                    case FAIL -> bad.add(id + " FAIL" + (r.observed().isBlank() ? "" : " (" + shorten(r.observed(), 80) + ")"));
                    case WARN -> warn.add(id + " WARN");
                    case ERROR, MANUAL_PENDING -> err.add(id + " " + r.status());
                    default -> { }
                }
            }
            String expected = "migration and remote libvirt accepted only from the peers of " + h.groupOrSelf();
            if (!bad.isEmpty()) {
                out.add(v(h, new Outcome(Status.FAIL, String.join(", ", observed), expected, h.name()
                        + " accepts migration or remote libvirt traffic beyond its peers: " + String.join("; ", bad))));
            } else if (!err.isEmpty()) {
                out.add(v(h, new Outcome(Status.ERROR, String.join(", ", observed), expected,
                        "not checked on " + h.name() + ": " + String.join("; ", err))));
            } else if (!warn.isEmpty()) {
                out.add(v(h, new Outcome(Status.WARN, String.join(", ", observed), expected, h.name()
                        + " restricts migration peers only partly: " + String.join("; ", warn))));
            } else {
                out.add(v(h, new Outcome(Status.PASS, String.join(", ", observed), expected, h.name()
                        + " restricts the migration and remote libvirt ports and TLS clients")));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- FL-003

    static List<FleetEvaluator.Verdict> versionSkew(Check check, FleetInput in) {
        int n;
        try {
            n = Integer.parseInt(in.setting(Settings.FLEET_VERSION_SKEW).strip());
        } catch (NumberFormatException e) {
            n = 2;
        }
        Map<String, List<FleetHost>> groups = byGroup(in);
        Map<String, FleetFacts.Versions> versions = new LinkedHashMap<>();
        for (FleetHost h : in.hosts()) {
            String t = FleetFacts.output(h, FACTS, "versions");
            if (t != null) {
                versions.put(h.name(), FleetFacts.versions(t));
            }
        }
        List<FleetEvaluator.Verdict> out = new ArrayList<>();
        for (FleetHost h : in.hosts()) {
            List<FleetHost> peers = groups.get(h.groupOrSelf());
            if (h.group() == null || peers.size() < 2) {
                out.add(v(h, Outcome.notApplicable(h.group() == null ? "no host group set for " + h.name()
                        : h.name() + " is the only host of group " + h.group())));
                continue;
            }
            FleetFacts.Versions mine = versions.get(h.name());
            if (mine == null) {
                out.add(v(h, Outcome.error("not checked: " + FleetFacts.missing(h, FACTS, "versions"))));
                continue;
            }
            List<FleetFacts.Versions> known = peers.stream().map(p -> versions.get(p.name())).filter(x -> x != null).toList();
            if (known.size() < 2) {
                out.add(v(h, Outcome.error("not compared: no other host of group " + h.group() + " has version data")));
                continue;
            }
            // the group's release: the most common OS id + major version, ties to the newest
            Map<String, Integer> releases = new TreeMap<>();
            known.forEach(x -> releases.merge(release(x), 1, Integer::sum));
            String release = releases.entrySet().stream()
                    .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                            .thenComparing(Map.Entry::getKey, VersionCompare::compare))
                    .map(Map.Entry::getKey).orElse("");
            String newestLibvirt = known.stream().map(FleetFacts.Versions::libvirt).filter(x -> x != null)
                    .max(VersionCompare::compare).orElse(null);
            String newestHv = known.stream().map(FleetFacts.Versions::hypervisor).filter(x -> x != null)
                    .max(VersionCompare::compare).orElse(null);
            List<String> outl = new ArrayList<>();
            if (!release(mine).equals(release)) {
                outl.add("OS " + release(mine) + " (group: " + release + ")");
            }
            if (behind(mine.libvirt(), newestLibvirt, n)) {
                outl.add("libvirt " + mine.libvirt() + " (newest " + newestLibvirt + ")");
            }
            if (behind(mine.hypervisor(), newestHv, n)) {
                outl.add(mine.hypervisorName() + " " + mine.hypervisor() + " (newest " + newestHv + ")");
            }
            String observed = "OS " + release(mine) + ", kernel " + mine.kernel() + ", libvirt " + mine.libvirt() + ", "
                    + mine.hypervisorName() + " " + mine.hypervisor();
            String expected = "OS " + release + "; libvirt and hypervisor within " + n + " minor versions of the newest";
            if (mine.libvirt() == null || mine.hypervisor() == null) {
                out.add(v(h, new Outcome(Status.ERROR, observed, expected, "not checked: virsh version on " + h.name()
                        + " gave no library or hypervisor version")));
            } else if (!outl.isEmpty()) {
                out.add(v(h, new Outcome(Status.FAIL, observed, expected, h.name() + " is a version outlier in group "
                        + h.group() + ": " + String.join("; ", outl))));
            } else {
                out.add(v(h, new Outcome(Status.PASS, observed, expected, h.name() + " is within the version limits of group "
                        + h.group())));
            }
        }
        return out;
    }

    private static String release(FleetFacts.Versions x) {
        String major = x.osVersion() == null ? "?" : x.osVersion().split("\\.", 2)[0];
        return (x.osId() == null ? "?" : x.osId()) + " " + major;
    }

    /** Whether {@code v} is a different major version than {@code newest} or more than n minor versions behind. */
    static boolean behind(String v, String newest, int n) {
        if (v == null || newest == null) {
            return false;
        }
        int[] a = majorMinor(v);
        int[] b = majorMinor(newest);
        if (a == null || b == null) {
            return !v.equals(newest);
        }
        return a[0] != b[0] || b[1] - a[1] > n;
    }

    private static int[] majorMinor(String v) {
        String[] t = v.split("[.-]");
        try {
            return new int[] {Integer.parseInt(t[0]), t.length > 1 ? Integer.parseInt(t[1]) : 0};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- guests of all hosts

    /** Guests per scanned host; hosts whose guest list was not collected are absent. */
    private static Map<String, List<FleetFacts.Guest>> guests(FleetInput in) {
        Map<String, List<FleetFacts.Guest>> m = new LinkedHashMap<>();
        for (FleetHost h : in.hosts()) {
            String t = FleetFacts.output(h, FACTS, "guests");
            if (t != null && h.scanned()) {
                m.put(h.name(), FleetFacts.guests(t));
            }
        }
        return m;
    }

    private static Optional<GuestInventory> inventory(FleetInput in, List<FleetEvaluator.Verdict> out, String what) {
        GuestInventory inv;
        try {
            inv = GuestInventory.parse(in.setting(Settings.GUEST_INVENTORY));
        } catch (IllegalArgumentException e) {
            in.hosts().forEach(h -> out.add(v(h, Outcome.error("not checked: the approved inventory is unreadable: "
                    + e.getMessage()))));
            return Optional.empty();
        }
        if (!inv.present()) {
            in.hosts().forEach(h -> out.add(v(h, Outcome.notApplicable("no approved inventory: set guests.inventory to judge "
                    + what))));
            return Optional.empty();
        }
        return Optional.of(inv);
    }

    private static String label(FleetFacts.Guest g) {
        return g.name() + " (" + g.uuid() + ")";
    }

    // ---------------------------------------------------------------- FL-004

    static List<FleetEvaluator.Verdict> sprawl(Check check, FleetInput in) {
        List<FleetEvaluator.Verdict> out = new ArrayList<>();
        Optional<GuestInventory> invOpt = inventory(in, out, "unknown and missing guests");
        if (invOpt.isEmpty()) {
            return out;
        }
        GuestInventory inv = invOpt.get();
        Map<String, List<FleetFacts.Guest>> guests = guests(in);
        Set<GuestInventory.Entry> seen = new LinkedHashSet<>();
        Map<String, Set<String>> hostsOfUuid = new LinkedHashMap<>();
        guests.forEach((host, list) -> list.forEach(g -> {
            inv.find(g.uuid(), g.name()).ifPresent(seen::add);
            hostsOfUuid.computeIfAbsent(g.uuid(), k -> new LinkedHashSet<>()).add(host);
        }));
        Set<String> groupsIncomplete = new LinkedHashSet<>();
        for (FleetHost h : in.hosts()) {
            if (!guests.containsKey(h.name())) {
                groupsIncomplete.add(h.group() == null ? "" : h.group());
            }
        }
        for (FleetHost h : in.hosts()) {
            List<FleetFacts.Guest> mine = guests.get(h.name());
            if (mine == null) {
                out.add(v(h, h.scanned() ? Outcome.error("not checked: " + FleetFacts.missing(h, FACTS, "guests")) : notScanned(h)));
                continue;
            }
            List<String> unknown = new ArrayList<>();
            List<String> dups = new ArrayList<>();
            for (FleetFacts.Guest g : mine) {
                Optional<GuestInventory.Entry> e = inv.find(g.uuid(), g.name());
                if (e.isEmpty()) {
                    unknown.add(label(g));
                } else if (hostsOfUuid.get(g.uuid()).size() > 1 && blank(e.get().haGroup())) {
                    List<String> others = new ArrayList<>(hostsOfUuid.get(g.uuid()));
                    others.remove(h.name());
                    dups.add(g.name() + " also defined on " + String.join(", ", others));
                }
            }
            List<String> missing = new ArrayList<>();
            for (GuestInventory.Entry e : inv.entries()) {
                boolean mineToFind = blank(e.hostGroup()) || e.hostGroup().equals(h.group());
                boolean groupInInput = blank(e.hostGroup())
                        || in.hosts().stream().anyMatch(x -> e.hostGroup().equals(x.group()));
                if (mineToFind && groupInInput && !seen.contains(e)
                        && !groupsIncomplete.contains(blank(e.hostGroup()) ? "" : e.hostGroup()) && groupsIncomplete.isEmpty()) {
                    missing.add((blank(e.name()) ? e.uuid() : e.name()) + " (line " + e.line() + ")");
                }
            }
            String observed = mine.size() + " guest(s) defined" + (unknown.isEmpty() ? "" : "; unknown: " + String.join(", ", unknown));
            String expected = "every defined guest in the approved inventory; every entry of group " + h.groupOrSelf()
                    + " found on a host";
            if (!unknown.isEmpty()) {
                out.add(v(h, new Outcome(Status.FAIL, observed, expected, unknown.size() + " guest(s) on " + h.name()
                        + " not in the approved inventory: " + String.join(", ", unknown)
                        + (missing.isEmpty() ? "" : "; inventory entries found on no host: " + String.join(", ", missing)))));
            } else if (!missing.isEmpty() || !dups.isEmpty()) {
                List<String> parts = new ArrayList<>();
                if (!missing.isEmpty()) {
                    parts.add("inventory entries found on no host: " + String.join(", ", missing));
                }
                if (!dups.isEmpty()) {
                    parts.add("defined on several hosts without an ha_group: " + String.join("; ", dups));
                }
                out.add(v(h, new Outcome(Status.WARN, observed, expected, String.join("; ", parts))));
            } else {
                out.add(v(h, new Outcome(Status.PASS, observed, expected, "all " + mine.size() + " guest(s) on " + h.name()
                        + " are in the approved inventory" + (groupsIncomplete.isEmpty() ? ""
                        : " (missing entries not judged: a host of the fleet has no guest list)"))));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- FL-005

    private record Where(String host, FleetFacts.Guest guest) {
        @Override
        public String toString() {
            return guest.name() + "@" + host + (guest.running() ? " running" : "");
        }
    }

    static List<FleetEvaluator.Verdict> duplicates(Check check, FleetInput in) {
        Map<String, List<FleetFacts.Guest>> guests = guests(in);
        Map<String, List<Where>> byUuid = new TreeMap<>();
        Map<String, List<Where>> byMac = new TreeMap<>();
        Map<String, List<Where>> byDisk = new TreeMap<>();
        guests.forEach((host, list) -> list.forEach(g -> {
            byUuid.computeIfAbsent(g.uuid(), k -> new ArrayList<>()).add(new Where(host, g));
            g.nics().stream().map(FleetFacts.Nic::mac).distinct()
                    .forEach(m -> byMac.computeIfAbsent(m, k -> new ArrayList<>()).add(new Where(host, g)));
            g.disks().stream().filter(FleetFacts.Disk::writable)
                    .filter(d -> d.type().equals("network") || d.type().equals("block")).map(FleetFacts.Disk::source)
                    .distinct().forEach(s -> byDisk.computeIfAbsent(s, k -> new ArrayList<>()).add(new Where(host, g)));
        }));
        List<FleetEvaluator.Verdict> out = new ArrayList<>();
        for (FleetHost h : in.hosts()) {
            if (!guests.containsKey(h.name())) {
                out.add(v(h, h.scanned() ? Outcome.error("not checked: " + FleetFacts.missing(h, FACTS, "guests")) : notScanned(h)));
                continue;
            }
            List<String> found = new ArrayList<>();
            dupes(h.name(), "UUID", byUuid, found, true);
            dupes(h.name(), "MAC", byMac, found, false);
            dupes(h.name(), "writable disk", byDisk, found, true);
            String expected = "no UUID, MAC or shared writable disk used by more than one guest";
            if (!found.isEmpty()) {
                out.add(v(h, new Outcome(Status.FAIL, String.join("; ", found), expected, "duplicate identities involving "
                        + h.name() + ": " + String.join("; ", found))));
            } else {
                out.add(v(h, new Outcome(Status.PASS, guests.get(h.name()).size() + " guest(s), no duplicates", expected,
                        "no guest of " + h.name() + " shares a UUID, MAC or writable disk with another guest of the "
                                + guests.size() + " host(s) compared")));
            }
        }
        return out;
    }

    private static void dupes(String host, String kind, Map<String, List<Where>> map, List<String> found, boolean acrossHosts) {
        map.forEach((key, list) -> {
            if (list.size() < 2 || list.stream().noneMatch(w -> w.host().equals(host))) {
                return;
            }
            long hosts = list.stream().map(Where::host).distinct().count();
            if (acrossHosts && hosts < 2) {
                return;
            }
            long running = list.stream().filter(w -> w.guest().running()).map(Where::host).distinct().count();
            found.add(kind + " " + key + " on " + list.stream().map(Where::toString).toList()
                    + (running >= 2 ? " — running on " + running + " hosts at once" : ""));
        });
    }

    // ---------------------------------------------------------------- FL-006

    static List<FleetEvaluator.Verdict> backupScope(Check check, FleetInput in) {
        GuestInventory inv;
        try {
            inv = GuestInventory.parse(in.setting(Settings.GUEST_INVENTORY));
        } catch (IllegalArgumentException e) {
            inv = GuestInventory.parse("");
        }
        String catalogText = in.setting(Settings.BACKUP_CATALOG);
        Set<String> covered = new LinkedHashSet<>();
        Set<String> wholeGuests = new LinkedHashSet<>();
        for (String line : catalogText.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.toLowerCase(Locale.ROOT).startsWith("guest,")) {
                continue;
            }
            String[] t = l.split(",", -1);
            if (t.length >= 2) {
                String guest = t[0].strip();
                String disk = t[1].strip();
                if (disk.equals("*")) {
                    wholeGuests.add(guest);
                } else {
                    covered.add(guest + "|" + disk);
                }
            }
        }
        boolean scopeColumn = inv.entries().stream().anyMatch(e -> !blank(e.backupScope()));
        List<FleetEvaluator.Verdict> out = new ArrayList<>();
        if (covered.isEmpty() && wholeGuests.isEmpty() && !scopeColumn) {
            in.hosts().forEach(h -> out.add(v(h, Outcome.notApplicable(
                    "no backup scope supplied: set backup.catalog or the inventory's backup_scope column"))));
            return out;
        }
        Map<String, List<FleetFacts.Guest>> guests = guests(in);
        for (FleetHost h : in.hosts()) {
            List<FleetFacts.Guest> mine = guests.get(h.name());
            if (mine == null) {
                out.add(v(h, h.scanned() ? Outcome.error("not checked: " + FleetFacts.missing(h, FACTS, "guests")) : notScanned(h)));
                continue;
            }
            List<String> uncovered = new ArrayList<>();
            int disks = 0;
            for (FleetFacts.Guest g : mine) {
                Optional<GuestInventory.Entry> e = inv.find(g.uuid(), g.name());
                if (e.isPresent() && Boolean.TRUE.equals(e.get().ephemeral())) {
                    continue;
                }
                String scope = e.map(GuestInventory.Entry::backupScope).orElse("");
                boolean all = List.of("yes", "true", "full", "all").contains(scope == null ? "" : scope.strip().toLowerCase(Locale.ROOT))
                        || wholeGuests.contains(g.name()) || wholeGuests.contains(g.uuid());
                for (FleetFacts.Disk d : g.disks()) {
                    if (!d.writable()) {
                        continue;
                    }
                    disks++;
                    if (!all && !covered.contains(g.name() + "|" + d.source()) && !covered.contains(g.uuid() + "|" + d.source())) {
                        uncovered.add(g.name() + ":" + d.source());
                    }
                }
            }
            String expected = "every writable guest disk in the backup scope (ephemeral guests excepted)";
            if (!uncovered.isEmpty()) {
                out.add(v(h, new Outcome(Status.FAIL, uncovered.size() + " of " + disks + " disk(s) uncovered", expected,
                        uncovered.size() + " guest disk(s) on " + h.name() + " outside the backup scope: "
                                + String.join(", ", uncovered))));
            } else {
                out.add(v(h, new Outcome(Status.PASS, disks + " disk(s) covered", expected,
                        "every writable guest disk on " + h.name() + " is in the backup scope")));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- FL-007

    /** {@code fleet.group.zones}: "group: zone, zone; group: zone". */
    static Map<String, Set<String>> groupZones(String text) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (String part : text.split("[;\n]")) {
            int c = part.indexOf(':');
            if (c <= 0) {
                continue;
            }
            Set<String> zones = new LinkedHashSet<>();
            for (String z : part.substring(c + 1).split("[,\\s]+")) {
                if (!z.isBlank()) {
                    zones.add(z.strip().toLowerCase(Locale.ROOT));
                }
            }
            m.put(part.substring(0, c).strip(), zones);
        }
        return m;
    }

    static List<FleetEvaluator.Verdict> placement(Check check, FleetInput in) {
        List<FleetEvaluator.Verdict> out = new ArrayList<>();
        Optional<GuestInventory> invOpt = inventory(in, out, "zones and anti-affinity");
        if (invOpt.isEmpty()) {
            return out;
        }
        GuestInventory inv = invOpt.get();
        Map<String, Set<String>> allowed = groupZones(in.setting(Settings.FLEET_GROUP_ZONES));
        Map<String, List<FleetFacts.Guest>> guests = guests(in);
        for (FleetHost h : in.hosts()) {
            List<FleetFacts.Guest> mine = guests.get(h.name());
            if (mine == null) {
                out.add(v(h, h.scanned() ? Outcome.error("not checked: " + FleetFacts.missing(h, FACTS, "guests")) : notScanned(h)));
                continue;
            }
            Set<String> groupAllows = h.group() == null ? null : allowed.get(h.group());
            List<String> fail = new ArrayList<>();
            Map<String, List<String>> zones = new TreeMap<>();
            Map<String, List<String>> ha = new TreeMap<>();
            for (FleetFacts.Guest g : mine) {
                if (!g.running()) {
                    continue;
                }
                Optional<GuestInventory.Entry> e = inv.find(g.uuid(), g.name());
                if (e.isEmpty()) {
                    continue;
                }
                String zone = blank(e.get().zone()) ? null : e.get().zone().strip().toLowerCase(Locale.ROOT);
                if (zone != null) {
                    zones.computeIfAbsent(zone, k -> new ArrayList<>()).add(g.name());
                    if (groupAllows != null && !groupAllows.contains(zone)) {
                        fail.add(g.name() + " (zone " + zone + ") on " + h.name() + " whose group " + h.group() + " allows "
                                + String.join(", ", groupAllows));
                    }
                }
                if (!blank(e.get().haGroup())) {
                    ha.computeIfAbsent(e.get().haGroup().strip(), k -> new ArrayList<>()).add(g.name());
                }
            }
            ha.forEach((group, members) -> {
                if (members.size() > 1) {
                    fail.add("ha_group " + group + " members " + String.join(", ", members) + " run on the same host");
                }
            });
            String observed = zones.isEmpty() ? "no running guest with a zone"
                    : zones.entrySet().stream().map(z -> z.getKey() + ": " + String.join(", ", z.getValue())).toList().toString();
            String expected = groupAllows == null ? "running guests of one zone per host, ha_group members apart"
                    : "zones " + String.join(", ", groupAllows) + " on group " + h.group() + ", ha_group members apart";
            if (!fail.isEmpty()) {
                out.add(v(h, new Outcome(Status.FAIL, observed, expected, String.join("; ", fail))));
            } else if (zones.size() > 1 && groupAllows == null) {
                out.add(v(h, new Outcome(Status.WARN, observed, expected, "guests of " + zones.size()
                        + " trust zones share " + h.name() + ": " + observed
                        + " (allow the mix in fleet.group.zones if it is accepted)")));
            } else {
                out.add(v(h, new Outcome(Status.PASS, observed, expected, "placement on " + h.name()
                        + " respects the trust zones and anti-affinity")));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- FL-008

    static List<FleetEvaluator.Verdict> clock(Check check, FleetInput in) {
        Map<String, long[]> offsets = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (FleetHost h : in.hosts()) {
            String t = FleetFacts.output(h, FACTS, "clock");
            if (!h.scanned()) {
                problems.put(h.name(), notScanned(h).reason());
            } else if (t == null) {
                problems.put(h.name(), "not checked: " + FleetFacts.missing(h, FACTS, "clock"));
            } else if (h.scanStartMillis() <= 0 || h.scanEndMillis() < h.scanStartMillis()) {
                problems.put(h.name(), "not checked: the scan window of " + h.name() + " is unknown");
            } else {
                try {
                    long clock = Math.round(Double.parseDouble(t.strip()) * 1000);
                    offsets.put(h.name(), new long[] {clock - h.scanEndMillis(), clock - h.scanStartMillis()});
                } catch (NumberFormatException e) {
                    problems.put(h.name(), "not checked: unreadable clock '" + shorten(t.strip(), 40) + "' on " + h.name());
                }
            }
        }
        List<FleetEvaluator.Verdict> out = new ArrayList<>();
        if (in.hosts().size() < 2) {
            in.hosts().forEach(h -> out.add(v(h, Outcome.notApplicable("only one host: no clocks to compare"))));
            return out;
        }
        for (FleetHost h : in.hosts()) {
            if (problems.containsKey(h.name())) {
                out.add(v(h, Outcome.error(problems.get(h.name()))));
                continue;
            }
            long[] a = offsets.get(h.name());
            List<String> off = new ArrayList<>();
            List<String> unsure = new ArrayList<>();
            long worstUpper = 0;
            for (Map.Entry<String, long[]> e : offsets.entrySet()) {
                if (e.getKey().equals(h.name())) {
                    continue;
                }
                long[] b = e.getValue();
                long lower = Math.max(0, Math.max(a[0] - b[1], b[0] - a[1]));
                long upper = Math.max(a[1] - b[0], b[1] - a[0]);
                worstUpper = Math.max(worstUpper, upper);
                if (lower >= 1000) {
                    off.add(e.getKey() + " by at least " + String.format(Locale.ROOT, "%.1f s", lower / 1000.0));
                } else if (upper >= 1000) {
                    unsure.add(e.getKey() + " (window " + String.format(Locale.ROOT, "%.1f s", upper / 1000.0) + ")");
                }
            }
            String observed = "offset to the workstation between " + a[0] + " and " + a[1] + " ms";
            String expected = "pairwise clock skew < 1 s";
            if (!off.isEmpty()) {
                out.add(v(h, new Outcome(Status.FAIL, observed, expected, "the clock of " + h.name() + " differs from "
                        + String.join(", ", off))));
            } else if (!unsure.isEmpty()) {
                out.add(v(h, new Outcome(Status.ERROR, observed, expected, "not checked: the skew of " + h.name()
                        + " could not be bounded below 1 s against " + String.join(", ", unsure)
                        + " (the clocks were read during scans that long)")));
            } else if (offsets.size() < 2) {
                out.add(v(h, Outcome.error("not checked: no other host's clock was read")));
            } else {
                out.add(v(h, new Outcome(Status.PASS, observed, expected, "the clock of " + h.name()
                        + " is within " + worstUpper + " ms of every other host's")));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- FL-009

    static List<FleetEvaluator.Verdict> locking(Check check, FleetInput in) {
        Map<String, List<FleetFacts.Pool>> pools = new LinkedHashMap<>();
        for (FleetHost h : in.hosts()) {
            String t = FleetFacts.output(h, FACTS, "pools");
            if (t != null && h.scanned()) {
                pools.put(h.name(), FleetFacts.pools(t));
            }
        }
        Map<String, Set<String>> sharers = new TreeMap<>();
        pools.forEach((host, list) -> list.stream().map(FleetFacts.Pool::sharedKey).filter(k -> k != null)
                .forEach(k -> sharers.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(host)));
        Map<String, FleetHost> byName = new LinkedHashMap<>();
        in.hosts().forEach(h -> byName.put(h.name(), h));
        Function<String, String> lm = name -> FleetFacts.lockManager(byName.get(name));
        List<FleetEvaluator.Verdict> out = new ArrayList<>();
        for (FleetHost h : in.hosts()) {
            if (!pools.containsKey(h.name())) {
                out.add(v(h, h.scanned() ? Outcome.error("not checked: " + FleetFacts.missing(h, FACTS, "pools")) : notScanned(h)));
                continue;
            }
            List<String> fail = new ArrayList<>();
            List<String> err = new ArrayList<>();
            List<String> shared = new ArrayList<>();
            for (Map.Entry<String, Set<String>> e : sharers.entrySet()) {
                if (e.getValue().size() < 2 || !e.getValue().contains(h.name())) {
                    continue;
                }
                shared.add(e.getKey());
                Map<String, String> managers = new LinkedHashMap<>();
                for (String host : e.getValue()) {
                    String m = lm.apply(host);
                    if (m == null) {
                        err.add("lock_manager of " + host + " unknown (qemu.conf not read: " + FleetFacts.missing(byName.get(host),
                                "libvirt-config", "qemu-conf") + ")");
                    } else {
                        managers.put(host, m.isEmpty() ? "absent" : m);
                    }
                }
                if (managers.containsValue("absent")) {
                    fail.add("pool " + e.getKey() + ": lock_manager absent on "
                            + String.join(", ", managers.entrySet().stream().filter(x -> x.getValue().equals("absent"))
                                    .map(Map.Entry::getKey).toList()));
                } else if (new LinkedHashSet<>(managers.values()).size() > 1) {
                    fail.add("pool " + e.getKey() + ": mixed lock managers " + managers);
                }
            }
            String mine = lm.apply(h.name());
            String observed = "lock_manager " + (mine == null ? "unknown" : mine.isEmpty() ? "absent" : mine)
                    + (shared.isEmpty() ? "" : "; shared pools " + String.join(", ", shared));
            String expected = "the same lock_manager (lockd or sanlock) on every host sharing a pool";
            if (shared.isEmpty()) {
                out.add(v(h, Outcome.notApplicable(h.name() + " shares no storage pool with another host")));
            } else if (!fail.isEmpty()) {
                out.add(v(h, new Outcome(Status.FAIL, observed, expected, String.join("; ", fail))));
            } else if (!err.isEmpty()) {
                out.add(v(h, new Outcome(Status.ERROR, observed, expected, "not checked: " + String.join("; ", err))));
            } else {
                out.add(v(h, new Outcome(Status.PASS, observed, expected, "every host sharing a pool with " + h.name()
                        + " uses lock_manager " + mine)));
            }
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static String shorten(String s, int max) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }
}
