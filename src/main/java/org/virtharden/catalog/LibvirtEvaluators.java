package org.virtharden.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** libvirt host configuration: remote API (HV-017), console defaults (HV-019), file permissions (HV-029). */
final class LibvirtEvaluators {
    private static final Pattern LISTEN_FLAG = Pattern.compile("(^|\\s)(--listen|-l)(\\s|$)");
    private static final Pattern STAT = Pattern.compile("^([0-7]{3,4})\\s+(\\S+):(\\S+)\\s+(\\S)\\S*\\s+(/.+)$");

    private LibvirtEvaluators() {
    }

    static void register(Map<String, CheckEvaluator> m) {
        m.put("libvirt-remote", LibvirtEvaluators::remote);
        m.put("libvirt-console-defaults", LibvirtEvaluators::consoleDefaults);
        m.put("libvirt-perms", LibvirtEvaluators::perms);
        m.put("pool-storage", LibvirtEvaluators::poolStorage);
        m.put("libvirt-networks", LibvirtEvaluators::networks);
        m.put("virt-host-validate", LibvirtEvaluators::hostValidate);
        m.put("nested-virt", LibvirtEvaluators::nested);
    }

    /** "enabled active" style state of a unit from the {@code units} command, or "". */
    static String unit(EvaluationContext ctx, String name) {
        return Facts.text(ctx, "units." + name);
    }

    static boolean unitOn(EvaluationContext ctx, String name) {
        String[] s = unit(ctx, name).split("\\s+");
        return s.length >= 1 && (s[0].equals("enabled") || s[0].equals("enabled-runtime") || s[0].equals("static")
                || s[0].equals("indirect")) || s.length >= 2 && s[1].equals("active");
    }

    /** HV-017: TCP/TLS listeners of libvirtd or virtproxyd and how they authenticate. */
    static Outcome remote(Check check, EvaluationContext ctx) {
        boolean modular = unitOn(ctx, "virtproxyd.socket") || unitOn(ctx, "virtproxyd.service")
                || !(unitOn(ctx, "libvirtd.socket") || unitOn(ctx, "libvirtd.service")) && unitOn(ctx, "virtqemud.socket");
        String conf = modular ? "virtproxyd-conf" : "libvirtd-conf";
        String daemon = modular ? "virtproxyd" : "libvirtd";
        boolean listenFlag = LISTEN_FLAG.matcher(Facts.text(ctx, "libvirtd-args")).find();
        List<Net.Listener> ls = Net.listeners(Facts.text(ctx, "listeners"));
        List<Net.Listener> tcpSockets = ls.stream().filter(l -> l.port().equals("16509")).toList();
        List<Net.Listener> tlsSockets = ls.stream().filter(l -> l.port().equals("16514")).toList();
        boolean tcpUnit = unitOn(ctx, daemon + "-tcp.socket");
        boolean tlsUnit = unitOn(ctx, daemon + "-tls.socket");
        boolean tcp = !tcpSockets.isEmpty() || tcpUnit || listenFlag && Facts.isTrue(ctx.fact(conf + ".listen_tcp"));
        String listenTls = ctx.fact(conf + ".listen_tls");
        boolean tls = !tlsSockets.isEmpty() || tlsUnit || listenFlag && (listenTls == null || Facts.isTrue(listenTls));
        Verdict v = new Verdict();
        v.seen(daemon + (modular ? " (modular daemons)" : " (monolithic daemon)"));
        if (!tcp && !tls) {
            return Outcome.notApplicable("no libvirt network listener (no socket on 16509/16514, no "
                    + daemon + "-tcp/tls socket unit, no --listen): remote access only via qemu+ssh");
        }
        if (tcp) {
            String auth = lowerOr(ctx.fact(conf + ".auth_tcp"), "sasl");
            String mech = Facts.text(ctx, "sasl").toLowerCase(Locale.ROOT).replaceFirst("^\\s*mech_list\\s*:\\s*", "").strip();
            v.seen("TCP 16509 " + (tcpSockets.isEmpty() ? (tcpUnit ? "(socket unit " + unit(ctx, daemon + "-tcp.socket") + ")" : "(--listen)")
                    : endpoints(tcpSockets)) + ", auth_tcp " + auth + (mech.isEmpty() ? "" : ", mech_list " + mech));
            if (auth.equals("none")) {
                v.fail("TCP listener with auth_tcp = \"none\": anyone who reaches port 16509 controls every guest");
            } else if (!mech.equals("gssapi")) {
                v.warn("plain TCP listener authenticated by SASL " + (mech.isEmpty() ? "(mech_list unset)" : mech)
                        + " rather than GSSAPI (Kerberos); the session is not TLS-protected");
            }
        }
        if (tls) {
            String noVerify = lowerOr(ctx.fact(conf + ".tls_no_verify_certificate"), "0");
            String auth = lowerOr(ctx.fact(conf + ".auth_tls"), "none");
            String dn = ctx.fact(conf + ".tls_allowed_dn_list");
            boolean wildcard = tlsSockets.isEmpty() ? tlsUnit : tlsSockets.stream().anyMatch(l -> Net.isWildcard(l.address()));
            v.seen("TLS 16514 " + (tlsSockets.isEmpty() ? "(socket unit or --listen)" : endpoints(tlsSockets))
                    + ", auth_tls " + auth + ", tls_no_verify_certificate " + noVerify);
            if (Facts.isTrue(noVerify) && auth.equals("none")) {
                v.fail("TLS listener with tls_no_verify_certificate = 1 and auth_tls = \"none\": any client certificate is accepted");
            }
            if (wildcard) {
                v.warn("TLS listener bound to all addresses (bind it to the management IP)");
            }
            if (dn == null || dn.isBlank()) {
                v.warn("tls_allowed_dn_list not set: any certificate from the CA is a valid credential");
            }
        }
        return v.outcome("no TCP listener (or SASL GSSAPI only); TLS on the management IP with client verification and "
                + "tls_allowed_dn_list", "remote libvirt access requires authenticated TLS");
    }

