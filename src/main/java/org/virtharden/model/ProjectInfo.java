package org.virtharden.model;

import java.time.Instant;

/** The assessment a project file belongs to. */
public record ProjectInfo(String client, String site, String assessor, Instant created) {
}
