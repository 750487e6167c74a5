package org.virtharden.catalog;

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
 * The libvirt control plane: sVirt driver (HV-010), SELinux virt booleans and permissive domains (HV-013), who can
 * use the read-write socket (HV-015), RBAC on the management API (HV-016) and encrypted live migration (HV-018).
 */
final class ControlPlaneEvaluators {
    private static final Pattern SEMANAGE_BOOL = Pattern.compile("^(\\S+)\\s+\\(\\s*(on|off)\\s*,\\s*(on|off)\\s*\\).*");
    private static final Pattern GETSEBOOL = Pattern.compile("^(\\S+)\\s+-->\\s+(on|off)\\s*$");
    private static final Pattern VIRT_DOMAIN = Pattern.compile("^(svirt|virt)\\w*_t$");
    /** Virt booleans that are on in the shipped policy (check catalog HV-013): not findings when only getsebool is there. */
    private static final Set<String> DEFAULT_ON = Set.of("virt_use_usb", "virt_sandbox_use_all_caps", "virt_sandbox_use_audit");
    private static final Pattern IN_GROUP = Pattern.compile("isInGroup\\(\\s*[\"']([^\"']+)[\"']\\s*\\)");
    private static final Pattern USER_IS = Pattern.compile("subject\\.user\\s*===?\\s*[\"']([^\"']+)[\"']");
    private static final Pattern PREFIX_GRANT = Pattern.compile(
            "(indexOf|startsWith)\\(\\s*[\"']org\\.libvirt(\\.unix)?\\.?[\"']\\s*\\)");
    private static final Pattern STAT = Pattern.compile("^([0-7]{3,4})\\s+(\\S+):(\\S+)\\s+(/\\S+)$");

    private ControlPlaneEvaluators() {
    }

    static void register(Map<String, CheckEvaluator> m) {
        m.put("svirt-driver", ControlPlaneEvaluators::svirt);
        m.put("selinux-virt", ControlPlaneEvaluators::selinuxVirt);
        m.put("libvirt-socket-access", ControlPlaneEvaluators::socketAccess);
        m.put("libvirt-rbac", ControlPlaneEvaluators::rbac);
        m.put("migration-tls", ControlPlaneEvaluators::migration);
    }

    // ------------------------------------------------------------------ HV-010