    private static String endpoints(List<Net.Listener> ls) {
        List<String> out = new ArrayList<>();
        ls.forEach(l -> out.add(l.endpoint()));
        return String.join(", ", out);
    }

    static String lowerOr(String v, String dflt) {
        return v == null ? dflt : v.strip().toLowerCase(Locale.ROOT);
    }

    /** HV-019: vnc_listen/spice_listen defaults in qemu.conf. */
    static Outcome consoleDefaults(Check check, EvaluationContext ctx) {
        Verdict v = new Verdict();
        String verifyDefault = lowerOr(ctx.fact("qemu-conf.default_tls_x509_verify"), "0");
        console(v, ctx, "vnc", verifyDefault);
        console(v, ctx, "spice", verifyDefault);
        String rdp = ctx.fact("qemu-conf.rdp_listen");
        if (rdp != null) {
            v.seen("rdp_listen " + rdp);
        }
        return v.outcome("vnc_listen/spice_listen on 127.0.0.1 or unix sockets; otherwise TLS (vnc_tls with x509 verify, "
                + "or SASL; spice_tls)", "new guests get local-only consoles by default");
    }

    private static void console(Verdict v, EvaluationContext ctx, String kind, String verifyDefault) {
        String listen = lowerOr(ctx.fact("qemu-conf." + kind + "_listen"), "127.0.0.1");
        boolean unix = Facts.isTrue(ctx.fact("qemu-conf." + kind + "_auto_unix_socket"));
        v.seen(kind + "_listen " + listen + (unix ? " (auto unix socket)" : ""));
        if (unix || Net.isLoopback(listen)) {
            return;
        }
        boolean tlsOn = Facts.isTrue(ctx.fact("qemu-conf." + kind + "_tls"));
        String where = Net.isWildcard(listen) ? "all addresses (" + listen + ")" : listen;
        if (kind.equals("vnc")) {
            boolean sasl = Facts.isTrue(ctx.fact("qemu-conf.vnc_sasl"));
            String verify = lowerOr(ctx.fact("qemu-conf.vnc_tls_x509_verify"), verifyDefault);
            if (!tlsOn && !sasl) {
                v.fail("VNC listens on " + where + " without vnc_tls or vnc_sasl");
            } else if (tlsOn && !Facts.isTrue(verify) && !sasl) {
                v.warn("vnc_tls without client-certificate verification (vnc_tls_x509_verify/default_tls_x509_verify)");
            }
        } else if (!tlsOn) {
            v.fail("SPICE listens on " + where + " without spice_tls");
        }
    }

