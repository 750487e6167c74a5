package org.virtharden.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluators for HV-004/026/030, MON-003/006/008/009/011/012/014 and VN-001/003/004/005/009/015/016/020. Hybrid
 * checks decide only what the facts decide; the rest is MANUAL_PENDING with the facts in {@code observed} and what
 * the operator has to confirm in the reason.
 */
final class ExtraEvaluators {
    private static final Pattern PID_LINE = Pattern.compile("^pid (\\d+) start (\\d+) exe (.*)$");
    private static final Pattern DELETED_MAP = Pattern.compile("^pid (\\d+) deleted-map (.*)$");
    private static final Pattern INSTALLED = Pattern.compile("^installed (\\d+) (.*)$");
    /** Deleted executable mappings that are normal for QEMU: memfd, /dev/zero, hugepages, SysV shm, memory backing. */
    private static final Pattern BENIGN_MAP = Pattern.compile("^(/memfd:|/dev/zero|/dev/hugepages|/hugepages|/SYSV|/dev/shm/|/run/hugepages"
            + "|/var/lib/libvirt/qemu/ram/).*");

    private ExtraEvaluators() {
    }

    static void register(Map<String, CheckEvaluator> m) {
        m.put("qemu-superseded", ExtraEvaluators::qemuSuperseded);
        m.put("storage-encryption", ExtraEvaluators::storageEncryption);
        m.put("libvirt-audit", ExtraEvaluators::libvirtAudit);
        m.put("guest-host-services", ExtraEvaluators::guestHostServices);
        m.put("vlan-hygiene", ExtraEvaluators::vlanHygiene);
    }

    static Outcome manual(String observed, String expected, String confirm) {
        return new Outcome(Status.MANUAL_PENDING, observed, expected, confirm);
    }

    // ------------------------------------------------------------------ HV-004

    static Outcome qemuSuperseded(Check check, EvaluationContext ctx) {
        String expected = "no QEMU process runs a replaced binary or library, none started before the last QEMU update";
        long installed = 0;
        String installedWhat = null;
        for (String l : Facts.lines(Facts.text(ctx, "installed"))) {
            Matcher m = INSTALLED.matcher(l.strip());
            if (m.matches() && Long.parseLong(m.group(1)) > installed) {
                installed = Long.parseLong(m.group(1));
                installedWhat = m.group(2);
            }
        }
        Verdict v = new Verdict();
        List<String> unreadable = new ArrayList<>();
        Map<String, List<String>> maps = new TreeMap<>();
        int n = 0;
        for (String l : Facts.lines(Facts.text(ctx, "procs"))) {
            String s = l.strip();
            Matcher d = DELETED_MAP.matcher(s);
            if (d.matches()) {
                if (!BENIGN_MAP.matcher(d.group(2)).matches()) {
                    maps.computeIfAbsent(d.group(1), k -> new ArrayList<>()).add(d.group(2));
                }
                continue;
            }
            if (s.endsWith(" unreadable") || s.endsWith(" maps-unreadable")) {
                unreadable.add(s.split(" ")[1]);
                continue;
            }
            Matcher p = PID_LINE.matcher(s);
            if (!p.matches()) {
                continue;
            }
            n++;
            String pid = p.group(1);
            long start = Long.parseLong(p.group(2));
            String exe = p.group(3);
            if (exe.endsWith(" (deleted)")) {
                v.fail("QEMU pid " + pid + " runs a replaced binary " + exe);
            } else if (installed > 0 && start < installed) {
                v.fail("QEMU pid " + pid + " started before " + installedWhat + " was installed");
            }
        }
        maps.forEach((pid, libs) -> v.fail("QEMU pid " + pid + " maps replaced files " + String.join(", ", new LinkedHashSet<>(libs))));
        if (!unreadable.isEmpty() && !v.failed()) {
            return Outcome.error("could not read /proc of QEMU pid " + String.join(", ", unreadable) + " (needs root; hidepid?)");
        }
        if (n == 0 && unreadable.isEmpty()) {
            return Outcome.notApplicable("no QEMU process runs on this host");
        }
        v.seen(Facts.plural(n, "QEMU process"));
        if (installedWhat != null) {
            v.seen("newest QEMU binary installed at epoch " + installed + " (" + installedWhat + ")");
        }
        return v.outcome(expected, "every QEMU process runs the installed binaries; cold-restart or live-migrate the others");
    }

