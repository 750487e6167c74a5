package org.virtharden.project;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.virtharden.catalog.Status;
import org.virtharden.model.Answer;
import org.virtharden.model.Attachment;

/**
 * The operator's answers to manual and hybrid checks, with their attachments. An answer and its attachments are
 * written in one transaction; answers are never changed, a newer one supersedes the older.
 */
public final class AnswerRepository {
    /** Largest attachment accepted, in bytes (a phone photo is 3–8 MB; a scanned document a few MB). */
    public static final long MAX_ATTACHMENT_BYTES = 50L * 1024 * 1024;

    /** A file to attach: its name (no directories), media type and bytes. */
    public record NewAttachment(String fileName, String mediaType, byte[] content) {
        public NewAttachment {
            Objects.requireNonNull(content, "content");
        }
    }

    private static final String SELECT = "SELECT a.id, a.host_id, h.name, a.guest, a.check_id, a.status, a.note, a.answered_by,"
            + " a.answered FROM answers a JOIN hosts h ON h.id = a.host_id";

    private final Database db;

    AnswerRepository(Database db) {
        this.db = db;
    }

    /**
     * Records an answer with its attachments in one transaction.
     *
     * @return the stored answer with ids, hashes and the time it was recorded
     * @throws IllegalArgumentException for a status other than PASS/FAIL/NOT_APPLICABLE, N/A without a note, no
     *                                  check id or author, an unknown host, or an attachment that is empty of name,
     *                                  too large
     */
    public Answer record(long hostId, String guest, String checkId, Status status, String note, String answeredBy,
            List<NewAttachment> attachments) {
        if (status != Status.PASS && status != Status.FAIL && status != Status.NOT_APPLICABLE) {
            throw new IllegalArgumentException("an answer is pass, fail or not applicable, not " + status);
        }
        if (checkId == null || checkId.isBlank()) {
            throw new IllegalArgumentException("the answer names no check");
        }
        if (answeredBy == null || answeredBy.isBlank()) {
            throw new IllegalArgumentException("the answer needs the name of who gave it");
        }
        String n = note == null || note.isBlank() ? null : note.strip();
        if (status == Status.NOT_APPLICABLE && n == null) {
            throw new IllegalArgumentException("'not applicable' needs a justification in the note");
        }
        List<NewAttachment> files = attachments == null ? List.of() : attachments;
        for (NewAttachment f : files) {
            if (f.fileName() == null || f.fileName().isBlank() || f.fileName().contains("/") || f.fileName().contains("\\")) {
                throw new IllegalArgumentException("an attachment needs a plain file name, not '" + f.fileName() + "'");
            }
            if (f.content().length > MAX_ATTACHMENT_BYTES) {
                throw new IllegalArgumentException(f.fileName() + " is " + f.content().length / (1024 * 1024)
                        + " MB; attachments are limited to " + MAX_ATTACHMENT_BYTES / (1024 * 1024) + " MB");
            }
        }
        Instant now = Times.now();
        return db.writeUnchecked("saving the answer to " + checkId, d -> {
            String hostName = d.hostName(hostId);
            PreparedStatement ps = d.prepare("INSERT INTO answers (host_id, guest, check_id, status, note, answered_by, answered)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
            ps.setLong(1, hostId);
            Database.setText(ps, 2, guest);
            ps.setString(3, checkId);
            ps.setString(4, status.name().toLowerCase(Locale.ROOT));
            ps.setString(5, n);
            ps.setString(6, answeredBy.strip());
            ps.setString(7, Times.format(now));
            long id;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            List<Attachment> stored = new ArrayList<>();
            PreparedStatement att = d.prepare("INSERT INTO attachments (answer_id, file_name, media_type, size, sha256, content, added)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
            for (NewAttachment f : files) {
                String sha = sha256(f.content());
                String type = f.mediaType() == null || f.mediaType().isBlank() ? "application/octet-stream" : f.mediaType();
                att.setLong(1, id);
                att.setString(2, f.fileName());
                att.setString(3, type);
                att.setLong(4, f.content().length);
                att.setString(5, sha);
                att.setBytes(6, f.content());
                att.setString(7, Times.format(now));
                try (ResultSet rs = att.executeQuery()) {
                    rs.next();
                    stored.add(new Attachment(rs.getLong(1), id, f.fileName(), type, f.content().length, sha, now));
                }
            }
            return new Answer(id, hostId, hostName, guest, checkId, status, n, answeredBy.strip(), now, stored);
        });
    }

    /** The current answer of every host, guest and check (the newest one each), hosts in scope only. */
    public List<Answer> current() {
        return db.readUnchecked("reading answers", d -> {
            List<Answer> out = read(d.prepare(SELECT + " WHERE h.removed IS NULL AND a.id = (SELECT max(b.id) FROM answers b"
                    + " WHERE b.host_id = a.host_id AND b.check_id = a.check_id AND b.guest IS a.guest) ORDER BY a.id"));
            return withAttachments(d, out);
        });
    }

    /** Every answer ever given for one host, guest (null for host level) and check, oldest first. */
    public List<Answer> history(long hostId, String guest, String checkId) {
        return db.readUnchecked("reading answers", d -> {
            PreparedStatement ps = d.prepare(SELECT + " WHERE a.host_id = ? AND a.check_id = ? AND a.guest IS ? ORDER BY a.id");
            ps.setLong(1, hostId);
            ps.setString(2, checkId);
            Database.setText(ps, 3, guest);
            return withAttachments(d, read(ps));
        });
    }

    /**
     * The bytes of an attachment, checked against the SHA-256 recorded when it was added.
     *
     * @throws IllegalStateException when the stored bytes no longer match their hash
     */
    public Optional<byte[]> content(long attachmentId) {
        return db.readUnchecked("reading attachment " + attachmentId, d -> {
            PreparedStatement ps = d.prepare("SELECT content, sha256, file_name FROM attachments WHERE id = ?");
            ps.setLong(1, attachmentId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                byte[] bytes = rs.getBytes(1);
                if (!sha256(bytes).equals(rs.getString(2))) {
                    throw new IllegalStateException("attachment " + rs.getString(3) + " no longer matches its recorded SHA-256");
                }
                return Optional.of(bytes);
            }
        });
    }

    private static List<Answer> read(PreparedStatement ps) throws SQLException {
        List<Answer> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Answer(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        Status.valueOf(rs.getString(6).toUpperCase(Locale.ROOT)), rs.getString(7), rs.getString(8),
                        Times.parse(rs.getString(9)), List.of()));
            }
        }
        return out;
    }

    private static List<Answer> withAttachments(Database d, List<Answer> answers) throws SQLException {
        if (answers.isEmpty()) {
            return answers;
        }
        Map<Long, List<Attachment>> by = new LinkedHashMap<>();
        try (ResultSet rs = d.prepare("SELECT id, answer_id, file_name, media_type, size, sha256, added FROM attachments ORDER BY id")
                .executeQuery()) {
            while (rs.next()) {
                by.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(new Attachment(rs.getLong(1), rs.getLong(2),
                        rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6), Times.parse(rs.getString(7))));
            }
        }
        List<Answer> out = new ArrayList<>(answers.size());
        for (Answer a : answers) {
            out.add(new Answer(a.id(), a.hostId(), a.hostName(), a.guest(), a.checkId(), a.status(), a.note(), a.answeredBy(),
                    a.answered(), by.getOrDefault(a.id(), List.of())));
        }
        return out;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