    /** HV-029: ownership and modes of libvirt configs, hooks, secrets and TLS private keys. */
    static Outcome perms(Check check, EvaluationContext ctx) {
        Verdict v = new Verdict();
        String qemuGroup = "rhel".equals(ctx.osFamily()) ? "qemu" : "kvm";
        int n = 0;
        for (String line : Facts.lines(Facts.text(ctx, "stat"))) {
            Matcher m = STAT.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            n++;
            int mode = Integer.parseInt(m.group(1), 8);
            String owner = m.group(2);
            String group = m.group(3);
            boolean dir = m.group(4).equals("d");
            String path = m.group(5);
            String shown = path + " " + m.group(1) + " " + owner + ":" + group;
            boolean writableByOthers = (mode & 0022) != 0 || !owner.equals("root");
            if (path.startsWith("/etc/libvirt/hooks")) {
                if (writableByOthers) {
                    v.fail("hook " + shown + " is writable by non-root (hooks run as root on every VM event)");
                }
            } else if (path.equals("/etc/libvirt/secrets")) {
                if (writableByOthers) {
                    v.fail("secrets dir " + shown + " is writable by non-root");
                } else if ((mode & 0077) != 0) {
                    v.warn("secrets dir " + shown + " is not 0700");
                }
            } else if (path.startsWith("/etc/pki/")) {
                boolean qemuKey = path.startsWith("/etc/pki/qemu/") || path.startsWith("/etc/pki/libvirt-vnc/")
                        || path.startsWith("/etc/pki/libvirt-spice/") || path.startsWith("/etc/pki/libvirt-migrate/");
                boolean ok = owner.equals("root") && ((mode & 0177) == 0 && !dir
                        || qemuKey && group.equals(qemuGroup) && (mode & 0137) == 0);
                if (!ok) {
                    if ((mode & 0007) != 0 || writableByOthers) {
                        v.fail("private key " + shown + " is readable or writable by other users");
                    } else {
                        v.warn("private key " + shown + " (want 0600 root" + (qemuKey ? ", or 0640 root:" + qemuGroup : "") + ")");
                    }
                }
            } else if (path.startsWith("/etc/libvirt/")) {
                if (writableByOthers) {
                    v.fail("config " + shown + " is writable by non-root");
                } else if (path.equals("/etc/libvirt/qemu.conf") && (mode & 0077) != 0) {
                    v.warn("qemu.conf is " + m.group(1) + " (0600 keeps console and TLS passwords private)");
                }
            }
        }
        if (n == 0) {
            return Outcome.notApplicable("no libvirt configuration, hooks or keys on this host");
        }
        v.seen(Facts.plural(n, "path") + " checked");
        return v.outcome("configs and hooks root-owned and not group/world-writable; qemu.conf 0600; secrets 0700; "
                + "private keys 0600 root (0640 root:" + qemuGroup + " for keys QEMU reads)", "libvirt files are root-owned and private");
    }

    /**
     * HV-014. Facts: pools ("dir MODE OWNER:GROUP PATH" per pool directory, "exposed MODE USER:GROUP FILE" per
     * image other users may read or write).
     */
    static Outcome poolStorage(Check check, EvaluationContext ctx) {
        Verdict v = new Verdict();
        int dirs = 0;
        for (String line : Facts.lines(Facts.text(ctx, "pools"))) {
            String[] f = line.strip().split("\\s+", 4);
            if (f.length < 4) {
                continue;
            }
            if (f[0].equals("dir")) {
                dirs++;
                int mode = Integer.parseInt(f[1], 8);
                String path = f[3];
                v.seen(path + " " + f[1] + " " + f[2]);
                if (path.equals("/tmp") || path.startsWith("/tmp/") || path.startsWith("/home/") || path.equals("/home")) {
                    v.fail("pool directory " + path + " is under /tmp or /home");
                }
                if (!f[2].startsWith("root:")) {
                    v.fail(path + " is owned by " + f[2] + ", not root");
                }
                if ((mode & 022) != 0) {
                    v.fail(path + " is writable by group or others (mode " + f[1] + ")");
                } else if ((mode & 004) != 0) {
                    v.warn(path + " is listable by others (mode " + f[1] + "; 0711 or 0750 keep image names private)");
                }
            } else if (f[0].equals("exposed")) {
                v.fail("image " + f[3] + " is readable or writable by others (mode " + f[1] + ")");
            }
        }
        if (dirs == 0) {
            return Outcome.notApplicable("no storage pool directory and no /var/lib/libvirt/images on this host");
        }
        return v.outcome("pool directories root-owned, not writable by group/other, not listable by other (0711/0750/0700);"
                + " no image readable or writable by other; no pool under /home or /tmp",
                "pool directories and images are closed to other users");
    }

