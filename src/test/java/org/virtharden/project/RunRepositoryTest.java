package org.virtharden.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.model.HostConfig;
import org.virtharden.model.HostRun;
import org.virtharden.model.ScanRun;
import org.virtharden.project.ProjectException.Kind;

class RunRepositoryTest {

    @TempDir
    Path dir;
    Project project;
    RunRepository runs;

    @BeforeEach
    void open() throws ProjectException {
        project = Project.create(dir.resolve("r.vhproj"), TestData.info());
        runs = project.runs();
    }

    @AfterEach
    void close() {
        project.close();
    }

    @Test
    void startFinishAndReadBack() {
        Instant before = Instant.now().minusMillis(1);
        ScanRun run = runs.start("2026.11");
        assertEquals("running", run.state());
        assertEquals("2026.11", run.catalogVersion());
        assertNull(run.finished());
        assertTrue(!run.started().isBefore(before) && !run.started().isAfter(Instant.now()));
        assertEquals(run, runs.byId(run.id()).orElseThrow());

        runs.finish(run.id(), "partial");
        ScanRun done = runs.byId(run.id()).orElseThrow();
        assertEquals("partial", done.state());
        assertNotNull(done.finished());
        assertTrue(!done.finished().isBefore(done.started()));
    }

    @Test
    void latestAndListAreNewestFirst() {
        assertTrue(runs.latest().isEmpty());
        ScanRun a = runs.start("1");
        ScanRun b = runs.start("1");
        ScanRun c = runs.start("2");
        assertEquals(c.id(), runs.latest().orElseThrow().id());
        assertEquals(List.of(c.id(), b.id(), a.id()), runs.list().stream().map(ScanRun::id).toList());
        assertTrue(runs.byId(999).isEmpty());
    }

    @Test
    void finishIsOnceAndOnlyWithAFinalState() {
        ScanRun run = runs.start("1");
        assertThrows(IllegalArgumentException.class, () -> runs.finish(run.id(), "running"));
        assertThrows(IllegalArgumentException.class, () -> runs.finish(run.id(), "done"));
        assertThrows(IllegalArgumentException.class, () -> runs.finish(run.id(), null));
        assertThrows(IllegalArgumentException.class, () -> runs.finish(12345, "complete"));
        runs.finish(run.id(), "complete");
        assertThrows(IllegalStateException.class, () -> runs.finish(run.id(), "failed"));
        assertEquals("complete", runs.byId(run.id()).orElseThrow().state());
        for (String s : List.of("partial", "cancelled", "failed")) {
            long id = runs.start("1").id();
            runs.finish(id, s);
            assertEquals(s, runs.byId(id).orElseThrow().state());
        }
        assertThrows(IllegalArgumentException.class, () -> runs.start(" "));
    }

    @Test
    void hostStateIsUpsertedPerRunAndHost() throws Exception {
        HostConfig a = project.hosts().add(TestData.host("kvm-b"));
        HostConfig b = project.hosts().add(TestData.host("kvm-a"));
        long run = runs.start("1").id();
        long other = runs.start("1").id();
        Instant t0 = Instant.parse("2026-11-20T10:00:00.001Z");
        runs.hostState(new HostRun(run, a.id(), null, "connecting", null, 0, t0, null, 0));
        runs.hostState(new HostRun(run, b.id(), null, "queued", null, 0, null, null, 0));
        runs.hostState(new HostRun(other, a.id(), null, "done", null, 3, t0, t0, 1));
        HostRun failed = new HostRun(run, a.id(), "kvm-b", "failed", "Connection refused (port 22). Check sshd.", 2,
                t0, t0.plusSeconds(3), 0);
        runs.hostState(failed);

        List<HostRun> hr = runs.hostRuns(run);
        assertEquals(2, hr.size());
        assertEquals(new HostRun(run, b.id(), "kvm-a", "queued", null, 0, null, null, 0), hr.get(0));
        assertEquals(failed, hr.get(1));
        assertEquals(1, runs.hostRuns(other).size());
        assertTrue(runs.hostRuns(777).isEmpty());
    }

    @Test
    void hostStateChecksStateAndReferences() throws Exception {
        HostConfig h = project.hosts().add(TestData.host("kvm01"));
        long run = runs.start("1").id();
        assertThrows(IllegalArgumentException.class,
                () -> runs.hostState(new HostRun(run, h.id(), null, "sleeping", null, 0, null, null, 0)));
        UncheckedProjectException e = assertThrows(UncheckedProjectException.class,
                () -> runs.hostState(new HostRun(run, 4242, null, "done", null, 0, null, null, 0)));
        assertEquals(Kind.INVALID, e.kind());
        assertEquals(e.getCause().getMessage(), e.getMessage());
        assertTrue(runs.hostRuns(run).isEmpty());
    }
}
