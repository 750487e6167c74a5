package org.virtharden.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.catalog.CheckEngine;
import org.virtharden.catalog.Status;
import org.virtharden.model.Evidence;
import org.virtharden.model.HostConfig;
import org.virtharden.transport.LocalTransport;
import org.virtharden.transport.TransportException;

/** The scan engine against a real local shell, with a small test catalog (no SSH needed). */
class ScanServiceTest {
    private static final Path CATALOG = Path.of("src/test/resources/scan-catalog");

    private static Catalog catalog() {
        CatalogLoader l = new CatalogLoader();
        return CatalogLoader.merge(l.readDir(CATALOG));
    }

    private static HostConfig host(String name, String sudo) {
        return new HostConfig(name.hashCode(), name, "local", 22, System.getProperty("user.name"), null, null, sudo, null,
                null, "qemu:///system", null);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Test
    void outcomesFollowWhatTheCommandsPrinted() throws Exception {
        MemoryStore store = new MemoryStore();
        ScanService s = new ScanService(catalog(), new CheckEngine(), h -> new LocalTransport(), store);
        ScanSummary sum = s.start(List.of(host("h1", "none")), new ScanOptions(2, Duration.ofSeconds(1), Map.of()),
                ScanListener.NONE).await(60, TimeUnit.SECONDS);

        assertEquals(Status.PASS, store.get("h1", "CUST-PASS").status());
        assertEquals(Status.FAIL, store.get("h1", "CUST-FAIL").status());
        assertTrue(store.get("h1", "CUST-FAIL").reason().contains("kv.beta=7"), store.get("h1", "CUST-FAIL").reason());
        // could not check: never PASS, never FAIL
        assertEquals(Status.ERROR, store.get("h1", "CUST-MISSING").status());
        assertTrue(store.get("h1", "CUST-MISSING").reason().startsWith("command not found"), store.get("h1", "CUST-MISSING").reason());
        assertEquals(Status.NOT_APPLICABLE, store.get("h1", "CUST-OPTIONAL").status());
        assertEquals(Status.ERROR, store.get("h1", "CUST-SLOW").status());
        assertTrue(store.get("h1", "CUST-SLOW").reason().contains("timed out after 1 s"), store.get("h1", "CUST-SLOW").reason());
        assertEquals(Status.ERROR, store.get("h1", "CUST-BADEXIT").status());
        assertTrue(store.get("h1", "CUST-BADEXIT").reason().contains("exit 2: permission denied"));
        if (isRoot()) {
            assertEquals(Status.PASS, store.get("h1", "CUST-ROOT").status());
        } else {
            assertEquals(Status.ERROR, store.get("h1", "CUST-ROOT").status());
            assertTrue(store.get("h1", "CUST-ROOT").reason().startsWith("needs root"), store.get("h1", "CUST-ROOT").reason());
        }
        assertEquals("complete", sum.state());
        assertEquals(8, store.findings.size());
    }

    @Test
    void secretsAreRedactedBeforeStorageAndEvidenceHashesRecompute() throws Exception {
        MemoryStore store = new MemoryStore();
        ScanService s = new ScanService(catalog(), new CheckEngine(), h -> new LocalTransport(), store);
        s.start(List.of(host("h1", "none")), new ScanOptions(1, Duration.ofSeconds(1), Map.of()), ScanListener.NONE)
                .await(60, TimeUnit.SECONDS);
        assertEquals(Status.FAIL, store.get("h1", "CUST-SECRET").status());
        List<Evidence> ev = new ArrayList<>(store.evidence);
        assertFalse(ev.isEmpty());
        for (Evidence e : ev) {
            assertFalse(e.outputsJson().contains("hunter2"), "secret stored: " + e.outputsJson());
            assertEquals(EvidenceCodec.sha256(e.outputsJson()), e.sha256());
        }
        assertTrue(ev.stream().anyMatch(e -> e.outputsJson().contains("vnc_password")), "the key stays visible");
        store.findings.forEach(f -> assertFalse(f.reason().contains("hunter2") || f.observed().contains("hunter2")));
    }

    @Test
    void anUnreachableHostGetsErrorForEveryCheckAndTheOthersFinish() throws Exception {
        MemoryStore store = new MemoryStore();
        TransportFactory f = h -> {
            if (h.name().equals("down")) {
                throw new TransportException(TransportException.Kind.CONNECTION_REFUSED, "nothing listens on 10.0.0.9:22");
            }
            return new LocalTransport();
        };
        ScanSummary sum = new ScanService(catalog(), new CheckEngine(), f, store)
                .start(List.of(host("up", "none"), host("down", "none")), new ScanOptions(2, Duration.ofSeconds(1), Map.of()),
                        ScanListener.NONE)
                .await(60, TimeUnit.SECONDS);
        assertEquals("partial", sum.state());
        assertEquals("failed", store.hosts.get("down").state());
        assertEquals(Status.ERROR, store.get("down", "CUST-PASS").status());
        assertTrue(store.get("down", "CUST-PASS").reason().contains("nothing listens"));
        assertEquals(Status.PASS, store.get("up", "CUST-PASS").status());
    }

    @Test
    void cancelStopsTheScanAndKeepsWhatWasRecorded() throws Exception {
        MemoryStore store = new MemoryStore();
        List<HostConfig> hosts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            hosts.add(host("h" + i, "none"));
        }
        ScanHandle handle = new ScanService(catalog(), new CheckEngine(), h -> new LocalTransport(), store)
                .start(hosts, new ScanOptions(1, Duration.ofSeconds(1), Map.of()), ScanListener.NONE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (store.findings.stream().noneMatch(f -> f.hostName().equals("h0")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        handle.cancel();
        ScanSummary sum = handle.await(30, TimeUnit.SECONDS);
        assertEquals("cancelled", sum.state());
        assertEquals("cancelled", store.runState);
        assertTrue(store.findings.stream().anyMatch(f -> f.hostName().equals("h0")), "results before the cancel are kept");
        assertTrue(store.findings.stream().noneMatch(f -> f.hostName().equals("h5")), "later hosts never started");
    }
}
