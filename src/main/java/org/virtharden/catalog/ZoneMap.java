package org.virtharden.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's network-to-zone map (check catalog section 9), the project setting {@value Settings#NETWORK_ZONES}:
 * {@code SEGMENT=ZONE} pairs separated by commas or new lines, where SEGMENT is a Linux/OVS bridge, a libvirt
 * network name, or {@code vlan:ID}. Lines starting with {@code #} are comments.
 */
public final class ZoneMap {
    private final Map<String, String> zones;

    private ZoneMap(Map<String, String> zones) {
        this.zones = Collections.unmodifiableMap(zones);
    }

    /** Segment to zone, in the order given. */
    public Map<String, String> zones() {
        return zones;
    }

    public boolean present() {
        return !zones.isEmpty();
    }

    public Optional<String> zoneOf(String segment) {
        return Optional.ofNullable(segment == null ? null : zones.get(segment));
    }

    static ZoneMap of(EvaluationContext ctx) {
        try {
            return parse(ctx.setting(Settings.NETWORK_ZONES, ""));
        } catch (IllegalArgumentException e) {
            return new ZoneMap(Map.of());
        }
    }

    /**
     * @throws IllegalArgumentException naming the entry that is not {@code SEGMENT=ZONE} or maps one segment twice
     */
    public static ZoneMap parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        if (text == null) {
            return new ZoneMap(m);
        }
        for (String line : text.split("\r?\n")) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            for (String part : line.split(",")) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                if (eq <= 0 || eq == p.length() - 1) {
                    throw new IllegalArgumentException("zone map entry '" + p + "' is not SEGMENT=ZONE (e.g. br-dmz=dmz, vlan:20=cde)");
                }
                String seg = p.substring(0, eq).strip();
                String zone = p.substring(eq + 1).strip();
                String old = m.put(seg, zone);
                if (old != null && !old.equals(zone)) {
                    throw new IllegalArgumentException("zone map puts segment '" + seg + "' in two zones: " + old + " and " + zone);
                }
            }
        }
        return new ZoneMap(m);
    }
}
