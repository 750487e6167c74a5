package org.virtharden.it;

import static org.virtharden.cli.CliRun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.virtharden.cli.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Status;
import org.virtharden.model.Finding;
import org.virtharden.project.FindingQuery;
import org.virtharden.project.Project;
import org.virtharden.testhosts.RealPeers;
import org.virtharden.testhosts.TestHost;
import org.virtharden.testhosts.TestHostSpec;
import org.virtharden.testhosts.TestHosts;

/**
 * Across hosts, end to end through the CLI on real sshd test hosts: two migration peers of group prod-a. fl-good is the
 * hardened good host; fl-peer is the same host with one weaker control (PermitRootLogin yes, VN-017) and a libvirt node
 * file that repeats good's guests (same UUIDs and MACs: a cloned web01 running on both) plus an unapproved guest
 * (rogue01) and a subscriber database (zone db) running next to web01 (zone dmz). Between the two runs the harness
 * fixes peer's SSH, weakens good's, and defines one more insecure guest on peer: the retest must show it.
 */
class FleetIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEB01 = "4b1f7e62-1c3a-4d5e-9f70-8a9b0c1d2e01";
    private static TestHosts hosts;

    static String resource(String path) {
        try (var in = FleetIT.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** good's web01 domain element, renamed (new UUID, MAC, disk) into another guest. */
    static String guestLike(String node, String name, String uuid, String mac) {
        int start = node.indexOf("  <domain type='kvm'>");
        int end = node.indexOf("</domain>", start) + "</domain>".length();
        return node.substring(start, end).replace("web01", name).replace(WEB01, uuid).replace("52:54:00:4b:1f:01", mac) + "\n";
    }

    static String peerNode() {
        String node = resource("/hosts/good/etc/libvirt/testnode.xml");
        String extra = guestLike(node, "rogue01", "0f1e2d3c-0000-4000-8000-00000000f001", "52:54:00:f0:00:01")
                + guestLike(node, "subscriber-db", "0f1e2d3c-0000-4000-8000-00000000f002", "52:54:00:f0:00:02");
        return node.replace("</node>", extra + "</node>");
    }

    static String sshd(String from, String to) {
        String conf = resource("/hosts/good/etc/ssh/sshd_config.d/50-test.conf");
        assertTrue(conf.contains(from), from);
        return conf.replace(from, to);
    }

    @BeforeAll
    static void start() {
        RealPeers.assume(TestHosts.namespacesAvailable(), "fleet scans need root for namespaced test hosts");
        hosts = TestHosts.start(TestHostSpec.named("fl-good").fromResources("hosts/good"),
                TestHostSpec.named("fl-peer").fromResources("hosts/good")
                        .file("/etc/ssh/sshd_config.d/50-test.conf", sshd("PermitRootLogin no", "PermitRootLogin yes"))
                        .file("/etc/libvirt/testnode.xml", peerNode()));
    }

    @AfterAll
    static void stop() {
        if (hosts != null) {
            hosts.close();
        }
    }

    static JsonNode verdict(JsonNode report, String check, String host) {
        for (JsonNode c : report.get("checks")) {
            if (c.get("checkId").asText().equals(check)) {
                for (JsonNode h : c.get("hosts")) {
                    if (h.get("host").asText().equals(host)) {
                        return h;
                    }
                }
            }
        }
        throw new AssertionError("no verdict " + check + " for " + host + " in " + report);
    }

    static List<JsonNode> rows(JsonNode node, String field, String value) {
        List<JsonNode> out = new ArrayList<>();
        node.forEach(r -> {
            if (r.get(field).asText().equals(value)) {
                out.add(r);
            }
        });
        return out;
    }

    @Test
    void driftSprawlDuplicatesAndTheRetest(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fleet.vhproj");
        Path kh = dir.resolve("known_hosts");
        assertEquals(0, cli("init", file.toString(), "--client", "ACME", "--site", "DC-North").code());
        for (String name : List.of("fl-good", "fl-peer")) {
            TestHost h = hosts.get(name);
            CliRun add = cli("host", "add", file.toString(), "--name", h.name(), "--address", h.address() + ":" + h.port(),
                    "--user", h.user(), "--key", h.privateKey().toString(), "--sudo", "nopasswd", "--known-hosts", kh.toString(),
                    "--libvirt-uri", HostScanIT.TEST_LIBVIRT, "--group", "prod-a", "--trust-new-host-key");
            assertEquals(0, add.code(), add.err());
        }
        Path inv = dir.resolve("approved.csv");
        Files.writeString(inv, "name,uuid,owner,zone,host_group\n"
                + "web01," + WEB01 + ",web team,dmz,prod-a\n"
                + "db01,4b1f7e62-1c3a-4d5e-9f70-8a9b0c1d2e02,billing,db,prod-a\n"
                + "subscriber-db,0f1e2d3c-0000-4000-8000-00000000f002,billing,db,prod-a\n"
                + "app99,,app team,internal,prod-a\n");
        assertEquals(0, cli("settings", "set", file.toString(), "guests.inventory", "@" + inv).code());

        CliRun scan1 = cli("scan", file.toString(), "--parallel", "2", "--timeout", "20");
        assertEquals(0, scan1.code(), scan1.err());

        // the fleet findings were stored with run 1, one per check and host
        try (Project p = Project.open(file)) {
            List<Finding> fl = p.findings().list(new FindingQuery(null, null, null, null, "fleet"));
            assertEquals(2 * 9, fl.size(), () -> "fleet findings: " + fl);
            Finding peer001 = fl.stream().filter(f -> f.hostName().equals("fl-peer") && f.checkId().equals("FL-001")).findFirst()
                    .orElseThrow();
            assertEquals(Status.FAIL, peer001.status(), peer001.reason());
            assertNotNull(peer001.evidenceSha256());
            assertTrue(p.findings().evidence(peer001.evidenceId()).orElseThrow().outputsJson().contains("fl-good"));
        }

        CliRun fleet = cli("fleet", file.toString(), "--format", "json");
        assertEquals(0, fleet.code(), fleet.err());
        JsonNode rep = JSON.readTree(fleet.out());
        // FL-001 names the weaker host and the control
        JsonNode fl001 = verdict(rep, "FL-001", "fl-peer");
        assertEquals("FAIL", fl001.get("status").asText(), fl001.toString());
        assertTrue(fl001.get("reason").asText().contains("VN-017 FAIL (PASS on fl-good)"), fl001.toString());
        assertEquals("PASS", verdict(rep, "FL-001", "fl-good").get("status").asText(),
                verdict(rep, "FL-001", "fl-good").toString());
        // FL-005: the cloned web01 (same UUID and MAC) runs on both hosts
        for (String h : List.of("fl-good", "fl-peer")) {
            JsonNode v = verdict(rep, "FL-005", h);
            assertEquals("FAIL", v.get("status").asText(), v.toString());
            assertTrue(v.get("reason").asText().contains("UUID " + WEB01), v.toString());
            assertTrue(v.get("reason").asText().contains("MAC 52:54:00:4b:1f:01"), v.toString());
            assertTrue(v.get("reason").asText().contains("running on 2 hosts at once"), v.toString());
        }
        // FL-004: the unknown guest and the missing inventory entry
        JsonNode fl004 = verdict(rep, "FL-004", "fl-peer");
        assertEquals("FAIL", fl004.get("status").asText(), fl004.toString());
        assertTrue(fl004.get("reason").asText().contains("rogue01"), fl004.toString());
        assertTrue(fl004.get("reason").asText().contains("app99"), fl004.toString());
        assertEquals("WARN", verdict(rep, "FL-004", "fl-good").get("status").asText());
        // FL-007: DMZ web server next to the subscriber database on peer, not on good (db01 is shut off there)
        assertEquals("WARN", verdict(rep, "FL-007", "fl-peer").get("status").asText());
        assertEquals("PASS", verdict(rep, "FL-007", "fl-good").get("status").asText());
        // sprawl: unapproved, missing, zone mix, duplicates
        JsonNode sprawl = rep.get("sprawl");
        assertEquals("fl-peer", rows(sprawl.get("rows"), "kind", "UNAPPROVED").get(0).get("hosts").get(0).asText());
        assertEquals("rogue01", rows(sprawl.get("rows"), "kind", "UNAPPROVED").get(0).get("guest").asText());
        assertEquals("app99", rows(sprawl.get("rows"), "kind", "MISSING").get(0).get("guest").asText());
        JsonNode mix = rows(sprawl.get("rows"), "kind", "ZONE_MIX").get(0);
        assertEquals("fl-peer", mix.get("hosts").get(0).asText());
        assertTrue(mix.get("detail").asText().contains("subscriber-db (db)") && mix.get("detail").asText().contains("web01 (dmz)"),
                mix.toString());
        assertEquals(2, rows(sprawl.get("rows"), "kind", "DUPLICATE").size(), "web01 and db01 are defined on both hosts");
        // drift matrix: VN-017 differs, and only differing rows are shown by default
        JsonNode matrix = rep.get("matrices").get(0);
        assertEquals("prod-a", matrix.get("group").asText());
        JsonNode vn017 = rows(matrix.get("rows"), "checkId", "VN-017").get(0);
        assertTrue(vn017.get("migrationCritical").asBoolean());
        assertEquals("split 1/2", vn017.get("majority").asText());
        matrix.get("rows").forEach(r -> assertTrue(r.get("differs").asBoolean(), r.toString()));
        CliRun all = cli("fleet", file.toString(), "--group", "prod-a", "--all", "--format", "json");
        assertTrue(JSON.readTree(all.out()).get("matrices").get(0).get("rows").size() > matrix.get("rows").size());
        CliRun table = cli("fleet", file.toString());
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("DRIFT MATRIX · group prod-a") && table.out().contains("VN-017"), table.out());
        assertTrue(table.out().contains("unapproved 1 · missing 1"), table.out());
        Files.writeString(Path.of("target/fleet-example.txt"), table.out());
        CliRun badGroup = cli("fleet", file.toString(), "--group", "nope");
        assertEquals(2, badGroup.code());
        assertTrue(badGroup.err().contains("no host group 'nope'") && badGroup.err().contains("prod-a"), badGroup.err());

        // between the runs: peer's SSH fixed, good's weakened, one more insecure guest defined on peer
        Files.writeString(hosts.get("fl-peer").etcDir().resolve("ssh/sshd_config.d/50-test.conf"),
                sshd("PermitRootLogin no", "PermitRootLogin no"));
        Files.writeString(hosts.get("fl-good").etcDir().resolve("ssh/sshd_config.d/50-test.conf"),
                sshd("MaxAuthTries 4", "MaxAuthTries 10"));
        String node = peerNode();
        String late = guestLike(node, "late01", "0f1e2d3c-0000-4000-8000-00000000f003", "52:54:00:f0:00:03")
                .replace("listen='127.0.0.1'", "listen='0.0.0.0'").replace("address='127.0.0.1'", "address='0.0.0.0'");
        Files.writeString(hosts.get("fl-peer").etcDir().resolve("libvirt/testnode.xml"), node.replace("</node>", late + "</node>"));

        CliRun scan2 = cli("scan", file.toString(), "--parallel", "2", "--timeout", "20");
        assertEquals(0, scan2.code(), scan2.err());
        CliRun diff = cli("diff", file.toString(), "--from", "1", "--to", "2", "--format", "json");
        assertEquals(0, diff.code(), diff.err());
        JsonNode d = JSON.readTree(diff.out());
        assertEquals(1, d.get("fromRun").asInt());
        assertEquals(2, d.get("toRun").asInt());
        assertEquals("FIXED", row(d, "fl-peer", null, "VN-017").get("category").asText());
        assertEquals("REGRESSED", row(d, "fl-good", null, "VN-017").get("category").asText());
        assertEquals("REGRESSED", row(d, "fl-good", null, "FL-001").get("category").asText());
        assertEquals("STILL_FAILING", row(d, "fl-peer", null, "FL-004").get("category").asText());
        assertEquals("STILL_FAILING", row(d, "fl-good", null, "FL-005").get("category").asText());
        JsonNode gu005 = row(d, "fl-peer", "late01", "GU-005");
        assertEquals("NEW_FAILURE", gu005.get("category").asText(), gu005.toString());
        assertTrue(row(d, "fl-good", null, "VN-017").get("evidenceChanged").asBoolean());
        // the order an auditor reads: regressed first, unchanged last
        List<String> order = new ArrayList<>();
        d.get("rows").forEach(r -> order.add(r.get("category").asText()));
        assertEquals("REGRESSED", order.get(0));
        assertFalse(order.indexOf("FIXED") < order.lastIndexOf("STILL_FAILING"));
        CliRun dt = cli("diff", file.toString(), "--from", "1");
        assertEquals(0, dt.code(), dt.err());
        assertTrue(dt.out().contains("Retest · run #1 → run #2") && dt.out().contains("fixed") && dt.out().contains("regressed"),
                dt.out());
        Files.writeString(Path.of("target/diff-example.txt"), dt.out());
        CliRun same = cli("diff", file.toString(), "--from", "2", "--to", "2");
        assertEquals(2, same.code());
        CliRun missing = cli("diff", file.toString(), "--from", "7");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no run #7") && missing.err().contains("#2 complete"), missing.err());
    }

    static JsonNode row(JsonNode diff, String host, String guest, String check) {
        for (JsonNode r : diff.get("rows")) {
            if (r.get("host").asText().equals(host) && r.get("checkId").asText().equals(check)
                    && (guest == null ? r.get("guest").isNull() : guest.equals(r.get("guest").asText()))) {
                return r;
            }
        }
        throw new AssertionError("no diff row " + host + "/" + guest + "/" + check);
    }
}