    /**
     * HV-010. Facts: secmodels.model (every &lt;model&gt; of the capabilities, comma-joined), qemu-conf.*,
     * mac.apparmor-module / mac.aa-status / mac.getenforce.
     */
    static Outcome svirt(Check check, EvaluationContext ctx) {
        List<String> shown = Facts.tokens(ctx.fact("secmodels.model"));
        List<String> models = shown.stream().map(m -> m.toLowerCase(Locale.ROOT)).toList();
        boolean qemuModels = models.stream().anyMatch(m -> Set.of("selinux", "apparmor", "dac", "none").contains(m));
        boolean conf = Facts.text(ctx, "qemu-conf").startsWith("# present");
        if (!conf && !qemuModels) {
            return Outcome.notApplicable("no /etc/libvirt/qemu.conf and no QEMU security model in the capabilities: "
                    + "the QEMU driver is not installed");
        }
        String se = lowerOr(ctx.fact("mac.getenforce"), "absent");
        boolean seOn = se.equals("enforcing") || se.equals("permissive");
        String aaModule = lowerOr(ctx.fact("mac.apparmor-module"), "absent");
        boolean aaOn = !seOn && (aaModule.equals("y") || "0".equals(Facts.lower(ctx, "mac.aa-status")));
        String mac = seOn ? "selinux" : aaOn ? "apparmor" : null;
        Verdict v = new Verdict();
        v.seen("MAC " + (seOn ? "SELinux " + se : aaOn ? "AppArmor loaded" : "none active (AppArmor module " + aaModule
                + ", aa-status " + lowerOr(ctx.fact("mac.aa-status"), "?") + ", getenforce " + se + ")"));
        String driver = ctx.fact("qemu-conf.security_driver");
        if (driver != null) {
            List<String> drivers = Facts.tokens(driver.toLowerCase(Locale.ROOT));
            v.seen("security_driver " + (drivers.isEmpty() ? "[]" : String.join(",", drivers)));
            if (drivers.isEmpty() || drivers.contains("none")) {
                v.fail("security_driver = " + (drivers.isEmpty() ? "[]" : "\"none\"") + ": sVirt is switched off for every guest");
            } else {
                for (String d : drivers) {
                    if ((d.equals("selinux") || d.equals("apparmor")) && !d.equals(mac)) {
                        v.fail("security_driver names " + d + " but " + d + " is not active on the host: no guest is confined by it");
                    }
                }
            }
        } else {
            v.seen("security_driver default (first available MAC driver plus dac)");
            if (mac == null) {
                v.fail("no MAC framework is active (AppArmor not loaded, SELinux absent or disabled): libvirt's default "
                        + "security driver falls back to none");
            }
        }
        String dflt = ctx.fact("qemu-conf.security_default_confined");
        v.seen("security_default_confined " + (dflt == null ? "default 1" : dflt));
        if (dflt != null && !Facts.isTrue(dflt)) {
            v.fail("security_default_confined = " + dflt + ": guests without a <seclabel> run unconfined");
        }
        String req = ctx.fact("qemu-conf.security_require_confined");
        v.seen("security_require_confined " + (req == null ? "default 0" : req));
        if (!Facts.isTrue(req)) {
            v.warn("security_require_confined " + (req == null ? "unset (default 0)" : "= " + req)
                    + ": a guest definition may opt out with <seclabel type='none'>");
        }
        if (se.equals("permissive")) {
            v.warn("SELinux is permissive: sVirt labels are assigned but not enforced (HV-009)");
        }
        if (qemuModels) {
            v.seen("capabilities secmodel " + String.join(",", models));
            if (models.contains("none") || !(models.contains("selinux") || models.contains("apparmor"))) {
                v.fail("capabilities show no SELinux/AppArmor secmodel (" + String.join(",", models)
                        + "): libvirt confines no guest with MAC");
            } else if (!models.contains("dac")) {
                v.warn("capabilities list no dac secmodel: guests may keep the daemon's file ownership");
            }
        } else {
            v.seen("capabilities show no QEMU secmodel (" + (shown.isEmpty() ? "none listed" : String.join(",", shown))
                    + ": the libvirt URI is not the QEMU driver), judged from qemu.conf and the MAC state");
        }
        return v.outcome("capabilities list selinux (RHEL) or apparmor (Debian) plus dac; security_driver not none/[]; "
                + "security_default_confined 1; security_require_confined 1",
                "sVirt is active (" + (mac == null ? "driver as configured" : mac) + ") and guests cannot opt out");
    }

    // ------------------------------------------------------------------ HV-013

