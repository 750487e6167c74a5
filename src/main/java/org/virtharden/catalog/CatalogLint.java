package org.virtharden.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Static checks over catalog files: required fields, unique ids, known probes, parsers, evaluators and
 * condition types, condition keys that a probe can produce, and probes free of write operations.
 */
public final class CatalogLint {
    /** One problem, located. */
    public record Problem(String source, int line, String message) {
        @Override
        public String toString() {
            return source + (line > 0 ? ":" + line : "") + ": " + message;
        }
    }

    private static final Pattern BUILT_IN_ID = Pattern.compile("(PH|DR|HV|GU|MON|VN|FL)-\\d{3}");
    private static final Pattern CUSTOM_ID = Pattern.compile("CUST-[A-Za-z0-9][A-Za-z0-9_.-]*");
    /** Commands that change state. Matched as whole words at the start of a pipeline element. */
    private static final Pattern WRITE_COMMAND = Pattern.compile(
            "(?:^|[;&|(`]|\\$\\()\\s*(?:sudo\\s+)?(rm|mv|cp|dd|tee|touch|mkdir|rmdir|chmod|chown|chgrp|chattr|ln|truncate|shred"
            + "|mkfs\\S*|mount|umount|kill|pkill|killall|reboot|shutdown|halt|poweroff|useradd|usermod|userdel|passwd"
            + "|install|modprobe\\s+(?!-n|--showconfig|-c)|insmod|rmmod|sysctl\\s+-w|crontab\\s+(?!-l)|at|wget|curl"
            + "|apt\\s+(?!list\\b|policy\\b|show\\b|search\\b)|apt-get\\s+(?!-s\\b|--simulate\\b)|dpkg\\s+-(?:i|r|P)|dnf\\s+(?!-C)|yum|rpm\\s+-(?:i|U|e)|pip\\d?|restorecon|setenforce|setsebool"
            + "|auditctl\\s+-(?:[aDeRw])|iptables\\s+-[AIDFXPN]|nft\\s+(?:add|delete|flush|insert|replace)|ip\\s+(?:link|addr|route)\\s+(?:add|del|set|flush)"
            + "|systemctl\\s+(?:start|stop|restart|reload|enable|disable|mask|unmask|kill|daemon-reload|isolate)"
            + "|virsh\\b[^;&|]*\\b(?:start|destroy|shutdown|reboot|reset|define|undefine|edit|create|attach-\\S+|detach-\\S+|set\\S*|migrate|snapshot-create\\S*|snapshot-delete|net-start|net-destroy|net-define|pool-\\S*(?:start|destroy|define|delete))"
            + "|sed\\s+-i|perl\\s+-i)\\b");
    private static final Pattern REDIRECT = Pattern.compile("(\\d?)>{1,2}\\s*(&\\d|/dev/null)?");

    private CatalogLint() {
    }

    public static List<Problem> lint(List<CatalogLoader.CatalogFile> files, boolean builtIn) {
        List<Problem> out = new ArrayList<>();
        Map<String, ProbeDef> probes = new HashMap<>();
        Map<String, String> seenIds = new HashMap<>();
        for (CatalogLoader.CatalogFile f : files) {
            for (ProbeDef p : f.probes()) {
                int line = lineOf(p.source(), f.lines().getOrDefault("probe:" + p.name(), 0));
                if (probes.putIfAbsent(p.name(), p) != null) {
                    out.add(new Problem(f.source(), line, "duplicate probe name " + p.name()));
                }
                lintProbe(f.source(), line, p, out);
            }
        }
        Set<String> evaluators = Evaluators.builtIn().keySet();
        for (CatalogLoader.CatalogFile f : files) {
            for (Check c : f.checks()) {
                int line = lineOf(c.source(), f.lines().getOrDefault("check:" + c.id(), 0));
                lintCheck(f.source(), line, c, builtIn, probes, evaluators, seenIds, out);
            }
        }
        return out;
    }

    /** The line of an entry from its own {@code source} ("file:line"), so a duplicate id points at itself. */
    private static int lineOf(String source, int fallback) {
        if (source != null) {
            int i = source.lastIndexOf(':');
            if (i >= 0) {
                try {
                    return Integer.parseInt(source.substring(i + 1));
                } catch (NumberFormatException e) {
                    return fallback;
                }
            }
        }
        return fallback;
    }

