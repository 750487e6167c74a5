package org.virtharden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.fleet.FleetProjects;

/** 'fleet' and 'diff' on a real project file with two recorded runs, and their one-line errors. */
class FleetCliTest {

    @Test
    void fleetPrintsChecksMatrixAndSprawl(@TempDir Path dir) throws Exception {
        String file = FleetProjects.twoRuns(dir).toString();
        String[] t = CliRunner.run("fleet", file, "--run", "1");
        assertEquals("0", t[0], t[2]);
        assertTrue(t[1].contains("Fleet · run #1"), t[1]);
        assertTrue(t[1].contains("kvm02 is weaker than its group prod-a peers on 1 control(s): VN-017 FAIL (PASS on kvm01)"), t[1]);
        assertTrue(t[1].contains("DRIFT MATRIX · group prod-a · 2 host(s)"), t[1]);
        assertTrue(t[1].contains("[✕ permitrootlogin yes]"), t[1]);
        assertTrue(t[1].contains("unapproved  rogue01"), t[1]);
        String[] j = CliRunner.run("fleet", file, "--group", "prod-a", "--all", "--format", "json");
        assertEquals("0", j[0], j[2]);
        JsonNode rep = new ObjectMapper().readTree(j[1]);
        assertEquals(2, rep.get("runId").asInt());
        assertEquals("prod-a", rep.get("group").asText());
        assertEquals(9, rep.get("checks").size());
        assertEquals(3, rep.get("matrices").get(0).get("rows").size());
        assertTrue(rep.get("sprawl").get("inventoryPresent").asBoolean());
    }

    @Test
    void diffPrintsTheRetest(@TempDir Path dir) throws Exception {
        String file = FleetProjects.twoRuns(dir).toString();
        String[] t = CliRunner.run("diff", file, "--from", "1");
        assertEquals("0", t[0], t[2]);
        assertTrue(t[1].startsWith("Retest · run #1 → run #2"), t[1]);
        assertTrue(t[1].lines().skip(3).findFirst().orElse("").startsWith("regressed"), t[1]);
        assertTrue(t[1].contains("fixed"), t[1]);
        String[] j = CliRunner.run("diff", file, "--from", "#1", "--to", "2", "--format", "json");
        JsonNode d = new ObjectMapper().readTree(j[1]);
        assertEquals("REGRESSED", d.get("rows").get(0).get("category").asText());
    }

    @Test
    void badInputGetsOneLine(@TempDir Path dir) throws Exception {
        String file = FleetProjects.twoRuns(dir).toString();
        String[] fmt = CliRunner.run("fleet", file, "--format", "xml");
        assertEquals("2", fmt[0]);
        assertTrue(fmt[2].contains("--format must be table or json"), fmt[2]);
        String[] group = CliRunner.run("fleet", file, "--group", "dmz");
        assertEquals("2", group[0]);
        assertTrue(group[2].contains("no host group 'dmz'") && group[2].contains("prod-a"), group[2]);
        String[] run = CliRunner.run("diff", file, "--from", "abc");
        assertEquals("2", run[0]);
        assertTrue(run[2].contains("not 'abc'"), run[2]);
        String[] none = CliRunner.run("diff", file, "--from", "9");
        assertEquals("1", none[0]);
        assertTrue(none[2].contains("no run #9") && none[2].contains("#2 complete, #1 complete"), none[2]);
        assertTrue(none[2].lines().count() == 1, none[2]);
        String[] empty = CliRunner.run("init", dir.resolve("e.vhproj").toString());
        assertEquals("0", empty[0], empty[2]);
        String[] noScan = CliRunner.run("fleet", dir.resolve("e.vhproj").toString());
        assertEquals("1", noScan[0]);
        assertTrue(noScan[2].contains("no scan yet"), noScan[2]);
    }
}
