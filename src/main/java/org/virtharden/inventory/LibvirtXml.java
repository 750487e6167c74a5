package org.virtharden.inventory;

import java.util.ArrayList;
import java.util.List;
import org.virtharden.catalog.XmlFacts;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Parses libvirt domain, network and pool XML (host-supplied: parsed without DTDs or entities). */
public final class LibvirtXml {
    private LibvirtXml() {
    }

    public static DomainModel domain(String xml) {
        Element d = XmlFacts.parse(xml).getDocumentElement();
        Element os = first(d, "os");
        Element osType = os == null ? null : first(os, "type");
        Element loader = os == null ? null : first(os, "loader");
        String firmware = os != null && !os.getAttribute("firmware").isEmpty() ? os.getAttribute("firmware")
                : loader != null ? "efi" : "bios";
        boolean secure = loader != null && "yes".equals(loader.getAttribute("secure"));
        if (os != null) {
            for (Element f : all(os, "feature")) {
                if ("secure-boot".equals(f.getAttribute("name")) && "yes".equals(f.getAttribute("enabled"))) {
                    secure = true;
                }
            }
        }
        Element devices = first(d, "devices");
        List<DomainModel.Graphics> graphics = new ArrayList<>();
        List<DomainModel.Disk> disks = new ArrayList<>();
        List<DomainModel.Nic> nics = new ArrayList<>();
        List<String> hostdevs = new ArrayList<>();
        List<DomainModel.FsShare> shares = new ArrayList<>();
        List<DomainModel.CharDevice> chars = new ArrayList<>();
        boolean agent = false;
        boolean tpm = false;
        String balloon = "none";
        if (devices != null) {
            for (Element g : children(devices, "graphics")) {
                Element l = first(g, "listen");
                String listen = !g.getAttribute("listen").isEmpty() ? g.getAttribute("listen")
                        : l == null ? "" : "socket".equals(l.getAttribute("type")) ? "socket"
                        : "none".equals(l.getAttribute("type")) ? "none" : l.getAttribute("address");
                boolean tls = "secure".equals(g.getAttribute("defaultMode"))
                        || children(g, "channel").stream().anyMatch(c -> "secure".equals(c.getAttribute("mode")));
                graphics.add(new DomainModel.Graphics(g.getAttribute("type"), listen, g.hasAttribute("passwd"),
                        "yes".equals(g.getAttribute("autoport")), tls));
            }
            for (Element k : children(devices, "disk")) {
                Element src = first(k, "source");
                Element drv = first(k, "driver");
                String source = src == null ? "" : firstNonEmpty(src.getAttribute("file"), src.getAttribute("dev"),
                        src.getAttribute("name"), src.getAttribute("volume"));
                Element bs = first(k, "backingStore");
                Element bsrc = bs == null ? null : first(bs, "source");
                disks.add(new DomainModel.Disk(k.getAttribute("device"), k.getAttribute("type"), source,
                        drv == null ? "" : drv.getAttribute("type"), first(k, "shareable") != null,
                        src != null && first(src, "encryption") != null || first(k, "encryption") != null,
                        first(k, "readonly") != null, drv == null ? "" : drv.getAttribute("cache"),
                        bsrc == null ? "" : firstNonEmpty(bsrc.getAttribute("file"), bsrc.getAttribute("dev"), bsrc.getAttribute("name"))));
            }
            for (Element n : children(devices, "interface")) {
                Element src = first(n, "source");
                String source = src == null ? "" : firstNonEmpty(src.getAttribute("network"), src.getAttribute("bridge"),
                        src.getAttribute("dev"));
                Element mac = first(n, "mac");
                Element model = first(n, "model");
                Element filter = first(n, "filterref");
                List<String> tags = new ArrayList<>();
                Element vlan = first(n, "vlan");
                if (vlan != null) {
                    all(vlan, "tag").forEach(t -> tags.add(t.getAttribute("id")));
                }
                nics.add(new DomainModel.Nic(n.getAttribute("type"), source, mac == null ? "" : mac.getAttribute("address"),
                        model == null ? "" : model.getAttribute("type"), filter == null ? "" : filter.getAttribute("filter"),
                        tags, "yes".equals(n.getAttribute("trustGuestRxFilters"))));
            }
            children(devices, "hostdev").forEach(h -> hostdevs.add(h.getAttribute("type")));
            children(devices, "redirdev").forEach(h -> hostdevs.add("redir-" + h.getAttribute("bus")));
            for (Element f : children(devices, "filesystem")) {
                Element src = first(f, "source");
                Element tgt = first(f, "target");
                Element drv = first(f, "driver");
                shares.add(new DomainModel.FsShare(drv == null ? "" : drv.getAttribute("type"),
                        src == null ? "" : src.getAttribute("dir"), tgt == null ? "" : tgt.getAttribute("dir"),
                        first(f, "readonly") != null));
            }
            for (String kind : List.of("serial", "console", "channel", "parallel")) {
                for (Element c : children(devices, kind)) {
                    Element src = first(c, "source");
                    Element proto = first(c, "protocol");
                    Element tgt = first(c, "target");
                    if ("channel".equals(kind) && tgt != null && "org.qemu.guest_agent.0".equals(tgt.getAttribute("name"))) {
                        agent = true;
                    }
                    chars.add(new DomainModel.CharDevice(kind, c.getAttribute("type"), src == null ? "" : src.getAttribute("mode"),
                            src == null ? "" : src.getAttribute("host"), src == null ? "" : src.getAttribute("service"),
                            proto == null ? "" : proto.getAttribute("type")));
                }
            }
            tpm = !children(devices, "tpm").isEmpty();
            Element mb = first(devices, "memballoon");
            balloon = mb == null ? "none" : mb.getAttribute("model");
        }
        List<DomainModel.SecLabel> labels = new ArrayList<>();
        for (Element s : children(d, "seclabel")) {
            Element label = first(s, "label");
            labels.add(new DomainModel.SecLabel(s.getAttribute("type"), s.getAttribute("model"), s.getAttribute("relabel"),
                    label == null ? "" : label.getTextContent().strip()));
        }
        Element cpu = first(d, "cpu");
        return new DomainModel(d.getAttribute("type"), osType == null ? "" : osType.getAttribute("machine"), firmware, secure,
                tpm, cpu == null ? "" : cpu.getAttribute("mode"), graphics, disks, nics, hostdevs, shares, chars, labels, agent,
                balloon, !all(d, "qemu:commandline").isEmpty(), first(d, "memtune") != null, first(d, "cputune") != null,
                first(d, "blkiotune") != null);
    }