    // ------------------------------------------------------------------ HV-026

    record Pool(String type, String path, List<String> chain, String source) {
        boolean remote() {
            return !Set.of("dir", "fs", "logical", "unknown", "error").contains(type);
        }

        boolean encrypted() {
            return chain.stream().anyMatch(c -> c.matches("\\S+ crypt( .*)?") || c.contains("crypto_LUKS"));
        }
    }

    static List<Pool> pools(String text) {
        List<Pool> out = new ArrayList<>();
        String type = null;
        String path = null;
        List<String> chain = new ArrayList<>();
        String source = "";
        for (String l : (text + "\n@@pool end -").split("\n")) {
            if (l.startsWith("@@pool ")) {
                if (type != null) {
                    out.add(new Pool(type, path, chain, source));
                }
                String[] w = l.substring(7).split(" ", 2);
                type = w[0];
                path = w.length > 1 ? w[1] : "-";
                chain = new ArrayList<>();
                source = "";
            } else if (l.startsWith("source ")) {
                source = l.substring(7).strip();
            } else if (!l.isBlank() && !l.startsWith("pv ") && !l.equals("missing") && !l.equals("remote")) {
                chain.add(l.strip());
            }
        }
        return out;
    }

    static Outcome storageEncryption(Check check, EvaluationContext ctx) {
        String expected = "every local pool on a LUKS layer; remote storage encryption attested";
        boolean required = Settings.flag(ctx, Settings.STORAGE_ENCRYPTION_REQUIRED);
        boolean remoteAttested = Settings.flag(ctx, Settings.STORAGE_REMOTE_ENCRYPTION_ATTESTED);
        List<String> plain = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        List<String> enc = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Pool p : pools(Facts.text(ctx, "pools"))) {
            if (p.type().equals("error")) {
                unknown.add("a pool whose XML could not be read");
            } else if (p.remote()) {
                remote.add(p.type() + " pool " + p.path());
            } else if (p.encrypted()) {
                enc.add(p.path());
            } else if (p.chain().isEmpty() && !p.source().isEmpty() && !p.source().startsWith("/dev/")) {
                unknown.add(p.path() + " on " + p.source());
            } else if (!p.chain().isEmpty() || p.type().equals("logical")) {
                plain.add(p.path() + (p.source().isEmpty() ? "" : " (" + p.source() + ")"));
            }
        }
        Verdict v = new Verdict();
        if (!enc.isEmpty()) {
            v.seen("on LUKS: " + String.join(", ", enc));
        }
        if (!plain.isEmpty()) {
            v.seen("plaintext: " + String.join(", ", plain));
        }
        if (!remote.isEmpty()) {
            v.seen("remote: " + String.join(", ", remote) + (remoteAttested ? " (encryption attested)" : ""));
        }
        if (!unknown.isEmpty()) {
            v.seen("not determined: " + String.join(", ", unknown));
        }
        boolean allGood = plain.isEmpty() && unknown.isEmpty() && (remote.isEmpty() || remoteAttested) && !enc.isEmpty();
        if (allGood) {
            return v.outcome(expected, "VM storage is encrypted at rest");
        }
        if (!required) {
            Outcome o = v.outcome(expected, "");
            return new Outcome(Status.NOT_APPLICABLE, o.observed(), expected,
                    "policy does not require storage encryption (storage.encryption.required); recorded for information");
        }
        if (!plain.isEmpty()) {
            if (Settings.get(ctx, Settings.ENCRYPTION_ATTESTED).strip().equals("*")) {
                v.warn("plaintext local storage " + String.join(", ", plain) + "; only guest-level encryption is attested (GU-014)");
            } else {
                v.fail("plaintext local storage where policy requires encryption: " + String.join(", ", plain));
            }
        }
        if (!remote.isEmpty() && !remoteAttested) {
            v.warn("confirm encryption at rest of " + String.join(", ", remote) + " (storage.remote.encryption.attested)");
        }
        if (!unknown.isEmpty()) {
            v.warn("could not tell the block layers of " + String.join(", ", unknown));
        }
        return v.outcome(expected, "VM storage is encrypted at rest");
    }

    // ------------------------------------------------------------------ MON-003

    private static final Pattern AUDIT_TIME = Pattern.compile("msg=audit\\((\\d+)[.:]");
    private static final Pattern VM_PID = Pattern.compile("vm-pid=(\\d+)");

    static Outcome libvirtAudit(Check check, EvaluationContext ctx) {
        String expected = "audit_level >= 1 and a VIRT_* record for every guest start the local audit log covers";
        String conf = Facts.text(ctx, "daemon-conf");
        boolean modular = Pattern.compile("(?m)^@@unit virtqemud\\.(socket (enabled|static|indirect)|service \\S+ active)").matcher(conf).find();
        String want = modular ? "/etc/libvirt/virtqemud.conf" : "/etc/libvirt/libvirtd.conf";
        String file = null;
        String level = null;
        String logging = null;
        for (String l : Facts.lines(conf)) {
            if (l.startsWith("@@file ")) {
                file = l.substring(7).strip();
                continue;
            }
            if (!want.equals(file)) {
                continue;
            }
            Matcher m = Pattern.compile("^\\s*audit_(level|logging)\\s*=\\s*(\\S+)").matcher(l);
            if (m.find()) {
                if (m.group(1).equals("level") && level == null) {
                    level = m.group(2);
                } else if (m.group(1).equals("logging") && logging == null) {
                    logging = m.group(2);
                }
            }
        }
        Verdict v = new Verdict();
        v.seen((modular ? "virtqemud" : "libvirtd") + " audit_level " + (level == null ? "1 (default)" : level)
                + (logging == null ? "" : ", audit_logging " + logging));
        if ("0".equals(level)) {
            v.fail("audit_level = 0 in " + want + ": libvirt writes no VM audit records");
        }
        long now = 0;
        long boot = 0;
        Map<String, Long> starts = new LinkedHashMap<>();
        for (String l : Facts.lines(Facts.text(ctx, "procs"))) {
            String[] w = l.strip().split("\\s+");
            if (w[0].equals("now") && w.length > 1) {
                now = Long.parseLong(w[1]);
            } else if (w[0].equals("boot") && w.length > 1) {
                boot = Long.parseLong(w[1]);
            } else if (w[0].equals("pid") && w.length > 3) {
                starts.put(w[1], Long.parseLong(w[3]));
            }
        }
        Long oldest = null;
        for (String l : Facts.lines(Facts.text(ctx, "oldest"))) {
            if (l.startsWith("oldest ")) {
                oldest = Long.valueOf(l.substring(7).strip());
            }
        }
        String records = Facts.text(ctx, "records");
        boolean noAusearch = records.startsWith("@@absent");
        boolean noLog = oldest == null || records.contains("Error opening");
        long from = Math.max(boot, oldest == null ? Long.MAX_VALUE : oldest);
        Set<String> pidsWithRecord = new LinkedHashSet<>();
        List<Long> times = new ArrayList<>();
        for (String l : Facts.lines(records)) {
            if (!l.startsWith("type=VIRT_")) {
                continue;
            }
            Matcher p = VM_PID.matcher(l);
            if (p.find()) {
                pidsWithRecord.add(p.group(1));
            }
            Matcher t = AUDIT_TIME.matcher(l);
            if (t.find()) {
                times.add(Long.valueOf(t.group(1)));
            }
        }
        v.seen(Facts.plural(starts.size(), "QEMU process") + ", " + Facts.plural(times.size(), "VIRT_* record") + " since boot");
        if (starts.isEmpty()) {
            v.note("no guest runs: no start to match against audit records");
            return v.outcome(expected, "libvirt auditing is on");
        }
        if (noAusearch || noLog) {
            v.warn((noAusearch ? "ausearch is not installed" : "no readable local audit log under /var/log/audit")
                    + ": the VIRT_* records of " + Facts.plural(starts.size(), "running guest") + " could not be looked up (MON-002)");
            return v.outcome(expected, "libvirt auditing is on");
        }
        List<String> missing = new ArrayList<>();
        int inPeriod = 0;
        for (Map.Entry<String, Long> e : starts.entrySet()) {
            if (e.getValue() < from) {
                continue;
            }
            inPeriod++;
            long s = e.getValue();
            boolean near = times.stream().anyMatch(t -> Math.abs(t - s) <= 120);
            if (!pidsWithRecord.contains(e.getKey()) && !near) {
                missing.add(e.getKey());
            }
        }
        if (!missing.isEmpty()) {
            v.fail("no VIRT_* audit record for the start of QEMU pid " + String.join(", ", missing));
        }
        if (inPeriod == 0) {
            v.note("no guest started inside the period the local audit log covers (N/A for the record part)");
        }
        return v.outcome(expected, "libvirt auditing is on and every guest start in the log period has its record");
    }

    // ------------------------------------------------------------------ VN-003

    /** Ports guests legitimately use on the host: DNS, DHCP(v6), TFTP. */
    private static final Set<String> GUEST_SERVICE_PORTS = Set.of("53", "67", "68", "69", "546", "547");
    private static final Set<String> GUEST_SERVICES = Set.of("dhcp", "dhcpv6", "dns", "tftp", "dhcpv6-client");

    static Outcome guestHostServices(Check check, EvaluationContext ctx) {
        String expected = "guests reach only DHCP/DNS (and TFTP) on the host";
        Map<String, List<String>> addrs = Net.addresses(Facts.text(ctx, "addrs"));
        Set<String> guestIfs = Net.guestFacingInterfaces(Facts.text(ctx, "links"));
        Map<String, List<String>> bridgeIps = new LinkedHashMap<>();
        for (String b : guestIfs) {
            for (String a : addrs.getOrDefault(b, List.of())) {
                if (!Net.isLoopback(a) && !a.toLowerCase(Locale.ROOT).startsWith("fe80")) {
                    bridgeIps.computeIfAbsent(b, k -> new ArrayList<>()).add(a);
                }
            }
        }
        Verdict v = new Verdict();
        if (bridgeIps.isEmpty()) {
            v.seen(guestIfs.isEmpty() ? "no guest-facing bridge" : "guest bridges " + String.join(", ", guestIfs) + " carry no host address");
            return v.outcome(expected, "guests have no host address to reach on their bridges");
        }
        Set<String> ips = new LinkedHashSet<>();
        bridgeIps.values().forEach(ips::addAll);
        bridgeIps.forEach((b, l) -> v.seen(b + " " + String.join(" ", l)));
        List<Net.Listener> exposed = new ArrayList<>();
        for (Net.Listener l : Net.listeners(Facts.text(ctx, "listeners"))) {
            if (Net.isLoopback(l.address()) || GUEST_SERVICE_PORTS.contains(l.port())) {
                continue;
            }
            if (Net.isWildcard(l.address()) || ips.contains(l.address())) {
                exposed.add(l);
            }
        }
        if (exposed.isEmpty()) {
            v.seen("no host service other than DHCP/DNS/TFTP listens on those addresses");
            return v.outcome(expected, "guests can only reach DHCP/DNS on the host");
        }
        Set<String> ports = new LinkedHashSet<>();
        exposed.forEach(l -> ports.add(l.port()));
        String services = String.join(", ", exposed.stream().map(Net.Listener::endpoint).distinct().toList());
        v.seen("listening on guest-bridge addresses: " + services);
        String fwd = Facts.text(ctx, "firewalld");
        if (fwd.contains("state running")) {
            firewalldZones(fwd, bridgeIps.keySet(), ports, v);
            return v.outcome(expected, "the firewalld zone of the guest bridges admits only DHCP/DNS/TFTP");
        }
        Firewall.State fw = Firewall.read(ctx);
        v.seen(fw.detail());
        if (!fw.deny4()) {
            v.fail("host services " + services + " are reachable from guest bridge(s) " + String.join(", ", bridgeIps.keySet())
                    + ": no host firewall denies inbound traffic");
            return v.outcome(expected, "");
        }
        List<String> opens = openings(ctx, bridgeIps.keySet(), ports);
        if (!opens.isEmpty()) {
            v.fail("the host firewall admits guests to host services: " + String.join("; ", opens));
        }
        return v.outcome(expected, "the host firewall denies guests everything but DHCP/DNS/TFTP");
    }

    /** firewalld: the zones that hold the guest bridges (libvirt's own zone on RHEL) and what they admit. */
    private static void firewalldZones(String fwd, Set<String> bridges, Set<String> ports, Verdict v) {
        String zone = null;
        Map<String, Map<String, String>> zones = new LinkedHashMap<>();
        for (String line : fwd.split("\n")) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && line.matches("^\\S+( \\(active\\))?\\s*$")) {
                zone = line.split(" ")[0];
                zones.put(zone, new LinkedHashMap<>());
                continue;
            }
            int c = line.indexOf(':');
            if (zone != null && c > 0 && Character.isWhitespace(line.charAt(0))) {
                zones.get(zone).merge(line.substring(0, c).strip(), line.substring(c + 1).strip(), (a, b) -> a + " " + b);
            }
        }
        boolean found = false;
        for (Map.Entry<String, Map<String, String>> z : zones.entrySet()) {
            Set<String> ifs = Set.of(z.getValue().getOrDefault("interfaces", "").split("\\s+"));
            List<String> mine = bridges.stream().filter(ifs::contains).toList();
            if (mine.isEmpty()) {
                continue;
            }
            found = true;
            Map<String, String> k = z.getValue();
            List<String> extra = new ArrayList<>();
            for (String s : k.getOrDefault("services", "").split("\\s+")) {
                if (!s.isBlank() && !GUEST_SERVICES.contains(s)) {
                    extra.add(s);
                }
            }
            for (String p : k.getOrDefault("ports", "").split("\\s+")) {
                if (!p.isBlank() && !GUEST_SERVICE_PORTS.contains(p.split("/")[0])) {
                    extra.add(p);
                }
            }
            String target = k.getOrDefault("target", "default");
            String rich = k.getOrDefault("rich rules", "");
            v.seen("firewalld zone " + z.getKey() + " (" + String.join(", ", mine) + "): target " + target + ", services "
                    + k.getOrDefault("services", "").strip());
            if (extra.contains("ssh") && !ports.contains("22")) {
                extra.remove("ssh");
                v.note("zone " + z.getKey() + " allows ssh but sshd does not listen on a guest-bridge address");
            }
            if (!extra.isEmpty()) {
                v.fail("firewalld zone " + z.getKey() + " admits " + String.join(", ", extra) + " from guests on " + String.join(", ", mine));
            }
            if (target.equalsIgnoreCase("ACCEPT") && !rich.contains("reject") && !rich.contains("drop")) {
                v.fail("firewalld zone " + z.getKey() + " has target ACCEPT without a final reject: guests reach every host service");
            }
        }
        if (!found) {
            v.warn("the guest bridges " + String.join(", ", bridges) + " are in no firewalld zone listed (default zone applies)");
        }
    }

    /** nftables/iptables/ufw accept rules that open host services to guests despite a default deny. */
    private static List<String> openings(EvaluationContext ctx, Set<String> bridges, Set<String> ports) {
        List<String> out = new ArrayList<>();
        boolean libvirtTable = false;
        for (String raw : Facts.lines(Facts.text(ctx, "nft"))) {
            String l = raw.strip();
            if (l.startsWith("table ")) {
                libvirtTable = l.toLowerCase(Locale.ROOT).contains("libvirt");
                continue;
            }
            if (libvirtTable || !l.matches(".*\\baccept\\b.*") || l.contains("established")) {
                continue;
            }
            boolean restricted = l.contains("saddr") || l.contains("iifname") || l.contains("iif ");
            Matcher dport = Pattern.compile("dport\\s+(\\{[^}]*\\}|\\S+)").matcher(l);
            String dp = dport.find() ? dport.group(1) : null;
            for (String b : bridges) {
                if (l.contains("iifname \"" + b + "\"") || l.contains("iifname " + b + " ")) {
                    if (dp == null || ports.stream().anyMatch(p -> dp.matches(".*\\b" + p + "\\b.*"))) {
                        out.add("nft: " + l);
                    }
                }
            }
            if (!restricted && dp != null && ports.stream().anyMatch(p -> dp.matches(".*\\b" + p + "\\b.*")) && !l.contains("oifname")) {
                out.add("nft: " + l);
            }
        }
        for (String l : Facts.lines(Facts.text(ctx, "iptables"))) {
            if (!l.startsWith("-A INPUT") || !l.contains("-j ACCEPT") || l.contains("ESTABLISHED")) {
                continue;
            }
            Matcher dport = Pattern.compile("--dports?\\s+(\\S+)").matcher(l);
            String dp = dport.find() ? dport.group(1) : null;
            boolean toExposed = dp != null && ports.stream().anyMatch(p -> dp.matches(".*\\b" + p + "\\b.*"));
            boolean viaBridge = bridges.stream().anyMatch(b -> l.contains("-i " + b + " "));
            boolean restricted = l.contains(" -s ") || l.contains(" -i ");
            if (viaBridge && (dp == null || toExposed) || !restricted && toExposed) {
                out.add("iptables: " + l);
            }
        }
        for (String l : Facts.lines(Facts.text(ctx, "ufw"))) {
            Matcher m = Pattern.compile("^(\\d+)(/\\w+)?(\\s+on\\s+(\\S+))?\\s+ALLOW( IN)?\\s+Anywhere").matcher(l.strip());
            if (m.find() && ports.contains(m.group(1)) && (m.group(4) == null || bridges.contains(m.group(4)))) {
                out.add("ufw: " + l.strip());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ VN-009

    private static final Pattern GUEST_DEV = Pattern.compile("(vnet|tap|macvtap|vif)\\d.*");

    static Outcome vlanHygiene(Check check, EvaluationContext ctx) {
        String expected = "guest ports are access ports with one untagged VLAN; trunks only to approved appliances; never the management VLAN";
        GuestNetworkEvaluators.HostNet h = GuestNetworkEvaluators.read(ctx);
        String mgmt = Settings.get(ctx, Settings.MGMT_VLAN).strip();
        List<String> approved = Settings.list(ctx, Settings.VLAN_TRUNKS_APPROVED);
        Map<String, String> guestOfDev = new LinkedHashMap<>();
        Map<String, String> uuidOfDev = new LinkedHashMap<>();
        Verdict v = new Verdict();
        for (GuestNetworkEvaluators.Nic n : h.nics) {
            if (!n.target().isEmpty()) {
                guestOfDev.put(n.target(), n.guest());
                uuidOfDev.put(n.target(), n.uuid());
            }
            if (!mgmt.isEmpty() && n.vlans().contains(Integer.valueOf(mgmt))) {
                v.fail(n.label() + " is tagged with the management VLAN " + mgmt);
            }
        }
        // guest XML <vlan trunk='yes'>
        String guest = null;
        String uuid = null;
        for (String l : Facts.lines(Facts.text(ctx, "guests"))) {
            if (l.startsWith("@@guest ")) {
                uuid = l.substring(8).strip();
                guest = uuid;
            } else if (l.startsWith("name ")) {
                guest = l.substring(5).strip();
            } else if (l.matches(".*<vlan[^>]*trunk=['\"]yes['\"].*") && !isApproved(approved, guest, uuid)) {
                v.fail("guest " + guest + " has a VLAN trunk in its definition and is not an approved network appliance (vlan.trunks.approved)");
            }
        }
        // Linux bridge VLAN table
        Map<String, List<String>> portVlans = new LinkedHashMap<>();
        Map<String, Set<String>> tagged = new LinkedHashMap<>();
        String vt = Facts.text(ctx, "bridge-vlans");
        if (!vt.strip().startsWith("@@unavailable")) {
            String port = null;
            for (String line : Facts.lines(vt)) {
                if (line.startsWith("port")) {
                    continue;
                }
                String[] w = line.strip().split("\\s+");
                int at = 0;
                if (!Character.isWhitespace(line.charAt(0))) {
                    port = w[0];
                    at = 1;
                }
                if (port == null || w.length <= at || !w[at].matches("\\d+(-\\d+)?")) {
                    continue;
                }
                portVlans.computeIfAbsent(port, k -> new ArrayList<>()).add(w[at]);
                if (!line.contains("Untagged")) {
                    tagged.computeIfAbsent(port, k -> new LinkedHashSet<>()).add(w[at]);
                }
            }
        }
        Set<String> livePorts = new LinkedHashSet<>();
        for (Map.Entry<String, GuestNetworkEvaluators.Port> e : h.ports.entrySet()) {
            if (GUEST_DEV.matcher(e.getKey()).matches() || guestOfDev.containsKey(e.getKey())) {
                livePorts.add(e.getKey());
            }
        }
        if (!livePorts.isEmpty() && vt.strip().startsWith("@@unavailable")) {
            return Outcome.error("bridge -d vlan show failed: the VLANs of guest ports " + String.join(", ", livePorts) + " could not be read");
        }
        for (String p : livePorts) {
            String g = guestOfDev.getOrDefault(p, "?");
            String br = h.ports.get(p).master();
            boolean filtering = h.vlanFiltering.getOrDefault(br, false);
            List<String> vl = portVlans.getOrDefault(p, List.of());
            v.seen(p + " (" + g + ") on " + br + (filtering ? " vlans " + String.join(",", vl) : " vlan_filtering 0"));
            if (!filtering) {
                continue;
            }
            boolean trunk = vl.size() > 1 || tagged.containsKey(p) || vl.stream().anyMatch(x -> x.contains("-"));
            if (trunk && !isApproved(approved, g, uuidOfDev.get(p))) {
                v.fail("guest port " + p + " (" + g + ") carries VLANs " + String.join(",", vl) + ": a trunk to a guest that is not an approved appliance");
            }
            if (!mgmt.isEmpty() && vl.stream().anyMatch(x -> inRange(x, mgmt))) {
                v.fail("guest port " + p + " (" + g + ") carries the management VLAN " + mgmt);
            }
        }
        // Open vSwitch ports
        if (h.ovsState.startsWith("Open vSwitch did not answer")) {
            boolean ovsGuests = h.nics.stream().anyMatch(GuestNetworkEvaluators.Nic::ovs);
            if (ovsGuests) {
                return Outcome.error(h.ovsState);
            }
        } else if (h.ovsState.equals("ok")) {
            Map<String, Map<String, String>> ovsPorts = ovsPorts(Facts.text(ctx, "ovs"));
            boolean vlansInUse = ovsPorts.values().stream().anyMatch(m -> !m.getOrDefault("tag", "[]").equals("[]")
                    || !m.getOrDefault("trunks", "[]").equals("[]"));
            for (Map.Entry<String, Map<String, String>> e : ovsPorts.entrySet()) {
                String p = e.getKey();
                if (!GUEST_DEV.matcher(p).matches() && !guestOfDev.containsKey(p)) {
                    continue;
                }
                livePorts.add(p);
                String g = guestOfDev.getOrDefault(p, "?");
                String tag = e.getValue().getOrDefault("tag", "[]");
                String trunks = e.getValue().getOrDefault("trunks", "[]");
                v.seen("ovs " + p + " (" + g + ") tag " + tag + " trunks " + trunks);
                boolean allVlans = tag.equals("[]") && trunks.equals("[]") && vlansInUse;
                if ((allVlans || !trunks.equals("[]")) && !isApproved(approved, g, uuidOfDev.get(p))) {
                    v.fail("OVS port " + p + " (" + g + ") " + (allVlans ? "has no tag: it carries all VLANs" : "trunks " + trunks));
                }
                if (!mgmt.isEmpty() && (tag.equals(mgmt) || trunks.matches(".*\\b" + mgmt + "\\b.*"))) {
                    v.fail("OVS port " + p + " (" + g + ") carries the management VLAN " + mgmt);
                }
            }
        }
        if (livePorts.isEmpty() && !v.failed()) {
            return Outcome.notApplicable("no guest port is attached to a host bridge now; the guests' definitions carry no VLAN trunk"
                    + (mgmt.isEmpty() ? "" : " and no management VLAN"));
        }
        if (mgmt.isEmpty()) {
            v.note("management VLAN not given (mgmt.vlan): not checked on guest ports");
        }
        return v.outcome(expected, "every guest port is an access port");
    }

    private static boolean inRange(String spec, String vlan) {
        int x = Integer.parseInt(vlan);
        String[] r = spec.split("-");
        int a = Integer.parseInt(r[0]);
        int b = r.length > 1 ? Integer.parseInt(r[1]) : a;
        return a <= x && x <= b;
    }

    private static boolean isApproved(List<String> approved, String guest, String uuid) {
        return approved.contains("*") || guest != null && approved.contains(guest.toLowerCase(Locale.ROOT))
                || uuid != null && approved.contains(uuid.toLowerCase(Locale.ROOT));
    }

    /** {@code ovs-vsctl --columns=name,tag,trunks,vlan_mode list Port}: port name to its columns. */
    static Map<String, Map<String, String>> ovsPorts(String text) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> cur = new LinkedHashMap<>();
        for (String line : (text.split("(?m)^@@ovs-bridge ")[0] + "\n\n").split("\n", -1)) {
            if (line.isBlank()) {
                if (cur.containsKey("name")) {
                    out.put(cur.get("name"), cur);
                }
                cur = new LinkedHashMap<>();
                continue;
            }
            int c = line.indexOf(':');
            if (c > 0) {
                cur.put(line.substring(0, c).strip(), line.substring(c + 1).strip().replace("\"", ""));
            }
        }
        return out;
    }
}
