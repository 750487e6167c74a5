package org.virtharden.inventory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.virtharden.transport.CommandResult;
import org.virtharden.transport.Shell;
import org.virtharden.transport.Transport;
import org.virtharden.transport.TransportException;

/**
 * The inventory from {@code virsh -r} over a host's transport, in one round trip. Guest, network and
 * pool names are read by the shell into variables and used quoted; nothing host-supplied is spliced
 * into the command text. The URI (operator configuration) travels quoted too.
 */
public final class VirshInventorySource {
    private final Transport transport;
    private final String uri;

    public VirshInventorySource(Transport transport, String uri) {
        this.transport = transport;
        this.uri = uri == null || uri.isBlank() ? "qemu:///system" : uri;
    }

    /** The script that collects everything; exposed for the test that proves no name is spliced. */
    String script(String marker) {
        String m = Shell.quote(marker);
        return "U=" + Shell.quote(uri) + "\n"
                + "virsh -r -c \"$U\" uri >/dev/null || exit 3\n"
                + "printf '%s VERSION x\\n' " + m + "; virsh -r -c \"$U\" version\n"
                + "virsh -r -c \"$U\" list --all --uuid | while read -r d; do [ -n \"$d\" ] || continue\n"
                + "  printf '%s DOMINFO %s\\n' " + m + " \"$d\"; virsh -r -c \"$U\" dominfo \"$d\"\n"
                + "  printf '%s DOMXML %s\\n' " + m + " \"$d\"; virsh -r -c \"$U\" dumpxml \"$d\"\n"
                // snapshots: names are read into a variable and passed quoted; a guest without any prints nothing
                + "  c=$(virsh -r -c \"$U\" snapshot-current \"$d\" --name 2>/dev/null); i=0\n"
                + "  virsh -r -c \"$U\" snapshot-list \"$d\" --name 2>/dev/null | while read -r s; do [ -n \"$s\" ] || continue; i=$((i + 1))\n"
                + "    if [ \"$s\" = \"$c\" ]; then k=current; else k=other; fi\n"
                + "    printf '%s SNAPXML %s %s %s\\n' " + m + " \"$d\" \"$i\" \"$k\"; virsh -r -c \"$U\" snapshot-dumpxml \"$d\" \"$s\"\n"
                + "  done\n"
                + "done\n"
                + "virsh -r -c \"$U\" net-list --all --name | while read -r n; do [ -n \"$n\" ] || continue\n"
                + "  printf '%s NETINFO %s\\n' " + m + " \"$n\"; virsh -r -c \"$U\" net-info \"$n\"\n"
                + "  printf '%s NETXML %s\\n' " + m + " \"$n\"; virsh -r -c \"$U\" net-dumpxml \"$n\"\n"
                + "done\n"
                + "virsh -r -c \"$U\" pool-list --all --name | while read -r p; do [ -n \"$p\" ] || continue\n"
                + "  printf '%s POOLINFO %s\\n' " + m + " \"$p\"; virsh -r -c \"$U\" pool-info \"$p\"\n"
                + "  printf '%s POOLXML %s\\n' " + m + " \"$p\"; virsh -r -c \"$U\" pool-dumpxml \"$p\"\n"
                + "done\n"
                // daemon model (read-only queries): unit state and the sockets under /run/libvirt
                + "printf '%s DAEMONS x\\n' " + m + "\n"
                + "for u in libvirtd.service libvirtd.socket virtqemud.service virtqemud.socket virtproxyd.service virtproxyd.socket; do\n"
                + "  e=$(systemctl is-enabled \"$u\" 2>/dev/null); a=$(systemctl is-active \"$u\" 2>/dev/null)\n"
                + "  printf 'unit %s %s %s\\n' \"$u\" \"${e:-absent}\" \"${a:-unknown}\"\n"
                + "done\n"
                + "for s in libvirt-sock virtqemud-sock; do [ -S \"/run/libvirt/$s\" ] && printf 'socket %s\\n' \"$s\"; done\n"
                + "printf '%s END x\\n' " + m + "\n";
    }

