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
import org.virtharden.testhosts.RealPeers;

/** Hostile guest names go through scan, the project file and every export verbatim and safely escaped. */
class GuestNamesCliTest {
    private static final String HOSTILE = "web'$(touch vh-pwned)`id`;<b>x ü";

    private static String[] run(String... args) {
        return CliRunner.run(args);
    }

    @Test
    void hostileGuestNamesAreStoredShownAndExportedVerbatim(@TempDir Path dir) throws Exception {
        RealPeers.assume(Files.isExecutable(Path.of("/usr/bin/virsh")), "needs virsh (Debian package libvirt-clients)");
        String file = dir.resolve("g.vhproj").toString();
        String uri = "test://" + Path.of("src/test/resources/libvirt/hostile-node.xml").toAbsolutePath();
        assertEquals("0", run("init", file)[0]);
        String[] add = run("host", "add", file, "--name", "lab", "--address", "local", "--user", System.getProperty("user.name"),
                "--libvirt-uri", uri);
        assertEquals("0", add[0], add[2]);
        String[] scan = run("scan", file, "--catalog", Path.of("src/test/resources/guest-catalog").toAbsolutePath().toString());
        assertEquals("0", scan[0], scan[2]);

        JsonNode json = new ObjectMapper().readTree(run("findings", file, "--format", "json")[1]);
        JsonNode web = null;
        for (JsonNode n : json) {
            if (HOSTILE.equals(n.get("guest").asText()) && n.get("check").asText().equals("CUST-GUEST-CONSOLE")) {
                web = n;
            }
        }
        assertTrue(web != null, "guest name verbatim in JSON: " + json);
        assertEquals("FAIL", web.get("status").asText());

        String csv = run("findings", file, "--format", "csv")[1];
        assertTrue(csv.contains(",\"" + HOSTILE.replace("\"", "\"\"") + "\",") || csv.contains("," + HOSTILE + ","), csv);

        String table = run("findings", file)[1];
        assertTrue(table.contains("web'$(touch vh-pwned)`id`;<b>x ü"), table);
        assertFalse(Files.exists(Path.of("vh-pwned")) || Files.exists(dir.resolve("vh-pwned")), "a name was executed");

        for (String src : new String[] {"virsh", "libvirt"}) {
            String[] inv = run("inventory", file, "--host", "lab", "--source", src);
            assertEquals("0", inv[0], inv[2]);
            assertTrue(inv[1].contains("2 guest(s)") && inv[1].contains("db-01") && inv[1].contains("vnc@0.0.0.0"), inv[1]);
            assertTrue(inv[1].lines().anyMatch(l -> l.startsWith("daemons: ")), inv[1]);
        }
        // libvirt-java cannot see the host's units: it says so rather than guess
        assertTrue(run("inventory", file, "--host", "lab", "--source", "libvirt")[1].contains("daemons: unknown (libvirt-java"));
        JsonNode invJson = new ObjectMapper().readTree(run("inventory", file, "--host", "lab", "--format", "json")[1]);
        assertTrue(invJson.get("guests").toString().contains("touch vh-pwned"), invJson.toString());
        assertTrue(java.util.List.of("MONOLITHIC", "MODULAR", "UNKNOWN").contains(invJson.path("daemons").path("model").asText()),
                invJson.path("daemons").toString());
    }

    @Test
    void csvCellsThatLookLikeFormulasAreDefused() {
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"", FindingsCommand.csvCell("=HYPERLINK(\"http://x\")"));
        assertEquals("\"'@SUM(1)\"", FindingsCommand.csvCell("@SUM(1)"));
        assertEquals("-1", FindingsCommand.csvCell("-1"));
        assertEquals("\"a,b\"", FindingsCommand.csvCell("a,b"));
    }
}
