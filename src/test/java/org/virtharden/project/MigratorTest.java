package org.virtharden.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.model.HostConfig;

class MigratorTest {

    @TempDir
    Path dir;

    private static final Migration V1 = Migration.resource("V1__init.sql");
    /** A made-up next version, to exercise the upgrade path before a real V2 exists. */
    private static final Migration FAKE_V2 = new Migration(2, "fake_tags",
            "CREATE TABLE tags (host_id INTEGER NOT NULL REFERENCES hosts (id), tag TEXT NOT NULL) STRICT;\n"
                    + "ALTER TABLE hosts ADD COLUMN notes TEXT;");

    private static int pragma(Path file, String name) throws SQLException {
        try (Connection c = TestData.jdbc(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<String> tables(Path file) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = TestData.jdbc(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private Path v1Project() throws ProjectException {
        Path f = dir.resolve("old.vhproj");
        try (Project p = Project.create(f, TestData.info(), new Migrator(List.of(V1)))) {
            p.hosts().add(TestData.host("kvm01"));
            p.settings().put("k", "v");
        }
        return f;
    }

    @Test
    void appliesScriptsInOrderEachInItsOwnTransaction() throws Exception {
        Path f = dir.resolve("plain.db");
        Migrator two = new Migrator(List.of(
                new Migration(1, "a", "CREATE TABLE a (x INTEGER) STRICT; INSERT INTO a VALUES (1);"),
                new Migration(2, "b", "ALTER TABLE a ADD COLUMN y TEXT; UPDATE a SET y = 'two';")));
        try (Database db = Database.open(f, true)) {
            assertEquals(0, two.migrate(db, null));
        }
        assertEquals(2, pragma(f, "user_version"));
        assertEquals(Database.APPLICATION_ID, pragma(f, "application_id"));

        Migrator three = new Migrator(List.of(two.migrations().get(0), two.migrations().get(1),
                new Migration(3, "broken", "CREATE TABLE c (z INTEGER) STRICT; INSERT INTO nowhere VALUES (1);")));
        try (Database db = Database.open(f, false)) {
            ProjectException e = assertThrows(ProjectException.class, () -> three.migrate(db, null));
            assertTrue(e.getMessage().contains("no such table: nowhere"), e.getMessage());
        }
        assertEquals(2, pragma(f, "user_version"), "a failed script leaves the last good version");
        assertEquals(List.of("a"), tables(f), "the failed script's first statement was rolled back");
    }

    @Test
    void migrationIsANoOpWhenUpToDate() throws Exception {
        Path f = dir.resolve("plain.db");
        Migrator one = new Migrator(List.of(new Migration(1, "a", "CREATE TABLE a (x INTEGER) STRICT;")));
        try (Database db = Database.open(f, true)) {
            one.migrate(db, null);
            assertEquals(1, one.migrate(db, null));
        }
    }

    @Test
    void versionsMustBeContiguousFromOne() {
        assertThrows(IllegalArgumentException.class, () -> new Migrator(List.of(new Migration(2, "x", ""))));
        assertThrows(IllegalArgumentException.class,
                () -> new Migrator(List.of(new Migration(1, "x", ""), new Migration(3, "y", ""))));
        assertThrows(IllegalArgumentException.class, () -> Migration.resource("init.sql"));
    }

    @Test
    void openingAnOlderFileCopiesItAsideThenUpgrades() throws Exception {
        Path f = v1Project();
        assertEquals(1, pragma(f, "user_version"));
        try (Project p = Project.open(f, new Migrator(List.of(V1, FAKE_V2)))) {
            assertEquals("kvm01", p.hosts().byName("kvm01").orElseThrow().name());
            assertEquals("v", p.settings().get("k").orElseThrow());
        }
        assertEquals(2, pragma(f, "user_version"));
        assertTrue(tables(f).contains("tags"));

        Path bak = dir.resolve("old.vhproj.bak-v1");
        assertTrue(Files.exists(bak), "backup copy made");
        assertEquals(1, pragma(bak, "user_version"));
        assertEquals(Database.APPLICATION_ID, pragma(bak, "application_id"));
        assertFalse(tables(bak).contains("tags"));
        try (Project old = Project.open(bak, new Migrator(List.of(V1)))) {
            assertEquals(1, old.hosts().list().size(), "the copy holds the data as it was");
        }
    }

    @Test
    void anExistingBackupIsNeverOverwritten() throws Exception {
        Path f = v1Project();
        Path bak = dir.resolve("old.vhproj.bak-v1");
        Files.writeString(bak, "an earlier backup");
        Project.open(f, new Migrator(List.of(V1, FAKE_V2))).close();
        assertEquals("an earlier backup", Files.readString(bak));
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(3, names.size(), names.toString());
            assertTrue(names.get(2).matches("old\\.vhproj\\.bak-v1-\\d{8}T\\d{6}Z"), names.toString());
        }
    }

    @Test
    void aFailedUpgradeLeavesTheFileAtItsVersionAndSaysWhereTheCopyIs() throws Exception {
        Path f = v1Project();
        Migration broken = new Migration(2, "broken", "CREATE TABLE t (x INTEGER) STRICT; SELECT nonsense FROM t;");
        ProjectException e = assertThrows(ProjectException.class,
                () -> Project.open(f, new Migrator(List.of(V1, broken))));
        String m = e.getMessage();
        assertTrue(m.contains("could not be upgraded to format 2"), m);
        assertTrue(m.contains("left at format 1"), m);
        assertTrue(m.contains("old.vhproj.bak-v1"), m);
        assertEquals(1, pragma(f, "user_version"));
        try (Project p = Project.open(f, new Migrator(List.of(V1)))) {
            assertEquals(1, p.hosts().list().size());
        }
    }

    @Test
    void builtInScriptsHaveNoTransactionControlAndOnlyStrictTables() {
        Pattern createTable = Pattern.compile("(?is)CREATE\\s+TABLE\\s+(\\w+)\\s*\\((.*?)\\)\\s*(STRICT)?\\s*;");
        for (Migration m : Migrator.builtIn().migrations()) {
            String sql = m.sql().replaceAll("--[^\n]*", "");
            String upper = sql.toUpperCase(Locale.ROOT);
            for (String word : List.of("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "USER_VERSION")) {
                assertFalse(upper.matches("(?s).*\\b" + word + "\\b.*"), m.name() + " contains " + word);
            }
            Matcher t = createTable.matcher(sql);
            int count = 0;
            while (t.find()) {
                count++;
                assertEquals("STRICT", t.group(3), "table " + t.group(1) + " in " + m.name() + " is not STRICT");
            }
            assertTrue(count > 0 || m.version() > 1);
        }
    }

    @Test
    void hostsSurviveTheUpgradeWithTheirIds() throws Exception {
        Path f = dir.resolve("old.vhproj");
        HostConfig added;
        try (Project p = Project.create(f, TestData.info(), new Migrator(List.of(V1)))) {
            added = p.hosts().add(TestData.host("kvm07"));
        }
        try (Project p = Project.open(f, new Migrator(List.of(V1, FAKE_V2)))) {
            assertEquals(added, p.hosts().byName("kvm07").orElseThrow());
        }
    }
}