    /** VN-007. Facts: networks ("@@network" then net-info lines and net-dumpxml per network). */
    static Outcome networks(Check check, EvaluationContext ctx) {
        Verdict v = new Verdict();
        List<String> approved = Settings.list(ctx, Settings.NETWORKS_APPROVED);
        List<String> unreviewed = new ArrayList<>();
        int count = 0;
        for (String section : Facts.text(ctx, "networks").split("(?m)^@@network$")) {
            String name = null;
            boolean autostart = false;
            for (String line : section.split("\n")) {
                if (line.startsWith("Name:")) {
                    name = line.substring(5).strip();
                } else if (line.startsWith("Autostart:")) {
                    autostart = line.substring(10).strip().equals("yes");
                }
            }
            int xmlStart = section.indexOf("<network");
            if (name == null || xmlStart < 0) {
                continue;
            }
            count++;
            String mode = XmlFacts.evaluate(section.substring(xmlStart), "string(/network/forward/@mode)");
            mode = mode.isEmpty() ? "isolated" : mode;
            v.seen(name + " (" + mode + (autostart ? ", autostart" : "") + ")");
            boolean isApproved = approved.contains(name.toLowerCase(java.util.Locale.ROOT));
            if (!approved.isEmpty() && !isApproved) {
                v.fail("network " + name + " is not in the approved design (networks.approved)");
            } else if (approved.isEmpty()) {
                unreviewed.add(name);
            }
            if (mode.equals("open")) {
                v.warn("network " + name + " uses open mode: libvirt adds no firewall rules; it needs a documented external firewall");
            }
            if (name.equals("default") && autostart && !isApproved) {
                v.warn("the default NAT network autostarts: guests get NAT to every network the host reaches");
            }
        }
        if (count == 0) {
            return new Outcome(Status.PASS, "no libvirt virtual networks", "every network approved", "no libvirt virtual network is defined");
        }
        if (!unreviewed.isEmpty()) {
            v.warn("no approved list (setting networks.approved): confirm these networks against the design: "
                    + String.join(", ", unreviewed));
        }
        return v.outcome("every network in the approved design (networks.approved); no open mode without a firewall;"
                + " the default network not autostarted", "every libvirt network is in the approved design");
    }

