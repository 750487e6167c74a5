package org.virtharden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.project.Project;

/** `virtharden settings`: operator inputs are stored only when the checks can read them. */
class SettingsCliTest {
    private static String[] run(String... args) {
        return CliRunner.run(args);
    }

    @Test
    void inventoryFromFileFlagsAndNumbersAreValidatedThenStored(@TempDir Path dir) throws Exception {
        String file = dir.resolve("s.vhproj").toString();
        assertEquals("0", run("init", file)[0]);
        Path csv = dir.resolve("guests.csv");
        Files.writeString(csv, "name,zone,sensitive\nweb01,dmz,no\ndb01,cde,yes\n");
        String[] set = run("settings", "set", file, "guests.inventory", "@" + csv);
        assertEquals("0", set[0], set[2]);
        assertTrue(set[1].contains("guests.inventory = 2 guest(s)"), set[1]);
        assertEquals("0", run("settings", "set", file, "patch.sla.days", "14")[0]);

        String[] show = run("settings", "show", file);
        assertTrue(show[1].matches("(?s).*patch\\.sla\\.days\\s+14\\s+project.*"), show[1]);
        assertTrue(show[1].matches("(?s).*fips\\.required\\s+false\\s+\\(default\\).*"), show[1]);
        assertTrue(show[1].matches("(?s).*guests\\.inventory\\s+3 lines\\s+project.*"), show[1]);

        Files.writeString(csv, "name,zone,sensitive\nweb01,dmz,maybe\n");
        String[] bad = run("settings", "set", file, "guests.inventory", "@" + csv);
        assertEquals("2", bad[0]);
        assertTrue(bad[2].contains("guest inventory line 2: sensitive must be yes or no"), bad[2]);
        assertFalse(bad[2].contains("Exception"), bad[2]);
        String[] flag = run("settings", "set", file, "fips.required", "perhaps");
        assertEquals("2", flag[0]);
        assertTrue(flag[2].contains("yes/no flag"), flag[2]);
        String[] num = run("settings", "set", file, "patch.sla.days", "two weeks");
        assertTrue(num[2].contains("whole number"), num[2]);
        String[] unknown = run("settings", "set", file, "patch.sla", "3");
        assertTrue(unknown[2].contains("unknown setting 'patch.sla'"), unknown[2]);
        String[] missing = run("settings", "set", file, "networks.zones", "@" + dir.resolve("nope.txt"));
        assertTrue(missing[2].contains("cannot read"), missing[2]);
        String[] zones = run("settings", "set", file, "networks.zones", "br-dmz");
        assertTrue(zones[2].contains("SEGMENT=ZONE"), zones[2]);

        try (Project p = Project.open(Path.of(file))) {
            assertEquals("14", p.settings().get("patch.sla.days").orElseThrow());
            assertTrue(p.settings().get("guests.inventory").orElseThrow().contains("db01,cde,yes"), "the bad file was not stored");
        }
        assertEquals("0", run("settings", "unset", file, "patch.sla.days")[0]);
        try (Project p = Project.open(Path.of(file))) {
            assertTrue(p.settings().get("patch.sla.days").isEmpty());
        }
    }
}
