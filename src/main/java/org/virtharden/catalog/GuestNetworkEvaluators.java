package org.virtharden.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Guest networking on one host, judged from the {@code guest-nics} probe: which L2 segment each guest NIC is on
 * (VN-008 one zone per segment), whether guests of different zones on one segment are kept apart (VN-010), and
 * whether guest ports on shared bridges carry anti-spoofing filters (VN-011).
 *
 * <p>Everything that could not be read (a guest whose XML failed, a custom filter without the nwfilter driver,
 * Open vSwitch that does not answer) is collected as "unverifiable": it gives ERROR unless a definite FAIL was
 * found elsewhere, never PASS.
 */
final class GuestNetworkEvaluators {
    /** libvirt's filters that stop MAC, IP and ARP spoofing by themselves. */
    static final Set<String> FULL_FILTERS = Set.of("clean-traffic", "clean-traffic-gateway");
    /** libvirt's single-purpose anti-spoofing filters; all three together equal clean-traffic. */
    static final List<String> PARTS = List.of("no-mac-spoofing", "no-ip-spoofing", "no-arp-spoofing");
    private static final Pattern ATTR = Pattern.compile("(\\w+)=['\"]([^'\"]*)['\"]");
    private static final Pattern LINK_HEAD = Pattern.compile("^\\d+:\\s+([^:@\\s]+)(?:@[^:\\s]*)?:\\s");
    private static final Pattern MASTER = Pattern.compile("\\smaster\\s+(\\S+)");
    private static final int MAX_LISTED = 6;

    private GuestNetworkEvaluators() {
    }

    static void register(Map<String, CheckEvaluator> m) {
        m.put("zone-segments", GuestNetworkEvaluators::zoneSegments);
        m.put("inter-guest-traffic", GuestNetworkEvaluators::interGuestTraffic);
        m.put("port-anti-spoofing", GuestNetworkEvaluators::antiSpoofing);
    }

    // ------------------------------------------------------------------ model

    /** One guest NIC as its domain XML describes it, with the segment it was resolved to. */
    record Nic(String uuid, String guest, String type, String bridge, String network, String sourceDev, String sourceMode, String target,
            String mac, List<Integer> vlans, boolean ovs, String filter, Map<String, String> params, boolean isolated) {

        String label() {
            return guest + " " + (mac.isEmpty() ? type : mac);
        }
    }

    /** An L2 segment: a bridge (optionally one VLAN on it) or the lower device of macvtap NICs. */
    record Segment(String key, String kind, String bridge, List<String> aliases, boolean ovs, String unknown) {
    }

    record Network(String name, String mode, String bridge, boolean isolated, boolean ovs, List<String> devs, Integer vlan,
            boolean error) {
    }

    record Port(String master, boolean isolated) {
    }

    /** What the probe saw on the host. */
    static final class HostNet {
        final List<String> guestErrors = new ArrayList<>();
        final Map<String, String> names = new LinkedHashMap<>();
        final List<Nic> nics = new ArrayList<>();
        final Map<String, Network> networks = new LinkedHashMap<>();
        final Map<String, Port> ports = new LinkedHashMap<>();
        final Map<String, Boolean> vlanFiltering = new LinkedHashMap<>();
        final Map<String, Integer> pvid = new LinkedHashMap<>();
        boolean vlanTableOk = true;
        final Map<String, Integer> vlanIfs = new LinkedHashMap<>();
        final Map<String, String> vlanIfMaster = new LinkedHashMap<>();
        boolean filtersOk;
        String filtersWhy = "";
        final Map<String, String> filters = new LinkedHashMap<>();
        boolean bindingsOk;
        final Map<String, String> bindings = new LinkedHashMap<>();
        boolean macFilter;
        String ovsState = "absent";
        final Map<String, Integer> ovsTags = new LinkedHashMap<>();
        final Map<String, String> ovsFlows = new LinkedHashMap<>();

        String name(String uuid) {
            return names.getOrDefault(uuid, uuid);
        }
    }

    static HostNet read(EvaluationContext ctx) {
        HostNet h = new HostNet();
        readNetworks(h, Facts.text(ctx, "networks"));
        readLinks(h, Facts.text(ctx, "bridge-links"), Facts.text(ctx, "bridges"), Facts.text(ctx, "bridge-vlans"),
                Facts.text(ctx, "vlan-links"));
        readFilters(h, Facts.text(ctx, "nwfilters"), Facts.text(ctx, "bindings"));
        h.macFilter = Facts.isTrue(ctx.fact("mac-filter.mac_filter"));
        readOvs(h, Facts.text(ctx, "ovs"));
        readGuests(h, Facts.text(ctx, "guests"));
        return h;
    }