    /** A network from its XML; active and autostart come from the source. */
    public static Inventory.Network network(String xml, boolean active, boolean autostart) {
        Element n = XmlFacts.parse(xml).getDocumentElement();
        Element fwd = first(n, "forward");
        Element bridge = first(n, "bridge");
        List<String> addrs = new ArrayList<>();
        boolean dhcp = false;
        for (Element ip : children(n, "ip")) {
            addrs.add(ip.getAttribute("address") + (ip.hasAttribute("prefix") ? "/" + ip.getAttribute("prefix")
                    : ip.hasAttribute("netmask") ? "/" + ip.getAttribute("netmask") : ""));
            dhcp |= first(ip, "dhcp") != null;
        }
        return new Inventory.Network(text(n, "name"), active, autostart, fwd == null ? "isolated" : fwd.getAttribute("mode"),
                bridge == null ? "" : bridge.getAttribute("name"), addrs, dhcp);
    }

    public static Inventory.Pool pool(String xml, boolean active, boolean autostart) {
        Element p = XmlFacts.parse(xml).getDocumentElement();
        Element target = first(p, "target");
        Element perms = target == null ? null : first(target, "permissions");
        return new Inventory.Pool(text(p, "name"), active, autostart, p.getAttribute("type"),
                target == null ? "" : text(target, "path"), perms == null ? "" : text(perms, "mode"));
    }

    /** A snapshot from {@code snapshot-dumpxml}; whether it is current comes from the source. */
    public static Inventory.Snapshot snapshot(String xml, boolean current) {
        Element s = XmlFacts.parse(xml).getDocumentElement();
        Element mem = first(s, "memory");
        Element parent = first(s, "parent");
        long created;
        try {
            created = Long.parseLong(text(s, "creationTime"));
        } catch (NumberFormatException e) {
            created = 0;
        }
        return new Inventory.Snapshot(text(s, "name"), created, text(s, "state"), mem == null ? "" : mem.getAttribute("snapshot"),
                parent == null ? "" : text(parent, "name"), text(s, "description"), current);
    }

    private static String text(Element e, String child) {
        Element c = first(e, child);
        return c == null ? "" : c.getTextContent().strip();
    }

    private static String firstNonEmpty(String... v) {
        for (String s : v) {
            if (s != null && !s.isEmpty()) {
                return s;
            }
        }
        return "";
    }

    /** The first direct child element with this name. */
    static Element first(Element e, String name) {
        List<Element> c = children(e, name);
        return c.isEmpty() ? null : c.get(0);
    }

    static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el && el.getTagName().equals(name)) {
                out.add(el);
            }
        }
        return out;
    }

    /** All descendants with this (possibly prefixed) name. */
    static List<Element> all(Element e, String name) {
        NodeList l = e.getElementsByTagName(name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < l.getLength(); i++) {
            out.add((Element) l.item(i));
        }
        return out;
    }
}
