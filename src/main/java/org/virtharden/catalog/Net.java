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

/** Readers for {@code ss}, {@code ip -o addr} and {@code ip -o link} output, and address classes. */
final class Net {
    private static final Pattern PORT_TOKEN = Pattern.compile(".*:(\\d+|\\*)$");
    private static final Pattern USERS = Pattern.compile("users:\\(\\(\"([^\"]+)\"");
    private static final Pattern ADDR_LINE = Pattern.compile("^\\d+:\\s+(\\S+)\\s+(inet6?)\\s+(\\S+?)(?:/\\d+)?\\s.*");
    private static final Pattern LINK_LINE = Pattern.compile("^\\d+:\\s+([^:@\\s]+)(?:@[^:\\s]+)?:\\s.*");
    private static final Pattern MASTER = Pattern.compile("\\smaster\\s+(\\S+)");
    private static final Pattern GUEST_PORT = Pattern.compile("(vnet|tap|macvtap|vif|fwpr|fwln)\\d.*");

    private Net() {
    }

    /** One listening socket: protocol (tcp/udp, or "" when ss showed one type only), address, port, process. */
    record Listener(String proto, String address, String port, String process) {
        String endpoint() {
            return (address.contains(":") ? "[" + address + "]" : address) + ":" + port
                    + (process.isEmpty() ? "" : " (" + process + ")");
        }
    }

    /** One row of {@code bridge -d vlan show}: a port, a VLAN id or range, and its flags (PVID, Egress Untagged). */
    record PortVlan(String port, String vlan, boolean pvid, boolean untagged) {
    }

    /**
     * Parses {@code bridge -d vlan show}: the port name starts a row, continuation rows (indented) carry more VLANs of
     * the same port; the header line and blank lines are skipped.
     */
    static List<PortVlan> bridgeVlans(String text) {
        List<PortVlan> out = new java.util.ArrayList<>();
        String port = null;
        for (String line : Facts.lines(text)) {
            if (line.startsWith("port") || line.isBlank()) {
                continue;
            }
            String[] w = line.strip().split("\\s+");
            int at = 0;
            if (!Character.isWhitespace(line.charAt(0))) {
                port = w[0];
                at = 1;
            }
            if (port != null && w.length > at && w[at].matches("\\d+(-\\d+)?")) {
                out.add(new PortVlan(port, w[at], line.contains("PVID"), line.contains("Untagged")));
            }
        }
        return out;
    }

    static List<Listener> listeners(String ssOutput) {
        List<Listener> out = new ArrayList<>();
        for (String line : Facts.lines(ssOutput)) {
            String[] t = line.strip().split("\\s+");
            String proto = t.length > 0 && (t[0].equals("tcp") || t[0].equals("udp")) ? t[0] : "";
            for (int i = 0; i < t.length; i++) {
                Matcher m = PORT_TOKEN.matcher(t[i]);
                if (m.matches() && i > 0 && t[i - 1].matches("\\d+")) {
                    String addr = t[i].substring(0, t[i].lastIndexOf(':'));
                    Matcher u = USERS.matcher(line);
                    out.add(new Listener(proto, cleanAddress(addr), m.group(1), u.find() ? u.group(1) : ""));
                    break;
                }
            }
        }
        return out;
    }

    static String cleanAddress(String a) {
        String s = a;
        int pct = s.indexOf('%');
        if (pct >= 0) {
            s = s.substring(0, pct);
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.startsWith("::ffff:") && s.indexOf('.') > 0) {
            s = s.substring(7);
        }
        return s.toLowerCase(Locale.ROOT);
    }

    static boolean isWildcard(String a) {
        String s = cleanAddress(a);
        return s.equals("*") || s.equals("0.0.0.0") || s.equals("::") || s.isEmpty();
    }

    static boolean isLoopback(String a) {
        String s = cleanAddress(a);
        return s.startsWith("127.") || s.equals("::1") || s.equals("localhost");
    }

    /** RFC 1918, CGNAT, link-local and unique-local addresses. */
    static boolean isPrivate(String a) {
        String s = cleanAddress(a);
        if (s.contains(":")) {
            return s.startsWith("fc") || s.startsWith("fd") || s.startsWith("fe8") || s.startsWith("fe9")
                    || s.startsWith("fea") || s.startsWith("feb");
        }
        String[] o = s.split("\\.");
        if (o.length != 4) {
            return false;
        }
        try {
            int a0 = Integer.parseInt(o[0]);
            int a1 = Integer.parseInt(o[1]);
            return a0 == 10 || a0 == 172 && a1 >= 16 && a1 <= 31 || a0 == 192 && a1 == 168
                    || a0 == 100 && a1 >= 64 && a1 <= 127 || a0 == 169 && a1 == 254;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean isPublic(String a) {
        return !isWildcard(a) && !isLoopback(a) && !isPrivate(a);
    }

    /** Interface name to its addresses, from {@code ip -o addr show}. */
    static Map<String, List<String>> addresses(String ipAddr) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : Facts.lines(ipAddr)) {
            Matcher m = ADDR_LINE.matcher(line.strip());
            if (m.matches()) {
                out.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(cleanAddress(m.group(3)));
            }
        }
        return out;
    }

    /** Interfaces that carry guest traffic: {@code virbrN} bridges and bridges with vnet/tap/macvtap ports. */
    static Set<String> guestFacingInterfaces(String ipLink) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : Facts.lines(ipLink)) {
            Matcher m = LINK_LINE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            String name = m.group(1);
            if (name.startsWith("virbr")) {
                out.add(name);
            }
            Matcher master = MASTER.matcher(line);
            if (GUEST_PORT.matcher(name).matches() && master.find()) {
                out.add(master.group(1));
            }
        }
        return out;
    }

    /** Interface names from {@code ip -o link}, in order. */
    static List<String> interfaces(String ipLink) {
        List<String> out = new ArrayList<>();
        for (String line : Facts.lines(ipLink)) {
            Matcher m = LINK_LINE.matcher(line.strip());
            if (m.matches()) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
