package org.virtharden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.model.Waiver;
import org.virtharden.project.Project;
import org.virtharden.testhosts.RealPeers;

/** Waivers from the command line: recorded with justification, author and expiry; shown as WAIVED until they expire. */
class WaiveCliTest {
    private static String[] run(String... args) {
        return CliRunner.run(args);
    }

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    @Test
    void aWaivedFailShowsAsWaivedUntilItExpires(@TempDir Path dir) throws Exception {
        RealPeers.assume(Files.isExecutable(Path.of("/usr/bin/virsh")), "needs virsh (Debian package libvirt-clients)");
        String file = dir.resolve("w.vhproj").toString();
        String uri = "test://" + Path.of("src/test/resources/libvirt/hostile-node.xml").toAbsolutePath();
        assertEquals("0", run("init", file, "--client", "ACME", "--assessor", "J. Doe")[0]);
        assertEquals("0", run("host", "add", file, "--name", "lab", "--address", "local", "--user", System.getProperty("user.name"),
                "--libvirt-uri", uri)[0]);
        assertEquals("0", run("scan", file)[0]);

        JsonNode fails = json(run("findings", file, "--format", "json", "--status", "fail")[1]);
        JsonNode target = null;
        for (JsonNode n : fails) {
            if (n.get("guest").isNull()) {
                target = n;
                break;
            }
        }
        assertTrue(target != null, "the hostile node gives at least one host-level FAIL: " + fails);
        String check = target.get("check").asText();
        assertTrue(target.get("waiver").isNull());

        String[] w = run("waive", file, "--host", "lab", "--check", check.toLowerCase(), "--justification",
                "compensating control: host isolated on the mgmt VLAN", "--approver", "CIO");
        assertEquals("0", w[0], w[2]);
        LocalDate in90 = LocalDate.now(ZoneOffset.UTC).plusDays(90);
        assertTrue(w[1].contains("waived until " + in90 + " (UTC) by CIO, recorded by J. Doe"), w[1]);

        JsonNode all = json(run("findings", file, "--format", "json")[1]);
        JsonNode shown = find(all, check);
        assertEquals("WAIVED", shown.get("status").asText());
        assertTrue(shown.get("waiver").asText().startsWith("until " + in90 + " by CIO (recorded by J. Doe): compensating control"), shown.toString());
        assertEquals(fails.size() - 1, json(run("findings", file, "--format", "json", "--status", "fail")[1]).size());
        assertEquals(1, json(run("findings", file, "--format", "json", "--status", "waived")[1]).size());
        String csv = run("findings", file, "--format", "csv")[1];
        assertTrue(csv.lines().findFirst().orElseThrow().endsWith(",recorded,waiver,falsePositive"), csv);
        assertTrue(csv.contains(",WAIVED,") && csv.contains("until " + in90 + " by CIO"), csv);
        assertTrue(run("findings", file)[1].contains("WAIVED to " + in90), "the table shows the expiry");

        // mistakes: one clear line, nothing stored
        String[] noApprover = run("waive", file, "--host", "lab", "--check", check, "--justification", "x");
        assertEquals("2", noApprover[0]);
        assertTrue(noApprover[2].contains("--approver must name who accepted the risk"), noApprover[2]);
        String[] noWhy = run("waive", file, "--host", "lab", "--check", check, "--justification", " ", "--approver", "CIO");
        assertEquals("2", noWhy[0]);
        assertTrue(noWhy[2].contains("--justification"), noWhy[2]);
        String[] past = run("waive", file, "--host", "lab", "--check", check, "--justification", "x", "--expires", "2020-01-01", "--approver", "CIO");
        assertTrue(past[2].contains("in the past"), past[2]);
        String[] badDate = run("waive", file, "--host", "lab", "--check", check, "--justification", "x", "--expires", "31/12/2030", "--approver", "CIO");
        assertTrue(badDate[2].contains("like 2027-03-31"), badDate[2]);
        String[] noCheck = run("waive", file, "--host", "lab", "--check", "XX-999", "--justification", "x", "--approver", "CIO");
        assertTrue(noCheck[2].contains("no check 'XX-999'"), noCheck[2]);
        String[] noGuest = run("waive", file, "--host", "lab", "--check", "GU-005", "--justification", "x", "--approver", "CIO");
        assertTrue(noGuest[2].contains("add --guest"), noGuest[2]);
        try (Project p = Project.open(Path.of(file))) {
            assertEquals(1, p.waivers().all().size());
            Waiver stored = p.waivers().all().get(0);
            assertEquals("CIO", stored.approver());
            assertEquals("J. Doe", stored.author(), "recorded by the project's assessor");
            assertEquals(in90, stored.expiryDate());
        }

        // an expired waiver no longer applies: the FAIL is back, the waiver stays in the file
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE waivers SET expires = '2026-01-01T00:00:00.000Z'");
        }
        assertEquals("FAIL", find(json(run("findings", file, "--format", "json")[1]), check).get("status").asText());
        try (Project p = Project.open(Path.of(file))) {
            assertEquals(1, p.waivers().all().size());
        }
        String list = run("waiver", "list", file)[1];
        assertTrue(list.contains("#1") && list.contains("expired") && list.contains("CIO"), list);

