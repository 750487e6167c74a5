package org.virtharden.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the host firewall state from {@code nft list ruleset}, {@code iptables-save}/{@code ip6tables-save},
 * {@code firewall-cmd} and {@code ufw status verbose} output and decides whether inbound traffic is denied
 * by default. libvirt's own tables and chains handle guest NAT/forwarding and never count.
 */
final class Firewall {
    private static final Pattern TABLE = Pattern.compile("^table\\s+(\\S+)\\s+(\\S+)\\s*\\{");
    private static final Pattern HOOK = Pattern.compile("type\\s+filter\\s+hook\\s+input\\b.*?policy\\s+(\\w+)");
    private static final Pattern IPT_POLICY = Pattern.compile("^:INPUT\\s+(\\S+)");
    private static final Pattern IPT_LAST = Pattern.compile("^-A INPUT(?:\\s+-j\\s+(DROP|REJECT)\\b.*)?");
    private static final Pattern ZONE = Pattern.compile("^(\\S+)(\\s+\\(active\\))?\\s*$");
    private static final Pattern TARGET = Pattern.compile("^\\s+target:\\s*(\\S+)");

    /** What was found: which mechanism, whether IPv4/IPv6 inbound is denied by default. */
    record State(String mechanism, boolean active, boolean deny4, boolean deny6, String detail) {
        boolean denies() {
            return deny4;
        }
    }

    private Firewall() {
    }

    static State read(EvaluationContext ctx) {
        List<String> mechanisms = new ArrayList<>();
        boolean active = false;
        boolean deny4 = false;
        boolean deny6 = false;
        List<String> detail = new ArrayList<>();

        String ufw = Facts.text(ctx, "ufw");
        if (ufw.contains("Status: active")) {
            active = true;
            mechanisms.add("ufw");
            boolean d = Pattern.compile("Default:\\s*(deny|reject)\\s*\\(incoming\\)").matcher(ufw).find();
            deny4 |= d;
            deny6 |= d;
            detail.add("ufw active, default " + (d ? "deny" : "allow") + " incoming");
        }

        String fwd = Facts.text(ctx, "firewalld");
        if (fwd.contains("state running")) {
            active = true;
            mechanisms.add("firewalld");
            boolean accept = false;
            List<String> zones = new ArrayList<>();
            String zone = null;
            boolean zoneActive = false;
            for (String line : fwd.split("\n")) {
                Matcher z = ZONE.matcher(line);
                if (!line.startsWith(" ") && z.matches()) {
                    zone = z.group(1);
                    zoneActive = z.group(2) != null;
                    continue;
                }
                Matcher t = TARGET.matcher(line);
                if (t.find() && zone != null && zoneActive && !zone.equals("libvirt") && !zone.equals("libvirt-routed")) {
                    zones.add(zone + "=" + t.group(1));
                    accept |= t.group(1).equalsIgnoreCase("ACCEPT");
                }
            }
            deny4 |= !accept;
            deny6 |= !accept;
            detail.add("firewalld running, active zones " + (zones.isEmpty() ? "(none listed)" : String.join(", ", zones)));
        }

        String nft = Facts.text(ctx, "nft");
        String family = null;
        String table = null;
        boolean inInput = false;
        String policy = null;
        String lastRule = null;
        int chains = 0;
        for (String raw : nft.split("\n")) {
            String line = raw.strip();
            Matcher t = TABLE.matcher(line);
            if (t.find()) {
                family = t.group(1);
                table = t.group(2);
                continue;
            }
            if (line.startsWith("chain ")) {
                inInput = false;
                policy = null;
                lastRule = null;
                continue;
            }
            Matcher h = HOOK.matcher(line);
            if (h.find()) {
                inInput = table != null && !table.toLowerCase(Locale.ROOT).startsWith("libvirt") && !table.equals("firewalld");
                policy = h.group(1);
                continue;
            }
            if (inInput && line.equals("}")) {
                chains++;
                boolean deny = policy.equals("drop") || lastRule != null
                        && (lastRule.matches("(counter.*\\s)?drop") || lastRule.matches("(counter.*\\s)?reject.*"));
                boolean v4 = "inet".equals(family) || "ip".equals(family);
                boolean v6 = "inet".equals(family) || "ip6".equals(family);
                deny4 |= deny && v4;
                deny6 |= deny && v6;
                detail.add("nft " + family + " " + table + " input policy " + policy + (deny && !policy.equals("drop") ? " + final drop" : ""));
                inInput = false;
                continue;
            }
            if (inInput && !line.isEmpty() && !line.startsWith("#")) {
                lastRule = line;
            }
        }
        if (chains > 0) {
            active = true;
            mechanisms.add("nftables");
        }

        String ipt = Facts.text(ctx, "iptables");
        boolean v6 = false;
        String iptPolicy4 = null;
        String iptPolicy6 = null;
        String last4 = null;
        String last6 = null;
        for (String line : ipt.split("\n")) {
            if (line.startsWith("# Generated by ip6tables")) {
                v6 = true;
            } else if (line.startsWith("# Generated by iptables")) {
                v6 = false;
            }
            Matcher p = IPT_POLICY.matcher(line);
            if (p.find()) {
                if (v6) {
                    iptPolicy6 = p.group(1);
                } else {
                    iptPolicy4 = p.group(1);
                }
            }
            if (IPT_LAST.matcher(line).find()) {
                if (v6) {
                    last6 = line;
                } else {
                    last4 = line;
                }
            }
        }
        if (iptPolicy4 != null && (!"ACCEPT".equals(iptPolicy4) || last4 != null)) {
            boolean d4 = "DROP".equals(iptPolicy4) || last4 != null && last4.matches("-A INPUT\\s+-j\\s+(DROP|REJECT).*");
            boolean d6 = "DROP".equals(iptPolicy6) || last6 != null && last6.matches("-A INPUT\\s+-j\\s+(DROP|REJECT).*");
            if (!mechanisms.contains("nftables") || d4) {
                active = true;
                mechanisms.add("iptables");
                deny4 |= d4;
                deny6 |= d6;
                detail.add("iptables INPUT " + iptPolicy4 + (iptPolicy6 != null ? ", ip6tables INPUT " + iptPolicy6 : ""));
            }
        }
        return new State(mechanisms.isEmpty() ? "none" : String.join("+", mechanisms), active, deny4, deny6,
                detail.isEmpty() ? "no host firewall rules" : String.join("; ", detail));
    }
}
