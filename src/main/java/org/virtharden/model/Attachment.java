package org.virtharden.model;

import java.time.Instant;

/** A file attached to an answer (a photo, a document), stored inside the project file with its SHA-256. */
public record Attachment(long id, long answerId, String fileName, String mediaType, long size, String sha256, Instant added) {
}
