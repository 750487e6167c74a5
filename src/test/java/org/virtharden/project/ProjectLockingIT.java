package org.virtharden.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.project.ProjectException.Kind;

/** Another program holding the write lock longer than the busy timeout gives LOCKED, not a hang. */
class ProjectLockingIT {

    @TempDir
    Path dir;

    @Test
    void aWriteLockHeldElsewhereGivesLockedAfterTheBusyTimeout() throws Exception {
        Path file = dir.resolve("locked.vhproj");
        try (Project p = Project.create(file, TestData.info()); Connection other = TestData.jdbc(file);
                Statement s = other.createStatement()) {
            p.settings().put("before", "1");
            s.execute("BEGIN IMMEDIATE");
            long t0 = System.nanoTime();
            UncheckedProjectException e = null;
            try {
                p.settings().put("during", "2");
            } catch (UncheckedProjectException thrown) {
                e = thrown;
            }
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(e != null, "the write should not succeed while another connection holds the lock");
            assertEquals(Kind.LOCKED, e.kind());
            assertTrue(e.getMessage().contains("locked by another program"), e.getMessage());
            assertTrue(waited >= 4_000 && waited < 30_000, "waited " + waited + " ms");
            assertEquals("1", p.settings().get("before").orElseThrow(), "reads still work in WAL mode");
            s.execute("ROLLBACK");
            p.settings().put("after", "3");
            assertEquals("3", p.settings().get("after").orElseThrow());
            assertTrue(p.settings().get("during").isEmpty());
        }
    }
}
