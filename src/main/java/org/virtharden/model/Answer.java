package org.virtharden.model;

import java.time.Instant;
import java.util.List;
import org.virtharden.catalog.Status;

/**
 * The operator's answer to a manual or hybrid check on one host (or guest). The newest answer for a host, guest
 * and check is the current one; earlier ones stay as history.
 *
 * @param status      PASS, FAIL or NOT_APPLICABLE
 * @param note        the operator's note; the justification for NOT_APPLICABLE
 * @param attachments the evidence attached to this answer (metadata; the bytes are read on demand)
 */
public record Answer(long id, long hostId, String hostName, String guest, String checkId, Status status, String note,
        String answeredBy, Instant answered, List<Attachment> attachments) {

    public Answer {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
}
