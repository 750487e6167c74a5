package org.virtharden.model;

import java.time.Instant;

/**
 * The values a waiver had before one renewal: the audit trail of who accepted what, until when.
 *
 * @param revoked    when it had been revoked before the renewal, or null
 * @param validFrom  when these values were entered (the waiver's creation or its previous renewal)
 * @param replaced   when the renewal replaced them
 * @param replacedBy who renewed it
 */
public record WaiverRevision(long id, long waiverId, String justification, String author, String approver, Instant expires,
        Instant revoked, Instant validFrom, Instant replaced, String replacedBy) {
}
