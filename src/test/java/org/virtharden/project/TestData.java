package org.virtharden.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.Evidence;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.ProjectInfo;

/** Builders for test records and helpers for looking at files. */
final class TestData {

    private TestData() {
    }

    static ProjectInfo info() {
        return new ProjectInfo("ACME Corp", "Datacenter 1", "A. Assessor", Instant.parse("2026-11-20T09:15:00.123Z"));
    }

    static HostConfig host(String name) {
        return new HostConfig(0, name, name + ".example.net", 22, "audit", "/home/audit/.ssh/id_ed25519", null,
                "nopasswd", null, null, null, "prod");
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Evidence evidence(long runId, long hostId, String guest, String probe, String json) {
        return new Evidence(0, runId, hostId, guest, probe, json, sha256(json),
                Instant.parse("2026-11-20T10:00:00.250Z"), 42);
    }

    static Finding finding(long runId, long hostId, String guest, String checkId, Status status) {
        return new Finding(0, runId, hostId, null, guest, checkId, "2026.11", Domain.HYPERVISOR, "Title " + checkId,
                Severity.HIGH, status, "observed " + checkId, "expected " + checkId, "reason " + checkId, 0, null,
                null);
    }

    static List<Finding> findings(long runId, long hostId, String guest, String prefix, int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> finding(runId, hostId, guest, String.format("%s-%03d", prefix, i), Status.PASS))
                .toList();
    }

    /** A plain JDBC connection, bypassing Project (to tamper with files or look at them directly). */
    static Connection jdbc(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    /** Sets an old mtime, so that any later write would show as a changed mtime. */
    static void age(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    }

    /** Everything a refusal must leave unchanged: the bytes, the mtime, and the folder's listing. */
    record Snapshot(byte[] bytes, FileTime mtime, List<String> folder) {

        static Snapshot of(Path file) throws IOException {
            try (Stream<Path> s = Files.list(file.getParent())) {
                return new Snapshot(Files.readAllBytes(file), Files.getLastModifiedTime(file),
                        s.map(p -> p.getFileName().toString()).sorted().toList());
            }
        }

        void assertUnchanged(Path file) throws IOException {
            Snapshot now = of(file);
            org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, now.bytes, "file content changed");
            org.junit.jupiter.api.Assertions.assertEquals(mtime, now.mtime, "file mtime changed");
            org.junit.jupiter.api.Assertions.assertEquals(folder, now.folder, "files appeared next to it");
        }
    }
}
