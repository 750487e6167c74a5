package org.virtharden.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Network-facing host checks: VN-002, VN-006, VN-012, VN-013, VN-014. */
final class NetworkEvaluators {
    static final Set<String> MGMT_PROCESSES = Set.of("sshd", "libvirtd", "virtproxyd", "cockpit-ws", "cockpit-tls",
            "zabbix_agentd", "zabbix_agent2", "snmpd", "node_exporter", "prometheus-node", "telegraf", "collectd");
    static final Set<String> MGMT_PORTS = Set.of("22", "16509", "16514", "9090", "10050", "161", "9100");
    private static final Set<String> PACKET_OK = Set.of("dnsmasq", "dhclient", "dhcpcd", "NetworkManager", "systemd-network",
            "systemd-networkd", "lldpd", "keepalived", "udhcpc", "dhcrelay");
    private static final Pattern PROMISC = Pattern.compile("^\\d+:\\s+([^:@\\s]+)[^:]*:.*\\spromiscuity\\s+(\\d+)");
    private static final Pattern AGEING = Pattern.compile("^\\d+:\\s+([^:@\\s]+)[^:]*:.*\\sbridge\\s.*\\sageing_time\\s+(\\d+)");
    private static final Pattern PACKET_USER = Pattern.compile("users:\\(\\(\"([^\"]+)\"");

    private NetworkEvaluators() {
    }

    static void register(Map<String, CheckEvaluator> m) {
        m.put("mgmt-listeners", NetworkEvaluators::mgmtListeners);
        m.put("host-firewall", NetworkEvaluators::hostFirewall);
        m.put("sniffing", NetworkEvaluators::sniffing);
        m.put("routing-posture", NetworkEvaluators::routingPosture);
        m.put("bridge-filtering", NetworkEvaluators::bridgeFiltering);
    }

    /** VN-002. Facts: listeners (ss -ltnupH), addrs, links, and the firewall commands. */
    static Outcome mgmtListeners(Check check, EvaluationContext ctx) {
        Map<String, List<String>> addrs = Net.addresses(Facts.text(ctx, "addrs"));
        Set<String> guestIfs = Net.guestFacingInterfaces(Facts.text(ctx, "links"));
        Set<String> guestAddrs = new LinkedHashSet<>();
        Set<String> publicAddrs = new LinkedHashSet<>();
        Set<String> hostAddrs = new LinkedHashSet<>();
        addrs.forEach((ifname, list) -> {
            for (String a : list) {
                if (Net.isLoopback(a) || a.startsWith("fe80")) {
                    continue;
                }
                hostAddrs.add(a);
                if (guestIfs.contains(ifname)) {
                    guestAddrs.add(a + " (" + ifname + ")");
                }
                if (Net.isPublic(a)) {
                    publicAddrs.add(a);
                }
            }
        });
        List<String> mgmt = Settings.list(ctx, Settings.MGMT_ADDRESSES);
        Firewall.State fw = Firewall.read(ctx);
        Verdict v = new Verdict();
        int n = 0;
        Set<String> assumed = new LinkedHashSet<>();
        for (Net.Listener l : Net.listeners(Facts.text(ctx, "listeners"))) {
            boolean management = MGMT_PROCESSES.contains(l.process()) || l.process().isEmpty() && MGMT_PORTS.contains(l.port())
                    || MGMT_PORTS.contains(l.port()) && (l.process().equals("systemd") || l.process().equals("sshd"));
            if (!management || Net.isLoopback(l.address())) {
                continue;
            }
            n++;
            v.seen(l.endpoint());
            String a = l.address();
            if (Net.isWildcard(a)) {
                List<String> why = new ArrayList<>();
                if (!guestAddrs.isEmpty()) {
                    why.add("the host has addresses on guest networks: " + String.join(", ", guestAddrs));
                }
                if (!publicAddrs.isEmpty()) {
                    why.add("public addresses " + String.join(", ", publicAddrs));
                }
                if (!mgmt.isEmpty()) {
                    List<String> other = hostAddrs.stream().filter(h -> !mgmt.contains(h)).toList();
                    if (!other.isEmpty()) {
                        why.add("non-management addresses " + String.join(", ", other));
                    }
                }
                if (!fw.denies()) {
                    why.add("no default-deny host firewall restricts sources (" + fw.detail() + ")");
                }
                if (!why.isEmpty()) {
                    v.fail(l.endpoint() + " listens on all addresses and " + String.join(" and ", why));
                } else {
                    v.note(l.endpoint() + " is bound to all addresses; acceptable only while VN-006 restricts sources");
                }
            } else if (mgmt.contains(a)) {
                continue;
            } else if (guestAddrs.stream().anyMatch(g -> g.startsWith(a + " "))) {
                v.fail(l.endpoint() + " listens on a guest-facing address");
            } else if (!mgmt.isEmpty()) {
                v.fail(l.endpoint() + " listens on " + a + ", which is not a management address (" + String.join(", ", mgmt) + ")");
            } else if (Net.isPublic(a)) {
                v.fail(l.endpoint() + " listens on the public address " + a);
            } else {
                assumed.add(a);
            }
        }
        if (!assumed.isEmpty()) {
            v.note("assumed management address " + String.join(", ", assumed) + "; confirm with " + Settings.MGMT_ADDRESSES);
        }
        if (n == 0) {
            v.seen("no management service listens beyond loopback");
        }
        return v.outcome("management daemons bound to the management address, or to all addresses only on a host without "
                + "guest-facing/public addresses behind a default-deny firewall", "management daemons listen only on management addresses");
    }

