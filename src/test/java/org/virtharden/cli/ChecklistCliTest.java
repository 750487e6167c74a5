package org.virtharden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Status;
import org.virtharden.model.Answer;
import org.virtharden.project.Project;
import org.virtharden.testhosts.RealPeers;

/** The operator's side of the CLI: answer manual items with evidence, and see what is still open. */
class ChecklistCliTest {
    private static String[] run(String... args) {
        return CliRunner.run(args);
    }

    @Test
    void answersWithAttachmentsCloseChecklistItems(@TempDir Path dir) throws Exception {
        RealPeers.assume(Files.isExecutable(Path.of("/usr/bin/virsh")), "needs virsh (Debian package libvirt-clients)");
        String file = dir.resolve("c.vhproj").toString();
        String uri = "test://" + Path.of("src/test/resources/libvirt/hostile-node.xml").toAbsolutePath();
        assertEquals("0", run("init", file, "--client", "ACME", "--assessor", "J. Doe")[0]);
        assertEquals("0", run("host", "add", file, "--name", "lab", "--address", "local", "--user", System.getProperty("user.name"),
                "--libvirt-uri", uri)[0]);
        String custom = Path.of("src/test/resources/guest-catalog").toAbsolutePath().toString();

        // before any scan there are no guests, so no per-guest items yet
        String[] before = run("checklist", file, "--domain", "guest", "--format", "json");
        assertEquals("0", before[0], before[2]);
        assertEquals(0, new ObjectMapper().readTree(before[1]).get("items").size(), before[1]);

        assertEquals("0", run("scan", file, "--catalog", custom)[0]);
        JsonNode open = new ObjectMapper().readTree(run("checklist", file, "--domain", "guest", "--format", "json")[1]);
        String hostile = "web'$(touch vh-pwned)`id`;<b>x ü";
        boolean hostileOpen = false;
        for (JsonNode i : open.get("items")) {
            if (i.get("check").asText().equals("GU-022") && i.get("guest").asText().equals(hostile)) {
                hostileOpen = i.get("state").asText().equals("open") && !i.get("question").asText().isBlank();
            }
        }
        assertTrue(hostileOpen, "GU-022 is open for the hostile-named guest, with its question: " + open);
        int openBefore = open.get("progress").get(0).get("open").asInt();

        Path photo = dir.resolve("console.png");
        Files.write(photo, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        String[] ans = run("answer", file, "--host", "lab", "--guest", hostile, "--check", "gu-022", "--status", "fail",
                "--note", "same local admin password as db-01", "--attach", photo.toString());
        assertEquals("0", ans[0], ans[2]);
        assertTrue(ans[1].contains("attached console.png (image/png, 7 bytes) sha256 "), ans[1]);

        JsonNode after = new ObjectMapper().readTree(run("checklist", file, "--domain", "guest", "--format", "json", "--all")[1]);
        JsonNode prog = after.get("progress").get(0);
        assertEquals("guest", prog.get("domain").asText());
        assertEquals(openBefore - 1, prog.get("open").asInt());
        assertEquals(1, prog.get("answered").asInt());
        String table = run("checklist", file, "--domain", "guest")[1];
        assertTrue(table.contains("Guests") && table.contains("GU-022"), table);
        assertTrue(table.lines().noneMatch(l -> l.contains(hostile) && l.contains("GU-022")),
                "the answered item is no longer listed as open:\n" + table);
        assertTrue(table.lines().anyMatch(l -> l.contains("db-01") && l.contains("GU-022")), "db-01's is still open:\n" + table);

        try (Project p = Project.open(Path.of(file))) {
            Answer a = p.answers().current().get(0);
            assertEquals(Status.FAIL, a.status());
            assertEquals("J. Doe", a.answeredBy());
            assertEquals(hostile, a.guest());
            assertEquals(7, p.answers().content(a.attachments().get(0).id()).orElseThrow().length);
        }

        // frameworks: the catalog lists what PCI DSS 4.0 maps to, and findings filter by it
        JsonNode pci = new ObjectMapper().readTree(run("catalog", "list", "--framework", "pci-dss-4", "--format", "json")[1]);
        java.util.Set<String> pciIds = new java.util.HashSet<>();
        pci.forEach(n -> pciIds.add(n.get("id").asText()));
        assertTrue(pciIds.contains("GU-020") && !pciIds.contains("GU-022"), pciIds.toString());
        JsonNode all = new ObjectMapper().readTree(run("findings", file, "--format", "json")[1]);
        JsonNode only = new ObjectMapper().readTree(run("findings", file, "--format", "json", "--framework", "pci-dss-4")[1]);
        assertTrue(only.size() > 0 && only.size() < all.size(), only.size() + " of " + all.size());
        only.forEach(n -> assertTrue(pciIds.contains(n.get("check").asText()), n.toString()));
        String[] unknown = run("findings", file, "--framework", "iso-27001");
        assertEquals("2", unknown[0]);
        assertTrue(unknown[2].contains("unknown framework 'iso-27001'; known: pci-dss-4"), unknown[2]);

        // mistakes get one clear line and change nothing
        String[] auto = run("answer", file, "--host", "lab", "--check", "HV-011", "--status", "pass");
        assertTrue(auto[2].contains("is automated"), auto[2]);
        String[] missing = run("answer", file, "--host", "lab", "--guest", "db-01", "--check", "GU-022", "--status", "pass",
                "--attach", dir.resolve("nope.jpg").toString());
        assertEquals("2", missing[0]);
        assertTrue(missing[2].contains("cannot attach") && missing[2].contains("nope.jpg"), missing[2]);
        String[] badStatus = run("answer", file, "--host", "lab", "--guest", "db-01", "--check", "GU-022", "--status", "maybe");
        assertTrue(badStatus[2].contains("pass, fail or na"), badStatus[2]);
        String[] noHost = run("answer", file, "--host", "nope", "--guest", "db-01", "--check", "GU-022", "--status", "pass");
        assertTrue(noHost[2].contains("no host named 'nope'"), noHost[2]);
        String[] badDomain = run("checklist", file, "--domain", "kitchen");
        assertTrue(badDomain[2].contains("--domain must be one of"), badDomain[2]);
        try (Project p = Project.open(Path.of(file))) {
            assertEquals(1, p.answers().current().size());
        }
        assertFalse(Files.exists(Path.of("vh-pwned")));
    }
}
