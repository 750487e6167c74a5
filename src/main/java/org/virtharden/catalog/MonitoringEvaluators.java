package org.virtharden.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Monitoring checks: MON-001, MON-002, MON-004, MON-005, MON-007, MON-010. */
final class MonitoringEvaluators {
    private static final Pattern ACTION = Pattern.compile("action\\s*\\(([^)]*)\\)", Pattern.DOTALL);
    private static final Pattern PARAM = Pattern.compile("([A-Za-z.]+)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern LEGACY_FWD = Pattern.compile("^[^#$\\s]\\S*\\s+(@@?)(?:\\([^)]*\\))?\\[?([^\\]\\s:;]+)");
    private static final Pattern LEGACY_RELP = Pattern.compile("^[^#$\\s]\\S*\\s+:omrelp:([^:;\\s]+)");
    private static final Set<String> AGENTS = Set.of("fluent-bit", "filebeat", "elastic-agent", "vector", "syslog-ng");

    private MonitoringEvaluators() {
    }

    static void register(Map<String, CheckEvaluator> m) {
        m.put("log-forwarding", MonitoringEvaluators::logForwarding);
        m.put("auditd-space", MonitoringEvaluators::auditdSpace);
        m.put("auditd-rules", MonitoringEvaluators::auditdRules);
        m.put("time-sync", MonitoringEvaluators::timeSync);
        m.put("monitoring-channels", MonitoringEvaluators::monitoringChannels);
        m.put("bruteforce", MonitoringEvaluators::bruteforce);
    }

    /** How host logs leave the host. */
    record Forwarding(List<String> tls, List<String> plain, List<String> agents, boolean auditForwarded, List<String> notes) {
        boolean syslogLeaves() {
            return !tls.isEmpty() || !plain.isEmpty();
        }
    }

    static Forwarding forwarding(EvaluationContext ctx) {
        List<String> tls = new ArrayList<>();
        List<String> plain = new ArrayList<>();
        List<String> agents = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String conf = Facts.text(ctx, "rsyslog");
        String lower = conf.toLowerCase(Locale.ROOT);
        boolean globalTls = lower.matches("(?s).*defaultnetstreamdriver\\s*=?\\s*\"?(gtls|ossl)\\b.*");
        boolean legacyMode = lower.matches("(?s).*\\$actionsendstreamdrivermode\\s+1\\b.*");
        String legacyDriver = lower.matches("(?s).*\\$actionsendstreamdriver\\s+(gtls|ossl)\\b.*") ? "tls" : null;
        List<String> rsTls = new ArrayList<>();
        List<String> rsPlain = new ArrayList<>();
        Matcher a = ACTION.matcher(conf);
        while (a.find()) {
            Map<String, String> p = new LinkedHashMap<>();
            Matcher pm = PARAM.matcher(a.group(1));
            while (pm.find()) {
                p.put(pm.group(1).toLowerCase(Locale.ROOT), pm.group(2));
            }
            String type = p.getOrDefault("type", "").toLowerCase(Locale.ROOT);
            String target = p.getOrDefault("target", "?");
            if (type.equals("omfwd")) {
                String proto = p.getOrDefault("protocol", "udp").toLowerCase(Locale.ROOT);
                String driver = p.getOrDefault("streamdriver", globalTls ? "gtls" : "ptcp").toLowerCase(Locale.ROOT);
                boolean mode = "1".equals(p.get("streamdrivermode")) || legacyMode && !p.containsKey("streamdrivermode");
                boolean isTls = proto.equals("tcp") && (driver.equals("gtls") || driver.equals("ossl")) && mode;
                (isTls ? rsTls : rsPlain).add("omfwd " + target + " " + (isTls ? "TLS" : proto.toUpperCase(Locale.ROOT)));
            } else if (type.equals("omrelp")) {
                boolean isTls = "on".equalsIgnoreCase(p.get("tls"));
                (isTls ? rsTls : rsPlain).add("RELP " + target + (isTls ? " TLS" : " without TLS"));
            }
        }
        for (String line : Facts.lines(conf)) {
            Matcher f = LEGACY_FWD.matcher(line.strip());
            if (f.find()) {
                boolean tcp = f.group(1).equals("@@");
                boolean isTls = tcp && (globalTls || legacyDriver != null) && legacyMode;
                (isTls ? rsTls : rsPlain).add(f.group(2) + " " + (isTls ? "TLS" : tcp ? "TCP" : "UDP"));
            }
            Matcher r = LEGACY_RELP.matcher(line.strip());
            if (r.find()) {
                rsPlain.add("RELP " + r.group(1) + " (legacy syntax, no TLS)");
            }
        }
        String rsyslog = Facts.text(ctx, "services.rsyslog").strip();
        if (!rsTls.isEmpty() || !rsPlain.isEmpty()) {
            if (rsyslog.equals("active")) {
                tls.addAll(rsTls);
                plain.addAll(rsPlain);
            } else {
                notes.add("rsyslog forwarding configured but rsyslog is " + (rsyslog.isEmpty() ? "not running" : rsyslog));
            }
        }
        if (Facts.text(ctx, "services.systemd-journal-upload").strip().equals("active")) {
            String url = Facts.text(ctx, "journal-upload").strip();
            String u = url.replaceFirst("(?s)^.*URL\\s*=\\s*", "").strip();
            if (u.startsWith("https://")) {
                tls.add("journal-upload " + u);
            } else {
                plain.add("journal-upload " + (u.isEmpty() ? "(no URL)" : u));
            }
        }
        for (String agent : AGENTS) {
            if (Facts.text(ctx, "services." + agent).strip().equals("active")) {
                agents.add(agent);
            }
        }
        boolean auditSyslog = Facts.isTrue(ctx.fact("audit-plugins.syslog"));
        boolean auditRemote = Facts.isTrue(ctx.fact("audit-plugins.au-remote"));
        boolean syslogOut = !tls.isEmpty() || !plain.isEmpty();
        return new Forwarding(tls, plain, agents, auditRemote || auditSyslog && syslogOut, notes);
    }

    /** MON-001. */
    static Outcome logForwarding(Check check, EvaluationContext ctx) {
        Forwarding f = forwarding(ctx);
        Verdict v = new Verdict();
        f.tls().forEach(v::seen);
        f.plain().forEach(v::seen);
        if (!f.agents().isEmpty()) {
            v.seen("agents active: " + String.join(", ", f.agents()));
        }
        v.seen("audit records " + (f.auditForwarded() ? "forwarded" : "not forwarded"));
        f.notes().forEach(v::note);
        String expected = "auth, kernel, libvirt and audit logs reach a remote collector over TLS/RELP-TLS";
        boolean agentOk = !f.agents().isEmpty() && Settings.flag(ctx, Settings.LOG_AGENT_CONFIRMED);
        if (f.tls().isEmpty() && f.plain().isEmpty() && !agentOk) {
            if (!f.agents().isEmpty()) {
                return Outcome.manual(String.join(", ", f.agents()) + " active", expected,
                        "logs are shipped by " + String.join(", ", f.agents()) + ": confirm destination and TLS, then set "
                                + Settings.LOG_AGENT_CONFIRMED);
            }
            v.fail("logs stay on the host: no rsyslog/journal-upload forwarding and no log agent");
            return v.outcome(expected, "");
        }
        if (f.tls().isEmpty() && !agentOk) {
            v.warn("logs are forwarded without TLS (" + String.join(", ", f.plain()) + ")");
        }
        if (!f.auditForwarded()) {
            v.warn("audit records are not forwarded (enable /etc/audit/plugins.d/syslog.conf or au-remote)");
        }
        return v.outcome(expected, "logs leave the host over TLS");
    }

    /** MON-004. Facts: auditd-conf.* plus the MON-001 forwarding commands. */
    static Outcome auditdSpace(Check check, EvaluationContext ctx) {
        String conf = Facts.text(ctx, "auditd-conf").strip();
        if (conf.startsWith("# absent")) {
            return new Outcome(Status.FAIL, "/etc/audit/auditd.conf absent", "auditd installed with alerting actions",
                    "auditd is not installed (no auditd.conf): nothing raises an alert when audit storage fails");
        }
        Verdict v = new Verdict();
        String space = LibvirtEvaluators.lowerOr(ctx.fact("auditd-conf.space_left_action"), "syslog");
        v.seen("space_left_action " + space);
        switch (space) {
            case "email" -> v.note("email goes to action_mail_acct " + LibvirtEvaluators.lowerOr(ctx.fact("auditd-conf.action_mail_acct"), "root")
                    + ": make sure that mailbox is read");
            case "exec" -> { }
            case "syslog" -> {
                if (!forwarding(ctx).syslogLeaves()) {
                    v.warn("space_left_action syslog, but syslog is not forwarded (MON-001): nobody sees the warning");
                }
            }
            case "ignore", "suspend", "rotate" -> v.fail("space_left_action " + space + ": no alert when audit space runs low");
            default -> v.warn("space_left_action " + space + " does not alert anyone");
        }
        for (String k : List.of("admin_space_left_action", "disk_full_action", "disk_error_action")) {
            String val = LibvirtEvaluators.lowerOr(ctx.fact("auditd-conf." + k), "suspend");
            v.seen(k + " " + val);
            if (val.equals("ignore")) {
                v.fail(k + " ignore: audit failures pass silently");
            }
        }
        long minMb = Settings.number(ctx, Settings.AUDIT_MIN_LOCAL_MB);
        Long size = Facts.firstLong(LibvirtEvaluators.lowerOr(ctx.fact("auditd-conf.max_log_file"), "8"));
        Long logs = Facts.firstLong(LibvirtEvaluators.lowerOr(ctx.fact("auditd-conf.num_logs"), "5"));
        if (size != null && logs != null) {
            v.seen("local capacity " + size * logs + " MB (" + logs + " x " + size + " MB)");
            if (minMb > 0 && size * logs < minMb) {
                v.warn("local audit capacity " + size * logs + " MB is below the retention target of " + minMb + " MB");
            }
        }
        return v.outcome("space_left_action email/exec (or syslog when forwarded); admin_space_left_action, disk_full_action, "
                + "disk_error_action not ignore", "audit storage problems raise an alert");
    }

    /** MON-002. Facts: auditd-active, cmdline, status.*, rules. */
    static Outcome auditdRules(Check check, EvaluationContext ctx) {
        String expected = "auditd active, audit=1 at boot, enabled 1 or 2, watches on /etc/libvirt (wa), sudoers and identity files";
        String active = Facts.text(ctx, "auditd-active").strip();
        String enabled = Facts.text(ctx, "status.enabled").strip();
        String rules = Facts.text(ctx, "rules");
        List<String> ruleLines = Facts.lines(rules).stream().map(String::strip)
                .filter(l -> l.startsWith("-")).toList();
        Verdict v = new Verdict();
        v.seen("auditd " + active).seen("enabled " + (enabled.isEmpty() ? "?" : enabled)).seen(Facts.plural(ruleLines.size(), "rule"));
        if (!active.equals("active")) {
            v.fail("auditd is " + (active.isEmpty() ? "not running" : active));
        }
        if (Facts.text(ctx, "status").contains("auditctl absent")) {
            v.fail("auditctl is not installed (package auditd/audit missing)");
        } else if (enabled.equals("0") || enabled.isEmpty()) {
            v.fail("kernel auditing is disabled (enabled " + (enabled.isEmpty() ? "unknown" : enabled) + ")");
        } else if (enabled.equals("2")) {
            v.seen("rules immutable");
        }
        if (ruleLines.isEmpty()) {
            v.fail("no audit rules loaded");
        } else {
            if (!Pattern.compile("(^|\\s)audit=1(\\s|$)").matcher(Facts.text(ctx, "cmdline")).find()) {
                v.warn("audit=1 missing from the kernel command line: processes started before auditd are not audited");
            }
            if (ruleLines.stream().noneMatch(MonitoringEvaluators::watchesLibvirt)) {
                v.warn("no write/attribute watch on /etc/libvirt");
            }
            if (ruleLines.stream().noneMatch(l -> l.contains("/etc/sudoers"))) {
                v.warn("no watch on /etc/sudoers");
            }
            if (ruleLines.stream().noneMatch(l -> l.matches(".*/etc/(passwd|shadow|group|gshadow)\\b.*"))) {
                v.warn("no watch on identity files (/etc/passwd, /etc/shadow, /etc/group)");
            }
        }
        return v.outcome(expected, "auditd records changes to libvirt, sudoers and identity files");
    }

    static boolean watchesLibvirt(String rule) {
        boolean target = rule.matches("^-w\\s+/etc/libvirt/?(\\s.*)?$") || rule.matches(".*-F\\s+(dir|path)=/etc/libvirt(/\\S*)?(\\s.*)?$");
        Matcher perm = Pattern.compile("(?:-p\\s+|perm=)([rwxa]+)").matcher(rule);
        return target && perm.find() && perm.group(1).contains("w") && perm.group(1).contains("a");
    }

    /** MON-005. Facts: timedatectl.*, timesync-status.*, timesyncd-conf, chrony, services.*. */
    static Outcome timeSync(Check check, EvaluationContext ctx) {
        String expected = "synchronised to >= 2 approved sources, |offset| < 100 ms";
        boolean chrony = Facts.text(ctx, "services.chronyd").strip().equals("active")
                || Facts.text(ctx, "services.chrony").strip().equals("active");
        String chronyOut = Facts.text(ctx, "chrony");
        boolean synced = Facts.isTrue(ctx.fact("timedatectl.NTPSynchronized"));
        List<String> sources = new ArrayList<>();
        String current = null;
        Double offsetMs = null;
        if (chrony) {
            for (String line : Facts.lines(chronyOut)) {
                Matcher m = Pattern.compile("^([\\^=])([*+\\-?x~ ])\\s+(\\S+)").matcher(line);
                if (m.find() && (m.group(2).equals("*") || m.group(2).equals("+"))) {
                    sources.add(m.group(3));
                    if (m.group(2).equals("*")) {
                        current = m.group(3);
                        synced = true;
                    }
                }
            }
            Matcher off = Pattern.compile("(?m)^System time\\s*:\\s*([0-9.]+) seconds").matcher(chronyOut);
            if (off.find()) {
                offsetMs = Double.parseDouble(off.group(1)) * 1000;
            }
        } else {
            List<String> ntp = new ArrayList<>();
            for (String line : Facts.lines(Facts.text(ctx, "timesyncd-conf"))) {
                String l = line.strip();
                if (l.startsWith("NTP=")) {
                    ntp = Facts.tokens(l.substring(4));
                }
            }
            sources.addAll(ntp);
            String server = ctx.fact("timesync-status.server");
            if (server != null) {
                current = server.strip();
            }
            offsetMs = parseDurationMs(ctx.fact("timesync-status.offset"));
        }
        Verdict v = new Verdict();
        v.seen((chrony ? "chrony" : "timesyncd") + (synced ? " synchronised" : " not synchronised"))
                .seen("sources: " + (sources.isEmpty() ? "none" : String.join(", ", sources)))
                .seen(current == null ? "" : "current " + current)
                .seen(offsetMs == null ? "" : String.format(Locale.ROOT, "offset %.3f ms", offsetMs));
        if (!synced) {
            v.fail("the clock is not synchronised");
            return v.outcome(expected, "");
        }
        List<String> approved = Settings.list(ctx, Settings.NTP_APPROVED);
        List<String> counted = sources;
        if (!approved.isEmpty()) {
            counted = sources.stream().filter(s -> approved.contains(s.toLowerCase(Locale.ROOT))).toList();
            String cur = current == null ? "" : current.toLowerCase(Locale.ROOT);
            boolean curOk = approved.stream().anyMatch(a -> cur.equals(a) || cur.startsWith(a + " ") || cur.contains("(" + a + ")"));
            if (current != null && !curOk) {
                v.fail("synchronised to " + current + ", which is not an approved source");
            }
        } else {
            v.note("sources not compared with an approved list (" + Settings.NTP_APPROVED + " unset)");
        }
        if (counted.size() < 2) {
            v.warn("only " + Facts.plural(counted.size(), approved.isEmpty() ? "configured source" : "approved source") + " (2 or more wanted)");
        }
        if (offsetMs != null && Math.abs(offsetMs) >= 100) {
            v.warn(String.format(Locale.ROOT, "offset %.1f ms >= 100 ms", offsetMs));
        }
        return v.outcome(expected, "the clock is synchronised to several sources");
    }

    static Double parseDurationMs(String s) {
        if (s == null) {
            return null;
        }
        Matcher m = Pattern.compile("([+-]?[0-9.]+)\\s*(us|µs|ms|s|min)\\b").matcher(s.strip());
        if (!m.find()) {
            return null;
        }
        double d = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us", "µs" -> d / 1000;
            case "s" -> d * 1000;
            case "min" -> d * 60_000;
            default -> d;
        };
    }

    /** MON-007. Facts: installed.*, snmpd-conf, zabbix-conf. */
    static Outcome monitoringChannels(Check check, EvaluationContext ctx) {
        boolean snmp = Facts.text(ctx, "installed.snmpd").strip().equals("installed");
        boolean zabbix = Facts.text(ctx, "installed.zabbix_agentd").strip().equals("installed")
                || Facts.text(ctx, "installed.zabbix_agent2").strip().equals("installed");
        if (!snmp && !zabbix) {
            return Outcome.notApplicable("neither snmpd nor a Zabbix agent is installed");
        }
        Verdict v = new Verdict();
        if (snmp) {
            snmp(v, Facts.text(ctx, "snmpd-conf"));
        }
        if (zabbix) {
            zabbix(v, Facts.text(ctx, "zabbix-conf"));
        }
        return v.outcome("SNMP v3 authPriv users only, no v1/v2c communities, no write access; Zabbix with TLS and without "
                + "remote commands; agents on the management IP", "monitoring agents cannot be abused");
    }

    private static void snmp(Verdict v, String conf) {
        List<String> lines = Facts.lines(conf).stream().map(String::strip).filter(l -> !l.startsWith("#")).toList();
        List<String> agentAddrs = new ArrayList<>();
        for (String l : lines) {
            String[] t = l.split("\\s+", 2);
            if (t[0].equalsIgnoreCase("agentaddress") && t.length == 2) {
                agentAddrs.addAll(List.of(t[1].split("\\s*,\\s*")));
            }
        }
        boolean loopbackOnly = !agentAddrs.isEmpty() && agentAddrs.stream().allMatch(MonitoringEvaluators::snmpLoopback);
        v.seen("snmpd agentaddress " + (agentAddrs.isEmpty() ? "(default: all interfaces, udp/161)" : String.join(",", agentAddrs)));
        for (String l : lines) {
            String[] t = l.split("\\s+");
            String d = t[0].toLowerCase(Locale.ROOT);
            String community = t.length > 1 ? t[1] : "";
            String source = t.length > 2 ? t[2] : "default";
            boolean local = loopbackOnly || source.equals("localhost") || source.startsWith("127.") || source.equals("::1");
            switch (d) {
                case "rwcommunity", "rwcommunity6" -> {
                    if (local) {
                        v.warn("write community " + community + " reachable on loopback only");
                    } else {
                        v.fail("SNMP write community (" + d + ") on a network address: remote configuration changes");
                    }
                }
                case "rocommunity", "rocommunity6", "com2sec", "com2sec6" -> {
                    String name = community;
                    if (d.startsWith("com2sec")) {
                        name = t[t.length - 1];
                        source = t.length > 3 ? t[t.length - 2] : "default";
                        local = loopbackOnly || source.equals("localhost") || source.startsWith("127.");
                    }
                    boolean dflt = name.equals("public") || name.equals("private");
                    if (dflt && !local) {
                        v.fail("default SNMP community '" + name + "' (" + d + ") on a network address");
                    } else if (local) {
                        v.warn("SNMP v1/v2c community (" + d + (dflt ? " " + name : "") + ") reachable on loopback only");
                    } else {
                        v.warn("read-only SNMP v1/v2c community (" + d + ") on the network: cleartext, no per-user audit");
                    }
                }
                case "rwuser" -> v.fail("SNMP v3 user with write access: rwuser " + community);
                case "rouser" -> {
                    String level = t.length > 2 ? t[2].toLowerCase(Locale.ROOT) : "auth";
                    if (!level.equals("priv") && !level.equals("authpriv")) {
                        v.warn("SNMP v3 user " + community + " at level " + level + " (priv required: encrypted replies)");
                    } else {
                        v.seen("rouser " + community + " priv");
                    }
                }
                case "createuser" -> {
                    if (t.length < 4 || t[3].equals("-")) {
                        v.warn("SNMP v3 user " + community + " created without a privacy (encryption) protocol");
                    }
                }
                default -> { }
            }
        }
    }

    private static boolean snmpLoopback(String a) {
        String s = a.strip().toLowerCase(Locale.ROOT).replaceFirst("^(udp6?|tcp6?|unix|dtlsudp|tls):", "");
        if (a.toLowerCase(Locale.ROOT).startsWith("unix:")) {
            return true;
        }
        s = s.replaceFirst(":\\d+$", "").replace("[", "").replace("]", "");
        return s.equals("localhost") || s.startsWith("127.") || s.equals("::1");
    }

    private static void zabbix(Verdict v, String conf) {
        Map<String, List<String>> kv = new LinkedHashMap<>();
        for (String l : Facts.lines(conf)) {
            String[] t = l.strip().split("=", 2);
            if (t.length == 2) {
                kv.computeIfAbsent(t[0].strip(), k -> new ArrayList<>()).add(t[1].strip());
            }
        }
        String connect = String.join(",", kv.getOrDefault("TLSConnect", List.of("unencrypted")));
        String accept = String.join(",", kv.getOrDefault("TLSAccept", List.of("unencrypted")));
        boolean tls = !accept.contains("unencrypted") && (accept.contains("psk") || accept.contains("cert"));
        boolean remote = kv.getOrDefault("AllowKey", List.of()).stream().anyMatch(k -> k.startsWith("system.run"))
                || kv.getOrDefault("EnableRemoteCommands", List.of()).contains("1");
        v.seen("zabbix TLSAccept " + accept + ", TLSConnect " + connect + (remote ? ", remote commands allowed" : ""));
        if (remote && !tls) {
            v.fail("Zabbix agent allows remote commands (system.run) without TLS");
        } else if (remote) {
            v.warn("Zabbix agent allows remote commands (system.run), over TLS");
        } else if (!tls) {
            v.warn("Zabbix agent accepts unencrypted connections (TLSAccept " + accept + ")");
        }
    }

    /** MON-010. Facts: services.fail2ban/sshguard, f2b-sshd, failures. */
    static Outcome bruteforce(Check check, EvaluationContext ctx) {
        String expected = "fail2ban or sshguard active with an sshd jail (or SSH reachable only from admin sources)";
        boolean f2b = Facts.text(ctx, "services.fail2ban").strip().equals("active");
        boolean guard = Facts.text(ctx, "services.sshguard").strip().equals("active");
        String jail = Facts.text(ctx, "f2b-sshd");
        Long failures = Facts.firstLong(Facts.text(ctx, "failures"));
        String seen = "fail2ban " + (f2b ? "active" : "inactive") + ", sshguard " + (guard ? "active" : "inactive")
                + ", failed SSH logins in 24 h: " + (failures == null ? "?" : failures);
        if (f2b && jail.contains("Status for the jail: sshd")) {
            return new Outcome(Status.PASS, seen + ", sshd jail running", expected, "fail2ban bans SSH brute-force sources");
        }
        if (guard) {
            return new Outcome(Status.PASS, seen, expected, "sshguard blocks SSH brute-force sources");
        }
        long max = Settings.number(ctx, Settings.BRUTEFORCE_MAX_FAILURES);
        String why = f2b ? "fail2ban runs without an sshd jail" : "no fail2ban/sshguard";
        if (failures != null && failures > max) {
            return new Outcome(Status.FAIL, seen, expected, why + " and " + failures + " failed SSH logins in 24 h (> " + max + ")");
        }
        return new Outcome(Status.WARN, seen, expected, why + "; " + (failures == null ? "failure count unknown" : failures
                + " failed SSH logins in 24 h") + " - restrict SSH sources (VN-006) or add a ban control");
    }
}
