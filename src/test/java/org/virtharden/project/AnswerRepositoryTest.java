package org.virtharden.project;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Status;
import org.virtharden.model.Answer;

class AnswerRepositoryTest {
    @TempDir
    Path dir;

    private static final byte[] PHOTO = "\u0089PNG fake photo bytes".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void answersWithAttachmentsAreKeptWithHistoryAndHashes() throws Exception {
        Path f = dir.resolve("a.vhproj");
        long host;
        try (Project p = Project.create(f, TestData.info())) {
            host = p.hosts().add(TestData.host("kvm01")).id();
            Answer first = p.answers().record(host, null, "PH-001", Status.FAIL, "rack door open", "J. Doe",
                    List.of(new AnswerRepository.NewAttachment("rack.png", "image/png", PHOTO)));
            assertEquals(1, first.attachments().size());
            assertEquals(AnswerRepository.sha256(PHOTO), first.attachments().get(0).sha256());
            p.answers().record(host, null, "PH-001", Status.PASS, "door locked after we asked", "J. Doe", List.of());
            p.answers().record(host, "web'$(id)<b>", "GU-022", Status.NOT_APPLICABLE, "appliance without shell access", "J. Doe", null);
        }
        try (Project p = Project.open(f)) {
            List<Answer> current = p.answers().current();
            assertEquals(2, current.size());
            Answer ph = current.stream().filter(a -> a.checkId().equals("PH-001")).findFirst().orElseThrow();
            assertEquals(Status.PASS, ph.status());
            assertEquals("kvm01", ph.hostName());
            assertNull(ph.guest());
            Answer gu = current.stream().filter(a -> a.checkId().equals("GU-022")).findFirst().orElseThrow();
            assertEquals("web'$(id)<b>", gu.guest());
            List<Answer> hist = p.answers().history(host, null, "PH-001");
            assertEquals(List.of(Status.FAIL, Status.PASS), hist.stream().map(Answer::status).toList());
            long att = hist.get(0).attachments().get(0).id();
            assertArrayEquals(PHOTO, p.answers().content(att).orElseThrow());
            assertTrue(p.answers().content(att + 99).isEmpty());
        }
        // bytes changed behind virtharden's back are reported, never handed out as evidence
        try (Connection c = TestData.jdbc(f); PreparedStatement ps = c.prepareStatement("UPDATE attachments SET content = ?")) {
            ps.setBytes(1, "tampered".getBytes(StandardCharsets.UTF_8));
            ps.executeUpdate();
        }
        try (Project p = Project.open(f)) {
            long att = p.answers().history(host, null, "PH-001").get(0).attachments().get(0).id();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.answers().content(att));
            assertTrue(e.getMessage().contains("rack.png no longer matches its recorded SHA-256"), e.getMessage());
        }
    }

    @Test
    void badAnswersAreRefusedWithTheReason() throws Exception {
        try (Project p = Project.create(dir.resolve("b.vhproj"), TestData.info())) {
            long host = p.hosts().add(TestData.host("kvm01")).id();
            var na = assertThrows(IllegalArgumentException.class,
                    () -> p.answers().record(host, null, "PH-002", Status.NOT_APPLICABLE, " ", "J. Doe", List.of()));
            assertTrue(na.getMessage().contains("justification"), na.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> p.answers().record(host, null, "PH-002", Status.WARN, "x", "J. Doe", List.of()));
            assertThrows(IllegalArgumentException.class,
                    () -> p.answers().record(host + 5, null, "PH-002", Status.PASS, null, "J. Doe", List.of()));
            assertThrows(IllegalArgumentException.class, () -> p.answers().record(host, null, "PH-002", Status.PASS, null, "J. Doe",
                    List.of(new AnswerRepository.NewAttachment("../../etc/passwd", "text/plain", new byte[1]))));
            assertTrue(p.answers().current().isEmpty(), "nothing half-written");
        }
    }

    @Test
    void aVersionOneFileIsUpgradedAndKeepsItsBackup() throws Exception {
        Path f = dir.resolve("old.vhproj");
        try (Project p = Project.create(f, TestData.info(), new Migrator(List.of(Migration.resource("V1__init.sql"))))) {
            p.hosts().add(TestData.host("kvm01"));
        }
        try (Project p = Project.open(f)) {
            long host = p.hosts().byName("kvm01").orElseThrow().id();
            p.answers().record(host, null, "DR-001", Status.PASS, null, "J. Doe", List.of());
            assertEquals(1, p.answers().current().size());
        }
        assertTrue(Files.exists(dir.resolve("old.vhproj.bak-v1")), "the version-1 file was copied before the upgrade");
    }
}
