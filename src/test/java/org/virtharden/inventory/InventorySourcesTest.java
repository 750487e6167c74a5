package org.virtharden.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.virtharden.testhosts.RealPeers;
import org.virtharden.transport.LocalTransport;

/** virsh over a transport and libvirt-java give the same model from the same libvirt test-driver node. */
class InventorySourcesTest {

    private static Inventory viaVirsh(String uri) throws Exception {
        try (LocalTransport t = new LocalTransport()) {
            Inventory inv = new VirshInventorySource(t, uri).collect(Duration.ofSeconds(30));
            assertEquals(1, t.roundTrips(), "the whole inventory in one round trip");
            return inv;
        }
    }

    /** The same inventory with the daemon model left out: only the virsh source can see the host's units. */
    private static Inventory libvirtView(Inventory i) {
        return new Inventory(i.versions(), null, i.guests(), i.networks(), i.pools());
    }

    @Test
    void bothSourcesAgreeOnTheDefaultTestNode() throws Exception {
        RealPeers.assume(Files.isExecutable(Path.of("/usr/bin/virsh")), "needs virsh (Debian package libvirt-clients)");
        Inventory a = viaVirsh("test:///default");
        Inventory b = new LibvirtJavaSource("test:///default").collect();
        assertEquals(libvirtView(a), libvirtView(b));
        assertEquals(Inventory.DaemonModel.UNKNOWN, b.daemons().model());
        assertEquals(LibvirtJavaSource.DAEMONS_UNSEEN, b.daemons().evidence());
        assertFalse(a.daemons().evidence().isBlank(), "the virsh source says what it decided the daemon model from");
        assertFalse(a.guests().isEmpty());
        assertFalse(a.networks().isEmpty());
        assertFalse(a.pools().isEmpty());
        assertEquals("TEST", a.versions().hypervisor());
        assertTrue(a.versions().libvirt().matches("\\d+\\.\\d+\\.\\d+"), a.versions().toString());
        Inventory.Network net = a.networks().get(0);
        assertEquals("default", net.name());
        assertTrue(net.active());
    }

    @Test
    void bothSourcesAgreeOnHostileNamesAndKeepThemVerbatim() throws Exception {
        RealPeers.assume(Files.isExecutable(Path.of("/usr/bin/virsh")), "needs virsh (Debian package libvirt-clients)");
        String uri = "test://" + Path.of("src/test/resources/libvirt/hostile-node.xml").toAbsolutePath();
        Inventory a = viaVirsh(uri);
        assertEquals(libvirtView(a), libvirtView(new LibvirtJavaSource(uri).collect()));
        assertTrue(a.guests().stream().anyMatch(g -> g.name().equals("web'$(touch vh-pwned)`id`;<b>x ü")), a.guests().toString());
        assertEquals("0.0.0.0", a.guests().stream().filter(g -> g.name().startsWith("web")).findFirst().orElseThrow()
                .domain().graphics().get(0).listen());
        assertFalse(Files.exists(Path.of("vh-pwned")));
        // snapshots, one with a hostile name, in creation order, the current one marked, from both sources alike
        java.util.List<Inventory.Snapshot> snaps = a.guests().stream().filter(g -> g.name().startsWith("web")).findFirst()
                .orElseThrow().snapshots();
        assertEquals(java.util.List.of("clean", "pre-upgrade $(touch vh-snap-pwned) \"q\" ü"),
                snaps.stream().map(Inventory.Snapshot::name).toList());
        Inventory.Snapshot last = snaps.get(1);
        assertTrue(last.current() && !snaps.get(0).current(), snaps.toString());
        assertEquals(1700000000L, last.created());
        assertEquals("internal", last.memory());
        assertEquals("running", last.state());
        assertEquals("taken before the kernel update", last.description());
        assertFalse(Files.exists(Path.of("vh-snap-pwned")), "a snapshot name was executed");
    }

    @Test
    void anUnreadableUriIsAClearError() {
        RealPeers.assume(Files.isExecutable(Path.of("/usr/bin/virsh")), "needs virsh (Debian package libvirt-clients)");
        InventoryException e = org.junit.jupiter.api.Assertions.assertThrows(InventoryException.class,
                () -> viaVirsh("test:///no/such/node.xml"));
        assertTrue(e.getMessage().contains("test:///no/such/node.xml"), e.getMessage());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(InventoryException.class,
                () -> new LibvirtJavaSource("test:///no/such/node.xml").collect()).getMessage().contains("no/such"));
    }

    @Test
    void theDaemonModelComesFromUnitStateAndSockets() {
        assertEquals(Inventory.DaemonModel.MONOLITHIC, VirshInventorySource.daemons("""
                unit libvirtd.service disabled inactive
                unit libvirtd.socket enabled active
                unit virtqemud.service absent unknown
                unit virtqemud.socket absent unknown
                unit virtproxyd.service absent unknown
                unit virtproxyd.socket absent unknown
                socket libvirt-sock
                """).model());
        // RHEL 9: socket-activated daemons that exited after the idle timeout still count as the model in use
        Inventory.Daemons rhel = VirshInventorySource.daemons("""
                unit libvirtd.service disabled inactive
                unit libvirtd.socket absent inactive
                unit virtqemud.service disabled inactive
                unit virtqemud.socket enabled inactive
                unit virtproxyd.service disabled inactive
                unit virtproxyd.socket enabled inactive
                """);
        assertEquals(Inventory.DaemonModel.MODULAR, rhel.model());
        assertTrue(rhel.evidence().contains("virtqemud.socket"), rhel.evidence());
        // no systemd answer: a socket says which daemon, but libvirt-sock alone could be libvirtd or virtproxyd
        assertEquals(Inventory.DaemonModel.MODULAR, VirshInventorySource.daemons("""
                unit libvirtd.service absent unknown
                socket virtqemud-sock
                """).model());
        assertEquals(Inventory.DaemonModel.UNKNOWN, VirshInventorySource.daemons("""
                unit libvirtd.service absent unknown
                socket libvirt-sock
                """).model());
        assertEquals(Inventory.DaemonModel.UNKNOWN, VirshInventorySource.daemons("""
                unit libvirtd.socket enabled active
                unit virtqemud.socket enabled active
                """).model(), "both enabled is not a model: say so");
        assertEquals(Inventory.DaemonModel.UNKNOWN, VirshInventorySource.daemons("").model());
        assertEquals(Inventory.DaemonModel.UNKNOWN, VirshInventorySource.daemons(null).model());
    }

    @Test
    void theVirshScriptSplicesNoHostData() {
        String script = new VirshInventorySource(new LocalTransport(), "qemu+ssh://x'y/system").script("@@M@@");
        // the daemon model is read with read-only queries only
        assertTrue(script.contains("systemctl is-enabled \"$u\"") && script.contains("systemctl is-active \"$u\""), script);
        assertEquals(null, org.virtharden.catalog.CatalogLint.writeOperation(script), script);
        // host-supplied values only ever appear as quoted shell variables
        for (String v : new String[] {"$d", "$n", "$p", "$u", "$s"}) {
            assertFalse(script.contains(" " + v + " ") || script.contains(" " + v + "\n"), "unquoted " + v);
        }
        assertTrue(script.contains("U='qemu+ssh://x'\\''y/system'"), script);
    }
}
