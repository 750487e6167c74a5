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
 * Java evaluators for host-level checks whose criteria need code: MAC framework (HV-009), dedicated
 * host (HV-023), privileged accounts (HV-025), file integrity (HV-028), web consoles (HV-031).
 */
final class HostEvaluators {
    private static final Pattern AA_SECTION = Pattern.compile("^(\\d+) (profiles|processes) (?:are|have) ([a-z ]+?)\\.?$");
    static final Pattern APP_SERVICE = Pattern.compile("^(apache2|httpd|nginx|lighttpd|mariadb|mysql|mysqld|postgresql(@.*)?"
            + "|mongod|redis-server|redis|smbd|nmbd|samba|nfs-server|vsftpd|proftpd|xrdp|tomcat\\d*|jenkins|docker|containerd)$");
    private static final Pattern DISPLAY_MANAGER = Pattern.compile("^(gdm3?|lightdm|sddm|xdm|display-manager)$");
    private static final Set<String> APP_PROCESS = Set.of("apache2", "httpd", "nginx", "lighttpd", "mariadbd", "mysqld",
            "postgres", "mongod", "redis-server", "smbd", "nmbd", "vsftpd", "proftpd", "xrdp", "dockerd");
    private static final Set<String> EXTRA_SERVICE = Set.of("avahi-daemon", "cups", "cups-browsed", "ModemManager",
            "bluetooth", "colord", "accounts-daemon");
    private static final Pattern GUI_PACKAGE = Pattern.compile("^(xserver-xorg-core|xorg-x11-server-Xorg|gdm3?|lightdm|sddm)\\b.*");
    private static final Pattern WEB_PORTS = Pattern.compile("9090|8006|8001|443|80");

    private HostEvaluators() {
    }

    static void register(Map<String, CheckEvaluator> m) {
        m.put("mac-enforcing", HostEvaluators::macEnforcing);
        m.put("dedicated-host", HostEvaluators::dedicatedHost);
        m.put("privileged-accounts", HostEvaluators::privilegedAccounts);
        m.put("file-integrity", HostEvaluators::fileIntegrity);
        m.put("web-consoles", HostEvaluators::webConsoles);
    }

    /** HV-009. Facts: apparmor (module-enabled line, aa-status output, aa-status-exit), selinux. */
    static Outcome macEnforcing(Check check, EvaluationContext ctx) {
        String se = Facts.text(ctx, "selinux");
        boolean selinuxHost = "rhel".equals(ctx.osFamily())
                || !"debian".equals(ctx.osFamily()) && se.startsWith("getenforce ") && !se.startsWith("getenforce absent");
        return selinuxHost ? selinux(se) : apparmor(Facts.text(ctx, "apparmor"));
    }

    private static Outcome selinux(String se) {
        String expected = "SELinux Enforcing with policy targeted (or mls)";
        if (se.startsWith("getenforce absent")) {
            return new Outcome(Status.FAIL, "getenforce not installed", expected, "SELinux tools are missing: no MAC confinement for QEMU");
        }
        Matcher mode = Pattern.compile("^getenforce (\\S+)").matcher(se);
        String m = mode.find() ? mode.group(1) : "unknown";
        Matcher pol = Pattern.compile("(?m)^Loaded policy name:\\s*(\\S+)").matcher(se);
        String policy = pol.find() ? pol.group(1) : "unknown";
        String observed = "SELinux " + m + ", policy " + policy;
        if (!m.equals("Enforcing")) {
            return new Outcome(Status.FAIL, observed, expected, "SELinux is " + m + ": sVirt does not confine QEMU");
        }
        if (!policy.equals("targeted") && !policy.equals("mls")) {
            return new Outcome(Status.WARN, observed, expected, "SELinux enforcing with policy " + policy + " (targeted or mls expected)");
        }
        return new Outcome(Status.PASS, observed, expected, "SELinux is enforcing the " + policy + " policy");
    }

