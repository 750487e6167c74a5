package org.virtharden.catalog;

import java.util.List;
import java.util.Map;

/**
 * Everything a check may look at: its probe's data, the host identity facts (keys {@code host.*}:
 * {@code host.os.family} debian|rhel|other, {@code host.os.id}, {@code host.os.version}, {@code host.uid}),
 * and the project settings (thresholds such as {@code patch.sla.days}). A per-guest check also sees the same
 * probe's data for the other guests of the host ({@code peers}), e.g. to compare sVirt labels (GU-002) or
 * zones (GU-009); it is empty for host checks.
 */
public record EvaluationContext(ProbeData data, Map<String, String> hostFacts, Map<String, String> settings,
        List<ProbeData> peers) {

    public EvaluationContext {
        hostFacts = hostFacts == null ? Map.of() : Map.copyOf(hostFacts);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        peers = peers == null ? List.of() : List.copyOf(peers);
    }

    public EvaluationContext(ProbeData data, Map<String, String> hostFacts, Map<String, String> settings) {
        this(data, hostFacts, settings, List.of());
    }

    /** A fact of the probe, or a {@code host.*} fact; null when absent. */
    public String fact(String key) {
        if (key.startsWith("host.")) {
            return hostFacts.get(key);
        }
        return data == null ? null : data.facts().get(key);
    }

    public String setting(String key, String dflt) {
        return settings.getOrDefault(key, dflt);
    }

    public String osFamily() {
        return hostFacts.getOrDefault("host.os.family", "other");
    }
}