    public Inventory collect(Duration timeout) throws TransportException, InventoryException {
        byte[] nonce = new byte[8];
        new SecureRandom().nextBytes(nonce);
        String marker = "@@VI-" + HexFormat.of().formatHex(nonce) + "@@";
        CommandResult r = transport.run(script(marker), false, timeout);
        if (r.exitCode() != 0 || !r.stdout().contains(marker + " END")) {
            String why = r.stderr().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("exit " + r.exitCode());
            throw new InventoryException("could not read libvirt at " + uri + " on " + transport.target() + ": " + why);
        }
        Map<String, Map<String, String>> sections = new HashMap<>();
        String kind = null;
        String key = null;
        StringBuilder body = new StringBuilder();
        for (String line : r.stdout().split("\n", -1)) {
            if (line.startsWith(marker + " ")) {
                if (kind != null) {
                    sections.computeIfAbsent(kind, k -> new java.util.LinkedHashMap<>()).put(key, body.toString());
                }
                String rest = line.substring(marker.length() + 1);
                int sp = rest.indexOf(' ');
                kind = rest.substring(0, sp);
                key = rest.substring(sp + 1);
                body.setLength(0);
            } else if (kind != null) {
                body.append(line).append('\n');
            }
        }
        List<Inventory.Guest> guests = new ArrayList<>();
        sections.getOrDefault("DOMXML", Map.of()).forEach((uuid, xml) -> {
            Map<String, String> info = colonKv(sections.get("DOMINFO").get(uuid));
            List<Inventory.Snapshot> snaps = new ArrayList<>();
            sections.getOrDefault("SNAPXML", Map.of()).forEach((k, sx) -> {
                String[] p = k.split(" ");
                if (p.length == 3 && p[0].equals(uuid)) {
                    snaps.add(LibvirtXml.snapshot(sx, p[2].equals("current")));
                }
            });
            guests.add(new Inventory.Guest(uuid, info.getOrDefault("name", uuid), Inventory.state(info.get("state")),
                    "yes".equals(info.get("persistent")), "enable".equals(info.get("autostart")), LibvirtXml.domain(xml), snaps));
        });
        List<Inventory.Network> nets = new ArrayList<>();
        sections.getOrDefault("NETXML", Map.of()).forEach((n, xml) -> {
            Map<String, String> info = colonKv(sections.get("NETINFO").get(n));
            nets.add(LibvirtXml.network(xml, "yes".equals(info.get("active")), "yes".equals(info.get("autostart"))));
        });
        List<Inventory.Pool> pools = new ArrayList<>();
        sections.getOrDefault("POOLXML", Map.of()).forEach((p, xml) -> {
            Map<String, String> info = colonKv(sections.get("POOLINFO").get(p));
            pools.add(LibvirtXml.pool(xml, "running".equals(info.get("state")), "yes".equals(info.get("autostart"))));
        });
        Map<String, String> v = colonKv(sections.getOrDefault("VERSION", Map.of()).get("x"));
        String lib = v.getOrDefault("using library", "").replaceFirst("^libvirt\\s+", "");
        String[] hv = v.getOrDefault("running hypervisor", "").split("\\s+", 2);
        return new Inventory(new Inventory.Versions(lib, hv[0], hv.length > 1 ? hv[1] : ""),
                daemons(sections.getOrDefault("DAEMONS", Map.of()).get("x")), guests, nets, pools);
    }

    /** "unit NAME ENABLED ACTIVE" and "socket NAME" lines from the script's DAEMONS section. */
    static Inventory.Daemons daemons(String text) {
        Map<String, String> units = new java.util.LinkedHashMap<>();
        List<String> sockets = new ArrayList<>();
        for (String l : (text == null ? "" : text).split("\n")) {
            String[] f = l.strip().split("\\s+");
            if (f.length == 4 && f[0].equals("unit")) {
                units.put(f[1], f[2] + " " + f[3]);
            } else if (f.length == 2 && f[0].equals("socket")) {
                sockets.add(f[1]);
            }
        }
        if (units.isEmpty() && sockets.isEmpty()) {
            return Inventory.Daemons.unknown("the host printed no unit state");
        }
        return Inventory.Daemons.decide(units, sockets);
    }

    private static Map<String, String> colonKv(String text) {
        Map<String, String> m = new HashMap<>();
        for (String l : (text == null ? "" : text).split("\n")) {
            int i = l.indexOf(':');
            if (i > 0) {
                m.putIfAbsent(l.substring(0, i).strip().toLowerCase(java.util.Locale.ROOT), l.substring(i + 1).strip());
            }
        }
        return m;
    }
}
