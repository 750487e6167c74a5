package org.virtharden.inventory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainSnapshot;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.StoragePool;

/**
 * The inventory through libvirt-java, for a URI the workstation can open itself (local
 * {@code qemu:///system}, {@code qemu+ssh://} / {@code qemu+tls://} with the native client, or the test
 * driver). The connection is read-only. Needs the native libvirt.so.0 (Debian package libvirt0).
 */
public final class LibvirtJavaSource {
    /** The libvirt API does not say which daemons serve it (that needs the host's systemd). */
    static final String DAEMONS_UNSEEN = "libvirt-java sees the libvirt API only, not the host's daemon units";

    private final String uri;

    public LibvirtJavaSource(String uri) {
        this.uri = uri;
    }

    private static List<Inventory.Snapshot> snapshots(Domain d) throws LibvirtException {
        String current = null;
        if (d.hasCurrentSnapshot() == 1) {
            DomainSnapshot cur = d.snapshotCurrent();
            try {
                current = LibvirtXml.snapshot(cur.getXMLDesc(), false).name();
            } finally {
                cur.free();
            }
        }
        List<Inventory.Snapshot> out = new ArrayList<>();
        for (String n : d.snapshotListNames()) {
            DomainSnapshot s = d.snapshotLookupByName(n);
            try {
                out.add(LibvirtXml.snapshot(s.getXMLDesc(), n.equals(current)));
            } finally {
                s.free();
            }
        }
        return out;
    }

    public Inventory collect() throws InventoryException {
        Connect c;
        try {
            c = new Connect(uri, true);
        } catch (LibvirtException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new InventoryException("could not open " + uri + " with libvirt-java: " + e.getMessage()
                    + " (the native libvirt client library, Debian package libvirt0, is needed)", e);
        }
        try {
            List<Inventory.Guest> guests = new ArrayList<>();
            for (Domain d : c.listAllDomains(0)) {
                guests.add(new Inventory.Guest(d.getUUIDString(), d.getName(), state(d), d.isPersistent() == 1, d.getAutostart(),
                        LibvirtXml.domain(d.getXMLDesc(0)), snapshots(d)));
            }
            List<Inventory.Network> nets = new ArrayList<>();
            for (String n : names(c.listNetworks(), c.listDefinedNetworks())) {
                Network net = c.networkLookupByName(n);
                nets.add(LibvirtXml.network(net.getXMLDesc(0), net.isActive() == 1, net.getAutostart()));
            }
            List<Inventory.Pool> pools = new ArrayList<>();
            for (String n : names(c.listStoragePools(), c.listDefinedStoragePools())) {
                StoragePool p = c.storagePoolLookupByName(n);
                pools.add(LibvirtXml.pool(p.getXMLDesc(0), p.isActive() == 1, p.getAutostart()));
            }
            return new Inventory(new Inventory.Versions(Inventory.Versions.decode(c.getLibVersion()), c.getType(),
                    Inventory.Versions.decode(c.getVersion())), Inventory.Daemons.unknown(DAEMONS_UNSEEN), guests, nets, pools);
        } catch (LibvirtException e) {
            throw new InventoryException("libvirt at " + uri + " answered with an error: " + e.getMessage(), e);
        } finally {
            try {
                c.close();
            } catch (LibvirtException ignored) {
                // closing a read-only connection; nothing to keep
            }
        }
    }

    private static String state(Domain d) throws LibvirtException {
        return switch (d.getInfo().state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> "running";
            case VIR_DOMAIN_PAUSED, VIR_DOMAIN_PMSUSPENDED -> "paused";
            case VIR_DOMAIN_SHUTOFF -> "shutoff";
            default -> "other";
        };
    }

    private static Set<String> names(String[] a, String[] b) {
        Set<String> s = new LinkedHashSet<>(List.of(a));
        s.addAll(List.of(b));
        return s;
    }
}
