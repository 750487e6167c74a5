package org.virtharden.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The six checklists plus the cross-host fleet section, in assessment order. */
public enum Domain {
    PHYSICAL("Physical"),
    DR("Disaster Recovery"),
    HYPERVISOR("Hypervisor / Host"),
    GUEST("Guests"),
    NETWORK("Virtual Network"),
    MONITORING("Monitoring & Alerts"),
    FLEET("Fleet");

    private final String title;

    Domain(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Domain parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