    /** VN-006. Facts: nft, iptables, firewalld, ufw. */
    static Outcome hostFirewall(Check check, EvaluationContext ctx) {
        Firewall.State fw = Firewall.read(ctx);
        String expected = "a host firewall is active with inbound default drop/reject (IPv4 and IPv6)";
        if (!fw.active()) {
            return new Outcome(Status.FAIL, fw.detail(), expected, "no host firewall: every listening service is reachable from any network");
        }
        if (!fw.deny4()) {
            return new Outcome(Status.FAIL, fw.mechanism() + ": " + fw.detail(), expected,
                    "the firewall accepts inbound traffic by default (allow-all)");
        }
        if (!fw.deny6()) {
            return new Outcome(Status.WARN, fw.mechanism() + ": " + fw.detail(), expected,
                    "IPv4 inbound is denied by default but IPv6 is not");
        }
        return new Outcome(Status.PASS, fw.mechanism() + ": " + fw.detail(), expected,
                "inbound traffic is denied by default (" + fw.mechanism() + "); review the allowed sources against the admin subnets");
    }

    /** VN-012. Facts: links (ip -o -d link), packet (ss -0 -anpH). */
    static Outcome sniffing(Check check, EvaluationContext ctx) {
        Verdict v = new Verdict();
        List<String> promisc = new ArrayList<>();
        for (String line : Facts.lines(Facts.text(ctx, "links"))) {
            Matcher p = PROMISC.matcher(line.strip());
            if (p.find() && !p.group(2).equals("0")) {
                boolean bridgePort = line.contains(" master ") || line.contains("bridge_slave");
                if (!bridgePort) {
                    promisc.add(p.group(1) + " (promiscuity " + p.group(2) + ")");
                }
            }
            Matcher a = AGEING.matcher(line.strip());
            if (a.find() && a.group(2).equals("0")) {
                v.fail("bridge " + a.group(1) + " has ageing_time 0 (floods every frame to every port, like a hub)");
            }
        }
        if (!promisc.isEmpty()) {
            v.fail("promiscuous interfaces that are not bridge ports: " + String.join(", ", promisc));
        }
        List<String> allowed = new ArrayList<>(PACKET_OK);
        allowed.addAll(Settings.list(ctx, Settings.PACKET_SOCKETS_ALLOWED));
        Set<String> unexpected = new LinkedHashSet<>();
        int sockets = 0;
        for (String line : Facts.lines(Facts.text(ctx, "packet"))) {
            sockets++;
            Matcher u = PACKET_USER.matcher(line);
            String proc = u.find() ? u.group(1) : "unknown process";
            if (allowed.stream().noneMatch(a -> a.equalsIgnoreCase(proc))) {
                unexpected.add(proc);
            }
        }
        v.seen(Facts.plural(sockets, "packet socket")).seen(promisc.isEmpty() ? "no promiscuous non-bridge-port NIC" : "");
        if (!unexpected.isEmpty()) {
            v.fail("packet sockets held by unexpected processes: " + String.join(", ", unexpected));
        }
        return v.outcome("promiscuous mode only on bridge ports; no bridge with ageing_time 0; packet sockets only from "
                + "DHCP/DNS/LLDP/network-manager processes", "no sniffing path found");
    }

