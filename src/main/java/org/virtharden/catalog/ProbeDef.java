package org.virtharden.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A named, reviewed, read-only collector: one or more shell commands whose output is parsed into facts.
 * Every command may use {@code "$VH_URI"}, the host's libvirt URI; per-guest commands also get
 * {@code "$VH_DOM"}, the guest's UUID. Both are shell variables: use them quoted.
 *
 * @param root    true when the commands need root (run through sudo unless the login is root)
 * @param fallback for a root probe: the probe to use instead when root is not available (a reduced
 *                unprivileged variant); null means the checks become ERROR "needs root"
 */
public record ProbeDef(String name, boolean root, String description, List<ProbeCommand> commands,
        String fallback, @JsonProperty("per-guest") boolean perGuest, String source) {

    public ProbeDef {
        commands = commands == null ? List.of() : List.copyOf(commands);
    }

    /**
     * @param id      unique within the probe; facts are keyed {@code id} and {@code id.<key>}
     * @param run     the shell command; constant text, never built from host data
     * @param parse   parser name, see {@link FactParsers}
     * @param okExit  exit codes that are data (default: 0 only); others make the command fail
     * @param missing what a command-not-found (exit 127) means: {@code error} (default) or {@code na}
     */
    /**
     * One command of a probe.
     *
     * @param costMs how long the command usually takes on a host, in milliseconds (default 20; per-guest commands:
     *               per guest). Only used to spread a host's commands evenly over its SSH channels.
     */
    public record ProbeCommand(String id, String run, String parse,
            @JsonProperty("ok-exit") List<Integer> okExit, String missing, @JsonProperty("cost-ms") Integer costMs) {
        public static final int DEFAULT_COST_MS = 20;

        public ProbeCommand {
            parse = parse == null ? "raw" : parse;
            okExit = okExit == null ? List.of(0) : List.copyOf(okExit);
            missing = missing == null ? "error" : missing;
            costMs = costMs == null || costMs < 1 ? DEFAULT_COST_MS : costMs;
        }

        public ProbeCommand(String id, String run, String parse, List<Integer> okExit, String missing) {
            this(id, run, parse, okExit, missing, null);
        }
    }

    public ProbeDef withSource(String src) {
        return new ProbeDef(name, root, description, commands, fallback, perGuest, src);
    }
}
