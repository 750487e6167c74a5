package org.virtharden.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.catalog.CheckEngine;
import org.virtharden.catalog.Status;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.testhosts.RealPeers;
import org.virtharden.transport.LocalTransport;

/** Per-guest checks against real virsh on libvirt's test driver, through a real local shell. */
class GuestScanTest {
    private static final String HOSTILE = "web'$(touch vh-pwned)`id`;<b>x ü";

    private static Catalog catalog() {
        return CatalogLoader.merge(new CatalogLoader().readDir(Path.of("src/test/resources/guest-catalog")));
    }

    private static HostConfig host(String uri) {
        return new HostConfig(1, "kvm01", "local", 22, System.getProperty("user.name"), null, null, "none", null, null, uri, null);
    }

    @Test
    void everyGuestGetsItsOwnFindingsAndHostileNamesStayText() throws Exception {
        RealPeers.assume(Files.isExecutable(Path.of("/usr/bin/virsh")), "needs virsh (Debian package libvirt-clients)");
        Path node = Path.of("src/test/resources/libvirt/hostile-node.xml").toAbsolutePath();
        MemoryStore store = new MemoryStore();
        ScanSummary sum = new ScanService(catalog(), new CheckEngine(), h -> new LocalTransport(), store)
                .start(List.of(host("test://" + node)), new ScanOptions(1, Duration.ofSeconds(10), Map.of()), ScanListener.NONE)
                .await(60, TimeUnit.SECONDS);
        assertEquals("complete", sum.state());
        Finding web = store.findings.stream().filter(f -> HOSTILE.equals(f.guest())).findFirst()
                .orElseThrow(() -> new AssertionError("hostile guest name not stored verbatim: " + store.findings));
        assertEquals(Status.FAIL, web.status(), web.reason());
        assertTrue(web.reason().contains("consoles on a wildcard address=1"), web.reason());
        Finding db = store.findings.stream().filter(f -> "db-01".equals(f.guest())).findFirst().orElseThrow();
        assertEquals(Status.PASS, db.status(), db.reason());
        assertEquals(2, store.findings.size(), "one finding per guest and check");
        assertFalse(Files.exists(Path.of("vh-pwned")), "the name was executed by a shell");
        assertTrue(store.evidence.stream().anyMatch(e -> HOSTILE.equals(e.guest())));
        store.evidence.forEach(e -> assertEquals(EvidenceCodec.sha256(e.outputsJson()), e.sha256()));
    }

    @Test
    void anUnreachableLibvirtGivesErrorNotPass() throws Exception {
        RealPeers.assume(Files.isExecutable(Path.of("/usr/bin/virsh")), "needs virsh (Debian package libvirt-clients)");
        MemoryStore store = new MemoryStore();
        new ScanService(catalog(), new CheckEngine(), h -> new LocalTransport(), store)
                .start(List.of(host("test:///no/such/node.xml")), new ScanOptions(1, Duration.ofSeconds(10), Map.of()),
                        ScanListener.NONE)
                .await(60, TimeUnit.SECONDS);
        Finding f = store.get("kvm01", "CUST-GUEST-CONSOLE");
        assertEquals(Status.ERROR, f.status());
        assertNull(f.guest());
        assertTrue(f.reason().startsWith("guests not examined"), f.reason());
    }
}
