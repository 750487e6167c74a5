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
        m.put("openscap-baseline", ExtraEvaluators::openscap);
        m.put("host-monitored", ExtraEvaluators::hostMonitored);
        m.put("hw-alerting", ExtraEvaluators::hwAlerting);
        m.put("capacity-alerts", ExtraEvaluators::capacityAlerts);
        m.put("lifecycle-events", ExtraEvaluators::lifecycleEvents);
        m.put("backup-alerts", ExtraEvaluators::backupAlerts);
        m.put("east-west-visibility", ExtraEvaluators::eastWest);
        m.put("mgmt-segment", ExtraEvaluators::mgmtSegment);
        m.put("storage-isolation", ExtraEvaluators::storageIsolation);
        m.put("migration-network", ExtraEvaluators::migrationNetwork);
        m.put("guest-l3-policy", ExtraEvaluators::guestL3Policy);
        m.put("path-redundancy", ExtraEvaluators::pathRedundancy);
        m.put("mgmt-pki", ExtraEvaluators::mgmtPki);
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
        v.seen(n + " QEMU process" + (n == 1 ? "" : "es"));
        if (installedWhat != null) {
            v.seen("newest QEMU binary installed at epoch " + installed + " (" + installedWhat + ")");
        }
        return v.outcome(expected, "every QEMU process runs the installed binaries; cold-restart or live-migrate the others");
    }

    // ------------------------------------------------------------------ HV-026

    record Pool(String type, String path, List<String> chain, String source) {
        boolean remote() {
            return Set.of("netfs", "iscsi", "iscsi-direct", "rbd", "gluster", "sheepdog", "vstorage").contains(type);
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
            } else if (l.equals("missing")) {
                source = "missing";
            } else if (!l.isBlank() && !l.startsWith("pv ") && !l.equals("other") && !l.equals("remote")) {
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
        List<String> v0 = new ArrayList<>();
        for (Pool p : pools(Facts.text(ctx, "pools"))) {
            if (p.type().equals("error")) {
                unknown.add("a pool whose XML could not be read");
            } else if (p.remote()) {
                remote.add(p.type() + " pool " + p.path());
            } else if (p.encrypted()) {
                enc.add(p.path());
            } else if (!p.chain().isEmpty()) {
                plain.add(p.path() + (p.source().isEmpty() ? "" : " (" + p.source() + ")"));
            } else if (p.source().equals("missing")) {
                v0.add(p.path() + " does not exist");
            } else {
                unknown.add(p.type() + " pool " + p.path() + (p.source().isEmpty() ? "" : " on " + p.source()));
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
        v0.forEach(v::seen);
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
        v.seen(starts.size() + " QEMU process" + (starts.size() == 1 ? "" : "es") + ", " + Facts.plural(times.size(), "VIRT_* record") + " since boot");
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
        List<String> opens = openings(ctx, bridgeIps.keySet(), ports, new ArrayList<>(ips));
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
    private static List<String> openings(EvaluationContext ctx, Set<String> bridges, Set<String> ports, List<String> bridgeIps) {
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
            boolean restricted = l.contains("saddr") && !sourceCoversGuests(l, "saddr", bridgeIps) || l.contains("iifname") || l.contains("iif ");
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
            boolean restricted = l.contains(" -s ") && !sourceCoversGuests(l, "-s", bridgeIps) || l.contains(" -i ");
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

    /** Whether a rule's IPv4 source ({@code ip saddr X} / {@code -s X}, X a CIDR or address) contains a host address on a guest bridge. */
    static boolean sourceCoversGuests(String rule, String keyword, List<String> bridgeIps) {
        Matcher m = Pattern.compile((keyword.equals("saddr") ? "saddr\\s+" : "\\s-s\\s+") + "(\\{[^}]*\\}|\\S+)").matcher(rule);
        if (!m.find()) {
            return false;
        }
        for (String cidr : m.group(1).replaceAll("[{}]", " ").split("[\\s,]+")) {
            for (String ip : bridgeIps) {
                if (inCidr(ip, cidr)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean inCidr(String ip, String cidr) {
        String[] c = cidr.split("/");
        long a = ipv4(ip);
        long n = ipv4(c[0]);
        if (a < 0 || n < 0) {
            return false;
        }
        int bits = c.length > 1 && c[1].matches("\\d+") ? Integer.parseInt(c[1]) : 32;
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        return (a & mask) == (n & mask);
    }

    private static long ipv4(String s) {
        String[] p = s.strip().split("\\.");
        if (p.length != 4) {
            return -1;
        }
        long v = 0;
        for (String x : p) {
            if (!x.matches("\\d{1,3}")) {
                return -1;
            }
            v = v << 8 | Integer.parseInt(x);
        }
        return v;
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
            for (Net.PortVlan pv : Net.bridgeVlans(vt)) {
                portVlans.computeIfAbsent(pv.port(), k -> new ArrayList<>()).add(pv.vlan());
                if (!pv.untagged()) {
                    tagged.computeIfAbsent(pv.port(), k -> new LinkedHashSet<>()).add(pv.vlan());
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
        return v.outcome(expected, "guest ports are access ports (trunks only to approved appliances)");
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

    // ------------------------------------------------------------------ hybrid checks

    /** The operator's tri-state answer in a setting: TRUE, FALSE, or null when not given. */
    static Boolean answer(EvaluationContext ctx, String key) {
        String v = Settings.get(ctx, key).strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return null;
        }
        return v.equals("true") || v.equals("yes") || v.equals("1");
    }

    /**
     * The common end of a hybrid check: facts already FAILed or WARNed decide; otherwise the operator's answer in
     * {@code key} decides (true PASS, false FAIL with {@code noText}); without an answer MANUAL_PENDING.
     */
    static Outcome finishHybrid(Verdict v, EvaluationContext ctx, String key, String expected, String passText, String noText,
            String confirm) {
        Boolean a = answer(ctx, key);
        if (v.failed()) {
            return v.outcome(expected, passText);
        }
        if (Boolean.FALSE.equals(a)) {
            v.fail(noText + " (operator answer " + key + " = false)");
            return v.outcome(expected, passText);
        }
        if (Boolean.TRUE.equals(a)) {
            v.note("confirmed by the operator (" + key + ")");
            return v.outcome(expected, passText);
        }
        Outcome o = v.outcome(expected, "");
        if (!v.clean()) {
            // the facts already show a weakness (WARN); the operator's answer can only confirm or worsen it
            return new Outcome(o.status(), o.observed(), expected, o.reason() + "; also confirm: " + confirm + " (" + key + ")");
        }
        return Outcome.manual(o.observed(), expected, "confirm: " + confirm + " (answer, or set " + key + ")");
    }

    private static java.time.LocalDate today(EvaluationContext ctx) {
        String d = Settings.get(ctx, Settings.EOL_DATE).strip();
        return d.isEmpty() ? java.time.LocalDate.now(java.time.ZoneOffset.UTC) : java.time.LocalDate.parse(d);
    }

    static Outcome openscap(Check check, EvaluationContext ctx) {
        String expected = "host scanned against an agreed profile (CIS, STIG, PCI) within 90 days, exceptions documented";
        Verdict v = new Verdict();
        String oscap = Facts.text(ctx, "oscap").strip();
        boolean tool = oscap.startsWith("oscap /");
        String content = Facts.text(ctx, "content").strip();
        v.seen(tool ? Facts.lines(oscap).get(Facts.lines(oscap).size() - 1) : "oscap not installed");
        v.seen(content.isEmpty() ? "no SCAP Security Guide content package" : "content: " + String.join(", ", Facts.lines(content)));
        String last = Settings.get(ctx, Settings.OPENSCAP_LAST_SCAN).strip();
        if (!last.isEmpty()) {
            long days = java.time.temporal.ChronoUnit.DAYS.between(java.time.LocalDate.parse(last), today(ctx));
            v.seen("latest report " + last + " (" + days + " days ago)");
            if (days > 90) {
                v.warn("latest compliance report is " + days + " days old (more than 90)");
            }
            return v.outcome(expected, "a compliance scan report of the last 90 days is on record");
        }
        return finishHybrid(v, ctx, Settings.OPENSCAP_SCANNED, expected, "the host is scanned against an agreed profile",
                "the host has never been scanned against a compliance profile",
                "the date and profile of the latest OpenSCAP (or equivalent) report and its documented exceptions"
                + (tool ? "" : "; the scanner is not installed here, so scans must run elsewhere"));
    }

    private static final List<String> AGENTS = List.of("zabbix-agent", "zabbix-agent2", "snmpd", "prometheus-node-exporter",
            "node_exporter", "collectd", "telegraf");

    static Outcome hostMonitored(Check check, EvaluationContext ctx) {
        String expected = "a monitoring agent reports to the approved server; host up with VM-level metrics";
        Verdict v = new Verdict();
        List<String> active = AGENTS.stream().filter(a -> "active".equals(ctx.fact("services." + a))).toList();
        v.seen(active.isEmpty() ? "no monitoring agent active" : "active: " + String.join(", ", active));
        List<String> approved = Settings.list(ctx, Settings.MONITORING_SERVERS_APPROVED);
        for (String l : Facts.lines(Facts.text(ctx, "zabbix"))) {
            String t = l.strip();
            v.seen(t);
            int eq = t.indexOf('=');
            String key = t.substring(0, eq).strip();
            if (!approved.isEmpty() && (key.equals("Server") || key.equals("ServerActive"))) {
                for (String srv : t.substring(eq + 1).split(",")) {
                    String host = srv.strip().replaceAll(":\\d+$", "").toLowerCase(Locale.ROOT);
                    if (!host.isEmpty() && !approved.contains(host)) {
                        v.fail("Zabbix " + key + " " + srv.strip() + " is not an approved monitoring server (monitoring.servers.approved)");
                    }
                }
            }
        }
        return finishHybrid(v, ctx, Settings.MONITORING_ATTESTED, expected, "the host and its guests are monitored",
                "the host is not monitored",
                (active.isEmpty() ? "how the host is monitored (no agent runs: agentless/SNMP polling?), " : "")
                + "that the host shows as up in Zabbix/Zenoss/Prometheus with per-VM state, vCPU, memory, disk and network items");
    }

    static Outcome hwAlerting(Check check, EvaluationContext ctx) {
        String expected = "degraded array, SMART, PSU, fan and temperature events reach on-call";
        Verdict v = new Verdict();
        List<String> arrays = Facts.lines(Facts.text(ctx, "mdstat")).stream().filter(l -> l.startsWith("md")).toList();
        boolean mdmon = "active".equals(ctx.fact("services.mdmonitor")) || "active".equals(ctx.fact("services.mdadm"));
        boolean smartd = "active".equals(ctx.fact("services.smartd")) || "active".equals(ctx.fact("services.smartmontools"));
        List<String> mdconf = Facts.lines(Facts.text(ctx, "mdadm-conf"));
        v.seen(arrays.isEmpty() ? "no software RAID" : Facts.plural(arrays.size(), "md array") + ", mdmonitor " + (mdmon ? "active" : "not active")
                + (mdconf.isEmpty() ? ", no MAILADDR/PROGRAM" : ", " + String.join(", ", mdconf)));
        v.seen("smartd " + (smartd ? "active" : "not active"));
        if (!arrays.isEmpty() && (!mdmon || mdconf.isEmpty())) {
            v.fail("software RAID without " + (!mdmon ? "a running mdmonitor" : "MAILADDR/PROGRAM in mdadm.conf")
                    + ": a degraded array would go unnoticed");
        }
        boolean mail = Facts.lines(Facts.text(ctx, "smartd-conf")).stream().anyMatch(l -> l.contains("-m ") || l.contains("-M exec"));
        if (smartd && !mail) {
            v.warn("smartd runs but no smartd.conf directive mails (-m) or runs a program (-M exec)");
        }
        return finishHybrid(v, ctx, Settings.HW_ALERTS_ATTESTED, expected, "hardware and RAID failures alert someone",
                "hardware and RAID failures alert no one",
                "that BMC/Redfish (and hardware RAID controller) alerts for disks, PSU, fans and temperature reach on-call");
    }

    static Outcome capacityAlerts(Check check, EvaluationContext ctx) {
        String expected = "alerts for pool/VG/thin-pool >= 80 %, host memory pressure and swap, CPU steal, /var/log space";
        Verdict v = new Verdict();
        for (String l : Facts.lines(Facts.text(ctx, "df"))) {
            String[] w = l.strip().split("\\s+");
            if (w.length >= 6 && w[4].endsWith("%") && w[4].matches("\\d+%")) {
                int pct = Integer.parseInt(w[4].replace("%", ""));
                if (pct >= 80) {
                    v.seen(w[5] + " " + w[4] + " used");
                }
            }
        }
        boolean lvs = false;
        for (String l : Facts.lines(Facts.text(ctx, "lvm"))) {
            if (l.startsWith("@@lvs")) {
                lvs = true;
                continue;
            }
            String[] w = l.strip().split("\\s+");
            if (lvs && w.length >= 3) {
                for (int i = 2; i < w.length; i++) {
                    try {
                        if (Double.parseDouble(w[i]) >= 80) {
                            v.seen("thin pool " + w[1] + "/" + w[0] + " " + w[i] + " % " + (i == 2 ? "data" : "metadata"));
                        }
                    } catch (NumberFormatException ignored) {
                        // not a percentage column
                    }
                }
            }
        }
        for (String l : Facts.lines(Facts.text(ctx, "free"))) {
            if (l.startsWith("Swap:")) {
                v.seen("swap " + l.substring(5).strip().replaceAll("\\s+", " ") + " (total used free, MB)");
            }
        }
        long pools = Facts.lines(Facts.text(ctx, "pools")).stream().filter(l -> l.contains(" running ") || l.contains(" inactive ")).count();
        v.seen(Facts.plural((int) pools, "libvirt pool"));
        return finishHybrid(v, ctx, Settings.CAPACITY_ALERTS_ATTESTED, expected, "capacity thresholds alert",
                "no capacity alerts are configured",
                "the monitoring thresholds for pools/VGs/thin pools (>= 80 %), memory pressure and swap, CPU steal and /var/log");
    }

    static Outcome lifecycleEvents(Check check, EvaluationContext ctx) {
        String expected = "define, undefine, start, migrate and hot-plug events reach SIEM/monitoring; an unknown new VM alerts";
        Verdict v = new Verdict();
        String r = Facts.text(ctx, "records");
        long n = Facts.lines(r).stream().filter(l -> l.startsWith("type=VIRT_CONTROL")).count();
        if (r.startsWith("@@absent")) {
            v.seen("ausearch not installed: no local VIRT_CONTROL records");
        } else if (r.contains("Error opening")) {
            v.seen("no local audit log");
        } else {
            v.seen(Facts.plural((int) n, "VIRT_CONTROL record") + " in the last week");
        }
        List<String> hooks = Facts.lines(Facts.text(ctx, "hooks")).stream().filter(l -> l.startsWith("-")).toList();
        v.seen(hooks.isEmpty() ? "no libvirt hook scripts" : "hooks: " + String.join(", ",
                hooks.stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList()));
        return finishHybrid(v, ctx, Settings.LIFECYCLE_EVENTS_ATTESTED, expected, "VM lifecycle events reach SIEM/monitoring",
                "VM lifecycle and configuration changes are not visible",
                "a SIEM/monitoring rule for VM defined/undefined/started/migrated/device attached and an alert on unknown new VMs");
    }

    private static final Pattern BACKUP_UNIT = Pattern.compile("(?i)\\S*(backup|borg|restic|bacula|bareos|vzdump|rsnapshot|duplicity|veeam|urbackup)\\S*");

    static Outcome backupAlerts(Check check, EvaluationContext ctx) {
        String expected = "a failed or missed backup alerts within 24 h";
        Verdict v = new Verdict();
        List<String> timers = new ArrayList<>();
        for (String l : Facts.lines(Facts.text(ctx, "timers"))) {
            Matcher m = BACKUP_UNIT.matcher(l);
            while (m.find()) {
                if (m.group().endsWith(".timer")) {
                    timers.add(m.group());
                }
            }
        }
        v.seen(timers.isEmpty() ? "no backup timer seen (cron or an external scheduler may run backups)" : "backup timers: " + String.join(", ", timers));
        for (String l : Facts.lines(Facts.text(ctx, "failed"))) {
            String u = l.strip().replaceFirst("^[^\\w@.-]+\\s*", "").split("\\s+")[0];
            if (BACKUP_UNIT.matcher(u).matches()) {
                v.warn("backup unit " + u + " is in failed state now");
            }
        }
        return finishHybrid(v, ctx, Settings.BACKUP_ALERTS_ATTESTED, expected, "backup failures alert", "backups are only checked by hand",
                "a monitoring item/trigger on the backup job result and age (missed backup within 24 h)");
    }

    static Outcome eastWest(Check check, EvaluationContext ctx) {
        String expected = "inter-guest flows exported (sFlow/NetFlow/IPFIX) or mirrored to an IDS on hosts with regulated or multi-zone guests";
        if (!Settings.flag(ctx, Settings.MIXED_TRUST) && !Settings.flag(ctx, Settings.HOST_REGULATED)) {
            return Outcome.notApplicable("the host carries neither regulated (host.regulated) nor mixed-trust guests (guests.mixed.trust)");
        }
        Verdict v = new Verdict();
        String ovs = Facts.text(ctx, "ovs");
        List<String> exports = new ArrayList<>();
        if (ovs.startsWith("@@absent")) {
            v.seen("no Open vSwitch");
        } else {
            String section = null;
            for (String l : Facts.lines(ovs)) {
                if (l.startsWith("@@")) {
                    section = l.substring(2).strip();
                } else if (section != null && l.startsWith("_uuid")) {
                    exports.add(section);
                }
            }
            v.seen(exports.isEmpty() ? "OVS: no sFlow/NetFlow/IPFIX exporter, no mirror" : "OVS: " + String.join(", ", exports));
        }
        String dev = null;
        for (String l : Facts.lines(Facts.text(ctx, "tc"))) {
            if (l.startsWith("@@dev ")) {
                dev = l.substring(6).strip();
            } else if (dev != null && l.contains("mirred")) {
                exports.add("tc mirred on " + dev);
                v.seen("tc mirred on " + dev);
            }
        }
        if (exports.isEmpty()) {
            v.warn("no east-west visibility: no flow export and no mirror of guest traffic on this host");
            return v.outcome(expected, "");
        }
        return finishHybrid(v, ctx, Settings.EASTWEST_ATTESTED, expected, "inter-guest traffic is visible to a collector/IDS",
                "the exported or mirrored traffic reaches no collector or IDS",
                "that the exporters/mirrors found feed an approved flow collector or IDS, and every mirror is an approved one (VN-012)");
    }

    /** Bridges with guest ports, from {@code ip -o link}. */
    private static Set<String> guestBridges(String links) {
        return Net.guestFacingInterfaces(links);
    }

    /** Interface to its master, from {@code ip -o link}. */
    private static Map<String, String> masters(String links) {
        Map<String, String> out = new LinkedHashMap<>();
        Pattern head = Pattern.compile("^\\d+:\\s+([^:@\\s]+)(?:@([^:\\s]+))?:\\s");
        Pattern master = Pattern.compile("\\smaster\\s+(\\S+)");
        for (String l : Facts.lines(links)) {
            Matcher m = head.matcher(l.strip());
            if (m.find()) {
                Matcher ms = master.matcher(l);
                String parent = m.group(2) == null || m.group(2).startsWith("if") ? null : m.group(2);
                out.put(m.group(1), ms.find() ? ms.group(1) : parent != null ? "@" + parent : "");
            }
        }
        return out;
    }

    /** Whether traffic on {@code dev} shares a segment with guests: a guest bridge, a port of one, or a VLAN of one. */
    private static String guestShared(String dev, Set<String> gb, Map<String, String> masters) {
        String d = dev;
        for (int i = 0; i < 4 && d != null && !d.isEmpty(); i++) {
            if (gb.contains(d)) {
                return d;
            }
            String m = masters.getOrDefault(d, "");
            d = m.startsWith("@") ? m.substring(1) : m;
        }
        return null;
    }

    static Outcome mgmtSegment(Check check, EvaluationContext ctx) {
        String expected = "the management IP is on an interface/VLAN with no guest ports, confirmed as the management VLAN";
        Verdict v = new Verdict();
        List<String> mgmt = new ArrayList<>(Settings.list(ctx, Settings.MGMT_ADDRESSES));
        String session = Facts.text(ctx, "session").strip();
        String[] sw = session.split("\\s+");
        if (mgmt.isEmpty() && sw.length >= 4) {
            mgmt.add(sw[3]);
            v.note("management address taken from the audit session: " + sw[3]);
        }
        if (mgmt.isEmpty()) {
            return Outcome.manual("", expected, "confirm the management address (mgmt.addresses): the audit session did not show it");
        }
        Map<String, String> ifOf = new LinkedHashMap<>();
        for (String l : Facts.lines(Facts.text(ctx, "addrs"))) {
            String[] w = l.strip().split("\\s+");
            for (int i = 2; i < w.length; i++) {
                ifOf.put(w[i].replaceAll("/\\d+$", "").toLowerCase(Locale.ROOT), w[0].replaceAll("@.*", ""));
            }
        }
        String links = Facts.text(ctx, "links");
        Set<String> gb = guestBridges(links);
        Map<String, String> masters = masters(links);
        for (String a : mgmt) {
            String dev = ifOf.get(a);
            if (dev == null) {
                v.seen(a + " not on this host");
                continue;
            }
            v.seen(a + " on " + dev);
            String shared = guestShared(dev, gb, masters);
            if (shared != null) {
                v.fail("management address " + a + " is on " + dev + ", which shares bridge " + shared + " with guest NICs");
            }
        }
        String vlan = Settings.get(ctx, Settings.MGMT_VLAN).strip();
        return finishHybrid(v, ctx, Settings.MGMT_NETWORK_ATTESTED, expected, "management traffic has its own network",
                "the management interface is not on a dedicated management network",
                "that " + String.join(", ", mgmt) + " is on the management VLAN" + (vlan.isEmpty() ? "" : " " + vlan)
                + " and that no guest port sits on that VLAN upstream");
    }

    static Outcome storageIsolation(Check check, EvaluationContext ctx) {
        String expected = "storage targets reached over a dedicated storage VLAN/NIC not bridged to guests; CHAP/export restrictions confirmed";
        Verdict v = new Verdict();
        List<String> mounts = Facts.lines(Facts.text(ctx, "mounts"));
        String iscsi = Facts.text(ctx, "iscsi");
        boolean sessions = !iscsi.startsWith("@@absent") && iscsi.contains("Persistent Portal");
        List<String> ceph = Facts.lines(Facts.text(ctx, "ceph"));
        if (mounts.isEmpty() && !sessions && ceph.isEmpty()) {
            return Outcome.notApplicable("local storage only: no NFS/CIFS/Ceph mount, iSCSI session or Ceph configuration");
        }
        mounts.forEach(m -> v.seen("mount " + m.strip()));
        if (sessions) {
            v.seen("iSCSI: " + String.join("; ", Facts.lines(iscsi).stream().map(String::strip).toList()));
        }
        ceph.forEach(c -> v.seen("ceph " + c.strip()));
        String links = Facts.text(ctx, "links");
        Set<String> gb = guestBridges(links);
        Map<String, String> masters = masters(links);
        for (String l : Facts.lines(Facts.text(ctx, "routes"))) {
            Matcher m = Pattern.compile("^target (\\S+) .*\\bdev (\\S+)").matcher(l.strip());
            if (m.find()) {
                v.seen("storage target " + m.group(1) + " via " + m.group(2));
                String shared = guestShared(m.group(2), gb, masters);
                if (shared != null) {
                    v.fail("storage target " + m.group(1) + " is reached via " + m.group(2) + ", which shares bridge " + shared + " with guests");
                }
            }
        }
        return finishHybrid(v, ctx, Settings.STORAGE_NETWORK_ATTESTED, expected, "storage traffic is isolated from guests",
                "the storage network is reachable from guest networks",
                "that the storage VLAN/NIC is dedicated, not reachable from guest networks, and that CHAP / export restrictions are in place");
    }

    static Outcome migrationNetwork(Check check, EvaluationContext ctx) {
        String expected = "migration over the migration/management VLAN, port range open only to cluster peers";
        if (Settings.flag(ctx, Settings.MIGRATION_NONE)) {
            return Outcome.notApplicable("the host never live-migrates guests (migration.none)");
        }
        Verdict v = new Verdict();
        String addr = Facts.lower(ctx, "qemu-conf.migration_address");
        String host = Facts.lower(ctx, "qemu-conf.migration_host");
        String min = ctx.fact("qemu-conf.migration_port_min");
        String max = ctx.fact("qemu-conf.migration_port_max");
        v.seen("migration_address " + (addr == null ? "unset (default: all addresses)" : addr) + ", migration_host "
                + (host == null ? "unset (the hostname's address)" : host) + ", ports " + (min == null ? "49152" : min) + "-" + (max == null ? "49215" : max));
        Map<String, List<String>> addrs = Net.addresses(Facts.text(ctx, "addrs"));
        Set<String> gb = guestBridges(Facts.text(ctx, "links"));
        for (String b : gb) {
            for (String a : addrs.getOrDefault(b, List.of())) {
                String x = a.toLowerCase(Locale.ROOT);
                if (x.equals(addr == null ? null : addr.replace("\"", "")) || x.equals(host == null ? null : host.replace("\"", ""))) {
                    v.fail("migration is bound to " + a + " on guest bridge " + b);
                }
            }
        }
        return finishHybrid(v, ctx, Settings.MIGRATION_NETWORK_ATTESTED, expected, "live migration uses an isolated network",
                "migration runs over guest or public networks",
                "that migrations use the migration/management VLAN and TCP 49152-49215 is open only to cluster peers (VN-006)");
    }

    static Outcome guestL3Policy(Check check, EvaluationContext ctx) {
        String expected = "guest ingress and egress restricted by explicit, change-controlled rules per zone";
        String nft = Facts.text(ctx, "nft");
        String ipt = Facts.text(ctx, "iptables");
        Set<String> gb = guestBridges(Facts.text(ctx, "links"));
        boolean libvirtNat = nft.contains("libvirt") || ipt.contains("LIBVIRT_") || gb.stream().anyMatch(b -> b.startsWith("virbr"));
        if (!libvirtNat) {
            return Outcome.notApplicable("no libvirt NAT or routed network (no virbr bridge, no libvirt firewall tables or LIBVIRT_ chains)");
        }
        Verdict v = new Verdict();
        List<String> site = new ArrayList<>();
        String table = "";
        for (String l : Facts.lines(nft)) {
            String t = l.strip();
            if (t.startsWith("table ")) {
                table = t;
            } else if (!table.contains("libvirt") && t.contains("virbr")) {
                site.add("nft " + t);
            }
        }
        for (String l : Facts.lines(ipt)) {
            if (l.startsWith("-A ") && !l.startsWith("-A LIBVIRT_") && l.contains("virbr")) {
                site.add("iptables " + l);
            }
        }
        v.seen(site.isEmpty() ? "only libvirt's generated NAT rules for the guest networks (all outbound allowed)"
                : Facts.plural(site.size(), "site rule") + " for virbr*: " + String.join("; ", site.stream().limit(5).toList()));
        return finishHybrid(v, ctx, Settings.GUEST_L3_POLICY_ATTESTED, expected, "guest networks have an explicit L3 policy",
                "egress from sensitive zones is unrestricted",
                "that guest ingress/egress per zone is restricted by explicit, change-controlled rules (firewall VM per zone, change records)");
    }

    static Outcome pathRedundancy(Check check, EvaluationContext ctx) {
        String expected = "guest and storage uplinks on bonds/teams with >= 2 active members on different switches";
        Verdict v = new Verdict();
        Map<String, Integer> up = new LinkedHashMap<>();
        String bond = null;
        boolean inSlave = false;
        for (String l : Facts.lines(Facts.text(ctx, "bonds"))) {
            if (l.startsWith("@@bond ")) {
                bond = l.substring(7).strip();
                up.put(bond, 0);
                inSlave = false;
            } else if (l.startsWith("Slave Interface")) {
                inSlave = true;
            } else if (bond != null && inSlave && l.startsWith("MII Status: up")) {
                up.merge(bond, 1, Integer::sum);
                inSlave = false;
            } else if (l.startsWith("Bonding Mode")) {
                v.seen(bond + ": " + l.strip());
            }
        }
        String links = Facts.text(ctx, "links");
        Map<String, String> masters = masters(links);
        Set<String> gb = guestBridges(links);
        for (String b : gb) {
            List<String> uplinks = masters.entrySet().stream().filter(e -> e.getValue().equals(b) && !GUEST_DEV.matcher(e.getKey()).matches())
                    .map(Map.Entry::getKey).toList();
            v.seen(b + " uplinks " + (uplinks.isEmpty() ? "none" : String.join(", ", uplinks)));
            for (String u : uplinks) {
                String base = masters.getOrDefault(u, "").startsWith("@") ? masters.get(u).substring(1) : u;
                if (up.containsKey(base)) {
                    if (up.get(base) < 2) {
                        v.warn("guest uplink " + u + " is bond " + base + " with " + Facts.plural(up.get(base), "active member"));
                    }
                } else if (!links.contains(base + ": ") || !Facts.text(ctx, "teams").contains("@@team " + base)) {
                    v.warn("guest bridge " + b + " has a single uplink " + u);
                }
            }
        }
        up.forEach((b, n) -> v.seen(b + " " + Facts.plural(n, "member") + " up"));
        if (up.isEmpty() && gb.isEmpty()) {
            v.seen("no bond, no team and no guest bridge on this host");
        }
        return finishHybrid(v, ctx, Settings.UPLINKS_ATTESTED, expected, "network paths are redundant",
                "a single storage uplink serves a shared-storage cluster",
                "that bond/team members are cabled to different switches and storage uplinks are redundant");
    }

    private static final Pattern NOT_AFTER = Pattern.compile("notAfter=(.+)");

    static Outcome mgmtPki(Check check, EvaluationContext ctx) {
        String expected = "leaf certificates issued by the organisation's CA, >= 30 days to expiry, RSA >= 2048 or ECDSA P-256+";
        String text = Facts.text(ctx, "certs");
        long now = 0;
        Map<String, List<String>> certs = new LinkedHashMap<>();
        String cur = null;
        for (String l : Facts.lines(text)) {
            if (l.startsWith("now ")) {
                now = Long.parseLong(l.substring(4).strip());
            } else if (l.startsWith("@@cert ")) {
                cur = l.substring(7).strip();
                certs.put(cur, new ArrayList<>());
            } else if (cur != null) {
                certs.get(cur).add(l.strip());
            }
        }
        if (certs.isEmpty()) {
            return Outcome.notApplicable("no libvirt/QEMU/VNC/SPICE TLS certificate in the standard locations: no TLS listeners");
        }
        if (text.contains("@@absent openssl")) {
            return Outcome.error("openssl is not installed: the certificates " + String.join(", ", certs.keySet()) + " could not be read");
        }
        long warnDays = Settings.number(ctx, Settings.CERT_EXPIRY_WARN_DAYS);
        Verdict v = new Verdict();
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy z", Locale.ROOT);
        for (Map.Entry<String, List<String>> e : certs.entrySet()) {
            String path = e.getKey();
            String subject = null;
            String issuer = null;
            Long end = null;
            Integer bits = null;
            for (String l : e.getValue()) {
                if (l.startsWith("subject=")) {
                    subject = l.substring(8).strip();
                } else if (l.startsWith("issuer=")) {
                    issuer = l.substring(7).strip();
                } else if (l.startsWith("notAfter=")) {
                    Matcher m = NOT_AFTER.matcher(l);
                    m.find();
                    end = java.time.ZonedDateTime.parse(m.group(1).strip().replaceAll("\\s+", " "), f).toEpochSecond();
                } else if (l.contains("Public-Key:")) {
                    bits = Integer.valueOf(l.replaceAll(".*\\((\\d+) bit\\).*", "$1"));
                } else if (l.startsWith("unable to load") || l.startsWith("Could not")) {
                    return Outcome.error("could not read " + path + ": " + l);
                }
            }
            if (end == null || subject == null) {
                return Outcome.error("could not read " + path + ": " + String.join(" ", e.getValue()).strip());
            }
            boolean ca = path.endsWith("cacert.pem") || path.endsWith("ca-cert.pem");
            String name = path.substring(path.lastIndexOf("/pki/") + 5);
            long days = end == null ? Long.MAX_VALUE : (end - now) / 86400;
            v.seen(name + ": " + (subject == null ? "?" : subject) + ", " + (end == null ? "no expiry read" : days + " days left")
                    + (bits == null ? "" : ", " + bits + " bit"));
            if (end != null && end <= now) {
                v.fail(name + " expired");
            } else if (days < warnDays) {
                v.warn(name + " expires in " + days + " days");
            }
            if (!ca && subject != null && subject.equals(issuer)) {
                v.fail(name + " is self-signed (subject = issuer)");
            }
            boolean ec = e.getValue().stream().anyMatch(l -> l.contains("NIST CURVE") || l.contains("ASN1 OID"));
            if (bits != null && (ec ? bits < 256 : bits < 2048)) {
                v.warn(name + " has a " + bits + "-bit key");
            }
        }
        return finishHybrid(v, ctx, Settings.PKI_PROCESS_ATTESTED, expected, "management-plane TLS uses the organisation's PKI",
                "the CA is not owned and run by the organisation (no rotation/CRL process)",
                "that the issuing CA is the organisation's, certificates are rotated before expiry, SANs match the host FQDN/IP, and crl_file is used where revocation matters");
    }
}
