package org.virtharden.catalog;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Physical checks PH-003..PH-011. The hybrid ones decide only what the host's facts decide (a failed PSU,
 * a degraded array, cipher suite 0) and otherwise wait for the operator (MANUAL_PENDING) with the facts in
 * {@code observed}; they PASS only with the operator's recorded answer (a setting), never from missing data.
 */
final class PhysicalEvaluators {
    private PhysicalEvaluators() {
    }

    static void register(Map<String, CheckEvaluator> m) {
        m.put("psu-redundancy", PhysicalEvaluators::psu);
        m.put("ups-shutdown", PhysicalEvaluators::ups);
        m.put("disk-redundancy", PhysicalEvaluators::disks);
        m.put("nic-layout", PhysicalEvaluators::nics);
        m.put("bmc", PhysicalEvaluators::bmc);
        m.put("firmware", PhysicalEvaluators::firmware);
        m.put("environment", PhysicalEvaluators::environment);
        m.put("capacity", PhysicalEvaluators::capacity);
        m.put("asset-identity", PhysicalEvaluators::asset);
    }

    /** One "@@head" section of a probe's output and its lines. */
    record Section(String head, List<String> lines) {
    }

    /** Splits output at lines starting with "@@"; lines before the first marker go to a section with head "". */
    static List<Section> sections(String text) {
        List<Section> out = new ArrayList<>();
        Section cur = new Section("", new ArrayList<>());
        out.add(cur);
        for (String l : text.split("\n", -1)) {
            if (l.startsWith("@@")) {
                cur = new Section(l.substring(2).strip(), new ArrayList<>());
                out.add(cur);
            } else if (!l.isBlank()) {
                cur.lines().add(l.stripTrailing());
            }
        }
        return out;
    }

    static List<String> section(String text, String head) {
        List<String> out = new ArrayList<>();
        for (Section s : sections(text)) {
            if (s.head().equals(head)) {
                out.addAll(s.lines());
            }
        }
        return out;
    }