    private static Outcome apparmor(String aa) {
        String expected = "AppArmor enabled; libvirtd/virtqemud profile in enforce mode; no libvirt profile in complain mode";
        Matcher ex = Pattern.compile("(?m)^aa-status-exit (\\d+)").matcher(aa);
        int exit = ex.find() ? Integer.parseInt(ex.group(1)) : -1;
        Matcher mod = Pattern.compile("(?m)^module-enabled (\\S+)").matcher(aa);
        String param = mod.find() ? mod.group(1) : "absent";
        if (exit == 4) {
            return Outcome.error("aa-status could not read the AppArmor state (needs root)");
        }
        if (exit == 127) {
            return new Outcome(Status.FAIL, "aa-status not installed, module enabled=" + param, expected,
                    "AppArmor userspace (package apparmor) is not installed, so no libvirt profile is loaded");
        }
        if (exit != 0 && exit != 2 || !aa.contains("apparmor module is loaded.")) {
            return new Outcome(Status.FAIL, "AppArmor not enabled (aa-status exit " + exit + ", module enabled=" + param + ")",
                    expected, "AppArmor is not enabled in the kernel: sVirt does not confine QEMU");
        }
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : aa.split("\n")) {
            Matcher s = AA_SECTION.matcher(line.strip());
            if (s.matches()) {
                current = new ArrayList<>();
                sections.put(s.group(2) + " " + s.group(3), current);
            } else if (current != null && line.startsWith(" ") && !line.isBlank()) {
                current.add(line.strip());
            }
        }
        List<String> enforce = sections.getOrDefault("profiles in enforce mode", List.of());
        List<String> complain = sections.getOrDefault("profiles in complain mode", List.of());
        Verdict v = new Verdict();
        v.seen("AppArmor enabled, " + enforce.size() + " enforcing, " + complain.size() + " complain");
        boolean daemon = enforce.stream().anyMatch(p -> p.equals("libvirtd") || p.equals("/usr/sbin/libvirtd")
                || p.equals("virtqemud") || p.equals("/usr/sbin/virtqemud"));
        if (!daemon) {
            v.fail("no libvirtd/virtqemud profile in enforce mode: the libvirt daemon runs unconfined");
        }
        List<String> weak = complain.stream().filter(p -> p.contains("libvirt") || p.contains("virtqemud")
                || p.contains("virt-aa-helper") || p.contains("qemu")).toList();
        if (!weak.isEmpty()) {
            v.fail("libvirt profiles in complain mode: " + String.join(", ", weak));
        }
        return v.outcome(expected, "AppArmor confines the libvirt daemon");
    }

    /** HV-023. Facts: services, default-target, listeners, packages. */
    static Outcome dedicatedHost(Check check, EvaluationContext ctx) {
        Set<String> apps = new LinkedHashSet<>();
        Set<String> extras = new LinkedHashSet<>();
        List<String> gui = new ArrayList<>();
        int running = 0;
        for (String line : Facts.lines(Facts.text(ctx, "services"))) {
            String unit = line.strip().split("\\s+")[0];
            if (!unit.endsWith(".service")) {
                continue;
            }
            running++;
            String name = unit.substring(0, unit.length() - ".service".length());
            if (APP_SERVICE.matcher(name).matches()) {
                apps.add(name);
            } else if (EXTRA_SERVICE.contains(name)) {
                extras.add(name);
            } else if (DISPLAY_MANAGER.matcher(name).matches()) {
                gui.add(name + " running");
            }
        }
        for (Net.Listener l : Net.listeners(Facts.text(ctx, "listeners"))) {
            if (APP_PROCESS.contains(l.process())) {
                apps.add(l.process() + " on " + l.endpoint());
            }
        }
        String target = Facts.text(ctx, "default-target").strip();
        for (String line : Facts.lines(Facts.text(ctx, "packages"))) {
            if (GUI_PACKAGE.matcher(line.strip()).matches()) {
                gui.add(line.strip().split("\\s+")[0]);
            }
        }
        Verdict v = new Verdict();
        v.seen(Facts.plural(running, "running service")).seen("default target " + target);
        if (!apps.isEmpty()) {
            v.fail("application workloads on the hypervisor: " + String.join(", ", apps));
        }
        if (target.equals("graphical.target")) {
            v.warn("default target is graphical.target");
        }
        if (!gui.isEmpty()) {
            v.warn("GUI stack present: " + String.join(", ", gui));
        }
        if (!extras.isEmpty()) {
            v.warn("desktop/peripheral services running: " + String.join(", ", extras));
        }
        return v.outcome("only virtualization, management, monitoring, backup, storage-client, time and logging services; "
                + "multi-user.target; no GUI", "the host runs only virtualization and support services");
    }

    /** HV-025. Facts: uid0, admin-groups, sudoers, faillock-conf, pam. */
    static Outcome privilegedAccounts(Check check, EvaluationContext ctx) {
        Verdict v = new Verdict();
        List<String> uid0 = Facts.lines(Facts.text(ctx, "uid0")).stream().map(String::strip).toList();
        v.seen("UID 0: " + String.join(", ", uid0));
        List<String> extraRoot = uid0.stream().filter(u -> !u.equals("root")).toList();
        if (!extraRoot.isEmpty()) {
            v.fail("accounts other than root with UID 0: " + String.join(", ", extraRoot));
        }
        List<String> approved = Settings.list(ctx, Settings.ADMINS_APPROVED);
        for (String line : Facts.lines(Facts.text(ctx, "admin-groups"))) {
            String[] f = line.strip().split(":", -1);
            if (f.length < 4) {
                continue;
            }
            List<String> members = Facts.tokens(f[3]);
            v.seen(f[0] + ": " + (members.isEmpty() ? "(no members)" : String.join(",", members)));
            if (!approved.isEmpty()) {
                List<String> unknown = members.stream().filter(u -> !approved.contains(u.toLowerCase(Locale.ROOT))).toList();
                if (!unknown.isEmpty()) {
                    v.fail("members of " + f[0] + " not on the approved admin list: " + String.join(", ", unknown));
                }
            }
        }
        if (approved.isEmpty()) {
            v.note("admin group members listed, not judged: set " + Settings.ADMINS_APPROVED);
        }
        List<String> blanket = new ArrayList<>();
        for (String line : Facts.lines(Facts.text(ctx, "sudoers"))) {
            String[] f = line.split(":", 3);
            String content = f.length == 3 ? f[2].strip() : line.strip();
            if (content.startsWith("#") && !content.startsWith("#include")) {
                continue;
            }
            if (content.matches(".*NOPASSWD:\\s*ALL\\s*$") || content.matches(".*!authenticate.*")) {
                blanket.add((f.length == 3 ? f[0] + ":" + f[1] + " " : "") + content);
            }
        }
        if (!blanket.isEmpty()) {
            v.fail("blanket password-less sudo: " + String.join(" | ", blanket));
        }
        Map<String, String> opts = new LinkedHashMap<>();
        for (String line : Facts.lines(Facts.text(ctx, "faillock-conf"))) {
            String l = line.strip();
            if (l.startsWith("#")) {
                continue;
            }
            String[] kv = l.split("=", 2);
            opts.put(kv[0].strip(), kv.length == 2 ? kv[1].strip() : "");
        }
        boolean inStack = false;
        for (String line : Facts.lines(Facts.text(ctx, "pam"))) {
            String[] f = line.split(":", 2);
            String content = f.length == 2 ? f[1].strip() : line.strip();
            if (content.startsWith("#") || !content.matches("^auth\\s.*pam_faillock\\.so.*")) {
                continue;
            }
            inStack = true;
            for (String tok : content.split("\\s+")) {
                String[] kv = tok.split("=", 2);
                if (kv.length == 2 && (kv[0].equals("deny") || kv[0].equals("unlock_time"))) {
                    opts.put(kv[0], kv[1]);
                }
            }
        }
        String deny = opts.getOrDefault("deny", "3");
        String unlock = opts.getOrDefault("unlock_time", "600");
        if (!inStack) {
            v.fail("pam_faillock is not in the auth stack: no lockout after failed logins");
        } else {
            v.seen("pam_faillock deny=" + deny + " unlock_time=" + unlock);
            Long d = Facts.firstLong(deny);
            if (d == null || d < 1 || d > 5) {
                v.fail("faillock deny=" + deny + (d != null && d == 0 ? " (no lockout)" : "") + " not within 1-5");
            }
            if (Facts.firstLong(unlock) == null) {
                v.fail("faillock unlock_time=" + unlock + " is not a number of seconds");
            }
        }
        return v.outcome("only root has UID 0; admins named and approved; no NOPASSWD: ALL; pam_faillock in the auth stack "
                + "with deny 1-5 and an unlock policy", "privileged access is individual and brute force is locked out");
    }

    /** HV-028. Facts: aide-bin, aide-rules, aide-db, aide-schedule. */
    static Outcome fileIntegrity(Check check, EvaluationContext ctx) {
        String expected = "AIDE installed, database initialised, run at least daily, covering /etc/libvirt, /etc/ssh and the "
                + "QEMU/libvirt binaries";
        String bin = Facts.text(ctx, "aide-bin").strip();
        if (bin.isEmpty() || bin.equals("absent")) {
            return new Outcome(Status.FAIL, "aide not installed", expected, "no file integrity monitoring: changes to hooks, "
                    + "qemu.conf or binaries go unseen");
        }
        Verdict v = new Verdict();
        v.seen("aide " + bin);
        boolean db = Facts.lines(Facts.text(ctx, "aide-db")).stream()
                .anyMatch(l -> l.matches("^-.*\\saide\\.db(\\.gz)?$"));
        if (!db) {
            v.fail("AIDE database not initialised (no aide.db in /var/lib/aide): nothing is compared");
        }
        String sched = Facts.text(ctx, "aide-schedule").strip();
        if (sched.isEmpty()) {
            v.fail("no daily AIDE run (no aide timer, cron.daily or cron entry)");
        } else {
            v.seen("schedule: " + sched.replace('\n', ' '));
        }
        List<String[]> rules = new ArrayList<>();
        for (String line : Facts.lines(Facts.text(ctx, "aide-rules"))) {
            String rule = line.strip().split("\\s+")[0];
            boolean neg = rule.startsWith("!");
            String path = rule.replaceFirst("^[!=]", "").replaceFirst("\\$$", "");
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            rules.add(new String[] {neg ? "!" : "+", path});
        }
        List<String> gaps = new ArrayList<>();
        for (String target : List.of("/etc/libvirt", "/etc/ssh")) {
            if (!covered(rules, target)) {
                gaps.add(target);
            }
        }
        if (!covered(rules, "/usr/sbin") && !covered(rules, "/usr/bin") && !covered(rules, "/usr/libexec")) {
            gaps.add("QEMU/libvirt binaries (/usr/bin, /usr/sbin, /usr/libexec)");
        }
        if (!gaps.isEmpty()) {
            v.warn("AIDE rules do not cover " + String.join(", ", gaps));
        }
        return v.outcome(expected, "AIDE watches the hypervisor configuration and binaries daily");
    }

    private static boolean covered(List<String[]> rules, String target) {
        boolean selected = false;
        for (String[] r : rules) {
            String p = r[1];
            boolean applies = p.equals("/") || target.equals(p) || target.startsWith(p + "/");
            if (!applies) {
                continue;
            }
            if (r[0].equals("!")) {
                return false;
            }
            selected = true;
        }
        return selected;
    }

    /** HV-031. Facts: cockpit-unit, listeners, cockpit-conf, disallowed. */
    static Outcome webConsoles(Check check, EvaluationContext ctx) {
        List<String> mgmt = Settings.list(ctx, Settings.MGMT_ADDRESSES);
        List<String> endpoints = new ArrayList<>();
        Verdict v = new Verdict();
        boolean exposed = false;
        boolean mgmtOnlyCockpit = false;
        for (Net.Listener l : Net.listeners(Facts.text(ctx, "listeners"))) {
            if (!WEB_PORTS.matcher(l.port()).matches()) {
                continue;
            }
            endpoints.add(l.endpoint());
            if (Net.isLoopback(l.address())) {
                continue;
            }
            exposed = true;
            if (Net.isWildcard(l.address())) {
                v.fail("web console " + l.endpoint() + " listens on all addresses, including guest/production networks");
            } else if (!mgmt.isEmpty() && !mgmt.contains(l.address())) {
                v.fail("web console " + l.endpoint() + " listens on a non-management address");
            } else if (mgmt.isEmpty()) {
                v.warn("web console " + l.endpoint() + ": confirm the address is management-only (set " + Settings.MGMT_ADDRESSES + ")");
            } else {
                mgmtOnlyCockpit |= l.port().equals("9090");
            }
        }
        String unit = Facts.text(ctx, "cockpit-unit.cockpit.socket");
        boolean socketOn = unit.startsWith("enabled") || unit.endsWith(" active");
        if (socketOn && endpoints.stream().noneMatch(e -> e.contains(":9090"))) {
            exposed = true;
            endpoints.add("cockpit.socket " + unit);
            v.fail("cockpit.socket is " + unit + ": systemd listens on 9090 on all addresses");
        }
        if (endpoints.isEmpty()) {
            return new Outcome(Status.PASS, "no web console listening, cockpit.socket " + (unit.isEmpty() ? "absent" : unit),
                    "no web console, or one bound to the management IP with TLS and root disallowed",
                    "no web management console is exposed");
        }
        v.seen(String.join(", ", endpoints));
        if (mgmtOnlyCockpit || socketOn) {
            boolean rootDisallowed = Facts.lines(Facts.text(ctx, "disallowed")).stream().anyMatch(l -> l.strip().equals("root"));
            if (!rootDisallowed) {
                v.warn("root is not in /etc/cockpit/disallowed-users");
            }
        }
        if (!exposed) {
            v.note("loopback only");
        }
        return v.outcome("no web console, or one bound to the management IP with TLS and root disallowed",
                "web consoles are reachable from the management network only");
    }
}
