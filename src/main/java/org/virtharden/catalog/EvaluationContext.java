package org.virtharden.catalog;

import java.util.Map;

/**
 * Everything a check may look at: its probe's data, the host identity facts (keys {@code host.*}:
 * {@code host.os.family} debian|rhel|other, {@code host.os.id}, {@code host.os.version}, {@code host.uid}),
 * and the project settings (thresholds such as {@code patch.sla.days}).
 */
public record EvaluationContext(ProbeData data, Map<String, String> hostFacts, Map<String, String> settings) {

    public EvaluationContext {
        hostFacts = hostFacts == null ? Map.of() : Map.copyOf(hostFacts);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
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
