package org.virtharden.project;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Status;
import org.virtharden.model.HostConfig;
import org.virtharden.model.ProjectInfo;
import org.virtharden.model.ScanRun;
import org.virtharden.project.ProjectException.Kind;

class ProjectTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("audit.vhproj");
    }

    private static int pragma(Path file, String name) throws SQLException {
        try (Connection c = TestData.jdbc(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A real project with some content, closed. */
    private Path realProject() throws ProjectException {
        Path f = file();
        try (Project p = Project.create(f, TestData.info())) {
            HostConfig h = p.hosts().add(TestData.host("kvm01"));
            ScanRun run = p.runs().start("2026.11");
            for (int i = 0; i < 20; i++) {
                p.findings().recordProbe(TestData.evidence(run.id(), h.id(), null, "probe-" + i, "{\"i\":" + i + "}"),
                        TestData.findings(run.id(), h.id(), null, "VH-" + i, 5));
            }
        }
        return f;
    }

    private static ProjectException refused(Path f, Kind kind) {
        ProjectException e = assertThrows(ProjectException.class, () -> Project.open(f));
        assertEquals(kind, e.kind(), e.getMessage());
        assertFalse(e.getMessage().contains("\tat "), "no stack trace in the message");
        return e;
    }

    @Test
    void createThenOpenRoundTrip() throws Exception {
        ProjectInfo info = TestData.info();
        try (Project p = Project.create(file(), info)) {
            assertEquals(info, p.info());
            assertEquals(file().toAbsolutePath(), p.file());
            p.settings().put("report.language", "en");
        }
        try (Project p = Project.open(file())) {
            assertEquals(info, p.info());
            assertEquals("en", p.settings().get("report.language").orElseThrow());
        }
        assertEquals(Database.APPLICATION_ID, pragma(file(), "application_id"));
        assertEquals(Project.SCHEMA_VERSION, pragma(file(), "user_version"));
    }

    @Test
    void nullCreationTimeMeansNow() throws Exception {
        try (Project p = Project.create(file(), new ProjectInfo("ACME", null, null, null))) {
            assertTrue(p.info().created() != null);
            assertEquals(null, p.info().site());
        }
    }

    @Test
    void connectionUsesTheProjectPragmas() throws Exception {
        try (Project p = Project.create(file(), TestData.info())) {
            Database db = p.database();
            assertEquals("1", db.pragma("foreign_keys"));
            assertEquals("wal", db.pragma("journal_mode"));
            assertEquals("1", db.pragma("synchronous"), "NORMAL");
            assertEquals("5000", db.pragma("busy_timeout"));
            assertEquals("0", db.pragma("trusted_schema"));
            assertEquals(String.valueOf(0x56484152), db.pragma("application_id"));
        }
    }

    @Test
    void createLeavesOnlyTheProjectFile() throws Exception {
        Project.create(file(), TestData.info()).close();
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("audit.vhproj"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void createRefusesAnExistingFile() throws Exception {
        Files.writeString(file(), "precious");
        TestData.age(file());
        TestData.Snapshot before = TestData.Snapshot.of(file());
        ProjectException e = assertThrows(ProjectException.class, () -> Project.create(file(), TestData.info()));
        assertEquals(Kind.ALREADY_EXISTS, e.kind());
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        before.assertUnchanged(file());
    }

    @Test
    void createRefusesAMissingFolder() {
        ProjectException e = assertThrows(ProjectException.class,
                () -> Project.create(dir.resolve("no/such/folder/a.vhproj"), TestData.info()));
        assertEquals(Kind.NOT_FOUND, e.kind());
    }

    @Test
    void createNeedsAClient() {
        ProjectException e = assertThrows(ProjectException.class,
                () -> Project.create(file(), new ProjectInfo(" ", "s", "a", null)));
        assertEquals(Kind.INVALID, e.kind());
        assertFalse(Files.exists(file()));
    }

    @Test
    void failedCreationLeavesNothingBehind() throws Exception {
        Migrator broken = new Migrator(List.of(new Migration(1, "broken", "CREATE TABLE oops (")));
        ProjectException e = assertThrows(ProjectException.class,
                () -> Project.create(file(), TestData.info(), broken));
        assertFalse(e.getMessage().contains(".creating-"), e.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void openRefusesAMissingFile() throws Exception {
        ProjectException e = refused(file(), Kind.NOT_FOUND);
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertFalse(Files.exists(file()), "open must not create the file");
    }

    @Test
    void openRefusesAFileFromANewerVersionAndLeavesItByteIdentical() throws Exception {
        Path f = realProject();
        try (Connection c = TestData.jdbc(f); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        TestData.age(f);
        TestData.Snapshot before = TestData.Snapshot.of(f);
        ProjectException e = refused(f, Kind.NEWER_VERSION);
        String m = e.getMessage();
        assertTrue(m.contains("newer version of virtharden"), m);
        assertTrue(m.contains("format 99"), m);
        assertTrue(m.contains("up to " + Project.SCHEMA_VERSION), m);
        assertTrue(m.contains("Update virtharden"), m);
        assertTrue(m.contains("It was not changed"), m);
        before.assertUnchanged(f);
        assertEquals(99, pragma(f, "user_version"));
    }

    @Test
    void openRefusesGarbageAsDamagedAndLeavesItUntouched() throws Exception {
        byte[] junk = new byte[64 * 1024];
        new Random(42).nextBytes(junk);
        Files.write(file(), junk);
        TestData.age(file());
        TestData.Snapshot before = TestData.Snapshot.of(file());
        ProjectException e = refused(file(), Kind.CORRUPT);
        String m = e.getMessage();
        assertTrue(m.startsWith("The project file " + file() + " is damaged ("), m);
        assertTrue(m.contains("It was not changed. Restore it from a backup copy (audit.vhproj.bak-"), m);
        before.assertUnchanged(file());
    }

    @Test
    void openRefusesATruncatedProjectAndLeavesItUntouched() throws Exception {
        Path f = realProject();
        byte[] whole = Files.readAllBytes(f);
        assertTrue(whole.length >= 4 * 4096, "test needs a project of several pages, got " + whole.length);
        Files.write(f, Arrays.copyOf(whole, whole.length / 2));
        TestData.age(f);
        TestData.Snapshot before = TestData.Snapshot.of(f);
        ProjectException e = refused(f, Kind.CORRUPT);
        assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
        before.assertUnchanged(f);
    }

    @Test
    void openRefusesAProjectWithADamagedPage() throws Exception {
        Path f = realProject();
        byte[] bytes = Files.readAllBytes(f);
        int pageSize = 4096;
        // scribble over the b-tree page headers of the second half of the file (findings, indexes)
        for (int page = bytes.length / pageSize / 2; page < bytes.length / pageSize; page++) {
            for (int i = 0; i < 12; i++) {
                bytes[page * pageSize + i] = (byte) 0xA5;
            }
        }
        Files.write(f, bytes);
        TestData.age(f);
        TestData.Snapshot before = TestData.Snapshot.of(f);
        refused(f, Kind.CORRUPT);
        before.assertUnchanged(f);
    }

    @Test
    void openRefusesAnEmptyFile() throws Exception {
        Files.createFile(file());
        TestData.Snapshot before = TestData.Snapshot.of(file());
        ProjectException e = refused(file(), Kind.CORRUPT);
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        before.assertUnchanged(file());
    }

    @Test
    void damagedMessageNamesTheBackupsThatExist() throws Exception {
        Files.write(file(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17});
        Files.writeString(dir.resolve("audit.vhproj.bak-v1"), "x");
        ProjectException e = refused(file(), Kind.CORRUPT);
        assertTrue(e.getMessage().contains("(audit.vhproj.bak-v1)"), e.getMessage());
    }

    @Test
    void damagedMessageWarnsAboutAStaleWriteAheadLog() throws Exception {
        Files.write(file(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17});
        Files.write(dir.resolve("audit.vhproj-wal"), new byte[0]);
        ProjectException e = refused(file(), Kind.CORRUPT);
        assertTrue(e.getMessage().contains("delete audit.vhproj-wal and audit.vhproj-shm"), e.getMessage());
    }

    @Test
    void openRefusesAnSqliteDatabaseThatIsNotAProject() throws Exception {
        try (Connection c = TestData.jdbc(file()); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x')");
        }
        TestData.age(file());
        TestData.Snapshot before = TestData.Snapshot.of(file());
        ProjectException e = refused(file(), Kind.NOT_A_PROJECT);
        assertTrue(e.getMessage().contains("not a virtharden project"), e.getMessage());
        before.assertUnchanged(file());
    }

    @Test
    void openRefusesAnotherApplicationsDatabase() throws Exception {
        try (Connection c = TestData.jdbc(file()); Statement s = c.createStatement()) {
            s.executeUpdate("PRAGMA application_id = 1234; PRAGMA user_version = 1; CREATE TABLE project (id INTEGER)");
        }
        TestData.age(file());
        TestData.Snapshot before = TestData.Snapshot.of(file());
        ProjectException e = refused(file(), Kind.NOT_A_PROJECT);
        assertTrue(e.getMessage().contains("0x000004D2"), e.getMessage());
        before.assertUnchanged(file());
    }

    @Test
    void openRefusesAReadOnlyFileUpFront() throws Exception {
        Path f = realProject();
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
        if (Files.isWritable(f)) {
            // root: mode bits do not stop it writing, so the file is usable and must open normally
            try (Project p = Project.open(f)) {
                assertEquals("kvm01", p.hosts().list().get(0).name());
            }
            return;
        }
        TestData.age(f);
        TestData.Snapshot before = TestData.Snapshot.of(f);
        ProjectException e = refused(f, Kind.IO);
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        before.assertUnchanged(f);
    }

    @Test
    void openRefusesAFolder() {
        refused(dir, Kind.NOT_A_PROJECT);
    }

    @Test
    void openRefusesOurIdWithoutProjectDetails() throws Exception {
        Path f = realProject();
        try (Connection c = TestData.jdbc(f); Statement s = c.createStatement()) {
            s.execute("DELETE FROM project");
        }
        refused(f, Kind.CORRUPT);
    }

    @Test
    void worksWithAwkwardPathCharacters() throws Exception {
        Path f = dir.resolve("Kunde ä ?#% 'x' (2026).vhproj");
        Project.create(f, TestData.info()).close();
        try (Project p = Project.open(f)) {
            assertEquals("ACME Corp", p.info().client());
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f.getFileName().toString()), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aClosedProjectRefusesWork() throws Exception {
        Project p = Project.create(file(), TestData.info());
        p.close();
        p.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> p.hosts().list());
        assertThrows(IllegalStateException.class, () -> p.runs().start("x"));
    }

    @Test
    void openedFileKeepsTheRecordedData() throws Exception {
        Path f = realProject();
        try (Project p = Project.open(f)) {
            long run = p.runs().latest().orElseThrow().id();
            assertEquals(100, p.findings().count(run));
            assertEquals(100, p.findings().list(new FindingQuery(run, Status.PASS, "kvm01", null, null)).size());
        }
    }

    @Test
    void schemaVersionMatchesTheLastBuiltInMigration() {
        assertEquals(Project.SCHEMA_VERSION, Migrator.builtIn().latestVersion());
    }

    @Test
    void snapshotHelperNoticesChanges() throws IOException {
        Files.writeString(file(), "a");
        TestData.age(file());
        TestData.Snapshot before = TestData.Snapshot.of(file());
        Files.writeString(file(), "b");
        assertThrows(AssertionError.class, () -> before.assertUnchanged(file()));
        assertArrayEquals("a".getBytes(), before.bytes());
    }
}