    private static void readGuests(HostNet h, String text) {
        for (String section : text.split("(?m)^@@guest ")) {
            int eol = section.indexOf('\n');
            String uuid = (eol < 0 ? section : section.substring(0, eol)).strip();
            if (uuid.isEmpty() || uuid.startsWith("@@")) {
                continue;
            }
            String body = eol < 0 ? "" : section.substring(eol + 1);
            String name = uuid;
            StringBuilder xml = new StringBuilder();
            List<String> errors = new ArrayList<>();
            for (String line : body.split("\n", -1)) {
                if (xml.length() == 0 && line.startsWith("name ")) {
                    name = line.substring(5).strip();
                } else if (xml.length() == 0 && line.startsWith("@@error")) {
                    errors.add(line.substring(7).strip());
                } else if (xml.length() > 0 || line.strip().startsWith("<")) {
                    xml.append(line).append('\n');
                }
            }
            h.names.put(uuid, name);
            for (String err : errors) {
                h.guestErrors.add("guest " + name + (name.equals(uuid) ? "" : " (" + uuid + ")") + ": " + err);
            }
            if (xml.length() == 0) {
                continue;
            }
            NodeList ifs;
            try {
                ifs = XmlFacts.parse("<nics>\n" + xml + "</nics>").getDocumentElement().getElementsByTagName("interface");
            } catch (IllegalArgumentException e) {
                h.guestErrors.add(name + ": its <interface> elements are not readable XML");
                continue;
            }
            for (int i = 0; i < ifs.getLength(); i++) {
                h.nics.add(nic(uuid, name, (Element) ifs.item(i)));
            }
        }
    }

    private static Nic nic(String uuid, String name, Element e) {
        String type = e.getAttribute("type");
        Element src = child(e, "source");
        String bridge = src == null ? "" : src.getAttribute("bridge");
        String network = src == null ? "" : src.getAttribute("network");
        String dev = src == null ? "" : src.getAttribute("dev");
        Element target = child(e, "target");
        Element mac = child(e, "mac");
        List<Integer> vlans = new ArrayList<>();
        Element vlan = child(e, "vlan");
        if (vlan != null) {
            NodeList tags = vlan.getElementsByTagName("tag");
            for (int i = 0; i < tags.getLength(); i++) {
                try {
                    vlans.add(Integer.valueOf(((Element) tags.item(i)).getAttribute("id").strip()));
                } catch (NumberFormatException ignored) {
                    // a tag without a number is not a VLAN we can name
                }
            }
        }
        Element vp = child(e, "virtualport");
        boolean ovs = vp != null && vp.getAttribute("type").equals("openvswitch");
        Element fr = child(e, "filterref");
        Map<String, String> params = new LinkedHashMap<>();
        if (fr != null) {
            NodeList ps = fr.getElementsByTagName("parameter");
            for (int i = 0; i < ps.getLength(); i++) {
                Element p = (Element) ps.item(i);
                params.put(p.getAttribute("name").toUpperCase(Locale.ROOT), p.getAttribute("value"));
            }
        }
        Element port = child(e, "port");
        return new Nic(uuid, name, type, bridge, network, dev, src == null ? "" : src.getAttribute("mode"), target == null ? "" : target.getAttribute("dev"),
                mac == null ? "" : mac.getAttribute("address"), vlans, ovs, fr == null ? null : fr.getAttribute("filter"),
                params, port != null && port.getAttribute("isolated").equals("yes"));
    }

