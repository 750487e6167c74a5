package org.virtharden.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.Finding;
import org.virtharden.model.Waiver;

class WaiverRepositoryTest {
    @TempDir
    Path dir;

    private static final Instant IN_90_DAYS = Instant.now().plus(Duration.ofDays(90));

    @Test
    void waiversAreKeptWithHistoryAndApplyUntilExpiryOrRevocation() throws Exception {
        Path f = dir.resolve("w.vhproj");
        long host;
        long first;
        try (Project p = Project.create(f, TestData.info())) {
            host = p.hosts().add(TestData.host("kvm01")).id();
            Waiver w = p.waivers().record(host, null, "HV-007", "  KSM needed for density until Q3 refresh ", "CIO", IN_90_DAYS);
            first = w.id();
            assertEquals("KSM needed for density until Q3 refresh", w.justification());
            assertEquals("kvm01", w.hostName());
            assertNull(w.revoked());
            p.waivers().record(host, "web'$(id)<b>", "GU-005", "legacy appliance", "CIO", Instant.now().plus(Duration.ofDays(10)));
        }
        try (Project p = Project.open(f)) {
            Instant now = Instant.now();
            assertEquals(2, p.waivers().current(now).size());
            // 30 days on, the 10-day waiver no longer applies, but stays in the history
            List<Waiver> later = p.waivers().current(now.plus(Duration.ofDays(30)));
            assertEquals(List.of("HV-007"), later.stream().map(Waiver::checkId).toList());
            assertTrue(p.waivers().current(now.plus(Duration.ofDays(91))).isEmpty(), "expired waivers no longer apply");
            Waiver r = p.waivers().revoke(first).orElseThrow();
            assertNotNull(r.revoked());
            assertEquals(r.revoked(), p.waivers().revoke(first).orElseThrow().revoked(), "revoking twice keeps the first time");
            assertTrue(p.waivers().revoke(999).isEmpty());
            assertEquals(1, p.waivers().current(now).size());
            assertEquals(2, p.waivers().all().size(), "never deleted");
            assertEquals("web'$(id)<b>", p.waivers().current(now).get(0).guest());
        }
    }

    @Test
    void aWaiverCoversOnlyAFailOrWarnOfItsTarget() {
        Instant now = Instant.now();
        Waiver w = new Waiver(1, 7, "kvm01", null, "HV-007", "j", "a", now.plusSeconds(60), now, null);
        Finding fail = finding(7, null, "HV-007", Status.FAIL);
        assertTrue(Waiver.activeFor(List.of(w), fail, now).isPresent());
        assertTrue(Waiver.activeFor(List.of(w), finding(7, null, "HV-007", Status.WARN), now).isPresent());
        assertTrue(Waiver.activeFor(List.of(w), finding(7, null, "HV-007", Status.ERROR), now).isEmpty(), "ERROR is never waived");
        assertTrue(Waiver.activeFor(List.of(w), finding(7, "vm1", "HV-007", Status.FAIL), now).isEmpty());
        assertTrue(Waiver.activeFor(List.of(w), finding(8, null, "HV-007", Status.FAIL), now).isEmpty());
        assertTrue(Waiver.activeFor(List.of(w), fail, now.plusSeconds(61)).isEmpty(), "expired");
    }

    private static Finding finding(long host, String guest, String check, Status s) {
        return new Finding(1, 1, host, "kvm01", guest, check, "v", Domain.HYPERVISOR, "t", Severity.HIGH, s, "", "", "", 0, null,
                Instant.now());
    }

    @Test
    void badWaiversAreRefusedWithTheReason() throws Exception {
        try (Project p = Project.create(dir.resolve("b.vhproj"), TestData.info())) {
            long host = p.hosts().add(TestData.host("kvm01")).id();
            var j = assertThrows(IllegalArgumentException.class,
                    () -> p.waivers().record(host, null, "HV-007", " ", "CIO", IN_90_DAYS));
            assertTrue(j.getMessage().contains("justification"), j.getMessage());
            var e = assertThrows(IllegalArgumentException.class,
                    () -> p.waivers().record(host, null, "HV-007", "why", "CIO", Instant.now().minusSeconds(1)));
            assertTrue(e.getMessage().contains("future"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> p.waivers().record(host, null, "HV-007", "why", "", IN_90_DAYS));
            assertThrows(IllegalArgumentException.class, () -> p.waivers().record(host, null, " ", "why", "CIO", IN_90_DAYS));
            assertThrows(IllegalArgumentException.class, () -> p.waivers().record(host + 5, null, "HV-007", "why", "CIO", IN_90_DAYS));
            assertTrue(p.waivers().all().isEmpty(), "nothing half-written");
        }
        // the table itself refuses an empty justification, whoever writes it
        try (Connection c = TestData.jdbc(dir.resolve("b.vhproj")); Statement s = c.createStatement()) {
            assertThrows(java.sql.SQLException.class, () -> s.executeUpdate("INSERT INTO waivers (host_id, check_id, justification,"
                    + " author, expires, created) VALUES (1, 'HV-007', '  ', 'x', '2099-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')"));
        }
    }

    @Test
    void aVersionTwoFileIsUpgradedAndKeepsItsBackup() throws Exception {
        Path f = dir.resolve("old.vhproj");
        try (Project p = Project.create(f, TestData.info(),
                new Migrator(List.of(Migration.resource("V1__init.sql"), Migration.resource("V2__answers.sql"))))) {
            long host = p.hosts().add(TestData.host("kvm01")).id();
            p.answers().record(host, null, "PH-001", Status.PASS, null, "J. Doe", List.of());
        }
        try (Project p = Project.open(f)) {
            long host = p.hosts().byName("kvm01").orElseThrow().id();
            p.waivers().record(host, null, "HV-007", "accepted", "CIO", IN_90_DAYS);
            assertEquals(1, p.waivers().current(Instant.now()).size());
            assertEquals(1, p.answers().current().size(), "the answers survived the upgrade");
        }
        assertTrue(Files.exists(dir.resolve("old.vhproj.bak-v2")), "the version-2 file was copied before the upgrade");
    }
}