    /**
     * HV-005. Facts: validate ("  QEMU: Checking for X : PASS|WARN|FAIL (detail)" lines), guest-hostdevs
     * ("guest UUID pci-hostdevs N", "guest UUID unreadable", or "guests unreadable"). The secure-guest line is
     * left to GU-016. A WARN about the IOMMU becomes FAIL when a guest has a PCI or mdev hostdev (GU-010).
     */
    static Outcome hostValidate(Check check, EvaluationContext ctx) {
        Verdict v = new Verdict();
        List<String> passthrough = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        boolean guestsUnknown = false;
        for (String line : Facts.lines(Facts.text(ctx, "guest-hostdevs"))) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 1 && line.strip().equals("guests unreadable")) {
                guestsUnknown = true;
            } else if (f.length == 4 && f[0].equals("guest") && f[2].equals("pci-hostdevs")) {
                if (!f[3].equals("0")) {
                    passthrough.add(f[1]);
                }
            } else if (f.length == 3 && f[0].equals("guest") && f[2].equals("unreadable")) {
                unreadable.add(f[1]);
            }
        }
        int judged = 0;
        for (String line : Facts.lines(Facts.text(ctx, "validate"))) {
            int colon = line.lastIndexOf(" : ");
            if (colon < 0 || !line.contains("Checking")) {
                continue;
            }
            String what = line.substring(line.indexOf("Checking"), colon).strip();
            String result = line.substring(colon + 3).strip();
            if (what.contains("secure guest support")) {
                continue;
            }
            judged++;
            if (result.startsWith("FAIL")) {
                v.fail(what + ": " + result);
            } else if (result.startsWith("WARN") && what.contains("IOMMU") && !passthrough.isEmpty()) {
                v.fail(what + ": " + result + ", and guest(s) " + String.join(", ", passthrough)
                        + " use PCI/mdev passthrough (GU-010): without an IOMMU the device can DMA into host memory");
            } else if (result.startsWith("WARN")) {
                v.warn(what + ": " + result);
                if (what.contains("IOMMU") && (guestsUnknown || !unreadable.isEmpty())) {
                    v.note("could not read " + (guestsUnknown ? "the guest list" : "guest(s) " + String.join(", ", unreadable))
                            + ": a guest with PCI passthrough would make this a FAIL");
                }
            } else if (result.startsWith("PASS")) {
                v.seen(what.replaceFirst("^Checking (for |if )?", ""));
            }
        }
        if (judged == 0) {
            return Outcome.error("virt-host-validate printed no check lines");
        }
        if (!passthrough.isEmpty()) {
            v.seen("guests with PCI/mdev passthrough: " + String.join(", ", passthrough));
        }
        return v.outcome("every virt-host-validate line PASS (hardware virtualization, /dev/kvm, vhost-net, tun, cgroup"
                + " controllers, IOMMU); IOMMU WARN is FAIL when a guest has a PCI/mdev hostdev",
                "all " + judged + " virt-host-validate checks pass");
    }

    /** HV-007. Facts: nested.kvm_intel / nested.kvm_amd (Y/N/1/0), guest-cpus ("@@guest UUID" then the <cpu> element). */
    static Outcome nested(Check check, EvaluationContext ctx) {
        if (Settings.flag(ctx, Settings.NESTED_ALLOWED)) {
            return Outcome.notApplicable("host documented as a nested-virtualization lab/CI host (nested.allowed)");
        }
        List<String> on = new ArrayList<>();
        for (String m : List.of("kvm_intel", "kvm_amd")) {
            String v = ctx.fact("nested." + m);
            if (v != null && (v.strip().equalsIgnoreCase("y") || v.strip().equals("1"))) {
                on.add(m);
            }
        }
        List<String> exposing = new ArrayList<>();
        for (String section : Facts.text(ctx, "guest-cpus").split("(?m)^@@guest ")) {
            int eol = section.indexOf('\n');
            if (eol < 0 || !section.contains("<cpu")) {
                continue;
            }
            String uuid = section.substring(0, eol).strip();
            String cpu = section.substring(section.indexOf("<cpu"));
            int tagEnd = cpu.indexOf('>');
            int close = cpu.indexOf("</cpu>");
            // just the <cpu> element: self-closing, or up to its end tag
            cpu = tagEnd > 0 && cpu.charAt(tagEnd - 1) == '/' ? cpu.substring(0, tagEnd + 1)
                    : close > 0 ? cpu.substring(0, close + 6) : cpu;
            String mode = XmlFacts.evaluate(cpu, "string(/cpu/@mode)");
            String forced = XmlFacts.evaluate(cpu,
                    "count(/cpu/feature[(@name='vmx' or @name='svm') and (@policy='require' or @policy='force')])");
            if (mode.equals("host-passthrough") || mode.equals("maximum") || !forced.equals("0")) {
                exposing.add(uuid);
            }
        }
        String observed = (on.isEmpty() ? "nested off or kvm not loaded" : "nested on in " + String.join(", ", on))
                + "; guests offered vmx/svm: " + (exposing.isEmpty() ? "none" : String.join(", ", exposing));
        String expected = "nested off, or no guest CPU exposing vmx/svm";
        if (!on.isEmpty() && !exposing.isEmpty()) {
            return new Outcome(Status.WARN, observed, expected, "nested virtualization is on and " + exposing.size()
                    + " guest(s) are offered vmx/svm (" + String.join(", ", exposing) + "): document the need or remove it");
        }
        return new Outcome(Status.PASS, observed, expected, on.isEmpty() ? "nested virtualization is off (or kvm is not loaded)"
                : "nested is on, but no guest is offered vmx/svm");
    }
}