    private static void lintProbe(String src, int line, ProbeDef p, List<Problem> out) {
        if (p.name() == null || p.name().isBlank()) {
            out.add(new Problem(src, line, "probe without a name"));
            return;
        }
        if (p.commands().isEmpty()) {
            out.add(new Problem(src, line, "probe " + p.name() + " has no commands"));
        }
        Set<String> ids = new HashSet<>();
        for (ProbeDef.ProbeCommand c : p.commands()) {
            if (c.id() == null || c.run() == null || c.run().isBlank()) {
                out.add(new Problem(src, line, "probe " + p.name() + ": every command needs an id and a run"));
                continue;
            }
            if (!ids.add(c.id()) || c.id().equals("host") || !c.id().matches("[a-z0-9][a-z0-9-]*")) {
                out.add(new Problem(src, line, "probe " + p.name() + ": command id '" + c.id()
                        + "' must be unique, lower-case [a-z0-9-], and not 'host'"));
            }
            if (!FactParsers.NAMES.contains(c.parse())) {
                out.add(new Problem(src, line, "probe " + p.name() + ": unknown parser '" + c.parse() + "' (known: " + FactParsers.NAMES + ")"));
            }
            if (!c.missing().equals("error") && !c.missing().equals("na")) {
                out.add(new Problem(src, line, "probe " + p.name() + ": missing must be error or na"));
            }
            String g = guestVariableProblem(c.run(), p.perGuest());
            if (g != null) {
                out.add(new Problem(src, line, "probe " + p.name() + " command " + c.id() + ": " + g));
            }
            String w = writeOperation(c.run());
            if (w != null) {
                out.add(new Problem(src, line, "probe " + p.name() + " command " + c.id() + " contains a write operation: " + w));
            }
        }
    }

    /**
     * Every probe sees $VH_URI (the host's libvirt URI); per-guest probes also see $VH_DOM (the guest's
     * UUID). Both must be used double-quoted, exactly "$VH_URI" / "$VH_DOM". Null when the command is fine.
     */
    public static String guestVariableProblem(String cmd, boolean perGuest) {
        String rest = cmd.replace("\"$VH_DOM\"", "").replace("\"$VH_URI\"", "");
        if (rest.contains("VH_DOM") || rest.contains("VH_URI")) {
            return "use $VH_DOM and $VH_URI only double-quoted, as \"$VH_DOM\" and \"$VH_URI\"";
        }
        if (!perGuest && cmd.contains("\"$VH_DOM\"")) {
            return "$VH_DOM is only set for per-guest probes (per-guest: true)";
        }
        return null;
    }

    /** The first state-changing construct in a command, or null when it only reads. */
    public static String writeOperation(String cmd) {
        String code = cmd.replaceAll("'[^']*'", "''");
        Matcher m = WRITE_COMMAND.matcher(code);
        if (m.find()) {
            return "'" + m.group(1) + "'";
        }
        Matcher r = REDIRECT.matcher(code);
        while (r.find()) {
            if (r.group(2) == null) {
                return "output redirection to a file";
            }
        }
        return null;
    }

    /**
     * A fleet check is evaluated across the hosts of a run by a reviewed fleet evaluator; the probe it names (if any)
     * is a host-level probe the scan collects on every host for it.
     */
    private static void lintFleetCheck(String src, int line, String who, Check c, Map<String, ProbeDef> probes,
            List<Problem> out) {
        if (c.mode() != Mode.AUTOMATED) {
            out.add(new Problem(src, line, who + ": a fleet-scope check must be automated"));
        }
        if (c.evaluator() == null || !Evaluators.fleet().containsKey(c.evaluator())) {
            out.add(new Problem(src, line, who + ": a fleet-scope check needs a fleet evaluator (known: "
                    + Evaluators.fleet().keySet() + ")"));
        }
        if (!c.conditions().isEmpty() || !c.appliesWhen().isEmpty()) {
            out.add(new Problem(src, line, who + ": a fleet-scope check takes no conditions"));
        }
        if (c.probe() != null) {
            ProbeDef p = probes.get(c.probe());
            if (p == null) {
                out.add(new Problem(src, line, who + ": unknown probe '" + c.probe() + "'"));
            } else if (p.perGuest()) {
                out.add(new Problem(src, line, who + ": a fleet-scope check needs a host-level probe (not per-guest)"));
            }
        }
    }

