package org.virtharden.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Per-guest checks whose criteria XPath alone cannot express: console exposure (GU-005), vCPUs against the
 * host's CPUs (GU-008), host-device approval (GU-010) and the guest-agent attestation (GU-018). All read the
 * domain XML of the guest-domain probe (fact {@code xml}) through {@link XmlFacts#parse}, which refuses DTDs.
 */
final class GuestEvaluators {
    private GuestEvaluators() {
    }

    static void register(Map<String, CheckEvaluator> m) {
        m.put("guest-console", GuestEvaluators::console);
        m.put("guest-vcpus", GuestEvaluators::vcpus);
        m.put("guest-hostdev", GuestEvaluators::hostdev);
        m.put("guest-agent", GuestEvaluators::agent);
    }

    static Document domain(EvaluationContext ctx) {
        String xml = ctx.fact("xml");
        if (xml == null || xml.isBlank()) {
            throw new IllegalArgumentException("no domain XML");
        }
        return XmlFacts.parse(xml);
    }

    static List<Element> select(Object ctxNode, String expr) {
        XPath xp = XPathFactory.newInstance().newXPath();
        try {
            NodeList nl = (NodeList) xp.evaluate(expr, ctxNode, XPathConstants.NODESET);
            List<Element> out = new ArrayList<>();
            for (int i = 0; i < nl.getLength(); i++) {
                if (nl.item(i) instanceof Element e) {
                    out.add(e);
                }
            }
            return out;
        } catch (XPathExpressionException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(Object ctxNode, String expr) {
        try {
            return XPathFactory.newInstance().newXPath().evaluate(expr, ctxNode).strip();
        } catch (XPathExpressionException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean loopback(String addr) {
        String a = addr.strip().toLowerCase(Locale.ROOT);
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        return a.startsWith("127.") || a.equals("::1") || a.equals("localhost") || a.equals("0:0:0:0:0:0:0:1");
    }

    /** GU-005: where each VNC/SPICE console listens and what protects it, as far as the read-only XML shows. */
    static Outcome console(Check check, EvaluationContext ctx) {
        Document d = domain(ctx);
        Verdict v = new Verdict();
        List<Element> consoles = new ArrayList<>();
        for (Element g : select(d, "/domain/devices/graphics")) {
            String type = g.getAttribute("type");
            if (type.equals("vnc") || type.equals("spice") || type.equals("rdp")) {
                consoles.add(g);
            } else {
                v.seen(type + " (local display, no network listener)");
            }
        }
        if (consoles.isEmpty()) {
            return v.outcome("no VNC/SPICE console, or one on loopback/socket/none",
                    "no VNC/SPICE/RDP console in the domain XML");
        }
        // with root, the persistent definition (/etc/libvirt/qemu/NAME.xml) shows passwd= that the read-only socket hides
        String persistentXml = ctx.fact("persistent");
        Document persistent = persistentXml != null && persistentXml.contains("<domain") ? XmlFacts.parse(persistentXml) : null;
        for (Element g : consoles) {
            String type = g.getAttribute("type");
            // libvirt prints passwdValidTo/connected only when a password is set; passwd itself only with --security-info.
            boolean password = !g.getAttribute("passwd").isEmpty() || g.hasAttribute("passwdValidTo") || g.hasAttribute("connected");
            boolean knownWithoutPassword = false;
            if (persistent != null && !password) {
                boolean anyOfType = false;
                for (Element pg : select(persistent, "/domain/devices/graphics")) {
                    if (pg.getAttribute("type").equals(type)) {
                        anyOfType = true;
                        password |= pg.hasAttribute("passwd");
                    }
                }
                knownWithoutPassword = anyOfType && !password;
            }
            boolean tls = type.equals("spice") && g.getAttribute("defaultMode").equals("secure");
            List<String> listens = new ArrayList<>();
            for (Element l : select(g, "listen")) {
                String lt = l.getAttribute("type");
                switch (lt) {
                    case "socket" -> listens.add("socket");
                    case "none" -> listens.add("none");
                    case "network" -> listens.add(l.getAttribute("address").isEmpty()
                            ? "network:" + l.getAttribute("network") : l.getAttribute("address"));
                    default -> listens.add(l.getAttribute("address"));
                }
            }
            if (listens.isEmpty()) {
                listens.add(g.hasAttribute("socket") ? "socket" : g.getAttribute("listen"));
            }
            for (String addr : listens) {
                String where = type + " " + (addr.isEmpty() ? "(host default listen)" : addr)
                        + (tls ? " TLS" : "") + (password ? " password set" : "");
                v.seen(where);
                if (addr.equals("socket") || addr.equals("none") || !addr.isEmpty() && loopback(addr)) {
                    continue;
                }
                if (addr.isEmpty()) {
                    v.note(type + " console names no address: the host default " + type + "_listen applies (judged by HV-019)");
                    continue;
                }
                if (addr.startsWith("network:")) {
                    v.warn(type + " console listens on the address of libvirt network " + addr.substring(8)
                            + " (resolved at start): verify it is the management network");
                    continue;
                }
                if (password && tls) {
                    continue;
                }
                String any = addr.equals("0.0.0.0") || addr.equals("::") ? " (all addresses)" : " (non-loopback)";
                if (password) {
                    v.warn(type + " console on " + addr + any + " has a password but no TLS visible in the XML"
                            + (type.equals("vnc") ? " (vnc_tls/SASL are host-wide, HV-019)" : " (defaultMode is not secure)"));
                } else if (knownWithoutPassword) {
                    v.fail(type + " console on " + addr + any + " without a password (the persistent definition sets none)");
                } else {
                    v.warn(type + " console on " + addr + any + ": password unknown on the read-only socket"
                            + (tls ? "" : type.equals("vnc") ? ", TLS/SASL host-wide (HV-019)" : ", defaultMode not secure"));
                }
            }
        }
        return v.outcome("console on loopback, a UNIX socket or none; or TLS and a password on the management address",
                "every console listens on loopback, a UNIX socket or none");
    }

    /** GU-008: the guest's maximum vCPU count against the host's logical CPUs (nodeinfo CPU(s)). */
    static Outcome vcpus(Check check, EvaluationContext ctx) {
        Document d = domain(ctx);
        String vcpu = text(d, "/domain/vcpu");
        Long guest = Facts.firstLong(vcpu);
        Long host = Facts.firstLong(ctx.fact("nodeinfo.cpu(s)"));
        if (guest == null) {
            guest = 1L; // libvirt's default when <vcpu> is absent
        }
        if (host == null || host <= 0) {
            return Outcome.error("nodeinfo gave no CPU(s) line");
        }
        boolean limited = !select(d, "/domain/cputune/shares | /domain/cputune/quota | /domain/cputune/vcpupin | /domain/cputune/global_quota").isEmpty();
        Verdict v = new Verdict().seen("guest vCPUs (maximum) " + guest).seen("host logical CPUs " + host);
        if (limited) {
            v.seen("cputune shares/quota/pinning present");
        }
        if (guest > host) {
            v.fail(guest + " vCPUs > " + host + " host logical CPUs");
        } else if (guest.equals(host)) {
            v.warn(guest + " vCPUs = host logical CPUs: the guest can saturate every host CPU"
                    + (limited ? " (cputune limits present: verify them)" : ""));
        }
        return v.outcome("vCPUs < host logical CPUs", guest + " vCPUs < " + host + " host logical CPUs");
    }

    /** GU-010: every hostdev/redirdev/smartcard named, and compared with the approved list. */
    static Outcome hostdev(Check check, EvaluationContext ctx) {
        Document d = domain(ctx);
        List<String[]> devices = new ArrayList<>(); // {id, description}
        for (Element h : select(d, "/domain/devices/hostdev")) {
            String type = h.getAttribute("type");
            switch (type) {
                case "pci" -> {
                    Element a = first(select(h, "source/address"));
                    String id = a == null ? "pci:?" : String.format(Locale.ROOT, "pci:%04x:%02x:%02x.%x",
                            hex(a.getAttribute("domain")), hex(a.getAttribute("bus")), hex(a.getAttribute("slot")), hex(a.getAttribute("function")));
                    devices.add(new String[] {id, "PCI " + id.substring(4) + " (DMA-capable: IOMMU isolation needed)"});
                }
                case "usb" -> {
                    String vendor = text(h, "source/vendor/@id").replaceFirst("^0x", "");
                    String product = text(h, "source/product/@id").replaceFirst("^0x", "");
                    String id = !vendor.isEmpty() ? "usb:" + vendor + ":" + product
                            : "usb:bus" + text(h, "source/address/@bus") + "." + text(h, "source/address/@device");
                    devices.add(new String[] {id.toLowerCase(Locale.ROOT), "USB " + id.substring(4)});
                }
                case "mdev" -> {
                    String id = "mdev:" + text(h, "source/address/@uuid");
                    devices.add(new String[] {id.toLowerCase(Locale.ROOT), "mediated device " + id.substring(5)});
                }
                case "scsi", "scsi_host" -> {
                    String id = type + ":" + (type.equals("scsi") ? text(h, "source/adapter/@name") : text(h, "source/@wwpn"));
                    devices.add(new String[] {id.toLowerCase(Locale.ROOT), "SCSI " + id});
                }
                default -> devices.add(new String[] {"hostdev:" + type, "hostdev type " + type});
            }
        }
        for (Element r : select(d, "/domain/devices/redirdev")) {
            String id = "redirdev:" + r.getAttribute("bus");
            devices.add(new String[] {id, "USB redirection (" + r.getAttribute("type") + ")"});
        }
        for (Element s : select(d, "/domain/devices/smartcard")) {
            devices.add(new String[] {"smartcard", "smartcard (" + s.getAttribute("mode") + ")"});
        }
        if (devices.isEmpty()) {
            return Outcome.notApplicable("no hostdev, redirdev or smartcard in the domain XML");
        }
        List<String> approved = Settings.list(ctx, Settings.DEVICES_APPROVED);
        Verdict v = new Verdict();
        for (String[] dev : devices) {
            v.seen(dev[1]);
            String bare = dev[0].contains(":") ? dev[0].substring(dev[0].indexOf(':') + 1) : dev[0];
            boolean ok = approved.contains(dev[0]) || approved.contains(bare);
            if (ok) {
                continue;
            }
            if (approved.isEmpty()) {
                v.warn(dev[1] + " [" + dev[0] + "]: verify approval (devices.approved is empty)");
            } else {
                v.fail(dev[1] + " [" + dev[0] + "] is not on the approved list");
            }
        }
        if (v.clean()) {
            v.note("IOMMU on and group isolation are host-side checks (HV-005), not verified here");
        }
        return v.outcome("every host device on the approved list (devices.approved)",
                "every host device is on the approved list");
    }

    private static Element first(List<Element> l) {
        return l.isEmpty() ? null : l.get(0);
    }

    private static int hex(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return 0;
        }
        return t.startsWith("0x") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
    }

    /** GU-018: the agent channel is present (applies-when); PASS only with the operator's attestation. */
    static Outcome agent(Check check, EvaluationContext ctx) {
        Document d = domain(ctx);
        String name = text(d, "/domain/name");
        String uuid = text(d, "/domain/uuid").toLowerCase(Locale.ROOT);
        Node ch = first(select(d, "/domain/devices/channel[target/@name='org.qemu.guest_agent.0']"));
        String state = ch == null ? "" : text(ch, "target/@state");
        List<String> attested = Conditions.tokens(Settings.get(ctx, Settings.AGENT_RPCS_RESTRICTED));
        boolean ok = attested.contains("*") || attested.contains(name)
                || attested.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(uuid));
        Verdict v = new Verdict().seen("guest-agent channel org.qemu.guest_agent.0" + (state.isEmpty() ? "" : " (" + state + ")"));
        if (!ok) {
            v.warn("agent channel present: in-guest RPC scope unverified (guest-exec*/guest-file-* blocking not attested in agent.rpcs.restricted)");
        }
        return v.outcome("agent only where needed, with guest-exec* and guest-file-* blocked in the guest",
                "operator attests that the in-guest qemu-ga blocks guest-exec* and guest-file-*");
    }
}