        // renew the expired waiver in place: new expiry and approver, the old values in its history
        String[] renew = run("waiver", "renew", file, "#1", "--approver", "CISO", "--expires", in90.plusDays(5).toString());
        assertEquals("0", renew[0], renew[2]);
        assertTrue(renew[1].contains("waiver #1") && renew[1].contains("renewed until " + in90.plusDays(5)), renew[1]);
        assertEquals("WAIVED", find(json(run("findings", file, "--format", "json")[1]), check).get("status").asText());
        try (Project p = Project.open(Path.of(file))) {
            assertEquals(1, p.waivers().all().size(), "renewed, not recreated");
            assertEquals("CISO", p.waivers().all().get(0).approver());
            assertEquals("compensating control: host isolated on the mgmt VLAN", p.waivers().all().get(0).justification());
            assertEquals(1, p.waivers().history(1).size());
            assertEquals("CIO", p.waivers().history(1).get(0).approver());
        }
        assertTrue(run("waiver", "list", file, "--history")[1].contains("#1 before "), "history printed");
        assertTrue(run("waiver", "renew", file, "7", "--expires", in90.toString())[2].contains("no waiver #7"));
        assertTrue(run("waiver", "renew", file, "abc")[2].contains("not a number"));

        // revoke it: FAIL again
        assertEquals("0", run("waiver", "revoke", file, "1")[0]);
        assertEquals("FAIL", find(json(run("findings", file, "--format", "json")[1]), check).get("status").asText());

        // false positive: needs a reason; hides the FAIL as FALSE_POSITIVE; revocable, the reason stays
        String[] noReason = run("waive", file, "--host", "lab", "--check", check, "--false-positive");
        assertEquals("2", noReason[0]);
        assertTrue(noReason[2].contains("--reason"), noReason[2]);
        String[] fp = run("waive", file, "--host", "lab", "--check", check, "--false-positive", "--reason", "probe misread the value");
        assertEquals("0", fp[0], fp[2]);
        JsonNode marked = find(json(run("findings", file, "--format", "json")[1]), check);
        assertEquals("FALSE_POSITIVE", marked.get("status").asText());
        assertTrue(marked.get("falsePositive").asText().endsWith(": probe misread the value"), marked.toString());
        assertEquals(fails.size() - 1, json(run("findings", file, "--format", "json", "--status", "fail")[1]).size(),
                "no longer counted as a FAIL");
        assertEquals(1, json(run("findings", file, "--format", "json", "--status", "false_positive")[1]).size());
        assertTrue(run("findings", file)[1].contains("FALSE_POSITIVE"));
        assertTrue(run("waiver", "list", file)[1].contains("probe misread the value"));
        assertEquals("0", run("waiver", "revoke", file, "FP1", "--false-positive")[0]);
        assertEquals("FAIL", find(json(run("findings", file, "--format", "json")[1]), check).get("status").asText());
        try (Project p = Project.open(Path.of(file))) {
            assertEquals("probe misread the value", p.falsePositives().all().get(0).reason());
        }

        // all hosts: one waiver for the check everywhere; --host makes no sense with it
        assertTrue(run("waive", file, "--all-hosts", "--host", "lab", "--check", check, "--justification", "x", "--approver", "CIO")[2]
                .contains("leave out --host"));
        String[] allHosts = run("waive", file, "--all-hosts", "--check", check, "--justification", "fleet decision", "--approver", "CIO");
        assertEquals("0", allHosts[0], allHosts[2]);
        assertTrue(allHosts[1].startsWith("all hosts " + check), allHosts[1]);
        JsonNode everywhere = find(json(run("findings", file, "--format", "json")[1]), check);
        assertEquals("WAIVED", everywhere.get("status").asText());
        assertTrue(everywhere.get("waiver").asText().contains("for all hosts"), everywhere.toString());
    }

    private static JsonNode find(JsonNode all, String check) {
        for (JsonNode n : all) {
            if (n.get("check").asText().equals(check) && n.get("guest").isNull()) {
                return n;
            }
        }
        throw new AssertionError(check + " not in " + all);
    }
}
