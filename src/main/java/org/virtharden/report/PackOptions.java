package org.virtharden.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a pack is built from. Stored in the PDF so {@code verify} can rebuild the same pack.
 *
 * @param runId       the scan run, or null for the latest (the built pack records the run it used)
 * @param hosts       host names to include, empty for every host in scope
 * @param framework   only checks mapped to this framework (e.g. {@code pci-dss-4}), or null for all
 * @param paper       {@code a4} or {@code letter}
 * @param finalPack   a final pack: refused while a pre-flight item has no written limitation
 * @param limitations pre-flight item key (or {@code *} for all) → the written limitation printed in the pack
 * @param retestFrom  an earlier run to compare the pack's run with (the retest section), or null for none
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record PackOptions(Long runId, List<String> hosts, String framework, String paper, boolean finalPack,
        Map<String, String> limitations, Long retestFrom) {

    @com.fasterxml.jackson.annotation.JsonCreator
    public PackOptions {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        paper = paper == null ? "a4" : paper.strip().toLowerCase(Locale.ROOT);
        if (!paper.equals("a4") && !paper.equals("letter")) {
            throw new IllegalArgumentException("paper must be a4 or letter, not '" + paper + "'");
        }
        framework = framework == null || framework.isBlank() ? null : framework.strip().toLowerCase(Locale.ROOT);
        limitations = limitations == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(limitations));
    }

    /** Without a retest section. */
    public PackOptions(Long runId, List<String> hosts, String framework, String paper, boolean finalPack,
            Map<String, String> limitations) {
        this(runId, hosts, framework, paper, finalPack, limitations, null);
    }

    /** Every host, the latest run, all checks, A4, draft. */
    public static PackOptions defaults() {
        return new PackOptions(null, List.of(), null, "a4", false, Map.of(), null);
    }

    public PackOptions withRun(Long id) {
        return new PackOptions(id, hosts, framework, paper, finalPack, limitations, retestFrom);
    }

    public PackOptions withPaper(String p) {
        return new PackOptions(runId, hosts, framework, p, finalPack, limitations, retestFrom);
    }

    public PackOptions withRetestFrom(Long run) {
        return new PackOptions(runId, hosts, framework, paper, finalPack, limitations, run);
    }
}
