package org.virtharden.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsRepositoryTest {

    @TempDir
    Path dir;

    @Test
    void settingsRoundTripAcrossReopen() throws Exception {
        Path f = dir.resolve("s.vhproj");
        try (Project p = Project.create(f, TestData.info())) {
            SettingsRepository s = p.settings();
            assertTrue(s.all().isEmpty());
            assertTrue(s.get("missing").isEmpty());
            s.put("scan.parallelHosts", "4");
            s.put("report.title", "old");
            s.put("report.title", "Audit \"Q4\" <b>ÆØÅ</b> 🚀 $(whoami) `id` 'x'\nline 2\t");
            s.put("ssh.passwordEnv", "VH_PW");
            s.put("empty", "");
            s.put("gone", "x");
            s.put("gone", null);
        }
        try (Project p = Project.open(f)) {
            Map<String, String> all = p.settings().all();
            assertEquals(List.of("empty", "report.title", "scan.parallelHosts", "ssh.passwordEnv"),
                    List.copyOf(all.keySet()));
            assertEquals("Audit \"Q4\" <b>ÆØÅ</b> 🚀 $(whoami) `id` 'x'\nline 2\t", all.get("report.title"));
            assertEquals("", p.settings().get("empty").orElseThrow());
            assertThrows(UnsupportedOperationException.class, () -> all.put("x", "y"));
        }
    }

    @Test
    void secretsAndBadKeysAreRefused() throws Exception {
        try (Project p = Project.create(dir.resolve("s.vhproj"), TestData.info())) {
            SettingsRepository s = p.settings();
            for (String key : List.of("ssh.password", "db_PASSWD", "apiToken", "client-secret", "ssh.privateKey",
                    "key.passphrase")) {
                assertThrows(IllegalArgumentException.class, () -> s.put(key, "hunter2"), key);
            }
            assertThrows(IllegalArgumentException.class, () -> s.put("", "x"));
            assertThrows(IllegalArgumentException.class, () -> s.put(null, "x"));
            assertThrows(IllegalArgumentException.class, () -> s.put("a\nb", "x"));
            assertTrue(s.all().isEmpty());
        }
    }
}