    private static Element child(Element e, String tag) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(tag)) {
                return c;
            }
        }
        return null;
    }

    private static Map<String, String> attrs(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher a = ATTR.matcher(line);
        while (a.find()) {
            m.put(a.group(1), a.group(2));
        }
        return m;
    }

    private static void readNetworks(HostNet h, String text) {
        for (String section : text.split("(?m)^@@network ")) {
            int eol = section.indexOf('\n');
            String name = (eol < 0 ? section : section.substring(0, eol)).strip();
            if (name.isEmpty()) {
                continue;
            }
            String mode = "none";
            String bridge = null;
            boolean isolated = false;
            boolean ovs = false;
            boolean error = false;
            boolean inPortgroup = false;
            Integer vlan = null;
            List<String> devs = new ArrayList<>();
            for (String line : Facts.lines(eol < 0 ? "" : section.substring(eol + 1))) {
                String l = line.strip();
                Map<String, String> a = attrs(l);
                if (l.startsWith("@@error")) {
                    error = true;
                } else if (l.startsWith("<portgroup")) {
                    inPortgroup = !l.endsWith("/>");
                } else if (l.startsWith("</portgroup")) {
                    inPortgroup = false;
                } else if (inPortgroup) {
                    continue;
                } else if (l.startsWith("<forward")) {
                    mode = a.getOrDefault("mode", "nat");
                    if (a.containsKey("dev")) {
                        devs.add(a.get("dev"));
                    }
                } else if (l.startsWith("<bridge") && a.containsKey("name")) {
                    bridge = a.get("name");
                } else if (l.startsWith("<port ") || l.startsWith("<port/")) {
                    isolated |= "yes".equals(a.get("isolated"));
                } else if (l.startsWith("<virtualport")) {
                    ovs |= "openvswitch".equals(a.get("type"));
                } else if ((l.startsWith("<interface") || l.startsWith("<pf")) && a.containsKey("dev")) {
                    devs.add(a.get("dev"));
                } else if (l.startsWith("<tag") && vlan == null && a.containsKey("id")) {
                    try {
                        vlan = Integer.valueOf(a.get("id"));
                    } catch (NumberFormatException ignored) {
                        // not a VLAN number
                    }
                }
            }
            h.networks.put(name, new Network(name, mode, bridge, isolated, ovs, devs, vlan, error));
        }
    }

    private static void readLinks(HostNet h, String links, String bridges, String vlanTable, String vlanLinks) {
        String dev = null;
        String master = null;
        boolean iso = false;
        for (String line : (links + "\n0: end: \n").split("\n")) {
            Matcher head = LINK_HEAD.matcher(line);
            if (head.find()) {
                if (dev != null && master != null) {
                    h.ports.put(dev, new Port(master, iso));
                }
                dev = head.group(1);
                Matcher m = MASTER.matcher(line);
                master = m.find() ? m.group(1) : null;
                iso = line.contains(" isolated on");
            } else if (line.contains(" isolated on") || line.strip().startsWith("isolated on")) {
                iso = true;
            }
        }
        for (String line : Facts.lines(bridges)) {
            Matcher head = LINK_HEAD.matcher(line);
            if (head.find()) {
                Matcher f = Pattern.compile("\\svlan_filtering\\s+(\\d)").matcher(line);
                h.vlanFiltering.put(head.group(1), f.find() && f.group(1).equals("1"));
            }
        }
        if (vlanTable.strip().startsWith("@@unavailable")) {
            h.vlanTableOk = false;
        } else {
            for (Net.PortVlan pv : Net.bridgeVlans(vlanTable)) {
                if (pv.pvid() && pv.vlan().matches("\\d+")) {
                    h.pvid.put(pv.port(), Integer.valueOf(pv.vlan()));
                }
            }
        }
        String vdev = null;
        for (String line : Facts.lines(vlanLinks)) {
            Matcher head = LINK_HEAD.matcher(line);
            if (head.find()) {
                vdev = head.group(1);
                Matcher m = MASTER.matcher(line);
                if (m.find()) {
                    h.vlanIfMaster.put(vdev, m.group(1));
                }
            }
            Matcher id = Pattern.compile("vlan protocol \\S+ id (\\d+)").matcher(line);
            if (vdev != null && id.find()) {
                h.vlanIfs.put(vdev, Integer.valueOf(id.group(1)));
            }
        }
    }

    private static void readFilters(HostNet h, String filters, String bindings) {
        if (filters.strip().startsWith("@@unavailable")) {
            h.filtersOk = false;
            h.filtersWhy = Facts.lines(filters).stream().skip(1).reduce((a, b) -> b).orElse("nwfilter-list failed")
                    .replaceFirst("^error:\\s*", "");
        } else {
            h.filtersOk = true;
            for (String section : filters.split("(?m)^@@filter ")) {
                int eol = section.indexOf('\n');
                String name = (eol < 0 ? section : section.substring(0, eol)).strip();
                if (!name.isEmpty()) {
                    h.filters.put(name, eol < 0 ? "" : section.substring(eol + 1));
                }
            }
        }
        if (bindings.strip().startsWith("@@unavailable")) {
            h.bindingsOk = false;
        } else {
            h.bindingsOk = true;
            boolean body = false;
            for (String line : Facts.lines(bindings)) {
                if (line.strip().startsWith("---")) {
                    body = true;
                    continue;
                }
                String[] w = line.strip().split("\\s+");
                if (body && w.length >= 2) {
                    h.bindings.put(w[0], w[1]);
                }
            }
        }
    }

    private static void readOvs(HostNet h, String text) {
        String t = text.strip();
        if (t.startsWith("@@absent") || t.isEmpty()) {
            h.ovsState = "absent";
            return;
        }
        if (t.startsWith("@@unavailable")) {
            h.ovsState = "Open vSwitch did not answer: " + Facts.lines(t).stream().skip(1).findFirst().orElse("ovs-vsctl failed");
            return;
        }
        h.ovsState = "ok";
        String[] parts = t.split("(?m)^@@ovs-bridge ");
        String name = null;
        for (String line : Facts.lines(parts[0])) {
            int c = line.indexOf(':');
            if (c < 0) {
                continue;
            }
            String k = line.substring(0, c).strip();
            String v = line.substring(c + 1).strip().replace("\"", "");
            if (k.equals("name")) {
                name = v;
            } else if (k.equals("tag") && name != null && v.matches("\\d+")) {
                h.ovsTags.put(name, Integer.valueOf(v));
            }
        }
        for (int i = 1; i < parts.length; i++) {
            int eol = parts[i].indexOf('\n');
            String br = (eol < 0 ? parts[i] : parts[i].substring(0, eol)).strip();
            h.ovsFlows.put(br, eol < 0 ? "" : parts[i].substring(eol + 1));
        }
    }

    // ------------------------------------------------------------------ segments

    /** The segment a NIC is on. */
    static Segment segment(HostNet h, Nic n) {
        String bridge = null;
        String lower = null;
        boolean ovs = n.ovs();
        List<String> aliases = new ArrayList<>();
        List<Integer> vlans = new ArrayList<>(n.vlans());
        String unknown = null;
        switch (n.type()) {
            case "bridge" -> bridge = n.bridge();
            case "network" -> {
                Network net = h.networks.get(n.network());
                aliases.add(n.network());
                if (net == null || net.error()) {
                    return new Segment("network " + n.network(), "unknown", null, aliases, false,
                            "network " + n.network() + (net == null ? " is not defined on the host" : ": net-dumpxml failed"));
                }
                ovs |= net.ovs();
                if (vlans.isEmpty() && net.vlan() != null) {
                    vlans.add(net.vlan());
                }
                if (net.mode().equals("hostdev")) {
                    return new Segment("hostdev network " + net.name(), "hostdev", null, aliases, false, null);
                }
                if (net.bridge() != null) {
                    bridge = net.bridge();
                } else if (!net.devs().isEmpty()) {
                    lower = net.devs().get(0);
                } else {
                    return new Segment("network " + n.network(), "unknown", null, aliases, false,
                            "network " + n.network() + " names neither a bridge nor a device");
                }
            }
            case "direct" -> lower = n.sourceDev();
            case "hostdev" -> {
                return new Segment("hostdev", "hostdev", null, aliases, false, null);
            }
            case "ethernet" -> {
                Port p = h.ports.get(n.target());
                if (p == null) {
                    return new Segment("tap " + n.target(), "none", null, aliases, false, null);
                }
                bridge = p.master();
            }
            case "user" -> {
                return new Segment("user-mode", "none", null, aliases, false, null);
            }
            default -> {
                return new Segment(n.type() + " " + n.target(), "unknown", null, aliases, false,
                        "NIC type '" + n.type() + "' is not mapped to a segment");
            }
        }
        if (bridge != null && bridge.isEmpty() || lower != null && lower.isEmpty()) {
            return new Segment(n.type() + " without source", "unknown", null, aliases, false,
                    n.label() + " names no bridge or device");
        }
        if (bridge != null) {
            ovs |= h.ovsFlows.containsKey(bridge);
            if (vlans.isEmpty() && ovs && h.ovsTags.containsKey(n.target())) {
                vlans.add(h.ovsTags.get(n.target()));
            }
            if (vlans.isEmpty() && Boolean.TRUE.equals(h.vlanFiltering.get(bridge)) && !ovs) {
                if (!h.vlanTableOk) {
                    unknown = "bridge " + bridge + " filters VLANs but `bridge vlan show` failed: the port's VLAN is unknown";
                } else if (h.pvid.containsKey(n.target())) {
                    vlans.add(h.pvid.get(n.target()));
                }
            }
            aliases.add(bridge);
            for (Map.Entry<String, Port> p : h.ports.entrySet()) {
                if (p.getValue().master().equals(bridge) && h.vlanIfs.containsKey(p.getKey())) {
                    aliases.add("vlan:" + h.vlanIfs.get(p.getKey()));
                }
            }
        } else {
            aliases.add(lower);
            if (h.vlanIfs.containsKey(lower)) {
                aliases.add("vlan:" + h.vlanIfs.get(lower));
            }
        }
        String base = bridge != null ? bridge : "macvtap:" + lower;
        String key = base;
        if (vlans.size() == 1) {
            key = base + " vlan:" + vlans.get(0);
            aliases.add(0, "vlan:" + vlans.get(0));
        } else if (vlans.size() > 1) {
            key = base + " trunk " + vlans;
        }
        return new Segment(key, bridge != null ? "bridge" : "direct", bridge, aliases, ovs, unknown);
    }

    /** Per segment key: its NICs, in guest order. */
    static Map<String, List<Nic>> bySegment(HostNet h, Map<String, Segment> segs, List<String> outside) {
        Map<String, List<Nic>> m = new TreeMap<>();
        for (Nic n : h.nics) {
            Segment s = segment(h, n);
            if (s.kind().equals("hostdev") || s.kind().equals("none")) {
                outside.add(n.guest() + " (" + s.key() + ")");
                continue;
            }
            segs.putIfAbsent(s.key(), s);
            m.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(n);
        }
        return m;
    }

    private static Set<String> guestsOf(List<Nic> nics) {
        Set<String> g = new LinkedHashSet<>();
        nics.forEach(n -> g.add(n.uuid()));
        return g;
    }

    /** The zone the map gives a segment: VLAN first, then the libvirt network, then the bridge or device. */
    static Optional<String> mapZone(ZoneMap map, Segment s) {
        for (String a : s.aliases()) {
            Optional<String> z = map.zoneOf(a);
            if (z.isPresent()) {
                return z;
            }
        }
        return Optional.empty();
    }

    /** Zones on one segment: zone to guest names, plus the guests whose zone is unknown. */
    record Zones(Map<String, Set<String>> zones, Set<String> unknown, List<String> notes) {
    }

    static Zones zones(HostNet h, GuestInventory inv, ZoneMap map, Segment s, List<Nic> nics,
            Map<String, Set<String>> segmentsOfGuest) {
        Map<String, Set<String>> zones = new TreeMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        Optional<String> segZone = mapZone(map, s);
        segZone.ifPresent(z -> zones.computeIfAbsent(z, k -> new LinkedHashSet<>()).add("zone map"));
        for (String uuid : guestsOf(nics)) {
            String name = h.name(uuid);
            Optional<String> z = inv.find(uuid, name).map(GuestInventory.Entry::zone);
            boolean multiHomed = segmentsOfGuest.getOrDefault(uuid, Set.of()).size() > 1;
            if (z.isPresent() && segZone.isPresent() && !z.get().equals(segZone.get()) && multiHomed) {
                notes.add(name + " (zone " + z.get() + ") is multi-homed and counted in " + s.key() + "'s zone " + segZone.get()
                        + ": confirm it is a firewall/router guest");
                z = segZone;
            }
            if (z.isEmpty()) {
                z = segZone;
            }
            if (z.isPresent()) {
                zones.computeIfAbsent(z.get(), k -> new LinkedHashSet<>()).add(name);
            } else {
                unknown.add(name);
            }
        }
        return new Zones(zones, unknown, notes);
    }

    private static String list(Iterable<String> items) {
        List<String> l = new ArrayList<>();
        items.forEach(l::add);
        if (l.size() > MAX_LISTED) {
            return String.join(", ", l.subList(0, MAX_LISTED)) + " and " + (l.size() - MAX_LISTED) + " more";
        }
        return String.join(", ", l);
    }

    private static String describe(Map<String, Set<String>> zones) {
        List<String> parts = new ArrayList<>();
        zones.forEach((z, g) -> parts.add(z + " (" + list(g) + ")"));
        return String.join(" and ", parts);
    }

    /** The common frame of the three checks: N/A without NICs, ERROR/FAIL/WARN/PASS from the verdict. */
    private static Outcome finish(Verdict v, List<String> unverifiable, String expected, String pass) {
        Outcome o = v.outcome(expected, pass);
        if (!unverifiable.isEmpty() && !v.failed()) {
            return new Outcome(Status.ERROR, o.observed(), expected, "could not check: " + String.join("; ", unverifiable));
        }
        if (!unverifiable.isEmpty()) {
            return new Outcome(o.status(), o.observed(), expected, o.reason() + "; not checked: " + String.join("; ", unverifiable));
        }
        return o;
    }

    private static Map<String, Set<String>> segmentsOfGuests(Map<String, List<Nic>> bySeg) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        bySeg.forEach((k, nics) -> nics.forEach(n -> m.computeIfAbsent(n.uuid(), x -> new LinkedHashSet<>()).add(k)));
        return m;
    }

    private static String inputs(GuestInventory inv, ZoneMap map) {
        return "inventory " + (inv.present() ? inv.entries().size() + " guests" : "not set (" + Settings.GUEST_INVENTORY + ")")
                + ", zone map " + (map.present() ? map.zones().size() + " segments" : "not set (" + Settings.NETWORK_ZONES + ")");
    }

    /** What VN-008 and VN-010 both start from: the host's NICs grouped by L2 segment, and the operator's inputs. */
    private record Layout(HostNet h, GuestInventory inv, ZoneMap map, Map<String, Segment> segs, List<String> outside,
            Map<String, List<Nic>> bySeg, List<String> unverifiable) {
    }

    private static Layout layout(EvaluationContext ctx) {
        HostNet h = read(ctx);
        Map<String, Segment> segs = new LinkedHashMap<>();
        List<String> outside = new ArrayList<>();
        Map<String, List<Nic>> bySeg = bySegment(h, segs, outside);
        return new Layout(h, GuestInventory.of(ctx), ZoneMap.of(ctx), segs, outside, bySeg, new ArrayList<>(h.guestErrors));
    }

    // ------------------------------------------------------------------ VN-008

    /** VN-008. Facts: guests, networks, bridge-links, bridges, bridge-vlans, vlan-links, ovs. */
    static Outcome zoneSegments(Check check, EvaluationContext ctx) {
        Layout l = layout(ctx);
        HostNet h = l.h();
        GuestInventory inv = l.inv();
        ZoneMap map = l.map();
        Map<String, Segment> segs = l.segs();
        List<String> outside = l.outside();
        Map<String, List<Nic>> bySeg = l.bySeg();
        List<String> unverifiable = l.unverifiable();
        if (bySeg.isEmpty() && unverifiable.isEmpty()) {
            return Outcome.notApplicable(h.names.isEmpty() ? "no guests on this host"
                    : "no guest has a NIC on a host L2 segment" + (outside.isEmpty() ? "" : " (outside the host's bridges: " + list(outside) + ")"));
        }
        Map<String, Set<String>> ofGuest = segmentsOfGuests(bySeg);
        Verdict v = new Verdict();
        List<String> unconfirmed = new ArrayList<>();
        for (Map.Entry<String, List<Nic>> e : bySeg.entrySet()) {
            Segment s = segs.get(e.getKey());
            Zones z = zones(h, inv, map, s, e.getValue(), ofGuest);
            Set<String> guests = new LinkedHashSet<>();
            guestsOf(e.getValue()).forEach(u -> guests.add(h.name(u)));
            v.seen(s.key() + ": " + list(guests) + (z.zones().isEmpty() ? "" : " [" + String.join(", ", z.zones().keySet()) + "]"));
            z.notes().forEach(v::note);
            if (s.unknown() != null) {
                unverifiable.add(s.unknown());
                continue;
            }
            if (z.zones().size() > 1) {
                v.fail(s.key() + " carries guests of " + z.zones().size() + " zones: " + describe(z.zones())
                        + (z.unknown().isEmpty() ? "" : ", plus " + list(z.unknown()) + " without a zone"));
            } else if (!z.unknown().isEmpty() && guests.size() > 1) {
                unconfirmed.add(s.key() + " (" + list(guests) + ")");
            }
        }
        if (!unconfirmed.isEmpty()) {
            v.warn("guests share " + (unconfirmed.size() == 1 ? "a segment" : unconfirmed.size() + " segments")
                    + " but their zones are unknown: " + String.join("; ", unconfirmed) + ". Confirm each carries one zone, or set "
                    + Settings.GUEST_INVENTORY + " (zone column) or " + Settings.NETWORK_ZONES);
        }
        if (!outside.isEmpty()) {
            v.note("not on a host segment: " + list(outside));
        }
        v.seen(inputs(inv, map));
        return finish(v, unverifiable, "each bridge/VLAN (and macvtap uplink) carries guests of exactly one zone",
                "every segment carries guests of one zone" + (inv.present() || map.present() ? "" : " (each has at most one guest)"));
    }

    // ------------------------------------------------------------------ VN-010

    /** How a NIC's filter relates to other guests: "blocks", "maybe" (custom default-drop), "no", or "unknown". */
    static String blocksPeers(HostNet h, Nic n) {
        if (n.filter() == null) {
            return "no";
        }
        Set<String> refs = new LinkedHashSet<>();
        if (!resolve(h, n.filter(), refs, 0)) {
            return "unknown";
        }
        if (refs.contains("clean-traffic-gateway")) {
            return n.params().containsKey("GATEWAY_MAC") || anyFilterSets(h, refs, "GATEWAY_MAC") ? "blocks" : "no";
        }
        for (String r : refs) {
            if (!isLibvirtFilter(r)) {
                String xml = h.filters.getOrDefault(r, "");
                if (Pattern.compile("<rule[^>]*action=['\"](drop|reject)['\"][^>]*(/>|>\\s*(<all\\s*/>)?\\s*</rule>)").matcher(xml).find()) {
                    return "maybe";
                }
            }
        }
        return "no";
    }

    private static boolean anyFilterSets(HostNet h, Set<String> refs, String param) {
        for (String r : refs) {
            if (h.filters.getOrDefault(r, "").contains("name='" + param + "'")) {
                return true;
            }
        }
        return false;
    }

    static boolean isLibvirtFilter(String name) {
        return FULL_FILTERS.contains(name) || PARTS.contains(name) || name.startsWith("allow-") || name.startsWith("no-")
                || name.equals("qemu-announce-self") || name.equals("qemu-announce-self-rarp");
    }

    /**
     * Adds the filter and every filter it references (from nwfilter-dumpxml) to {@code out}. libvirt's own
     * filters are taken by name. False when a custom filter's definition could not be read.
     */
    static boolean resolve(HostNet h, String name, Set<String> out, int depth) {
        if (!out.add(name) || depth > 8 || isLibvirtFilter(name)) {
            return true;
        }
        if (!h.filtersOk) {
            return false;
        }
        String xml = h.filters.get(name);
        if (xml == null) {
            return true;
        }
        if (xml.contains("@@error")) {
            return false;
        }
        Matcher m = Pattern.compile("<filterref[^>]*filter=['\"]([^'\"]+)['\"]").matcher(xml);
        boolean ok = true;
        while (m.find()) {
            ok &= resolve(h, m.group(1), out, depth + 1);
        }
        return ok;
    }

    /**
     * Port isolation: the NIC's own {@code <port isolated='yes'/>}, its network's, or {@code isolated on} on its bridge
     * port; macvtap in private, vepa or passthrough mode never switches guest to guest inside the host (vepa hands
     * the frames to the external switch).
     */
    private static boolean isolated(HostNet h, Nic n) {
        if (n.isolated()) {
            return true;
        }
        if (n.type().equals("direct") && Set.of("private", "vepa", "passthrough").contains(n.sourceMode())) {
            return true;
        }
        if (n.type().equals("network")) {
            Network net = h.networks.get(n.network());
            if (net != null && (net.isolated() || net.bridge() == null && Set.of("private", "vepa", "passthrough").contains(net.mode()))) {
                return true;
            }
        }
        Port p = h.ports.get(n.target());
        return p != null && p.isolated();
    }

    /** VN-010. Facts: as VN-008, plus nwfilters (with definitions). */
    static Outcome interGuestTraffic(Check check, EvaluationContext ctx) {
        Layout l = layout(ctx);
        HostNet h = l.h();
        GuestInventory inv = l.inv();
        ZoneMap map = l.map();
        Map<String, Segment> segs = l.segs();
        List<String> outside = l.outside();
        Map<String, List<Nic>> bySeg = l.bySeg();
        List<String> unverifiable = l.unverifiable();
        if (bySeg.isEmpty() && unverifiable.isEmpty()) {
            return Outcome.notApplicable(h.names.isEmpty() ? "no guests on this host" : "no guest has a NIC on a host L2 segment");
        }
        Map<String, Set<String>> ofGuest = segmentsOfGuests(bySeg);
        Verdict v = new Verdict();
        List<String> unconfirmed = new ArrayList<>();
        for (Map.Entry<String, List<Nic>> e : bySeg.entrySet()) {
            Segment s = segs.get(e.getKey());
            List<Nic> nics = e.getValue();
            if (guestsOf(nics).size() < 2) {
                continue;
            }
            if (s.unknown() != null) {
                unverifiable.add(s.unknown());
                continue;
            }
            Zones z = zones(h, inv, map, s, nics, ofGuest);
            z.notes().forEach(v::note);
            Map<String, String> zoneOf = new LinkedHashMap<>();
            z.zones().forEach((zone, gs) -> gs.forEach(g -> zoneOf.put(g, zone)));
            List<String> open = new ArrayList<>();
            List<String> maybe = new ArrayList<>();
            List<String> cannot = new ArrayList<>();
            List<String> unsure = new ArrayList<>();
            int pairs = 0;
            for (int i = 0; i < nics.size(); i++) {
                for (int j = i + 1; j < nics.size(); j++) {
                    Nic a = nics.get(i);
                    Nic b = nics.get(j);
                    if (a.uuid().equals(b.uuid())) {
                        continue;
                    }
                    String za = zoneOf.get(a.guest());
                    String zb = zoneOf.get(b.guest());
                    if (za != null && za.equals(zb)) {
                        continue;
                    }
                    // both zones known (and different): a definite cross-zone pair; otherwise the operator confirms
                    boolean definite = za != null && zb != null;
                    pairs++;
                    String pair = a.guest() + " / " + b.guest();
                    if (isolated(h, a) && isolated(h, b)) {
                        continue;
                    }
                    String fa = blocksPeers(h, a);
                    String fb = blocksPeers(h, b);
                    if (fa.equals("blocks") || fb.equals("blocks")) {
                        continue;
                    }
                    String what;
                    List<String> to;
                    if (fa.equals("maybe") || fb.equals("maybe")) {
                        what = pair + " (custom filter " + (fa.equals("maybe") ? a.filter() : b.filter()) + " drops by default)";
                        to = maybe;
                    } else if (fa.equals("unknown") || fb.equals("unknown")) {
                        what = pair + ": filter " + (fa.equals("unknown") ? a.filter() : b.filter()) + " could not be read ("
                                + (h.filtersOk ? "nwfilter-dumpxml failed" : h.filtersWhy) + ")";
                        to = cannot;
                    } else {
                        what = pair;
                        to = open;
                    }
                    (definite || to == cannot ? to : unsure).add(what);
                }
            }
            v.seen(s.key() + ": " + (pairs == 0 ? "one zone" : pairs + " guest pair(s) not known to share a zone, "
                    + (open.size() + maybe.size() + cannot.size() + unsure.size()) + " not separated"));
            if (!open.isEmpty()) {
                v.fail(s.key() + " carries " + describe(z.zones()) + " with neither port isolation nor a filter between "
                        + list(open));
            }
            if (!maybe.isEmpty()) {
                v.warn(s.key() + ": confirm that the filter blocks the other zone for " + list(maybe));
            }
            unverifiable.addAll(cannot);
            if (!unsure.isEmpty()) {
                unconfirmed.add(s.key() + " (" + list(unsure) + ")");
            }
        }
        if (!unconfirmed.isEmpty()) {
            v.warn("guests can reach each other on " + String.join("; ", unconfirmed) + " and their zones are unknown: confirm they are"
                    + " one zone, or set " + Settings.GUEST_INVENTORY + " (zone column) or " + Settings.NETWORK_ZONES);
        }
        v.seen(inputs(inv, map));
        return finish(v, unverifiable, "guests of different zones on one segment separated by port isolation (all their ports"
                + " isolated) or a filter that blocks the other guests (clean-traffic-gateway with GATEWAY_MAC)",
                "no two guests of different zones can reach each other directly on a host segment");
    }

    // ------------------------------------------------------------------ VN-011

    /** Which of MAC/IP/ARP anti-spoofing a filter gives: "full", "partial: ...", "none", or "unknown". */
    static String spoofing(HostNet h, String filter) {
        if (filter == null) {
            return "none";
        }
        Set<String> refs = new LinkedHashSet<>();
        boolean ok = resolve(h, filter, refs, 0);
        if (refs.stream().anyMatch(FULL_FILTERS::contains) || refs.containsAll(PARTS)) {
            return "full";
        }
        if (!ok) {
            return "unknown";
        }
        if (h.filtersOk && !isLibvirtFilter(filter) && !h.filters.containsKey(filter)) {
            return "undefined";
        }
        List<String> have = PARTS.stream().filter(refs::contains).toList();
        return have.isEmpty() ? "none" : "partial: " + String.join(" + ", have);
    }

    /** VN-011. Facts: guests, networks, nwfilters, bindings, mac-filter, ovs. */
    static Outcome antiSpoofing(Check check, EvaluationContext ctx) {
        HostNet h = read(ctx);
        Map<String, List<Nic>> byBridge = new TreeMap<>();
        List<String> outside = new ArrayList<>();
        List<String> unverifiable = new ArrayList<>(h.guestErrors);
        for (Nic n : h.nics) {
            Segment s = segment(h, n);
            if (s.bridge() == null) {
                if (s.unknown() != null) {
                    unverifiable.add(s.unknown());
                } else {
                    outside.add(n.guest() + " (" + s.key() + ")");
                }
                continue;
            }
            byBridge.computeIfAbsent(s.bridge(), k -> new ArrayList<>()).add(n);
        }
        byBridge.values().removeIf(l -> guestsOf(l).size() < 2);
        if (byBridge.isEmpty() && unverifiable.isEmpty()) {
            return Outcome.notApplicable("no bridge is shared by two or more guests"
                    + (outside.isEmpty() ? "" : "; macvtap/hostdev NICs bypass the host bridge: " + list(outside)));
        }
        Verdict v = new Verdict();
        for (Map.Entry<String, List<Nic>> e : byBridge.entrySet()) {
            String br = e.getKey();
            int ok = 0;
            for (Nic n : e.getValue()) {
                String where = n.label() + " on " + br;
                if (segment(h, n).ovs()) {
                    if (!h.ovsState.equals("ok")) {
                        unverifiable.add(where + ": Open vSwitch port security not visible ("
                                + (h.ovsState.equals("absent") ? "ovs-vsctl not installed" : h.ovsState) + ")");
                    } else if (!n.mac().isEmpty() && Pattern.compile("(dl_src|eth_src|arp_sha)=" + Pattern.quote(n.mac().toLowerCase(Locale.ROOT)))
                            .matcher(h.ovsFlows.getOrDefault(br, "").toLowerCase(Locale.ROOT)).find()) {
                        ok++;
                    } else {
                        v.fail(where + " (Open vSwitch): no flow pins its MAC, so the port has no port security"
                                + (n.filter() != null ? " (nwfilter " + n.filter() + " does not act on OVS ports)" : ""));
                    }
                    continue;
                }
                String kind = spoofing(h, n.filter());
                if (kind.equals("full")) {
                    ok++;
                    String bound = h.bindings.get(n.target());
                    if (h.bindingsOk && !n.target().isEmpty() && !h.bindings.isEmpty() && bound == null) {
                        v.warn(where + ": " + n.filter() + " is configured but no nwfilter binding exists for " + n.target()
                                + " (not applied?)");
                    }
                } else if (kind.equals("unknown")) {
                    unverifiable.add(where + ": custom filter " + n.filter() + " could not be read ("
                            + (h.filtersOk ? "nwfilter-dumpxml failed" : h.filtersWhy) + ")");
                } else if (kind.equals("undefined")) {
                    v.fail(where + ": filter " + n.filter() + " is not defined on the host");
                } else if (kind.startsWith("partial")) {
                    v.warn(where + ": only " + kind.substring(9) + " (not all of MAC, IP and ARP spoofing blocked)");
                } else if (h.macFilter) {
                    v.warn(where + ": no nwfilter, only qemu.conf mac_filter (MAC spoofing blocked, IP and ARP spoofing possible)");
                } else {
                    v.fail(where + " has no anti-spoofing filter (no clean-traffic filterref)");
                }
            }
            v.seen(br + ": " + e.getValue().size() + " guest NICs, " + ok + " protected");
        }
        v.seen("nwfilter driver " + (h.filtersOk ? h.filters.size() + " filters" : "not available")
                + ", mac_filter " + (h.macFilter ? "1" : "off"));
        if (!outside.isEmpty()) {
            v.note("macvtap/hostdev NICs bypass the host bridge and are not judged here: " + list(outside));
        }
        return finish(v, unverifiable, "every guest NIC on a bridge shared by several guests bound to clean-traffic (or"
                + " no-mac/no-ip/no-arp-spoofing), or an Open vSwitch port with port security",
                "every guest port on a shared bridge is protected against MAC/IP/ARP spoofing");
    }
}