    /** HV-013. Facts: selinux (getenforce or "absent"), booleans and permissive (first line names the tool). */
    static Outcome selinuxVirt(Check check, EvaluationContext ctx) {
        String mode = Facts.text(ctx, "selinux").strip();
        String bools = Facts.text(ctx, "booleans");
        if (mode.equalsIgnoreCase("absent") || mode.isEmpty()) {
            return Outcome.notApplicable("no SELinux on this host (AppArmor or no MAC): the virt booleans do not exist");
        }
        if (mode.equalsIgnoreCase("disabled") || bools.startsWith("# selinux off")) {
            return Outcome.notApplicable("SELinux is " + mode + ": no booleans are in force (HV-009 reports the MAC state)");
        }
        List<String> documented = Settings.list(ctx, Settings.SELINUX_BOOLEANS_DOCUMENTED);
        Verdict v = new Verdict();
        v.seen("SELinux " + mode);
        boolean semanage = bools.startsWith("# semanage");
        int n = 0;
        List<String> changed = new ArrayList<>();
        for (String line : Facts.lines(bools)) {
            String l = line.strip();
            Matcher sm = SEMANAGE_BOOL.matcher(l);
            Matcher gm = GETSEBOOL.matcher(l);
            String name;
            String cur;
            String def;
            if (semanage && sm.matches()) {
                name = sm.group(1);
                cur = sm.group(2);
                def = sm.group(3);
            } else if (!semanage && gm.matches()) {
                name = gm.group(1);
                cur = gm.group(2);
                def = null;
            } else {
                continue;
            }
            n++;
            boolean doc = documented.contains(name.toLowerCase(Locale.ROOT));
            if (name.equals("virt_use_execmem") && cur.equals("on")) {
                if (doc) {
                    v.note("virt_use_execmem on, documented");
                } else {
                    v.fail("virt_use_execmem is on: confined QEMU may map writable+executable memory (no documented need)");
                }
                continue;
            }
            boolean differs = def != null ? !cur.equals(def) : cur.equals("on") && !DEFAULT_ON.contains(name);
            if (!differs) {
                continue;
            }
            changed.add(name + " " + cur);
            if (!doc) {
                v.warn(name + " is " + cur + (def != null ? " (policy default " + def + ")" : " (policy default unknown without semanage)")
                        + " without a documented need (selinux.virt.booleans.documented)");
            }
        }
        v.seen(n == 0 ? "no virt booleans listed" : Facts.plural(n, "virt boolean") + (changed.isEmpty() ? " at their defaults"
                : ", changed: " + String.join(", ", changed)) + (semanage ? "" : " (getsebool only: policy defaults unknown)"));
        if (n == 0) {
            v.warn("SELinux is on but no virt_* boolean is listed: the virt policy module may be missing");
        }
        String perm = Facts.text(ctx, "permissive");
        String section = perm.startsWith("# semodule") ? "customized" : "unknown";
        List<String> builtin = new ArrayList<>();
        List<String> custom = new ArrayList<>();
        for (String line : Facts.lines(perm)) {
            String l = line.strip();
            String low = l.toLowerCase(Locale.ROOT);
            if (l.startsWith("#")) {
                continue;
            }
            if (low.startsWith("builtin permissive types")) {
                section = "builtin";
                continue;
            }
            if (low.startsWith("customized permissive types")) {
                section = "customized";
                continue;
            }
            String type = l.split("\\s+")[0].replaceFirst("^permissive_", "");
            if (!VIRT_DOMAIN.matcher(type).matches()) {
                continue;
            }
            (section.equals("builtin") ? builtin : custom).add(type);
        }
        if (!custom.isEmpty()) {
            v.fail("locally added (Customized) permissive virt domain(s): " + String.join(", ", custom)
                    + " - SELinux does not confine them");
        }
        if (!builtin.isEmpty()) {
            v.warn("vendor policy ships permissive virt domain(s) " + String.join(", ", builtin) + " (Builtin; record it)");
        }
        v.seen("permissive virt domains: " + (builtin.isEmpty() && custom.isEmpty() ? "none"
                : String.join(", ", concat(builtin, custom))));
        return v.outcome("virt_use_execmem off; other virt booleans at the policy default or documented; no Customized "
                + "permissive virt*_t domain", "virt booleans at their defaults and no permissive virt domain");
    }

    // ------------------------------------------------------------------ HV-015 / HV-016 shared model

    /** One local libvirt endpoint: a read-write socket with the daemon config and unit that govern it. */
    private record Endpoint(String socket, String conf, String unit, String adminUnit, String adminSocket) {
    }

    /** Who polkit lets manage libvirt (org.libvirt.unix.manage), or use the ACL API (org.libvirt.api.*). */
    private static final class Polkit {
        final Set<String> manageGroups = new LinkedHashSet<>();
        final Set<String> manageUsers = new LinkedHashSet<>();
        final List<String> manageEveryone = new ArrayList<>();
        final List<String> apiFiles = new ArrayList<>();
        final List<String> apiEveryone = new ArrayList<>();
        final Set<String> apiSubjects = new LinkedHashSet<>();
    }

    private static boolean unitOn(EvaluationContext ctx, String unit) {
        String[] s = Facts.text(ctx, "daemons." + unit).split("\\s+");
        return s.length >= 1 && (s[0].equals("enabled") || s[0].equals("enabled-runtime") || s[0].equals("static")
                || s[0].equals("indirect")) || s.length >= 2 && s[1].equals("active");
    }

