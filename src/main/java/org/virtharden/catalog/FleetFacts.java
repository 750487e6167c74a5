package org.virtharden.catalog;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Parsers for the fleet-facts probe's outputs (guests, versions, pools) and a few other host probes. */
public final class FleetFacts {
    private static final Pattern MAC = Pattern.compile("(?i)([0-9a-f]{2}:){5}[0-9a-f]{2}");
    private static final Pattern LOCK = Pattern.compile("^\\s*lock_manager\\s*=\\s*\"?([A-Za-z0-9_-]*)\"?");

    private FleetFacts() {
    }

    /** A guest as seen on one host. */
    public record Guest(String uuid, String name, String state, List<Nic> nics, List<Disk> disks) {
        public boolean running() {
            return state != null && (state.startsWith("running") || state.startsWith("paused") || state.startsWith("idle")
                    || state.startsWith("in shutdown") || state.startsWith("blocked"));
        }
    }

    public record Nic(String mac, String source) {
    }

    /** A disk; cdrom and floppy devices are read-only media, not writable disks. */
    public record Disk(String type, String device, String target, String source) {
        public boolean writable() {
            return "disk".equals(device) && source != null && !source.isBlank() && !"-".equals(source);
        }
    }

    /** A storage pool definition. {@code sharedKey} is non-null for pool types whose storage other hosts can attach. */
    public record Pool(String name, String type, String sharedKey) {
    }

    public record Versions(String osId, String osVersion, String kernel, String libvirt, String hypervisorName,
            String hypervisor) {
    }

    /** The data a probe command collected, or null when it was not collected. */
    public static String output(FleetHost h, String probe, String command) {
        ProbeData d = h.probes().get(probe);
        if (d == null) {
            return null;
        }
        CommandOutput o = d.outputs().get(command);
        return o == null || !o.ok() ? null : o.stdout();
    }

    /** Why a probe command has no data on this host (for ERROR reasons). */
    public static String missing(FleetHost h, String probe, String command) {
        if (!h.scanned()) {
            return h.name() + " was not scanned" + (h.reason() == null || h.reason().isBlank() ? "" : ": " + h.reason());
        }
        ProbeData d = h.probes().get(probe);
        if (d == null) {
            return "probe " + probe + " was not collected on " + h.name();
        }
        CommandOutput o = d.outputs().get(command);
        if (o == null) {
            return probe + "/" + command + " was not collected on " + h.name();
        }
        return probe + "/" + command + " failed on " + h.name() + ": " + o.failure();
    }

    public static List<Guest> guests(String text) {
        List<Guest> out = new ArrayList<>();
        String uuid = null;
        String section = null;
        String name = null;
        String state = null;
        List<Nic> nics = new ArrayList<>();
        List<Disk> disks = new ArrayList<>();
        for (String line : (text + "\n@@guest END").split("\n")) {
            if (line.startsWith("@@guest ")) {
                if (uuid != null) {
                    out.add(new Guest(uuid, name == null ? uuid : name, state == null ? "unknown" : state, List.copyOf(nics),
                            List.copyOf(disks)));
                }
                uuid = line.substring(8).strip().toLowerCase(Locale.ROOT);
                section = null;
                name = null;
                state = null;
                nics = new ArrayList<>();
                disks = new ArrayList<>();
                continue;
            }
            if (line.startsWith("@@")) {
                section = line.substring(2).strip();
                continue;
            }
            String l = line.strip();
            if (section == null || l.isEmpty() || l.startsWith("---")) {
                continue;
            }
            switch (section) {
                case "name" -> {
                    if (name == null) {
                        name = line.replaceAll("\\s+$", "");
                    }
                }
                case "state" -> {
                    if (state == null) {
                        state = l.toLowerCase(Locale.ROOT);
                    }
                }
                case "nics" -> {
                    String[] t = l.split("\\s+");
                    if (t.length >= 2 && MAC.matcher(t[t.length - 1]).matches()) {
                        nics.add(new Nic(t[t.length - 1].toLowerCase(Locale.ROOT), t.length >= 5 ? t[2] : "-"));
                    }
                }
                case "disks" -> {
                    String[] t = l.split("\\s+", 4);
                    if (t.length == 4 && !(t[0].equals("Type") && t[1].equals("Device"))) {
                        disks.add(new Disk(t[0], t[1], t[2], t[3].strip()));
                    }
                }
                default -> { }
            }
        }
        return out;
    }

    public static Versions versions(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        String hvName = null;
        String hv = null;
        String libvirt = null;
        for (String line : text.split("\n")) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (eq > 0 && !l.contains(":")) {
                m.put(l.substring(0, eq), l.substring(eq + 1).replace("\"", "").strip());
            } else if (l.startsWith("Using library:")) {
                String[] t = l.substring("Using library:".length()).strip().split("\\s+");
                libvirt = t[t.length - 1];
            } else if (l.startsWith("Running hypervisor:")) {
                String[] t = l.substring("Running hypervisor:".length()).strip().split("\\s+");
                hvName = t[0];
                hv = t.length > 1 ? t[t.length - 1] : null;
            }
        }
        return new Versions(m.get("ID"), m.get("VERSION_ID"), m.get("KERNEL"), libvirt, hvName, hv);
    }

    public static List<Pool> pools(String text) {
        List<Pool> out = new ArrayList<>();
        for (String part : text.split("@@pool")) {
            String xml = part.strip();
            if (xml.isEmpty()) {
                continue;
            }
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                f.setExpandEntityReferences(false);
                Document d = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
                Element root = d.getDocumentElement();
                String type = root.getAttribute("type");
                String name = text(root, "name");
                String host = attr(root, "host", "name");
                String src = firstNonBlank(attr(root, "dir", "path"), attr(root, "device", "path"), sourceName(root));
                boolean shared = List.of("netfs", "iscsi", "iscsi-direct", "rbd", "gluster", "sheepdog", "vstorage")
                        .contains(type);
                out.add(new Pool(name, type, shared ? type + "://" + (host == null ? "" : host) + "/" + (src == null ? "" : src)
                        : null));
            } catch (Exception e) {
                out.add(new Pool("(unreadable pool definition)", "unknown", null));
            }
        }
        return out;
    }

    /** The first lock_manager assignment of qemu.conf (libvirt-config probe), "" when absent, null when not collected. */
    public static String lockManager(FleetHost h) {
        String conf = output(h, "libvirt-config", "qemu-conf");
        if (conf == null) {
            return null;
        }
        for (String line : conf.split("\n")) {
            Matcher m = LOCK.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        return "";
    }

    private static String sourceName(Element root) {
        NodeList src = root.getElementsByTagName("source");
        if (src.getLength() == 0) {
            return null;
        }
        NodeList names = ((Element) src.item(0)).getElementsByTagName("name");
        return names.getLength() == 0 ? null : names.item(0).getTextContent().strip();
    }

    private static String text(Element root, String tag) {
        NodeList l = root.getElementsByTagName(tag);
        return l.getLength() == 0 ? "" : l.item(0).getTextContent().strip();
    }

    private static String attr(Element root, String tag, String attr) {
        NodeList src = root.getElementsByTagName("source");
        if (src.getLength() == 0) {
            return null;
        }
        NodeList l = ((Element) src.item(0)).getElementsByTagName(tag);
        if (l.getLength() == 0) {
            return null;
        }
        String v = ((Element) l.item(0)).getAttribute(attr);
        return v.isBlank() ? null : v;
    }

    private static String firstNonBlank(String... s) {
        for (String x : s) {
            if (x != null && !x.isBlank()) {
                return x;
            }
        }
        return null;
    }
}
