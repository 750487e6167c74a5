package org.virtharden.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.virtharden.model.Evidence;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;

/**
 * A process killed with SIGKILL while recording findings loses nothing it had committed: a child
 * JVM records probes in a loop, we wait until a second connection sees at least {@value #SEEN}
 * findings, kill -9 the child, and reopen the file.
 */
class ProjectKillIT {

    private static final int SEEN = 600;
    private static final int PER_PROBE = 3;
    private static final long WAIT_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    void everyFindingCommittedBeforeAKillSurvivesIt() throws Exception {
        Path file = dir.resolve("killed.vhproj");
        long runId;
        long hostId;
        try (Project p = Project.create(file, TestData.info())) {
            HostConfig h = p.hosts().add(TestData.host("kvm01"));
            hostId = h.id();
            runId = p.runs().start("2026.11").id();
        }

        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), RecordingChild.class.getName(),
                file.toString(), String.valueOf(runId), String.valueOf(hostId), String.valueOf(PER_PROBE),
                String.valueOf(WAIT_SECONDS + 30))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        int seen;
        try {
            try (Connection observer = readOnly(file)) {
                seen = waitUntilVisible(observer, runId, child, log);
            }
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no close, no checkpoint
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
            assertEquals(137, child.exitValue(), "child was killed by SIGKILL (128 + 9); log:\n" + log(log));
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertTrue(Files.exists(ProjectFiles.sibling(file, "-wal")), "the killed writer left its write-ahead log");

        try (Project p = Project.open(file)) {
            int count = p.findings().count(runId);
            System.out.printf("[virtharden.project] kill -9 after %d findings were visible; %d found on reopen%n",
                    seen, count);
            assertTrue(count >= seen, "had seen " + seen + ", found " + count);
            assertEquals(0, count % PER_PROBE, "no probe was half-recorded");
            List<Finding> all = p.findings().list(new FindingQuery(runId, null, null, null, null));
            Map<Long, Long> perEvidence = all.stream()
                    .collect(Collectors.groupingBy(Finding::evidenceId, Collectors.counting()));
            perEvidence.forEach((ev, n) -> assertEquals(PER_PROBE, n, "findings of evidence " + ev));
            for (long id : perEvidence.keySet()) {
                Evidence ev = p.findings().evidence(id).orElseThrow();
                assertEquals(TestData.sha256(ev.outputsJson()), ev.sha256(), "evidence " + id + " intact");
            }
            assertEquals("running", p.runs().byId(runId).orElseThrow().state(), "the run was never finished");
            // the reopened file is fully usable
            p.runs().finish(runId, "failed");
        }
        try (Project p = Project.open(file)) {
            assertEquals("failed", p.runs().byId(runId).orElseThrow().state());
        }
    }

    private static Connection readOnly(Path file) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setBusyTimeout(5000);
        return DriverManager.getConnection("jdbc:sqlite:" + file, cfg.toProperties());
    }

    private static int waitUntilVisible(Connection c, long runId, Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM findings WHERE run_id = ?")) {
            ps.setLong(1, runId);
            while (System.nanoTime() < deadline) {
                if (!child.isAlive()) {
                    fail("child exited early with " + child.exitValue() + "; log:\n" + log(log));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    int n = rs.next() ? rs.getInt(1) : 0;
                    if (n >= SEEN) {
                        return n;
                    }
                } catch (SQLException e) {
                    // the child may still be creating its log files; try again
                }
                Thread.sleep(20);
            }
        }
        fail("fewer than " + SEEN + " findings became visible within " + WAIT_SECONDS + " s; log:\n" + log(log));
        return -1;
    }

    private static String log(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