    private static boolean present(EvaluationContext ctx, String conf) {
        return Facts.text(ctx, conf).startsWith("# present");
    }

    /** The endpoints in use: monolithic libvirtd, modular virtqemud (+ virtproxyd for libvirt-sock), or both. */
    private static List<Endpoint> endpoints(EvaluationContext ctx, Map<String, String> sockets) {
        boolean mono = unitOn(ctx, "libvirtd.socket") || unitOn(ctx, "libvirtd.service");
        boolean modular = unitOn(ctx, "virtqemud.socket") || unitOn(ctx, "virtqemud.service");
        if (!mono && !modular) {
            modular = sockets.containsKey("/run/libvirt/virtqemud-sock") || present(ctx, "virtqemud-conf")
                    && !present(ctx, "libvirtd-conf");
            mono = !modular && (sockets.containsKey("/run/libvirt/libvirt-sock") || present(ctx, "libvirtd-conf"));
        }
        List<Endpoint> out = new ArrayList<>();
        if (mono) {
            out.add(new Endpoint("/run/libvirt/libvirt-sock", "libvirtd-conf", "libvirtd.socket", "libvirtd-admin.socket",
                    "/run/libvirt/libvirt-admin-sock"));
        }
        if (modular) {
            out.add(new Endpoint("/run/libvirt/virtqemud-sock", "virtqemud-conf", "virtqemud.socket", "virtqemud-admin.socket",
                    "/run/libvirt/virtqemud-admin-sock"));
            if (!mono && (unitOn(ctx, "virtproxyd.socket") || unitOn(ctx, "virtproxyd.service"))) {
                out.add(new Endpoint("/run/libvirt/libvirt-sock", "virtproxyd-conf", "virtproxyd.socket",
                        "virtproxyd-admin.socket", "/run/libvirt/virtproxyd-admin-sock"));
            }
        }
        return out;
    }

    /** "mode owner:group" by socket path, from the stat lines. */
    private static Map<String, String[]> sockets(EvaluationContext ctx) {
        Map<String, String[]> m = new LinkedHashMap<>();
        for (String line : Facts.lines(Facts.text(ctx, "sockets"))) {
            Matcher s = STAT.matcher(line.strip());
            if (s.matches()) {
                m.put(s.group(4), new String[] {s.group(1), s.group(2), s.group(3)});
            }
        }
        return m;
    }

    /** Key=value lines of each unit's [Socket] section from the socket-units command. */
    private static Map<String, Map<String, String>> socketUnits(EvaluationContext ctx) {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        Map<String, String> cur = null;
        for (String line : Facts.lines(Facts.text(ctx, "socket-units"))) {
            String l = line.strip();
            if (l.startsWith("@@unit ")) {
                cur = new LinkedHashMap<>();
                m.put(l.substring(7).strip(), cur);
            } else if (cur != null && l.contains("=")) {
                String[] kv = l.split("=", 2);
                cur.put(kv[0].strip(), kv[1].strip()); // systemd: the last assignment wins
            }
        }
        return m;
    }

