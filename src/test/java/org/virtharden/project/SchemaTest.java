package org.virtharden.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Status;
import org.virtharden.model.HostConfig;
import org.virtharden.model.HostRun;

/** Looks at the stored schema directly, as another tool opening the file would. */
class SchemaTest {

    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void createProjectWithOneOfEverything() throws Exception {
        file = dir.resolve("schema.vhproj");
        try (Project p = Project.create(file, TestData.info())) {
            HostConfig h = p.hosts().add(new HostConfig(0, "kvm01", "10.0.0.1", 22, "audit", null, "VH_PW", "password",
                    null, null, null, null));
            long run = p.runs().start("2026.11").id();
            p.runs().hostState(new HostRun(run, h.id(), null, "done", null, 1, TestData.info().created(),
                    TestData.info().created(), 1));
            p.findings().recordProbe(TestData.evidence(run, h.id(), null, "p", "{}"),
                    List.of(TestData.finding(run, h.id(), null, "VH-1", Status.PASS)));
            p.runs().finish(run, "complete");
            p.settings().put("a", "b");
        }
    }

    private Map<String, List<String>> columns(Connection c) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
                ResultSet t = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'"
                        + " AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (t.next()) {
                out.put(t.getString(1), new ArrayList<>());
            }
        }
        for (Map.Entry<String, List<String>> e : out.entrySet()) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA table_info(" + e.getKey() + ")")) {
                while (rs.next()) {
                    e.getValue().add(rs.getString("name"));
                }
            }
        }
        return out;
    }

    @Test
    void tablesAreStrictAndSnakeCase() throws Exception {
        try (Connection c = TestData.jdbc(file)) {
            Map<String, List<String>> cols = columns(c);
            assertEquals(Set.of("project", "hosts", "runs", "host_runs", "evidence", "findings", "settings", "answers", "attachments",
                    "waivers", "waiver_history", "false_positives"),
                    cols.keySet());
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT name, strict FROM pragma_table_list WHERE schema = 'main'"
                            + " AND name NOT LIKE 'sqlite_%'")) {
                while (rs.next()) {
                    assertEquals(1, rs.getInt(2), rs.getString(1) + " is STRICT");
                }
            }
            cols.forEach((table, names) -> names.forEach(
                    n -> assertTrue(n.matches("[a-z][a-z0-9_]*"), table + "." + n + " is snake_case")));
        }
    }

    @Test
    void noColumnCanHoldAPassword() throws Exception {
        try (Connection c = TestData.jdbc(file)) {
            Set<String> suspicious = new TreeSet<>();
            columns(c).forEach((table, names) -> names.stream()
                    .filter(n -> n.matches("(?i).*(pass|pwd|secret|token|credential|private).*"))
                    .forEach(n -> suspicious.add(table + "." + n)));
            assertEquals(Set.of("hosts.password_env"), suspicious, "only the variable NAME column");
            // and that one takes the characters of a variable name only, even bypassing the Java checks
            for (String value : List.of("hunter2!", "correct horse", "p@ss", "1abc", "", "é")) {
                assertThrows(SQLException.class, () -> {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("UPDATE hosts SET password_env = '" + value + "'");
                    }
                }, value);
            }
            try (Statement s = c.createStatement()) {
                assertEquals(1, s.executeUpdate("UPDATE hosts SET password_env = 'OTHER_VAR_2'"));
            }
        }
    }

    @Test
    void findingsHaveTheQueryIndexes() throws Exception {
        try (Connection c = TestData.jdbc(file)) {
            assertEquals(List.of("run_id", "status"), indexColumns(c, "findings_run_status"));
            assertEquals(List.of("run_id", "host_id"), indexColumns(c, "findings_run_host"));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "EXPLAIN QUERY PLAN SELECT * FROM findings WHERE run_id = 1 AND status = 'fail'")) {
                StringBuilder plan = new StringBuilder();
                while (rs.next()) {
                    plan.append(rs.getString("detail"));
                }
                assertTrue(plan.toString().contains("findings_run_status"), plan.toString());
            }
        }
    }

    private static List<String> indexColumns(Connection c, String index) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA index_info(" + index + ")")) {
            while (rs.next()) {
                out.add(rs.getString("name"));
            }
        }
        return out;
    }

    @Test
    void foreignKeysAreDeclaredAndHold() throws Exception {
        try (Connection c = TestData.jdbc(file); Statement s = c.createStatement()) {
            Set<String> fks = new TreeSet<>();
            for (String table : List.of("host_runs", "evidence", "findings")) {
                try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_list(" + table + ")")) {
                    while (rs.next()) {
                        fks.add(table + "." + rs.getString("from") + "->" + rs.getString("table"));
                    }
                }
            }
            assertEquals(new TreeSet<>(List.of("evidence.host_id->hosts", "evidence.run_id->runs",
                    "findings.evidence_id->evidence", "findings.host_id->hosts", "findings.run_id->runs",
                    "host_runs.host_id->hosts", "host_runs.run_id->runs")), fks);
            try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
                assertFalse(rs.next(), "no dangling references");
            }
        }
    }

    @Test
    void timesAreUtcIsoText() throws Exception {
        String iso = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
        try (Connection c = TestData.jdbc(file); Statement s = c.createStatement()) {
            for (String q : List.of("SELECT created FROM project", "SELECT started FROM runs",
                    "SELECT finished FROM runs", "SELECT collected FROM evidence", "SELECT recorded FROM findings",
                    "SELECT started FROM host_runs")) {
                try (ResultSet rs = s.executeQuery(q)) {
                    assertTrue(rs.next(), q);
                    assertTrue(rs.getString(1).matches(iso), q + " -> " + rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT created FROM project")) {
                rs.next();
                assertEquals("2026-11-20T09:15:00.123Z", rs.getString(1));
            }
        }
    }

    @Test
    void enumeratedValuesAreStoredAsLowerCaseIds() throws Exception {
        try (Connection c = TestData.jdbc(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT domain, severity, status FROM findings")) {
            assertTrue(rs.next());
            assertEquals(List.of("hypervisor", "high", "pass"), List.of(rs.getString(1), rs.getString(2),
                    rs.getString(3)));
        }
    }
}
