package org.virtharden.ui.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Severity;
import org.virtharden.project.AnswerRepository;

/** Reading attachments for a draft answer, and the small formatting rules of the detail pane. */
class ItemDetailPaneTest {
    @Test
    void readsAFileWithItsTypeAndHash(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sshd -T.txt");
        Files.writeString(f, "permitrootlogin no\n");
        ItemDetailPane.Pending p = ItemDetailPane.read(f);
        assertEquals("sshd -T.txt", p.fileName());
        assertEquals("text/plain", p.mediaType());
        assertEquals(19, p.content().length);
        assertEquals(org.virtharden.scan.EvidenceCodec.sha256("permitrootlogin no\n"), p.sha256());
        assertNull(p.preview());
        assertEquals("permitrootlogin no\n", new String(p.content(), StandardCharsets.UTF_8));
    }

    @Test
    void refusesMissingAndOversizedFilesWithAClearMessage(@TempDir Path dir) throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ItemDetailPane.read(dir.resolve("nope.jpg")));
        assertTrue(missing.getMessage().startsWith("cannot attach ") && missing.getMessage().contains("nope.jpg"),
                missing.getMessage());
        Path big = dir.resolve("huge.pdf");
        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
            raf.setLength(AnswerRepository.MAX_ATTACHMENT_BYTES + 1);
        }
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class, () -> ItemDetailPane.read(big));
        assertTrue(tooBig.getMessage().contains("huge.pdf is 50 MB; attachments are limited to 50 MB"), tooBig.getMessage());
    }

    @Test
    void formatsTypesSizesHashesAndSeverity() {
        assertEquals("image/jpeg", ItemDetailPane.mediaType("R2-door.JPG"));
        assertEquals("application/octet-stream", ItemDetailPane.mediaType("noext"));
        assertTrue(ItemDetailPane.isImage("image/gif"));
        assertEquals("2.1 MB", ItemDetailPane.size(2_200_000));
        assertEquals("512 B", ItemDetailPane.size(512));
        assertEquals("77ab0123…e41a", ItemDetailPane.shortHash("77ab0123456789e41a"));
        assertEquals("▮▮▮▯ High", ItemDetailPane.severity(Severity.HIGH));
    }
}