    private static Map<String, List<String>> groups(EvaluationContext ctx) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String line : Facts.lines(Facts.text(ctx, "groups"))) {
            String[] f = line.strip().split(":", -1);
            if (f.length >= 2 && f[1].equals("absent")) {
                m.put(f[0], null);
            } else if (f.length >= 4) {
                m.put(f[0], Facts.tokens(f[3]));
            }
        }
        return m;
    }

    private static Polkit polkit(EvaluationContext ctx) {
        Polkit p = new Polkit();
        for (String section : Facts.text(ctx, "polkit").split("(?m)^@@file ")) {
            int eol = section.indexOf('\n');
            if (eol < 0) {
                continue;
            }
            String file = section.substring(0, eol).strip();
            String body = section.substring(eol + 1);
            if (file.endsWith(".pkla")) {
                pkla(file, body, p);
                continue;
            }
            boolean api = false;
            for (String block : body.split("polkit\\.addRule\\(")) {
                if (!block.contains("polkit.Result.YES")) {
                    continue;
                }
                Set<String> grs = all(IN_GROUP, block);
                Set<String> users = all(USER_IS, block);
                boolean manage = block.contains("org.libvirt.unix.manage") || PREFIX_GRANT.matcher(block).find();
                if (manage) {
                    if (grs.isEmpty() && users.isEmpty()) {
                        p.manageEveryone.add(file);
                    }
                    p.manageGroups.addAll(grs);
                    p.manageUsers.addAll(users);
                }
                if (block.contains("org.libvirt.api")) {
                    api = true;
                    if (grs.isEmpty() && users.isEmpty()) {
                        p.apiEveryone.add(file);
                    }
                    grs.forEach(g -> p.apiSubjects.add("group " + g));
                    users.forEach(u -> p.apiSubjects.add("user " + u));
                }
            }
            if (api) {
                p.apiFiles.add(file);
            }
        }
        return p;
    }

    /** polkit 0.105 local authority: [section] Identity=unix-group:a;unix-user:b Action=... ResultActive=yes. */
    private static void pkla(String file, String body, Polkit p) {
        for (String sec : body.split("(?m)^\\s*\\[")) {
            Map<String, String> kv = new LinkedHashMap<>();
            for (String l : sec.split("\n")) {
                int i = l.indexOf('=');
                if (i > 0) {
                    kv.put(l.substring(0, i).strip().toLowerCase(Locale.ROOT), l.substring(i + 1).strip());
                }
            }
            String action = kv.getOrDefault("action", "");
            boolean yes = List.of("resultany", "resultinactive", "resultactive").stream()
                    .anyMatch(k -> kv.getOrDefault(k, "").equalsIgnoreCase("yes"));
            if (!yes || !action.contains("org.libvirt")) {
                continue;
            }
            Set<String> grs = new LinkedHashSet<>();
            Set<String> users = new LinkedHashSet<>();
            boolean everyone = false;
            for (String id : kv.getOrDefault("identity", "").split(";")) {
                String s = id.strip();
                if (s.startsWith("unix-group:")) {
                    grs.add(s.substring(11));
                } else if (s.startsWith("unix-user:")) {
                    users.add(s.substring(10));
                }
                everyone |= s.endsWith(":*");
            }
            boolean manage = action.contains("org.libvirt.unix.manage") || action.matches(".*org\\.libvirt\\.?\\*.*");
            if (manage) {
                if (everyone) {
                    p.manageEveryone.add(file);
                } else {
                    p.manageGroups.addAll(grs);
                    p.manageUsers.addAll(users);
                }
            }
            if (action.contains("org.libvirt.api")) {
                if (!p.apiFiles.contains(file)) {
                    p.apiFiles.add(file);
                }
                if (everyone) {
                    p.apiEveryone.add(file);
                }
                grs.forEach(g -> p.apiSubjects.add("group " + g));
                users.forEach(u -> p.apiSubjects.add("user " + u));
            }
        }
    }

    private static Set<String> all(Pattern p, String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** What HV-015 works out and HV-016 reuses. */
    private record Access(List<Endpoint> endpoints, boolean polkitAuth, boolean worldRw, Set<String> groups, Set<String> users,
            Polkit polkit) {
    }

    /** Judges every rw socket into {@code v}; returns who can use it. Null when libvirt is not on the host. */
    private static Access access(EvaluationContext ctx, Verdict v) {
        Map<String, String[]> socks = sockets(ctx);
        Map<String, String> sockModes = new LinkedHashMap<>();
        socks.forEach((k, s) -> sockModes.put(k, s[0]));
        List<Endpoint> eps = endpoints(ctx, sockModes);
        if (eps.isEmpty()) {
            return null;
        }
        Map<String, Map<String, String>> units = socketUnits(ctx);
        Polkit pk = polkit(ctx);
        boolean polkitAuth = false;
        boolean world = false;
        Set<String> grs = new LinkedHashSet<>();
        Set<String> users = new LinkedHashSet<>();
        for (Endpoint e : eps) {
            String auth = lowerOr(ctx.fact(e.conf() + ".auth_unix_rw"), "polkit");
            boolean activated = unitOn(ctx, e.unit()) && units.containsKey(e.unit());
            String mode;
            String group;
            String from;
            String[] st = socks.get(e.socket());
            if (st != null) {
                mode = st[0];
                group = st[2];
                from = "socket";
            } else if (activated) {
                mode = units.get(e.unit()).getOrDefault("SocketMode", "0666");
                group = units.get(e.unit()).getOrDefault("SocketGroup", "root");
                from = e.unit() + " SocketMode";
            } else {
                mode = lowerOr(ctx.fact(e.conf() + ".unix_sock_rw_perms"), auth.equals("polkit") ? "0777" : "0700");
                group = ctx.fact(e.conf() + ".unix_sock_group") == null ? "root" : ctx.fact(e.conf() + ".unix_sock_group").strip();
                from = e.conf().replace("-conf", ".conf") + " unix_sock_rw_perms";
            }
            int m = parseMode(mode);
            v.seen(e.socket() + " " + mode + " group " + group + " (" + from + ")" + ", auth_unix_rw " + auth
                    + (activated && ctx.fact(e.conf() + ".unix_sock_rw_perms") != null
                    ? " [socket-activated: unix_sock_rw_perms in the .conf is ignored]" : ""));
            if (auth.equals("none")) {
                if (m < 0 || (m & 0002) != 0) {
                    world = true;
                    v.fail(e.socket() + " is world-accessible (mode " + mode + ") with auth_unix_rw = \"none\": every local "
                            + "user is root-equivalent");
                } else if ((m & 0020) != 0 && !group.equals("root")) {
                    grs.add(group);
                }
            } else if (auth.equals("polkit")) {
                polkitAuth = true;
            }
            admin(ctx, e, socks, units, v);
        }
        if (polkitAuth) {
            if (!pk.manageEveryone.isEmpty()) {
                world = true;
                v.fail("polkit grants org.libvirt.unix.manage to every user (" + String.join(", ", pk.manageEveryone) + ")");
            }
            grs.addAll(pk.manageGroups);
            users.addAll(pk.manageUsers);
        }
        return new Access(eps, polkitAuth, world, grs, users, pk);
    }

    private static void admin(EvaluationContext ctx, Endpoint e, Map<String, String[]> socks,
            Map<String, Map<String, String>> units, Verdict v) {
        String[] st = socks.get(e.adminSocket());
        String mode;
        if (st != null) {
            mode = st[0];
        } else if (units.containsKey(e.adminUnit())) {
            mode = units.get(e.adminUnit()).getOrDefault("SocketMode", "0666");
        } else {
            mode = lowerOr(ctx.fact(e.conf() + ".unix_sock_admin_perms"), "0700");
        }
        int m = parseMode(mode);
        if (m < 0 || (m & 0077) != 0) {
            v.warn("admin socket " + e.adminSocket() + " mode " + mode + " (want 0700/0600: the admin API reconfigures the daemon)");
        }
    }

    private static int parseMode(String s) {
        try {
            return Integer.parseInt(s.strip(), 8);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------ HV-015

    static Outcome socketAccess(Check check, EvaluationContext ctx) {
        Verdict v = new Verdict();
        Access a = access(ctx, v);
        if (a == null) {
            return Outcome.notApplicable("no libvirt daemon on this host (no libvirtd/virtqemud unit, socket or configuration)");
        }
        List<String> approved = Settings.list(ctx, Settings.ADMINS_APPROVED);
        Map<String, List<String>> members = groups(ctx);
        List<String> toConfirm = new ArrayList<>();
        for (String g : a.groups()) {
            List<String> mem = members.get(g);
            if (!members.containsKey(g)) {
                v.seen("group " + g + " (members not collected)");
                continue;
            }
            if (mem == null) {
                v.seen("group " + g + " absent");
                continue;
            }
            v.seen("group " + g + ": " + (mem.isEmpty() ? "(no members)" : String.join(",", mem)));
            judge("members of " + g, mem, approved, v, toConfirm);
        }
        if (!a.users().isEmpty()) {
            v.seen("polkit users: " + String.join(",", a.users()));
            judge("users named in polkit rules", new ArrayList<>(a.users()), approved, v, toConfirm);
        }
        if (!toConfirm.isEmpty()) {
            v.warn("no approved admin list (setting admins.approved): confirm these users with root-equivalent libvirt "
                    + "access: " + String.join(", ", toConfirm));
        }
        return v.outcome("rw socket only for root and a named admin group whose members are all approved (auth_unix_rw "
                + "polkit, or socket mode <= 0770); admin socket 0700; no polkit rule for everyone",
                "read-write libvirt access is limited to root and approved admins");
    }

    private static void judge(String what, List<String> who, List<String> approved, Verdict v, List<String> toConfirm) {
        if (approved.isEmpty()) {
            who.stream().filter(u -> !toConfirm.contains(u)).forEach(toConfirm::add);
            return;
        }
        List<String> unknown = who.stream().filter(u -> !approved.contains(u.toLowerCase(Locale.ROOT))).toList();
        if (!unknown.isEmpty()) {
            v.fail(what + " not on the approved admin list: " + String.join(", ", unknown) + " (root-equivalent through libvirt)");
        }
    }

    // ------------------------------------------------------------------ HV-016

    static Outcome rbac(Check check, EvaluationContext ctx) {
        Verdict access = new Verdict();
        Access a = access(ctx, access);
        if (a == null) {
            return Outcome.notApplicable("no libvirt daemon on this host (no libvirtd/virtqemud unit, socket or configuration)");
        }
        Verdict v = new Verdict();
        boolean acl = false;
        for (Endpoint e : a.endpoints()) {
            String drivers = ctx.fact(e.conf() + ".access_drivers");
            v.seen(e.conf().replace("-conf", ".conf") + " access_drivers " + (drivers == null ? "unset (no ACL)" : "[" + drivers + "]"));
            acl |= drivers != null && Facts.tokens(drivers.toLowerCase(Locale.ROOT)).contains("polkit");
        }
        Set<String> full = new LinkedHashSet<>();
        a.groups().forEach(g -> full.add("group " + g));
        a.users().forEach(u -> full.add("user " + u));
        v.seen("full rw access: " + (a.worldRw() ? "every local user" : "root" + (full.isEmpty() ? "" : ", " + String.join(", ", full))));
        if (!a.polkit().apiFiles.isEmpty()) {
            v.seen("org.libvirt.api rules in " + String.join(", ", a.polkit().apiFiles)
                    + (a.polkit().apiSubjects.isEmpty() ? "" : " for " + String.join(", ", a.polkit().apiSubjects)));
        }
        if (a.worldRw()) {
            v.fail("every local user has full read-write libvirt access (HV-015): no role separation is possible");
        }
        if (acl && !a.polkit().apiEveryone.isEmpty()) {
            v.fail("an org.libvirt.api rule grants to every user (" + String.join(", ", a.polkit().apiEveryone) + ")");
        }
        String expected = "one small documented admin team with full rights (libvirt.full.admins.documented), or "
                + "access_drivers = [ \"polkit\" ] with per-role org.libvirt.api rules; monitoring on the read-only socket";
        if (v.failed()) {
            return v.outcome(expected, "");
        }
        if (acl && !a.polkit().apiFiles.isEmpty()) {
            return v.outcome(expected, "libvirt ACLs are on (access_drivers polkit) with per-role org.libvirt.api rules; "
                    + "confirm the roles match the management tool's user list");
        }
        if (Settings.flag(ctx, Settings.LIBVIRT_FULL_ADMINS_DOCUMENTED)) {
            return v.outcome(expected, "the operator attests one small, documented admin team holds full libvirt rights "
                    + "(libvirt.full.admins.documented)");
        }
        if (acl) {
            v.warn("access_drivers polkit but no org.libvirt.api rule found: only the shipped defaults decide; add per-role rules");
        } else {
            v.warn("no libvirt ACL: everyone with read-write access has full rights; attest one small documented admin team "
                    + "(libvirt.full.admins.documented) or set access_drivers = [ \"polkit\" ] with org.libvirt.api rules");
        }
        return v.outcome(expected, "");
    }

    // ------------------------------------------------------------------ HV-018

    /** HV-018. Facts: qemu-conf.* and pki ("dir PATH" / "file PATH" lines). */
    static Outcome migration(Check check, EvaluationContext ctx) {
        if (Settings.flag(ctx, Settings.MIGRATION_NONE)) {
            return Outcome.notApplicable("documented: this host never live-migrates guests (migration.none)");
        }
        if (!Facts.text(ctx, "qemu-conf").startsWith("# present")) {
            return Outcome.notApplicable("no /etc/libvirt/qemu.conf: the QEMU driver is not installed");
        }
        Set<String> dirs = new LinkedHashSet<>();
        List<String> files = new ArrayList<>();
        for (String line : Facts.lines(Facts.text(ctx, "pki"))) {
            String l = line.strip();
            if (l.startsWith("dir ")) {
                dirs.add(l.substring(4).strip());
            } else if (l.startsWith("file ")) {
                files.add(l.substring(5).strip());
            }
        }
        String forceRaw = ctx.fact("qemu-conf.migrate_tls_force");
        boolean force = Facts.isTrue(forceRaw);
        String verifyKey = ctx.fact("qemu-conf.migrate_tls_x509_verify") != null ? "migrate_tls_x509_verify"
                : ctx.fact("qemu-conf.default_tls_x509_verify") != null ? "default_tls_x509_verify" : null;
        String verify = verifyKey == null ? null : ctx.fact("qemu-conf." + verifyKey);
        String dir = ctx.fact("qemu-conf.migrate_tls_x509_cert_dir");
        if (dir == null) {
            dir = dirs.contains("/etc/pki/libvirt-migrate") ? "/etc/pki/libvirt-migrate"
                    : lowerOr(ctx.fact("qemu-conf.default_tls_x509_cert_dir"), "/etc/pki/qemu");
        }
        String certDir = dir;
        List<String> missing = new ArrayList<>();
        for (String f : List.of("ca-cert.pem", "server-cert.pem", "server-key.pem")) {
            if (!files.contains(certDir + "/" + f)) {
                missing.add(f);
            }
        }
        Verdict v = new Verdict();
        v.seen("migrate_tls_force " + (forceRaw == null ? "unset (default 0)" : forceRaw));
        v.seen((verifyKey == null ? "x509 verify not set" : verifyKey + " " + verify));
        v.seen("certificates in " + certDir + ": " + (missing.isEmpty() ? "ca, server cert and key present"
                : "missing " + String.join(", ", missing)));
        String expected = "migrate_tls_force = 1 with certificate verification, or every migration tunnelled over SSH on an "
                + "isolated network (migration.tunnelled); N/A when the host never migrates (migration.none)";
        if (force) {
            if (verify != null && !Facts.isTrue(verify)) {
                v.warn("migration TLS is forced but " + verifyKey + " = " + verify + ": the peer's certificate is not verified, "
                        + "so a man in the middle on the migration network can read guest RAM");
            } else if (verify == null) {
                v.warn("migration TLS is forced but certificate verification is not set explicitly (set migrate_tls_x509_verify = 1)");
            }
            if (!missing.isEmpty()) {
                v.warn("migrate_tls_force = 1 but " + certDir + " lacks " + String.join(", ", missing) + ": TLS migrations will fail");
            }
            return v.outcome(expected, "every migration must use TLS with certificate verification");
        }
        if (Settings.flag(ctx, Settings.MIGRATION_TUNNELLED)) {
            return v.outcome(expected, "the operator attests every migration is tunnelled (SSH / libvirt RPC) on an isolated "
                    + "migration network (migration.tunnelled)");
        }
        v.warn("migration TLS is not forced: a migration started without --tls or --tunnelled sends guest RAM (keys included) "
                + "in clear; set migrate_tls_force = 1, or confirm with the operator (migration.tunnelled / migration.none)");
        return v.outcome(expected, "");
    }

    // ------------------------------------------------------------------ helpers

    private static String lowerOr(String v, String dflt) {
        return v == null ? dflt : v.strip().toLowerCase(Locale.ROOT);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }
}
