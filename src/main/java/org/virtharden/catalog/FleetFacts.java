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

    /**
     * A disk; cdrom and floppy devices are read-only media, and read-only or shareable disks are meant to be shared:
     * none of them is a writable disk.
     */
    public record Disk(String type, String device, String target, String source, boolean readonlyOrShareable) {
        public boolean writable() {
            return "disk".equals(device) && !readonlyOrShareable && source != null && !source.isBlank() && !"-".equals(source);
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

    /** The guests of the fleet-facts "guests" output: "@@guest UUID" followed by that guest's domain XML. */
    public static List<Guest> guests(String text) {
        List<Guest> out = new ArrayList<>();
        String[] parts = ("\n" + text).split("\n@@guest ");
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            int nl = part.indexOf('\n');
            String uuid = (nl < 0 ? part : part.substring(0, nl)).strip().toLowerCase(Locale.ROOT);
            String xml = nl < 0 ? "" : part.substring(nl + 1).strip();
            out.add(guest(uuid, xml));
        }
        return out;
    }

    private static Guest guest(String uuid, String xml) {
        try {
            Element root = parse(xml).getDocumentElement();
            String name = text(root, "name");
            String id = root.getAttribute("id");
            String state = !id.isBlank() && !id.equals("-1") ? "running" : "shut off";
            List<Nic> nics = new ArrayList<>();
            List<Disk> disks = new ArrayList<>();
            NodeList devices = root.getElementsByTagName("devices");
            if (devices.getLength() > 0) {
                for (org.w3c.dom.Node n = devices.item(0).getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (!(n instanceof Element e)) {
                        continue;
                    }
                    if (e.getTagName().equals("interface")) {
                        Element mac = child(e, "mac");
                        Element src = child(e, "source");
                        if (mac != null && !mac.getAttribute("address").isBlank()) {
                            nics.add(new Nic(mac.getAttribute("address").toLowerCase(Locale.ROOT), src == null ? "-"
                                    : firstNonBlank(src.getAttribute("bridge"), src.getAttribute("network"), src.getAttribute("dev"), "-")));
                        }
                    } else if (e.getTagName().equals("disk")) {
                        Element src = child(e, "source");
                        Element target = child(e, "target");
                        String source = src == null ? null : firstNonBlank(src.getAttribute("file"), src.getAttribute("dev"),
                                src.getAttribute("dir"), src.getAttribute("name").isBlank() ? null
                                        : src.getAttribute("protocol") + ":" + src.getAttribute("name"),
                                src.getAttribute("volume").isBlank() ? null : src.getAttribute("pool") + "/" + src.getAttribute("volume"));
                        boolean shared = child(e, "readonly") != null || child(e, "shareable") != null;
                        disks.add(new Disk(e.getAttribute("type"), e.getAttribute("device").isBlank() ? "disk" : e.getAttribute("device"),
                                target == null ? "" : target.getAttribute("dev"), source, shared));
                    }
                }
            }
            return new Guest(uuid, name.isBlank() ? uuid : name, state, List.copyOf(nics), List.copyOf(disks));
        } catch (Exception e) {
            return new Guest(uuid, uuid, "unknown (domain XML unreadable)", List.of(), List.of());
        }
    }

    private static Element child(Element parent, String tag) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
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
                Element root = parse(xml).getDocumentElement();
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