    private static void lintCheck(String src, int line, Check c, boolean builtIn, Map<String, ProbeDef> probes,
            Set<String> evaluators, Map<String, String> seenIds, List<Problem> out) {
        if (c.id() == null) {
            out.add(new Problem(src, line, "check without an id"));
            return;
        }
        String who = "check " + c.id();
        boolean idOk = builtIn ? BUILT_IN_ID.matcher(c.id()).matches() || CUSTOM_ID.matcher(c.id()).matches()
                : CUSTOM_ID.matcher(c.id()).matches();
        if (!idOk) {
            out.add(new Problem(src, line, who + ": id must look like " + (builtIn ? "HV-001 (or CUST-...)" : "CUST-<name>")
                    + " (user checks use the CUST- prefix so they never collide with catalog ids)"));
        }
        for (String id : concat(c.id(), c.aliases())) {
            String prev = seenIds.putIfAbsent(id, src + ":" + line);
            if (prev != null) {
                out.add(new Problem(src, line, who + ": id " + id + " is already used at " + prev));
            }
        }
        require(src, line, who, "domain", c.domain(), out);
        require(src, line, who, "mode", c.mode(), out);
        require(src, line, who, "title", c.title(), out);
        require(src, line, who, "severity", c.severity(), out);
        require(src, line, who, "rationale", c.rationale(), out);
        require(src, line, who, "remediation", c.remediation(), out);
        if (c.mode() == Mode.MANUAL || c.mode() == Mode.HYBRID) {
            require(src, line, who, "question", c.question(), out);
            if (c.evidence().isEmpty()) {
                out.add(new Problem(src, line, who + ": a " + c.mode().id() + " check needs evidence: (one or more of "
                        + String.join(", ", Check.EVIDENCE_KINDS) + ")"));
            }
        }
        for (String e : c.evidence()) {
            if (!Check.EVIDENCE_KINDS.contains(e)) {
                out.add(new Problem(src, line, who + ": unknown evidence kind '" + e + "' (known: " + String.join(", ", Check.EVIDENCE_KINDS) + ")"));
            }
        }
        if (!c.scope().equals("host") && !c.scope().equals("guest") && !c.scope().equals("fleet")) {
            out.add(new Problem(src, line, who + ": scope must be host, guest or fleet"));
        }
        if (c.scope().equals("fleet")) {
            lintFleetCheck(src, line, who, c, probes, out);
            return;
        }
        if (c.mode() == Mode.AUTOMATED && c.probe() == null) {
            out.add(new Problem(src, line, who + ": an automated check needs a probe"));
        }
        if (c.probe() == null) {
            return;
        }
        ProbeDef p = probes.get(c.probe());
        if (p == null) {
            out.add(new Problem(src, line, who + ": unknown probe '" + c.probe() + "'"));
            return;
        }
        if (c.scope().equals("guest") != p.perGuest()) {
            out.add(new Problem(src, line, who + ": a " + c.scope() + "-scope check needs a probe "
                    + (p.perGuest() ? "without" : "with") + " per-guest: true (probe " + p.name() + ")"));
        }
        boolean hasEval = c.evaluator() != null;
        if (hasEval == !c.conditions().isEmpty()) {
            out.add(new Problem(src, line, who + ": give either conditions or an evaluator (exactly one)"));
        }
        if (hasEval && !evaluators.contains(c.evaluator())) {
            out.add(new Problem(src, line, who + ": unknown evaluator '" + c.evaluator() + "'"));
        }
        Set<String> cmdIds = new HashSet<>();
        p.commands().forEach(pc -> cmdIds.add(pc.id()));
        for (Condition cond : concat(c.conditions(), c.appliesWhen())) {
            if (cond.type() == null || !Condition.TYPES.contains(cond.type())) {
                out.add(new Problem(src, line, who + ": unknown condition type '" + cond.type() + "' (known: " + Condition.TYPES + ")"));
                continue;
            }
            if (cond.key() == null) {
                out.add(new Problem(src, line, who + ": condition without a key"));
                continue;
            }
            String head = cond.key().split("[.#]", 2)[0];
            if (!head.equals("host") && !cmdIds.contains(head)) {
                out.add(new Problem(src, line, who + ": condition key '" + cond.key() + "' names no command of probe " + p.name()));
            }
            if (cond.type().equals("xpath")) {
                try {
                    javax.xml.xpath.XPathFactory.newInstance().newXPath().compile(cond.xpath() == null ? "" : cond.xpath());
                } catch (javax.xml.xpath.XPathExpressionException | RuntimeException e) {
                    out.add(new Problem(src, line, who + ": bad or missing xpath '" + cond.xpath() + "'"));
                }
            }
            if (cond.type().equals("regex")) {
                try {
                    Pattern.compile(cond.pattern() == null ? "" : cond.pattern());
                } catch (RuntimeException e) {
                    out.add(new Problem(src, line, who + ": bad regex: " + e.getMessage().lines().findFirst().orElse("")));
                }
            }
            if (cond.absent() != null || cond.level() != null) {
                try {
                    Status.parse(cond.absent() != null ? cond.absent() : cond.level());
                } catch (IllegalArgumentException e) {
                    out.add(new Problem(src, line, who + ": absent/level must be pass, warn, fail, na or error"));
                }
            }
        }
    }

    private static void require(String src, int line, String who, String field, Object v, List<Problem> out) {
        if (v == null || v instanceof String s && s.isBlank()) {
            out.add(new Problem(src, line, who + ": missing required field '" + field + "'"));
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    private static List<String> concat(String a, List<String> b) {
        List<String> l = new ArrayList<>();
        l.add(a);
        l.addAll(b);
        return l;
    }
}
