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

    @Test
    void bothSourcesAgreeOnTheDefaultTestNode() throws Exception {
        RealPeers.assume(Files.isExecutable(Path.of("/usr/bin/virsh")), "needs virsh (Debian package libvirt-clients)");
        Inventory a = viaVirsh("test:///default");
        Inventory b = new LibvirtJavaSource("test:///default").collect();
        assertEquals(a, b);
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
        assertEquals(a, new LibvirtJavaSource(uri).collect());
        assertTrue(a.guests().stream().anyMatch(g -> g.name().equals("web'$(touch vh-pwned)`id`;<b>x ü")), a.guests().toString());
        assertEquals("0.0.0.0", a.guests().stream().filter(g -> g.name().startsWith("web")).findFirst().orElseThrow()
                .domain().graphics().get(0).listen());
        assertFalse(Files.exists(Path.of("vh-pwned")));
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
    void theVirshScriptSplicesNoHostData() {
        String script = new VirshInventorySource(new LocalTransport(), "qemu+ssh://x'y/system").script("@@M@@");
        // host-supplied values only ever appear as quoted shell variables
        for (String v : new String[] {"$d", "$n", "$p"}) {
            assertFalse(script.contains(" " + v + " ") || script.contains(" " + v + "\n"), "unquoted " + v);
        }
        assertTrue(script.contains("U='qemu+ssh://x'\\''y/system'"), script);
    }
}
