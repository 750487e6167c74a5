package org.virtharden.it;

import static org.virtharden.cli.CliRun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.virtharden.cli.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.model.Finding;
import org.virtharden.project.FindingQuery;
import org.virtharden.project.Project;
import org.virtharden.testhosts.RealPeers;
import org.virtharden.testhosts.TestHost;
import org.virtharden.testhosts.TestHostSpec;
import org.virtharden.testhosts.TestHosts;

/** The CLI contract end to end, against real sshd test hosts and real project files. */
class CliIT {
    private static TestHosts hosts;

    @BeforeAll
    static void start() {
        RealPeers.assume(TestHosts.namespacesAvailable(), "CLI scans need root for namespaced test hosts");
        hosts = TestHosts.start(TestHostSpec.named("cli-good").fromResources("hosts/good"),
                TestHostSpec.named("cli-bad").fromResources("hosts/bad"),
                TestHostSpec.named("cli-slow").fromResources("hosts/good"));
    }

    @AfterAll
    static void stop() {
        if (hosts != null) {
            hosts.close();
        }
    }

    private static String[] addArgs(Path file, TestHost h, Path knownHosts, String... extra) {
        List<String> a = new ArrayList<>(List.of("host", "add", file.toString(), "--name", h.name(), "--address",
                h.address() + ":" + h.port(), "--user", h.user(), "--key", h.privateKey().toString(), "--sudo", "nopasswd",
                "--known-hosts", knownHosts.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void initAddTrustScanAndExport(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("acme.vhproj");
        Path kh = dir.resolve("known_hosts");
        TestHost good = hosts.get("cli-good");
        TestHost bad = hosts.get("cli-bad");

        assertEquals(0, cli("init", file.toString(), "--client", "ACME", "--site", "DC-North", "--assessor", "J. Doe").code());
        CliRun again = cli("init", file.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already exists"), again.err());

        CliRun add = cli(addArgs(file, good, kh, "--trust-new-host-key"));
        assertEquals(0, add.code(), add.err());
        assertTrue(add.out().contains(good.hostKeyFingerprint()), "fingerprint shown: " + add.out());
        assertTrue(Files.readString(kh).contains(good.address()), "key written to known_hosts");
        // bad is added without trusting its key: the scan must refuse it, with a clear reason
        assertEquals(0, cli(addArgs(file, bad, kh)).code());
        CliRun list = cli("host", "list", file.toString());
        assertTrue(list.out().contains("cli-good") && list.out().contains("cli-bad"), list.out());

        CliRun scan = cli("scan", file.toString(), "--parallel", "2", "--timeout", "20");
        assertEquals(3, scan.code(), "partial: one host refused\n" + scan.err());
        assertTrue(scan.err().contains("[cli-good] done"), scan.err());
        assertTrue(scan.err().contains("[cli-bad] failed"), scan.err());

        CliRun json = cli("findings", file.toString(), "--format", "json");
        assertEquals(0, json.code(), json.err());
        JsonNode arr = new ObjectMapper().readTree(json.out());
        assertTrue(arr.isArray() && arr.size() > 0);
        for (String key : List.of("host", "guest", "check", "domain", "title", "severity", "status", "observed", "expected",
                "reason", "evidenceSha256")) {
            assertTrue(arr.get(0).has(key), "json has " + key);
        }
        boolean badRefused = false;
        for (JsonNode n : arr) {
            if (n.get("host").asText().equals("cli-bad")) {
                assertEquals("ERROR", n.get("status").asText());
                badRefused |= n.get("reason").asText().contains("SHA256:");
            } else {
                assertTrue(n.get("guest").isNull());
                assertFalse(n.get("status").asText().isEmpty());
            }
        }
        assertTrue(badRefused, "the unknown key's fingerprint is in the reason");

        CliRun csv = cli("findings", file.toString(), "--format", "csv", "--status", "error");
        assertTrue(csv.out().startsWith("run,host,guest,check,domain,title,severity,status,observed,expected,reason,evidenceSha256,recorded,waiver,falsePositive\r\n"));
        assertTrue(csv.out().lines().skip(1).allMatch(l -> l.contains(",ERROR,")), csv.out());

        CliRun table = cli("findings", file.toString(), "--host", "cli-good");
        assertTrue(table.out().contains("VN-017"), table.out());
    }

    @Test
    void badInputGetsAClearMessageAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.vhproj");
        cli("init", file.toString());
        List<CliRun> runs = List.of(
                cli("findings", dir.resolve("missing.vhproj").toString()),
                cli("host", "add", file.toString(), "--name", "a", "--address", "h:99999", "--user", "u"),
                cli("host", "add", file.toString(), "--name", "a", "--address", "h", "--user", "u", "--sudo", "always"),
                cli("host", "add", file.toString(), "--name", "a", "--address", "h", "--user", "u", "--key", "/no/such/key"),
                cli("scan", file.toString()),
                cli("scan", file.toString(), "--parallel", "0"),
                cli("findings", file.toString(), "--format", "xml"),
                cli("findings", file.toString(), "--run", "42"),
                cli("catalog", "lint", dir.resolve("nope").toString()));
        for (CliRun r : runs) {
            assertTrue(r.code() != 0, r.toString());
            assertTrue(r.err().startsWith("virtharden: "), r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "stack trace: " + r.err());
        }
        Files.write(file, new byte[] {1, 2, 3, 4, 5});
        CliRun corrupt = cli("host", "list", file.toString());
        assertEquals(1, corrupt.code());
        assertFalse(corrupt.err().contains("\tat "));
    }

    @Test
    void killMinusNineMidScanKeepsEverythingRecordedSoFar(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kill.vhproj");
        Path kh = dir.resolve("known_hosts");
        assertEquals(0, cli("init", file.toString()).code());
        assertEquals(0, cli(addArgs(file, hosts.get("cli-good"), kh, "--trust-new-host-key")).code());
        assertEquals(0, cli(addArgs(file, hosts.get("cli-slow"), kh, "--trust-new-host-key")).code());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.virtharden.app.Launcher", "scan", file.toString(),
                "--parallel", "1", "--catalog", Path.of("src/test/resources/slow-catalog").toAbsolutePath().toString());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("cli.log").toFile());
        Process child = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int seen = 0;
            while (System.nanoTime() < deadline && child.isAlive()) {
                try (Project p = Project.open(file)) {
                    seen = p.findings().list(new FindingQuery(null, null, "cli-slow", null, null)).size();
                } catch (Exception busy) {
                    seen = 0;
                }
                if (seen > 0) {
                    break;
                }
                Thread.sleep(100);
            }
            assertTrue(seen > 0, "the child recorded findings for the slow host before the kill: " + Files.readString(dir.resolve("cli.log")));
            assertTrue(child.isAlive(), "still scanning (the slow root probe takes 6 s)");
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly();
        }
        try (Project p = Project.open(file)) {
            List<Finding> good = p.findings().list(new FindingQuery(null, null, "cli-good", null, null));
            List<Finding> slow = p.findings().list(new FindingQuery(null, null, "cli-slow", null, null));
            assertFalse(good.isEmpty(), "the first host's findings survived kill -9");
            assertFalse(slow.isEmpty(), "the slow host's unprivileged findings survived kill -9");
            assertTrue(slow.stream().noneMatch(f -> f.checkId().equals("CUST-SLOW-ROOT")), "the interrupted probe left nothing half-written");
        }
        CliRun after = cli("findings", file.toString(), "--format", "json");
        assertEquals(0, after.code(), after.err());
    }
}
