package org.virtharden.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.FalsePositive;
import org.virtharden.model.Finding;
import org.virtharden.model.Waiver;
import org.virtharden.model.WaiverRevision;

/** Format 4: waiver approver, scope and renewal history; false positives; the upgrade from a format 3 file. */
class WaiverHistoryTest {
    @TempDir
    Path dir;

    private static final List<Migration> V1_TO_V3 = List.of(Migration.resource("V1__init.sql"),
            Migration.resource("V2__answers.sql"), Migration.resource("V3__waivers.sql"));

    private static int userVersion(Path f) throws Exception {
        try (Connection c = TestData.jdbc(f); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Finding finding(long hostId, String host, String guest, String check, Status st) {
        return new Finding(1, 1, hostId, host, guest, check, "v", Domain.HYPERVISOR, "t", Severity.HIGH, st, "", "", "", 0, null,
                Instant.now());
    }

    @Test
    void aFormat3FileUpgradesToFormat4KeepingItsWaivers() throws Exception {
        Path f = dir.resolve("v3.vhproj");
        long host;
        try (Project p = Project.create(f, TestData.info(), new Migrator(V1_TO_V3))) {
            host = p.hosts().add(TestData.host("kvm01")).id();
        }
        assertEquals(3, userVersion(f));
        // two waivers as format 3 wrote them (one revoked), written with the V3 columns only
        try (Connection c = TestData.jdbc(f); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO waivers (host_id, guest, check_id, justification, author, expires, created) VALUES ("
                    + host + ", NULL, 'HV-007', 'KSM needed until Q3', 'CIO', '2099-01-31T23:59:59.999Z', '2026-11-01T10:00:00.000Z')");
            s.executeUpdate("INSERT INTO waivers (host_id, guest, check_id, justification, author, expires, created, revoked) VALUES ("
                    + host + ", 'web01', 'GU-005', 'legacy', 'CISO', '2099-01-31T23:59:59.999Z', '2026-11-01T10:00:00.000Z',"
                    + " '2026-11-02T10:00:00.000Z')");
        }
        try (Project p = Project.open(f)) {
            List<Waiver> all = p.waivers().all();
            assertEquals(2, all.size());
            Waiver w = all.get(0);
            assertEquals(1, w.id(), "ids are kept");
            assertEquals("kvm01", w.hostName());
            assertEquals("CIO", w.author());
            assertEquals("CIO", w.approver(), "format 3 recorded one name: it becomes the approver too");
            assertFalse(w.allHosts());
            assertNull(w.renewed());
            assertEquals(Instant.parse("2099-01-31T23:59:59.999Z"), w.expires());
            assertEquals("web01", all.get(1).guest());
            assertEquals(Instant.parse("2026-11-02T10:00:00.000Z"), all.get(1).revoked());
            assertEquals(List.of(w), p.waivers().current(Instant.now()));
            assertTrue(p.waivers().history().isEmpty());
        }
        assertEquals(Project.SCHEMA_VERSION, userVersion(f));
        assertEquals(4, Project.SCHEMA_VERSION);
        Path bak = dir.resolve("v3.vhproj.bak-v3");
        assertTrue(Files.exists(bak), "the format 3 file was copied aside before the upgrade");
        assertEquals(3, userVersion(bak));
    }

    @Test
    void renewingKeepsTheIdAndTheHistoryAndReopensARevokedWaiver() throws Exception {
        Path f = dir.resolve("w.vhproj");
        try (Project p = Project.create(f, TestData.info())) {
            long host = p.hosts().add(TestData.host("kvm01")).id();
            Waiver w = p.waivers().record(host, null, "HV-007", "density", "J. Doe", "CIO", Instant.now().plus(Duration.ofDays(10)));
            assertEquals("CIO", w.approver());
            assertEquals(Waiver.State.EXPIRING, w.stateAt(Instant.now()), "10 days left: badged");
            Waiver revoked = p.waivers().revoke(w.id()).orElseThrow();
            assertEquals(Waiver.State.REVOKED, revoked.stateAt(Instant.now()));

            Instant until = Instant.now().plus(Duration.ofDays(90));
            Waiver renewed = p.waivers().renew(w.id(), "density, until the Q3 refresh", "CISO", "A. Smith", until).orElseThrow();
            assertEquals(w.id(), renewed.id(), "renewed in place, never recreated");
            assertNull(renewed.revoked());
            assertEquals("CISO", renewed.approver());
            assertEquals("A. Smith", renewed.author());
            assertNotNull(renewed.renewed());
            assertEquals(Waiver.State.ACTIVE, renewed.stateAt(Instant.now()));
            p.waivers().renew(w.id(), "third time", "CIO", "J. Doe", until.plus(Duration.ofDays(1)));

            List<WaiverRevision> h = p.waivers().history(w.id());
            assertEquals(2, h.size(), "each renewal keeps what it replaced");
            WaiverRevision first = h.get(0);
            assertEquals("density", first.justification());
            assertEquals("CIO", first.approver());
            assertEquals("J. Doe", first.author());
            assertEquals(revoked.revoked(), first.revoked(), "the revocation is part of the history");
            assertEquals(w.expires(), first.expires());
            assertEquals(w.created(), first.validFrom());
            assertEquals("A. Smith", first.replacedBy());
            assertEquals("density, until the Q3 refresh", h.get(1).justification());
            assertEquals(renewed.renewed(), h.get(1).validFrom());
            assertEquals(1, p.waivers().all().size());
            assertTrue(p.waivers().renew(999, "x", "y", "z", until).isEmpty());
            assertThrows(IllegalArgumentException.class, () -> p.waivers().renew(w.id(), "x", " ", "z", until), "approver required");
            assertThrows(IllegalArgumentException.class, () -> p.waivers().renew(w.id(), "x", "y", "z", Instant.now().minusSeconds(5)));
        }
    }

    @Test
    void anAllHostsWaiverCoversTheCheckEverywhereAndATargetWaiverWins() throws Exception {
        Path f = dir.resolve("a.vhproj");
        try (Project p = Project.create(f, TestData.info())) {
            long h1 = p.hosts().add(TestData.host("kvm01")).id();
            long h2 = p.hosts().add(TestData.host("kvm02")).id();
            Instant until = Instant.now().plus(Duration.ofDays(90));
            Waiver all = p.waivers().recordForAllHosts("HV-007", "fleet-wide decision", "J. Doe", "CIO", until);
            assertTrue(all.allHosts());
            assertEquals(Waiver.ALL_HOSTS, all.scopeText());
            Instant now = Instant.now();
            List<Waiver> cur = p.waivers().current(now);
            assertEquals(List.of(all), cur);
            assertEquals(all, Waiver.activeFor(cur, finding(h2, "kvm02", null, "HV-007", Status.FAIL), now).orElseThrow());
            assertTrue(Waiver.activeFor(cur, finding(h2, "kvm02", null, "HV-008", Status.FAIL), now).isEmpty());
            Waiver one = p.waivers().record(h1, null, "HV-007", "kvm01 only", "J. Doe", "CISO", until);
            cur = p.waivers().current(now);
            assertEquals(one, Waiver.activeFor(cur, finding(h1, "kvm01", null, "HV-007", Status.FAIL), now).orElseThrow());
            assertEquals(all, Waiver.activeFor(cur, finding(h2, "kvm02", null, "HV-007", Status.WARN), now).orElseThrow());
        }
        try (Connection c = TestData.jdbc(f); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT scope, host_id IS NULL FROM waivers ORDER BY id")) {
            rs.next();
            assertEquals("all_hosts", rs.getString(1));
            assertTrue(rs.getBoolean(2));
        }
    }

    @Test
    void anExpiredWaiverReopensTheFindingAndIsOfferedForRenewal() throws Exception {
        Instant now = Instant.now();
        Waiver expired = new Waiver(1, 7, "kvm01", null, "HV-007", "j", "a", now.minusSeconds(60), now.minusSeconds(3600), null,
                "CIO", false, null);
        Finding fail = finding(7, "kvm01", null, "HV-007", Status.FAIL);
        assertTrue(Waiver.activeFor(List.of(expired), fail, now).isEmpty(), "expired: open again");
        assertEquals(expired, Waiver.lapsedFor(List.of(expired), fail, now).orElseThrow());
        assertEquals(Waiver.State.EXPIRED, expired.stateAt(now));
        assertTrue(Waiver.lapsedFor(List.of(expired), finding(7, "kvm01", null, "HV-007", Status.PASS), now).isEmpty());
    }

    @Test
    void aFalsePositiveHidesTheFindingUntilRevokedAndKeepsItsReason() throws Exception {
        Path f = dir.resolve("fp.vhproj");
        long host;
        long id;
        try (Project p = Project.create(f, TestData.info())) {
            host = p.hosts().add(TestData.host("kvm01")).id();
            FalsePositive fp = p.falsePositives().mark(host, "web'$(id)", "GU-005", "  VNC bound to a unix socket, not TCP ", "J. Doe");
            id = fp.id();
            assertEquals("VNC bound to a unix socket, not TCP", fp.reason());
            assertThrows(IllegalArgumentException.class, () -> p.falsePositives().mark(host, null, "HV-007", " ", "J. Doe"));
            assertThrows(IllegalArgumentException.class, () -> p.falsePositives().mark(999, null, "HV-007", "r", "J. Doe"));
        }
        Finding fail = finding(host, "kvm01", "web'$(id)", "GU-005", Status.FAIL);
        try (Project p = Project.open(f)) {
            List<FalsePositive> cur = p.falsePositives().current();
            assertEquals(1, cur.size());
            assertTrue(FalsePositive.activeFor(cur, fail).isPresent());
            assertTrue(FalsePositive.activeFor(cur, finding(host, "kvm01", "web'$(id)", "GU-005", Status.ERROR)).isEmpty(),
                    "an ERROR is never hidden");
            FalsePositive r = p.falsePositives().revoke(id, "A. Smith").orElseThrow();
            assertNotNull(r.revoked());
            assertEquals("A. Smith", r.revokedBy());
            assertEquals(r.revoked(), p.falsePositives().revoke(id, "B").orElseThrow().revoked(), "revoking twice keeps the first");
            assertTrue(p.falsePositives().current().isEmpty());
            assertTrue(FalsePositive.activeFor(p.falsePositives().all(), fail).isEmpty(), "revoked: open again");
            assertEquals("VNC bound to a unix socket, not TCP", p.falsePositives().all().get(0).reason(), "the reason stays");
        }
    }
}