    /** Rows of ipmitool's sdr/sel/user tables, split at '|' and trimmed; other lines are skipped. */
    static List<String[]> pipeRows(List<String> lines, int minFields) {
        List<String[]> rows = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.split("\\|", -1);
            if (f.length >= minFields) {
                for (int i = 0; i < f.length; i++) {
                    f[i] = f[i].strip();
                }
                rows.add(f);
            }
        }
        return rows;
    }

    /** Why ipmitool gave no data, or null when its output has sensor rows. */
    static String ipmiUnavailable(String text) {
        if (text.contains("ipmitool absent")) {
            return "ipmitool is not installed";
        }
        if (text.contains("Could not open device") || text.contains("No such file or directory")) {
            return "ipmitool cannot reach a BMC (no /dev/ipmi0: no BMC, or the ipmi_si/ipmi_devintf modules are not loaded)";
        }
        return null;
    }

    // ---------------------------------------------------------------- PH-003

    private static final Pattern PSU_FAILED = Pattern.compile(
            "(?i)failure detected|ac lost|input lost|predictive failure|config(uration)? error|redundancy lost|non-redundant");

    static Outcome psu(Check check, EvaluationContext ctx) {
        String ipmi = Facts.text(ctx, "ipmi");
        String smbios = Facts.text(ctx, "smbios");
        int ipmiCount = 0;
        List<String> failed = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        String ipmiWhy = ipmiUnavailable(ipmi);
        if (ipmiWhy == null) {
            for (String[] r : pipeRows(Facts.lines(ipmi), 5)) {
                String name = r[0];
                String desc = r[4];
                boolean redundancy = name.toLowerCase(Locale.ROOT).contains("redundan");
                if (redundancy) {
                    seen.add(name + ": " + (desc.isEmpty() ? r[2] : desc));
                    if (PSU_FAILED.matcher(desc).find()) {
                        failed.add(name + " (" + desc + ")");
                    }
                    continue;
                }
                boolean present = desc.toLowerCase(Locale.ROOT).contains("presence detected");
                if (present) {
                    ipmiCount++;
                }
                if (PSU_FAILED.matcher(desc).find() || r[2].equals("cr") || r[2].equals("nr")) {
                    failed.add(name + " (" + (desc.isEmpty() ? r[2] : desc) + ")");
                }
            }
        }
        int smbiosCount = 0;
        String loc = "";
        for (String l : Facts.lines(smbios)) {
            String t = l.strip();
            if (t.startsWith("Location:")) {
                loc = t.substring(9).strip();
            } else if (t.startsWith("Status:")) {
                String st = t.substring(7).strip();
                if (st.startsWith("Present")) {
                    smbiosCount++;
                    if (st.contains("Critical")) {
                        failed.add((loc.isEmpty() ? "PSU " + smbiosCount : loc) + " (SMBIOS status " + st + ")");
                    }
                }
            }
        }
        int count = Math.max(ipmiCount, smbiosCount);
        seen.add(0, count + " PSU(s) present (ipmitool " + (ipmiWhy == null ? ipmiCount : "n/a") + ", SMBIOS " + smbiosCount + ")");
        String expected = ">= 2 PSUs, none failed, on different PDUs/circuits";
        String observed = String.join("; ", new LinkedHashSet<>(seen));
        if (!failed.isEmpty()) {
            return new Outcome(Status.FAIL, observed, expected, "power supply failed: " + String.join(", ", new LinkedHashSet<>(failed)));
        }
        if (count == 0) {
            return Outcome.manual(observed, expected, "no power-supply data from IPMI or SMBIOS"
                    + (ipmiWhy == null ? "" : " (" + ipmiWhy + ")") + ": count the PSUs and check their feeds on site");
        }
        if (count == 1) {
            return new Outcome(Status.FAIL, observed, expected, "a single power supply: one PSU or feed fault stops every guest");
        }
        String feeds = Settings.get(ctx, Settings.POWER_FEEDS_SEPARATE).strip().toLowerCase(Locale.ROOT);
        if (Facts.isTrue(feeds)) {
            return new Outcome(Status.PASS, observed + "; separate feeds confirmed", expected,
                    count + " healthy PSUs on different PDUs/circuits (operator confirmed)");
        }
        if (feeds.equals("false") || feeds.equals("no") || feeds.equals("0")) {
            return new Outcome(Status.WARN, observed + "; same PDU", expected, count + " healthy PSUs but on the same PDU (operator answer)");
        }
        return Outcome.manual(observed, expected, count + " healthy PSUs: confirm they go to different PDUs/circuits (setting "
                + Settings.POWER_FEEDS_SEPARATE + ")");
    }

    // ---------------------------------------------------------------- PH-004

    /** KEY=value lines of a sourced shell file: the last assignment wins, quotes removed. */
    static Map<String, String> shellAssignments(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : Facts.lines(text)) {
            String t = l.strip();
            int i = t.indexOf('=');
            if (t.startsWith("#") || i <= 0) {
                continue;
            }
            String v = t.substring(i + 1).strip();
            int hash = v.indexOf(" #");
            if (hash >= 0) {
                v = v.substring(0, hash).strip();
            }
            m.put(t.substring(0, i).strip(), FactParsers.unquote(v));
        }
        return m;
    }

    static Outcome ups(Check check, EvaluationContext ctx) {
        List<String> active = new ArrayList<>();
        for (String u : List.of("nut-monitor", "nut-client", "apcupsd")) {
            if ("active".equals(Facts.lower(ctx, "ups-services." + u))) {
                active.add(u);
            }
        }
        String unit = Facts.text(ctx, "guests-unit").strip();
        boolean guestsEnabled = unit.startsWith("enabled");
        Map<String, String> conf = shellAssignments(Facts.text(ctx, "guests-conf"));
        String onShutdown = conf.getOrDefault("ON_SHUTDOWN", "suspend");
        long timeout = parseLong(conf.getOrDefault("SHUTDOWN_TIMEOUT", "300"), 300);
        String tryShutdown = Facts.text(ctx, "qemu-conf.auto_shutdown_try_shutdown").strip();
        String trySave = Facts.text(ctx, "qemu-conf.auto_shutdown_try_save").strip();
        boolean autoShutdown = !tryShutdown.isEmpty() && !tryShutdown.equals("none");
        boolean autoSave = !trySave.isEmpty() && !trySave.equals("none");
        Long runtime = runtimeSeconds(Facts.text(ctx, "ups"));
        if (runtime == null) {
            String s = Settings.get(ctx, Settings.UPS_RUNTIME_SECONDS).strip();
            runtime = s.isEmpty() ? null : parseLong(s, -1) < 0 ? null : parseLong(s, -1);
        }
        List<String> seen = new ArrayList<>();
        seen.add("UPS client " + (active.isEmpty() ? "none active" : String.join(", ", active)));
        seen.add("libvirt-guests " + (unit.isEmpty() ? "unknown" : unit) + (guestsEnabled ? ", ON_SHUTDOWN=" + onShutdown
                + ", SHUTDOWN_TIMEOUT=" + timeout : ""));
        if (autoShutdown || autoSave) {
            seen.add("qemu.conf auto_shutdown_try_shutdown=" + (tryShutdown.isEmpty() ? "none" : tryShutdown)
                    + ", auto_shutdown_try_save=" + (trySave.isEmpty() ? "none" : trySave));
        }
        if (runtime != null) {
            seen.add("battery runtime " + runtime + " s");
        }
        Verdict v = new Verdict();
        seen.forEach(v::seen);
        String expected = "UPS events reach the host; libvirt-guests ON_SHUTDOWN=shutdown with SHUTDOWN_TIMEOUT < battery runtime, "
                + "or auto_shutdown_try_shutdown in qemu.conf";
        boolean qemuUnknown = Facts.text(ctx, "qemu-conf").contains("needs root");
        if (qemuUnknown) {
            v.seen("qemu.conf not readable without root");
        }
        if (!guestsEnabled && qemuUnknown) {
            Outcome o = v.outcome(expected, "");
            return Outcome.manual(o.observed(), expected, "libvirt-guests is not enabled and qemu.conf (auto_shutdown_*) needs root: confirm "
                    + "how guests are shut down at host shutdown");
        }
        if (!guestsEnabled && !autoShutdown && !autoSave) {
            v.fail("neither libvirt-guests nor an auto_shutdown_* option is enabled: guests are killed, not shut down, at host shutdown");
        }
        if (guestsEnabled && !onShutdown.equals("shutdown")) {
            v.warn("libvirt-guests ON_SHUTDOWN=" + onShutdown + (conf.containsKey("ON_SHUTDOWN") ? "" : " (default)")
                    + ": managed save writes guest RAM to disk instead of shutting guests down");
        }
        if (guestsEnabled && (autoShutdown || autoSave)) {
            v.warn("libvirt-guests and qemu.conf auto_shutdown_* are both enabled (libvirt says to use only one)");
        }
        if (!guestsEnabled && !autoShutdown && autoSave) {
            v.warn("only auto_shutdown_try_save is set: guests are saved, not shut down");
        }
        if (guestsEnabled && runtime != null && timeout >= runtime) {
            v.warn("SHUTDOWN_TIMEOUT " + timeout + " s is not shorter than the battery runtime " + runtime + " s");
        }
        if (!v.clean()) {
            return v.outcome(expected, "");
        }
        Outcome ok = v.outcome(expected, "");
        if (active.isEmpty()) {
            return Outcome.manual(ok.observed(), expected, "guests are shut down cleanly, but no UPS client (NUT, apcupsd) runs on the host: "
                    + "confirm how power events reach it, or attest a UPS + generator design");
        }
        if (guestsEnabled && runtime == null) {
            return Outcome.manual(ok.observed(), expected, "UPS client active and guests shut down cleanly; the battery runtime is unknown: "
                    + "confirm SHUTDOWN_TIMEOUT " + timeout + " s is shorter (setting " + Settings.UPS_RUNTIME_SECONDS + ")");
        }
        return new Outcome(Status.PASS, ok.observed(), expected, "UPS events reach the host and guests are shut down cleanly"
                + (guestsEnabled ? " within the battery runtime" : " by qemu.conf auto_shutdown_try_shutdown"));
    }

    private static final Pattern RUNTIME = Pattern.compile("(?m)^battery\\.runtime:\\s*(\\d+)");
    private static final Pattern TIMELEFT = Pattern.compile("(?m)^TIMELEFT\\s*:\\s*([\\d.]+)\\s*Minutes");

    static Long runtimeSeconds(String ups) {
        Matcher m = RUNTIME.matcher(ups);
        if (m.find()) {
            return Long.parseLong(m.group(1));
        }
        m = TIMELEFT.matcher(ups);
        if (m.find()) {
            return Math.round(Double.parseDouble(m.group(1)) * 60);
        }
        return null;
    }

    static long parseLong(String s, long dflt) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    // ---------------------------------------------------------------- PH-005

    private static final Set<String> REMOTE_FS = Set.of("nfs", "nfs4", "cifs", "smb3", "fuse.sshfs", "glusterfs",
            "fuse.glusterfs", "ceph", "fuse.ceph", "9p", "virtiofs");
    private static final Pattern MD_DEGRADED = Pattern.compile("\\[U*_[U_]*\\]|\\(F\\)");
    private static final Pattern REDUNDANT_TYPE = Pattern.compile("raid(1|4|5|6|10)");

    static Outcome disks(Check check, EvaluationContext ctx) {
        String mdstat = Facts.text(ctx, "mdstat");
        String zpool = Facts.text(ctx, "zpool");
        Map<String, String> lvSeg = new LinkedHashMap<>();
        for (String l : Facts.lines(Facts.text(ctx, "lvs"))) {
            String[] f = l.strip().split("\\|");
            if (f.length == 3) {
                lvSeg.put(f[1].strip().replace("-", "--") + "-" + f[0].strip().replace("-", "--"), f[2].strip());
            }
        }
        boolean lvsUnknown = Facts.text(ctx, "lvs").contains("needs root");
        String ctl = Facts.text(ctx, "raid-controllers").strip();
        boolean hwRaid = !ctl.isEmpty() && !ctl.equals("lspci absent");
        Verdict v = new Verdict();
        Set<String> judged = new LinkedHashSet<>();
        int local = 0;
        int remote = 0;
        for (String l : Facts.lines(mdstat)) {
            if (MD_DEGRADED.matcher(l).find()) {
                v.fail("software RAID degraded: " + l.strip());
            }
        }
        for (String l : Facts.lines(zpool)) {
            String t = l.strip();
            if (t.startsWith("state:") && !t.endsWith("ONLINE")) {
                v.fail("ZFS pool " + t);
            }
        }
        for (Section s : sections(Facts.text(ctx, "stack"))) {
            if (s.head().isEmpty()) {
                continue;
            }
            String what;
            String fstype = "";
            String source = "";
            if (s.head().startsWith("dir ")) {
                String[] p = s.head().substring(4).split("\\|", -1);
                what = p[0];
                source = p.length > 1 ? p[1] : "";
                fstype = p.length > 2 ? p[2] : "";
            } else if (s.head().startsWith("vg ")) {
                what = s.head().substring(3);
                source = what;
            } else {
                continue;
            }
            if (REMOTE_FS.contains(fstype)) {
                remote++;
                v.seen(what + " on " + fstype + " (remote, check that platform)");
                continue;
            }
            if (!judged.add(source + "|" + fstype)) {
                continue;
            }
            local++;
            if (fstype.equals("zfs")) {
                boolean redundant = zpool.contains("mirror-") || zpool.contains("raidz") || zpool.contains("draid");
                v.seen(what + " on ZFS " + source + (redundant ? " (redundant vdevs)" : ""));
                if (!redundant) {
                    v.fail(what + " is on a ZFS pool without mirror/raidz vdevs");
                }
                continue;
            }
            if (fstype.equals("btrfs")) {
                v.seen(what + " on btrfs " + source);
                v.warn(what + " is on btrfs, which can mirror across devices by itself: check the data/metadata profile with "
                        + "`btrfs filesystem df " + what + "` (RAID1/10 wanted)");
                continue;
            }
            List<String> types = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (String l : s.lines()) {
                String[] f = l.strip().split("\\s+");
                if (f.length >= 2) {
                    names.add(f[0]);
                    types.add(f[1]);
                }
            }
            if (types.isEmpty()) {
                v.seen(what + " on " + (source.isEmpty() ? "?" : source) + (fstype.isEmpty() ? "" : " (" + fstype + ")"));
                v.warn("could not follow " + what + " (" + (source.isEmpty() ? "no source" : source) + ", " + fstype
                        + ") down to its disks");
                continue;
            }
            boolean redundant = types.stream().anyMatch(t -> REDUNDANT_TYPE.matcher(t).matches());
            for (int i = 0; i < types.size(); i++) {
                String seg = lvSeg.get(names.get(i));
                if (types.get(i).equals("lvm") && seg != null && (seg.startsWith("raid") && !seg.equals("raid0") || seg.equals("mirror"))) {
                    redundant = true;
                }
            }
            Set<String> disks = new LinkedHashSet<>();
            for (int i = 0; i < types.size(); i++) {
                if (types.get(i).equals("disk")) {
                    disks.add(names.get(i));
                }
            }
            v.seen(what + ": " + String.join(" < ", new LinkedHashSet<>(types)) + " on " + String.join(",", disks));
            if (redundant) {
                continue;
            }
            if (lvsUnknown && types.contains("lvm") && disks.size() > 1) {
                v.warn(what + " is an LV over " + String.join(",", disks) + ": whether it is mirrored needs lvs (root)");
            } else if (hwRaid) {
                v.warn(what + " is on " + String.join(",", disks) + " behind a hardware RAID controller: its array state needs the "
                        + "vendor CLI (storcli, perccli, ssacli)");
            } else {
                v.fail(disks.size() > 1 ? what + " spans " + String.join(",", disks) + " without redundancy (linear or striped)"
                        : what + " is on a single disk (" + String.join(",", disks) + ")");
            }
        }
        String expected = "OS disk and local VM storage on RAID 1/5/6/10, a mirrored LV or a redundant ZFS pool, all members active";
        if (local == 0 && !v.failed()) {
            return remote > 0 ? Outcome.notApplicable("all VM storage and the OS are on remote storage: check that platform")
                    : Outcome.error("no storage could be examined (findmnt/lsblk gave nothing)");
        }
        return v.outcome(expected, "OS disk and local VM storage are on redundant storage with all members active");
    }

    // ---------------------------------------------------------------- PH-006

    static Outcome nics(Check check, EvaluationContext ctx) {
        List<String> phys = new ArrayList<>();
        List<String> up = new ArrayList<>();
        for (String l : Facts.lines(Facts.text(ctx, "phys"))) {
            String[] f = l.strip().split("\\s+");
            if (f.length < 2) {
                continue;
            }
            String speed = f.length > 2 && !f[2].startsWith("-") && !f[2].equals("unknown") ? f[2] + " Mb/s" : "speed unknown";
            phys.add(f[0] + " " + f[1] + " " + speed);
            if (f[1].equals("up")) {
                up.add(f[0] + " (" + speed + ")");
            }
        }
        int vlans = 0;
        int bonds = 0;
        for (String l : Facts.lines(Facts.text(ctx, "links"))) {
            if (l.contains(" vlan protocol ")) {
                vlans++;
            }
            if (l.contains(" bond mode ") || l.matches(".*\\bbond\\b.*mode.*")) {
                bonds++;
            }
        }
        bonds = Math.max(bonds, (int) sections(Facts.text(ctx, "bonding")).stream().filter(s -> s.head().startsWith("bond ")).count());
        int bridged = Facts.lines(Facts.text(ctx, "bridges")).size();
        String observed = "physical NICs: " + (phys.isEmpty() ? "none" : String.join(", ", phys)) + "; " + vlans + " VLAN interface(s), "
                + bonds + " bond(s), " + bridged + " bridge port(s)";
        String expected = "separate ports (or a documented bonded trunk with VLANs) for management, storage and guests; speeds as designed";
        if (phys.isEmpty()) {
            return Outcome.manual(observed, expected, "no physical NIC is visible (virtual machine or container): check the layout on the real host");
        }
        if (up.size() == 1 && vlans == 0 && bonds == 0) {
            return new Outcome(Status.FAIL, observed, expected, "everything runs over one untagged port, " + up.get(0)
                    + ": management, storage and guest traffic share it");
        }
        if (up.isEmpty()) {
            return Outcome.manual(observed, expected, "no physical NIC is up: check the cabling and the layout on site");
        }
        if (Settings.flag(ctx, Settings.NIC_LAYOUT_DOCUMENTED)) {
            return new Outcome(Status.PASS, observed, expected, up.size() + " physical port(s) up, " + vlans + " VLAN(s), " + bonds
                    + " bond(s); layout confirmed against the design");
        }
        return Outcome.manual(observed, expected, "confirm which ports carry management, storage and guest traffic and that the speeds match "
                + "the design (setting " + Settings.NIC_LAYOUT_DOCUMENTED + ")");
    }

    // ---------------------------------------------------------------- PH-007

    private static final Pattern KV = Pattern.compile("^\\s*([^:]+?)\\s*:\\s*(.*)$");
    private static final Set<String> DEFAULT_BMC_USERS = Set.of("admin", "root", "administrator", "userid");

    static Map<String, String> colonPairs(List<String> lines) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : lines) {
            Matcher k = KV.matcher(l);
            if (k.matches()) {
                m.putIfAbsent(k.group(1).strip(), k.group(2).strip());
            }
        }
        return m;
    }

    static Outcome bmc(Check check, EvaluationContext ctx) {
        String ipmi = Facts.text(ctx, "ipmi");
        String expected = "BMC on a dedicated out-of-band network, cipher suite 0 disabled, default accounts changed, firmware supported";
        boolean smbiosIpmi = Facts.text(ctx, "smbios").contains("IPMI Device Information");
        Map<String, String> lan = colonPairs(section(ipmi, "lan"));
        String ip = lan.getOrDefault("IP Address", "");
        String why = ipmiUnavailable(ipmi);
        if (why != null || ip.isEmpty()) {
            return Outcome.manual("SMBIOS " + (smbiosIpmi ? "lists an IPMI device" : "lists no IPMI device"), expected,
                    (why != null ? why : "ipmitool lan print gave no address") + ": check the BMC's network, accounts and firmware in "
                            + "its own UI" + (smbiosIpmi ? "" : ", or answer N/A if the host has no BMC"));
        }
        Verdict v = new Verdict();
        v.seen("BMC " + ip + (lan.containsKey("IP Address Source") ? " (" + lan.get("IP Address Source") + ")" : ""));
        String vlan = lan.getOrDefault("802.1q VLAN ID", "");
        if (!vlan.isEmpty()) {
            v.seen("VLAN " + vlan);
        }
        String priv = lan.getOrDefault("Cipher Suite Priv Max", "");
        if (!priv.isEmpty()) {
            v.seen("cipher privs " + priv);
            if (priv.charAt(0) != 'X') {
                v.fail("IPMI cipher suite 0 is enabled: the BMC accepts any password");
            }
        }
        boolean configured = !ip.equals("0.0.0.0");
        if (configured) {
            for (String l : Facts.lines(Facts.text(ctx, "addrs"))) {
                String[] f = l.strip().split("\\s+");
                if (f.length < 4 || !f[2].equals("inet")) {
                    continue;
                }
                String dev = f[1];
                boolean bridge = Facts.text(ctx, "bridges").contains(": " + dev + ":");
                if (inSubnet(ip, f[3])) {
                    if (bridge) {
                        v.fail("the BMC address " + ip + " is inside " + f[3] + " of bridge " + dev + " (a guest network)");
                    } else {
                        v.note("the BMC shares subnet " + f[3] + " with host interface " + dev);
                    }
                }
            }
        }
        List<String> defaults = new ArrayList<>();
        for (String l : section(ipmi, "users")) {
            String[] f = l.strip().split("\\s+");
            if (f.length < 2 || !f[0].matches("\\d+")) {
                continue;
            }
            String rest = l.strip().substring(f[0].length()).strip();
            boolean admin = rest.contains("ADMINISTRATOR") || rest.contains("OPERATOR");
            boolean anonymous = rest.startsWith("true") || rest.startsWith("false");
            if (anonymous && admin) {
                v.fail("user " + f[0] + " has no name and " + (rest.contains("ADMINISTRATOR") ? "ADMINISTRATOR" : "OPERATOR")
                        + " rights (anonymous login)");
            } else if (admin && DEFAULT_BMC_USERS.contains(f[1].toLowerCase(Locale.ROOT))) {
                defaults.add(f[1]);
            }
        }
        String fw = colonPairs(section(ipmi, "mc")).getOrDefault("Firmware Revision", "");
        if (!fw.isEmpty()) {
            v.seen("firmware " + fw);
        }
        if (!defaults.isEmpty()) {
            v.seen("vendor default account name(s) " + String.join(", ", defaults));
        }
        if (v.failed()) {
            return v.outcome(expected, "");
        }
        Outcome o = v.outcome(expected, "");
        if (Settings.flag(ctx, Settings.BMC_OOB_ATTESTED)) {
            return new Outcome(Status.PASS, o.observed(), expected, "cipher suite 0 disabled, BMC not on a guest network; out-of-band "
                    + "placement, accounts and firmware attested");
        }
        return Outcome.manual(o.observed(), expected, "confirm the BMC network is out-of-band only"
                + (defaults.isEmpty() ? "" : ", that " + String.join(", ", defaults) + " no longer has the vendor password")
                + " and that firmware " + (fw.isEmpty() ? "" : fw + " ") + "is supported (setting " + Settings.BMC_OOB_ATTESTED + ")");
    }

    /** Whether an IPv4 address lies inside ADDR/PREFIX. */
    static boolean inSubnet(String ip, String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return false;
        }
        Long a = ipv4(ip);
        Long n = ipv4(cidr.substring(0, slash));
        int bits;
        try {
            bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (a == null || n == null || bits < 0 || bits > 32) {
            return false;
        }
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (a & mask) == (n & mask);
    }

    private static Long ipv4(String s) {
        String[] p = s.strip().split("\\.");
        if (p.length != 4) {
            return null;
        }
        long v = 0;
        for (String x : p) {
            try {
                int o = Integer.parseInt(x);
                if (o < 0 || o > 255) {
                    return null;
                }
                v = v << 8 | o;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return v;
    }

    // ---------------------------------------------------------------- PH-008

    private static final Pattern VALIDATE_LINE = Pattern.compile("^\\s*\\S+:\\s*Checking (?:for |if )?(.+?)\\s*:\\s*(PASS|WARN|FAIL)");

    static Outcome firmware(Check check, EvaluationContext ctx) {
        String validate = Facts.text(ctx, "validate");
        Map<String, String> bios = colonPairs(Facts.lines(Facts.text(ctx, "bios")));
        String biosSeen = bios.containsKey("Vendor") ? "firmware " + bios.get("Vendor") + " " + bios.getOrDefault("Version", "?")
                + " (" + bios.getOrDefault("Release Date", "?") + ")" : "firmware version not readable";
        String sb = Facts.lines(Facts.text(ctx, "sb-state")).stream().findFirst().orElse("").strip();
        String expected = "VT-x/AMD-V and VT-d/AMD-Vi on, firmware admin password set, removable/network boot locked, firmware current";
        if (validate.contains("virt-host-validate absent")) {
            return Outcome.manual(biosSeen + "; " + sb, expected, "virt-host-validate is not installed: check virtualization and IOMMU in the "
                    + "firmware setup, and the admin password and boot lock");
        }
        Verdict v = new Verdict();
        Boolean hw = null;
        List<String> iommu = new ArrayList<>();
        for (String l : Facts.lines(validate)) {
            Matcher m = VALIDATE_LINE.matcher(l);
            if (!m.find()) {
                continue;
            }
            String what = m.group(1).toLowerCase(Locale.ROOT);
            if (what.contains("hardware virtualization")) {
                hw = m.group(2).equals("PASS");
            } else if (what.contains("iommu") && !m.group(2).equals("PASS")) {
                iommu.add(m.group(1) + ": " + m.group(2));
            }
        }
        v.seen("hardware virtualization " + (hw == null ? "not reported" : hw ? "on" : "off"));
        v.seen(iommu.isEmpty() ? "IOMMU on" : "IOMMU " + String.join("; ", iommu));
        v.seen(biosSeen);
        if (!sb.isEmpty()) {
            v.seen(sb);
        }
        if (Boolean.FALSE.equals(hw)) {
            v.fail("hardware virtualization (VT-x/AMD-V) is off or missing");
        }
        if (!iommu.isEmpty()) {
            v.warn("the IOMMU (VT-d/AMD-Vi) is not confirmed on: " + String.join("; ", iommu));
        }
        if (!v.clean()) {
            return v.outcome(expected, "");
        }
        Outcome o = v.outcome(expected, "");
        if (hw == null) {
            return Outcome.manual(o.observed(), expected, "virt-host-validate did not report hardware virtualization: check it in the firmware setup");
        }
        if (Settings.flag(ctx, Settings.FIRMWARE_LOCKED_ATTESTED)) {
            return new Outcome(Status.PASS, o.observed(), expected, "virtualization and IOMMU on; firmware password, boot lock and "
                    + "currency attested");
        }
        return Outcome.manual(o.observed(), expected, "virtualization and IOMMU are on: confirm the firmware admin password, the boot-order lock "
                + "and that " + biosSeen.replace("firmware ", "") + " carries the vendor's latest fixes (setting "
                + Settings.FIRMWARE_LOCKED_ATTESTED + ")");
    }

    // ---------------------------------------------------------------- PH-009

    private static final DateTimeFormatter SEL_DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy");

    static Outcome environment(Check check, EvaluationContext ctx) {
        String ipmi = Facts.text(ctx, "ipmi");
        String expected = "sensors readable, no critical SEL events in 30 days, environmental controls confirmed";
        String why = ipmiUnavailable(ipmi);
        List<String[]> sensors = new ArrayList<>();
        sensors.addAll(pipeRows(section(ipmi, "temp"), 5));
        sensors.addAll(pipeRows(section(ipmi, "fan"), 5));
        if (why != null || sensors.isEmpty()) {
            return Outcome.manual("no sensor data", expected, (why != null ? why : "the BMC reported no temperature or fan sensors")
                    + ": check cooling, fire suppression and water detection on site");
        }
        Verdict v = new Verdict();
        int readable = 0;
        for (String[] r : sensors) {
            String st = r[2];
            if (!st.equals("ns")) {
                readable++;
            }
            if (st.equals("cr") || st.equals("nr")) {
                v.fail("sensor " + r[0] + " is " + (st.equals("cr") ? "critical" : "non-recoverable") + " (" + r[4] + ")");
            } else if (st.equals("nc")) {
                v.warn("sensor " + r[0] + " is non-critical (" + r[4] + ")");
            }
        }
        v.seen(readable + " of " + sensors.size() + " temperature/fan sensors readable");
        Long now = Facts.firstLong(ctx.fact("now"));
        LocalDate today = now == null ? null : java.time.Instant.ofEpochSecond(now).atZone(ZoneOffset.UTC).toLocalDate();
        List<String> events = new ArrayList<>();
        for (String[] r : pipeRows(section(ipmi, "sel"), 6)) {
            String sensor = r[3].toLowerCase(Locale.ROOT);
            String ev = r[4].toLowerCase(Locale.ROOT);
            if (!(sensor.startsWith("temperature") || sensor.startsWith("fan")) || !r[5].equalsIgnoreCase("asserted")
                    || !(ev.contains("critical") || ev.contains("non-recoverable"))) {
                continue;
            }
            LocalDate d;
            try {
                d = LocalDate.parse(r[1], SEL_DATE);
            } catch (DateTimeParseException e) {
                continue;
            }
            if (today != null && !d.isBefore(today.minusDays(30)) && !d.isAfter(today.plusDays(1))) {
                events.add(r[1] + " " + r[3] + " " + r[4]);
            }
        }
        v.seen(events.size() + " critical temperature/fan event(s) in 30 days");
        if (events.size() >= 2) {
            v.fail("recurring thermal/fan events: " + String.join("; ", events.subList(0, Math.min(3, events.size())))
                    + (events.size() > 3 ? " ..." : ""));
        } else if (events.size() == 1) {
            v.warn("a critical thermal/fan event: " + events.get(0));
        }
        if (today == null) {
            v.warn("the host clock was not read: SEL events not dated");
        }
        if (!v.clean()) {
            return v.outcome(expected, "");
        }
        Outcome o = v.outcome(expected, "");
        if (Settings.flag(ctx, Settings.ENVIRONMENT_ATTESTED)) {
            return new Outcome(Status.PASS, o.observed(), expected, "sensors normal, no critical events in 30 days; environmental "
                    + "controls attested");
        }
        return Outcome.manual(o.observed(), expected, "sensors normal and no critical events in 30 days: confirm cooling, fire suppression and "
                + "water detection (setting " + Settings.ENVIRONMENT_ATTESTED + ")");
    }

    // ---------------------------------------------------------------- PH-010

    static Outcome capacity(Check check, EvaluationContext ctx) {
        Long hostKib = Facts.firstLong(ctx.fact("nodeinfo.memory size"));
        if (hostKib == null) {
            for (String l : Facts.lines(Facts.text(ctx, "free"))) {
                if (l.startsWith("Mem:")) {
                    hostKib = Facts.firstLong(l.substring(4)) / 1024;
                }
            }
        }
        if (hostKib == null || hostKib <= 0) {
            return Outcome.error("neither nodeinfo nor free gave the host's memory");
        }
        long cores = 0;
        Long cells = Facts.firstLong(ctx.fact("nodeinfo.numa cell(s)"));
        Long sockets = Facts.firstLong(ctx.fact("nodeinfo.cpu socket(s)"));
        Long perSocket = Facts.firstLong(ctx.fact("nodeinfo.core(s) per socket"));
        if (cells != null && sockets != null && perSocket != null) {
            cores = cells * sockets * perSocket;
        }
        if (cores <= 0) {
            Long c = Facts.firstLong(Facts.text(ctx, "cores"));
            cores = c == null ? 0 : c;
        }
        if (cores <= 0) {
            return Outcome.error("neither nodeinfo nor lscpu gave the physical core count");
        }
        long memKib = 0;
        long vcpus = 0;
        int counted = 0;
        int all = 0;
        for (Section s : sections(Facts.text(ctx, "guests"))) {
            if (!s.head().equals("guest")) {
                continue;
            }
            all++;
            Map<String, String> info = colonPairs(s.lines());
            boolean running = info.getOrDefault("State", "").equals("running");
            boolean autostart = info.getOrDefault("Autostart", "").equals("enable");
            if (!running && !autostart) {
                continue;
            }
            counted++;
            Long mem = Facts.firstLong(info.get("Max memory"));
            Long cpu = Facts.firstLong(info.get("CPU(s)"));
            memKib += mem == null ? 0 : mem;
            vcpus += cpu == null ? 0 : cpu;
        }
        if (counted == 0) {
            return Outcome.notApplicable(all == 0 ? "no guests defined" : "no running or autostart guests to count");
        }
        long reserve = Math.max(4L * 1024 * 1024, hostKib / 10);
        long usable = hostKib - reserve;
        double memRatio = usable <= 0 ? Double.POSITIVE_INFINITY : (double) memKib / usable;
        double vcpuRatio = (double) vcpus / cores;
        double memPolicy = ratio(Settings.get(ctx, Settings.MEMORY_OVERCOMMIT_MAX), 1.0);
        double vcpuPolicy = ratio(Settings.get(ctx, Settings.VCPU_OVERCOMMIT_MAX), 4.0);
        Verdict v = new Verdict();
        v.seen(counted + " running/autostart guest(s): " + gib(memKib) + " GiB max memory over " + gib(Math.max(0, usable))
                + " GiB usable (" + gib(hostKib) + " GiB - " + gib(reserve) + " GiB reserve)" + (usable > 0 ? " = " + fmt(memRatio) : ""));
        v.seen(vcpus + " vCPUs over " + cores + " physical cores = " + fmt(vcpuRatio));
        if (usable <= 0) {
            v.fail("the host's " + gib(hostKib) + " GiB of RAM leave nothing for guests after the " + gib(reserve)
                    + " GiB host reserve, yet guests may use " + gib(memKib) + " GiB");
        } else if (memRatio > memPolicy) {
            if (memPolicy > 1.0) {
                v.warn("memory ratio " + fmt(memRatio) + " is above the documented policy " + fmt(memPolicy));
            } else if (memRatio <= 1.2) {
                v.warn("memory ratio " + fmt(memRatio) + " is above 1.0");
            } else {
                v.fail("memory ratio " + fmt(memRatio) + " is above 1.2 with no documented overcommit policy: host OOM kills ahead");
            }
        }
        if (vcpuRatio > vcpuPolicy) {
            v.warn("vCPU ratio " + fmt(vcpuRatio) + " is above the policy " + fmt(vcpuPolicy) + ":1");
        }
        return v.outcome("memory ratio <= " + fmt(memPolicy) + ", vCPU ratio <= " + fmt(vcpuPolicy),
                "memory ratio " + fmt(memRatio) + " and vCPU ratio " + fmt(vcpuRatio) + " are within policy");
    }

    static double ratio(String s, double dflt) {
        try {
            double d = Double.parseDouble(s.strip());
            return d > 0 ? d : dflt;
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static String fmt(double d) {
        return Double.isInfinite(d) ? "inf" : String.format(Locale.ROOT, "%.2f", d);
    }

    private static String gib(long kib) {
        return String.format(Locale.ROOT, "%.1f", kib / 1048576.0);
    }

    // ---------------------------------------------------------------- PH-011

    private static final Set<String> PLACEHOLDERS = Set.of("", "not specified", "to be filled by o.e.m.", "default string",
            "system serial number", "none", "0", "not applicable", "0123456789", "03000200-0400-0500-0006-000700080009",
            "00000000-0000-0000-0000-000000000000");

    static Outcome asset(Check check, EvaluationContext ctx) {
        String serial = Facts.text(ctx, "dmi.serial").strip();
        String uuid = Facts.text(ctx, "dmi.uuid").strip();
        String host = Facts.text(ctx, "hostname.hostname").strip();
        List<String> ids = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        if (ctx.fact("dmi.dmidecode") != null) {
            seen.add("dmidecode not installed");
        }
        for (String[] p : List.of(new String[] {"serial", serial}, new String[] {"UUID", uuid}, new String[] {"hostname", host})) {
            if (PLACEHOLDERS.contains(p[1].toLowerCase(Locale.ROOT))) {
                if (ctx.fact("dmi.dmidecode") == null || p[0].equals("hostname")) {
                    seen.add(p[0] + " " + (p[1].isEmpty() ? "not reported" : "placeholder '" + p[1] + "'"));
                }
            } else {
                ids.add(p[1]);
                seen.add(p[0] + " " + p[1]);
            }
        }
        String observed = String.join("; ", seen);
        String expected = "serial, UUID or host name registered in the CMDB with owner, location and classification";
        List<String> known = Settings.list(ctx, Settings.ASSETS_KNOWN);
        if (known.isEmpty()) {
            return Outcome.manual(observed, expected, "check the CMDB for this host, or record known assets in setting " + Settings.ASSETS_KNOWN);
        }
        for (String id : ids) {
            if (known.contains(id.toLowerCase(Locale.ROOT))) {
                return new Outcome(Status.PASS, observed, expected, id + " is registered in the asset inventory");
            }
        }
        if (ids.isEmpty()) {
            return Outcome.manual(observed, expected, "the host reports no usable serial, UUID or name to look up: check the CMDB by hand");
        }
        return new Outcome(Status.FAIL, observed, expected, "none of " + String.join(", ", ids) + " is in the asset inventory ("
                + Settings.ASSETS_KNOWN + "): the host is unknown");
    }
}
