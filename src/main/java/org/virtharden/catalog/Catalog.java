package org.virtharden.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The loaded check catalog: checks in file order and the probes they use, by name. */
public final class Catalog {
    /** Bumped whenever a built-in check's logic changes; stored with every finding. */
    public static final String VERSION = "2026.11.0";

    private final List<Check> checks;
    private final Map<String, ProbeDef> probes;
    private final Map<String, Check> byId = new LinkedHashMap<>();

    public Catalog(List<Check> checks, Map<String, ProbeDef> probes) {
        this.checks = List.copyOf(checks);
        this.probes = Collections.unmodifiableMap(new LinkedHashMap<>(probes));
        for (Check c : checks) {
            byId.putIfAbsent(c.id(), c);
            for (String a : c.aliases()) {
                byId.putIfAbsent(a, c);
            }
        }
    }

    public List<Check> checks() {
        return checks;
    }

    public Map<String, ProbeDef> probes() {
        return probes;
    }

    public Optional<Check> check(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<Check> automated() {
        return checks.stream().filter(Check::automated).toList();
    }
}
