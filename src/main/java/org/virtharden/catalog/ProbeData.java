package org.virtharden.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one probe collected on one target: raw command outputs and the facts parsed from them. */
public record ProbeData(String probe, Map<String, CommandOutput> outputs, Map<String, String> facts) {

    public ProbeData {
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    /** Parses every command that ran; failed commands contribute no facts. */
    public static ProbeData parse(ProbeDef def, Map<String, CommandOutput> outputs) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (ProbeDef.ProbeCommand c : def.commands()) {
            CommandOutput out = outputs.get(c.id());
            if (out == null || !out.ok()) {
                continue;
            }
            facts.put(c.id() + "#exit", Integer.toString(out.exitCode()));
            FactParsers.parse(c.parse(), c.id(), out.stdout(), facts);
        }
        return new ProbeData(def.name(), outputs, facts);
    }

    /** The first reason a command of this probe could not be collected, or null. */
    public String failure() {
        for (CommandOutput o : outputs.values()) {
            if (!o.ok()) {
                return o.failure();
            }
        }
        return null;
    }
}