    /** VN-013. Facts: sysctl.*, mgmt-if.*, libvirt-nets. */
    static Outcome routingPosture(Check check, EvaluationContext ctx) {
        Verdict v = new Verdict();
        boolean nat4 = false;
        boolean nat6 = false;
        String nets = Facts.text(ctx, "libvirt-nets");
        Map<String, String[]> perNet = new java.util.LinkedHashMap<>();
        for (String line : Facts.lines(nets)) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String file = line.substring(0, colon);
            String[] st = perNet.computeIfAbsent(file, k -> new String[] {"", ""});
            String rest = line.substring(colon + 1);
            Matcher fm = Pattern.compile("<forward(?:[^>]*mode=['\"](\\w+)['\"])?").matcher(rest);
            if (fm.find()) {
                st[0] = fm.group(1) == null ? "nat" : fm.group(1);
            }
            if (rest.contains("family='ipv6'") || rest.contains("family=\"ipv6\"")) {
                st[1] = "ipv6";
            }
        }
        for (String[] st : perNet.values()) {
            boolean routes = Set.of("nat", "route", "open").contains(st[0]);
            nat4 |= routes;
            nat6 |= routes && st[1].equals("ipv6");
        }
        boolean role = Settings.flag(ctx, Settings.ROUTING_ROLE);
        forwarding(v, ctx, "net.ipv4.ip_forward", nat4 || role, nat4 ? "NAT/routed libvirt network active" : "routing role");
        forwarding(v, ctx, "net.ipv6.conf.all.forwarding", nat6 || role, nat6 ? "IPv6 NAT/routed libvirt network active" : "routing role");
        String ifname = ctx.fact("mgmt-if.if");
        Long rpAll = Facts.firstLong(ctx.fact("sysctl.net.ipv4.conf.all.rp_filter"));
        Long rpIf = Facts.firstLong(ctx.fact("mgmt-if.rp_filter"));
        long rp = Math.max(rpAll == null ? 0 : rpAll, rpIf == null ? 0 : rpIf);
        v.seen("rp_filter " + (ifname == null ? "all" : ifname) + " effective " + rp);
        if (rpAll == null && rpIf == null) {
            v.warn("rp_filter not reported");
        } else if (rp == 2) {
            v.warn("rp_filter 2 (loose mode) on " + (ifname == null ? "all" : ifname) + " without documented multi-homing");
        } else if (rp != 1) {
            v.fail("rp_filter " + rp + " on " + (ifname == null ? "all" : ifname) + ": spoofed source addresses are accepted");
        }
        zero(v, ctx, "net.ipv4.conf.all.accept_redirects", "ICMP redirects can rewrite the host's routes");
        zero(v, ctx, "net.ipv4.conf.all.send_redirects", "the host sends ICMP redirects like a router");
        zero(v, ctx, "net.ipv4.conf.all.accept_source_route", "source-routed packets are accepted");
        String mart = ctx.fact("sysctl.net.ipv4.conf.all.log_martians");
        v.seen("log_martians " + mart);
        if (mart == null) {
            v.warn("net.ipv4.conf.all.log_martians not reported");
        } else if (!mart.strip().equals("1")) {
            v.fail("log_martians " + mart.strip() + ": packets with impossible addresses are not logged");
        }
        String ra = ifname != null ? ctx.fact("mgmt-if.accept_ra") : ctx.fact("sysctl.net.ipv6.conf.all.accept_ra");
        String raName = "accept_ra on " + (ifname != null ? ifname : "all");
        v.seen(raName + " " + ra);
        if (ra != null && !ra.strip().equals("0") && !Settings.flag(ctx, Settings.IPV6_SLAAC)) {
            v.fail(raName + " = " + ra.strip() + ": router advertisements can add routes/addresses to the management interface");
        }
        return v.outcome("forwarding only for active NAT/routed libvirt networks or a routing role; rp_filter 1; "
                + "accept_redirects/send_redirects/accept_source_route 0; log_martians 1; accept_ra 0 on the management interface",
                "host routing posture is hardened");
    }

    private static void forwarding(Verdict v, EvaluationContext ctx, String key, boolean justified, String why) {
        String val = ctx.fact("sysctl." + key);
        v.seen(key + " " + val);
        if (val == null) {
            v.warn(key + " not reported");
        } else if (val.strip().equals("1")) {
            if (justified) {
                v.note(key + "=1 justified: " + why);
            } else {
                v.fail(key + " = 1 without an active NAT/routed libvirt network or a documented routing role");
            }
        }
    }

    private static void zero(Verdict v, EvaluationContext ctx, String key, String why) {
        String val = ctx.fact("sysctl." + key);
        v.seen(key.replace("net.ipv4.conf.all.", "") + " " + val);
        if (val == null) {
            v.warn(key + " not reported");
        } else if (!val.strip().equals("0")) {
            v.fail(key + " = " + val.strip() + ": " + why);
        }
    }

    /** VN-014. Facts: br-netfilter, sysctl.*, bridged-rules.*. */
    static Outcome bridgeFiltering(Check check, EvaluationContext ctx) {
        long rules = 0;
        List<String> where = new ArrayList<>();
        for (String k : List.of("iptables", "ip6tables", "nft")) {
            Long n = Facts.firstLong(ctx.fact("bridged-rules." + k));
            if (n != null && n > 0) {
                rules += n;
                where.add(k + " " + n);
            }
        }
        String mod = Facts.text(ctx, "br-netfilter").strip();
        String ipt = ctx.fact("sysctl.net.bridge.bridge-nf-call-iptables");
        String ip6 = ctx.fact("sysctl.net.bridge.bridge-nf-call-ip6tables");
        String observed = "br_netfilter " + mod + ", bridge-nf-call-iptables " + (ipt == null ? "absent" : ipt)
                + ", ip6tables " + (ip6 == null ? "absent" : ip6)
                + ", rules on bridged traffic: " + (where.isEmpty() ? "none" : String.join(", ", where));
        String expected = "rules that filter bridged guest traffic only with br_netfilter loaded and bridge-nf-call-ip(6)tables = 1";
        if (rules == 0) {
            return new Outcome(Status.PASS, observed, expected, "no host rule relies on seeing bridged guest traffic");
        }
        boolean on = mod.equals("loaded") && "1".equals(ipt == null ? null : ipt.strip()) && "1".equals(ip6 == null ? null : ip6.strip());
        if (on) {
            return new Outcome(Status.PASS, observed, expected, "bridged traffic passes the IP filters the rules expect");
        }
        if (Settings.flag(ctx, Settings.BRIDGE_FILTERING_UPSTREAM)) {
            return new Outcome(Status.PASS, observed, expected, "bridged traffic is filtered upstream (" + Settings.BRIDGE_FILTERING_UPSTREAM + ")");
        }
        return new Outcome(Status.WARN, observed, expected, "host rules match bridged traffic (" + String.join(", ", where)
                + ") but " + (mod.equals("loaded") ? "bridge-nf-call-* is not 1" : "br_netfilter is not loaded") + ": they never see it");
    }
}
