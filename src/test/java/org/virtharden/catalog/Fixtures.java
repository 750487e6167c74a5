package org.virtharden.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Recorded probe output for one check: {@code src/test/resources/fixtures/<CHECK-ID>/<case>.<status>.yaml}.
 * A command whose exit code is not in the probe's ok-exit list (or that names a {@code failure}) becomes a
 * failed collection, exactly as the scan engine reports it, so ERROR fixtures test the real path.
 */
final class Fixtures {
    static final Path ROOT = Path.of("src/test/resources/fixtures");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record Fixture(Path file, String checkId, String caseName, Status expected, Map<String, String> host,
            Map<String, String> settings, Map<String, JsonNode> outputs, List<Map<String, JsonNode>> peers, JsonNode root) {
        String name() {
            return checkId + "/" + file.getFileName();
        }
    }

    private Fixtures() {
    }

    static List<Fixture> all() {
        if (!Files.isDirectory(ROOT)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().map(Fixtures::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Status statusOf(String word) {
        return switch (word) {
            case "pass" -> Status.PASS;
            case "fail" -> Status.FAIL;
            case "warn" -> Status.WARN;
            case "na" -> Status.NOT_APPLICABLE;
            case "error" -> Status.ERROR;
            case "manual" -> Status.MANUAL_PENDING;
            default -> throw new IllegalArgumentException("fixture status must be pass|fail|warn|na|error|manual, not " + word);
        };
    }

    static Fixture load(Path file) {
        String fn = file.getFileName().toString();
        String[] parts = fn.substring(0, fn.length() - ".yaml".length()).split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException(file + ": name must be <case>.<status>.yaml");
        }
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        Map<String, String> host = new LinkedHashMap<>();
        fields(root.get("host")).forEach((k, v) -> host.put("host." + k, v.asText()));
        Map<String, String> settings = new LinkedHashMap<>();
        fields(root.get("settings")).forEach((k, v) -> settings.put(k, v.asText()));
        Map<String, JsonNode> outputs = new LinkedHashMap<>(fields(root.get("outputs")));
        // per-guest checks: the same probe's outputs for the host's other guests (only the commands given)
        List<Map<String, JsonNode>> peers = new ArrayList<>();
        if (root.has("peers")) {
            root.get("peers").forEach(p -> peers.add(fields(p)));
        }
        return new Fixture(file, file.getParent().getFileName().toString(), parts[0], statusOf(parts[parts.length - 1]),
                host, settings, outputs, peers, root);
    }

    private static Map<String, JsonNode> fields(JsonNode n) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (n != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Turns the fixture into the command outputs the scan engine would have recorded. */
    static Map<String, CommandOutput> commandOutputs(Fixture f, ProbeDef probe) {
        Map<String, CommandOutput> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (ProbeDef.ProbeCommand c : probe.commands()) {
            JsonNode o = f.outputs().get(c.id());
            if (o == null) {
                missing.add(c.id());
                continue;
            }
            String stdout = o.path("stdout").asText("");
            String stderr = o.path("stderr").asText("");
            int exit = o.path("exit").asInt(0);
            String failure = o.hasNonNull("failure") ? o.get("failure").asText() : null;
            if (failure == null && exit == 127 && c.missing().equals("na")) {
                failure = "n/a: " + c.id() + ": command not installed";
            } else if (failure == null && !c.okExit().contains(exit)) {
                failure = c.id() + " exited " + exit + (stderr.isBlank() ? "" : ": " + stderr.strip().lines().findFirst().orElse(""));
            }
            out.put(c.id(), new CommandOutput(c.id(), c.run(), stdout, stderr, exit, 0, 0, failure));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(f.name() + ": outputs missing for command(s) " + missing + " of probe " + probe.name());
        }
        return out;
    }

    static Outcome evaluate(Fixture f, Catalog catalog, CheckEngine engine) {
        Check check = catalog.check(f.checkId())
                .orElseThrow(() -> new IllegalArgumentException(f.name() + ": no check " + f.checkId() + " in the catalog"));
        if (check.scope().equals("fleet")) {
            List<FleetEvaluator.Verdict> vs = evaluateFleet(f, catalog);
            return new Outcome(FleetEvaluator.worst(vs), String.join(" | ", vs.stream().map(v -> v.host() + ": "
                    + v.outcome().observed()).toList()), "", String.join(" | ", vs.stream().map(v -> v.host() + " "
                    + v.outcome().status() + ": " + v.outcome().reason()).toList()));
        }
        ProbeDef probe = catalog.probes().get(check.probe());
        ProbeData data = ProbeData.parse(probe, commandOutputs(f, probe));
        List<ProbeData> peers = new ArrayList<>();
        for (Map<String, JsonNode> p : f.peers()) {
            Map<String, CommandOutput> out = new LinkedHashMap<>();
            for (ProbeDef.ProbeCommand c : probe.commands()) {
                JsonNode o = p.get(c.id());
                if (o != null) {
                    out.put(c.id(), new CommandOutput(c.id(), c.run(), o.path("stdout").asText(""), "", 0, 0, 0, null));
                }
            }
            peers.add(ProbeData.parse(probe, out));
        }
        return engine.evaluate(check, new EvaluationContext(data, f.host(), f.settings(), peers));
    }

    /**
     * A fleet fixture: {@code hosts:} a list of {name, group, state (default done), reason, window: [start, end] (ms,
     * default [1000, 1500]), results: {CHECK: "STATUS observed"}, probes: {PROBE: {COMMAND: {stdout, exit, failure}}}};
     * {@code settings:}; optional {@code expect: {host: status}} and {@code reasons: {host: text the reason contains}}.
     * A probe command left out was not collected on that host.
     */
    static FleetInput fleetInput(Fixture f, Catalog catalog) {
        List<FleetHost> hosts = new ArrayList<>();
        for (JsonNode h : f.root().path("hosts")) {
            Map<String, FleetHost.Result> results = new LinkedHashMap<>();
            fields(h.get("results")).forEach((k, v) -> {
                String[] t = v.asText().split(" ", 2);
                results.put(k, new FleetHost.Result(Status.parse(t[0]), t.length > 1 ? t[1] : ""));
            });
            Map<String, ProbeData> probes = new LinkedHashMap<>();
            fields(h.get("probes")).forEach((name, cmds) -> {
                ProbeDef def = catalog.probes().get(name);
                if (def == null) {
                    throw new IllegalArgumentException(f.name() + ": unknown probe " + name);
                }
                Map<String, CommandOutput> out = new LinkedHashMap<>();
                for (ProbeDef.ProbeCommand c : def.commands()) {
                    JsonNode o = cmds.get(c.id());
                    if (o != null) {
                        String failure = o.hasNonNull("failure") ? o.get("failure").asText() : null;
                        out.put(c.id(), new CommandOutput(c.id(), c.run(), o.path("stdout").asText(""), o.path("stderr").asText(""),
                                o.path("exit").asInt(0), 0, 0, failure));
                    }
                }
                probes.put(name, ProbeData.parse(def, out));
            });
            JsonNode w = h.path("window");
            hosts.add(new FleetHost(h.path("name").asText(), h.hasNonNull("group") ? h.get("group").asText() : null,
                    h.path("state").asText("done"), h.path("reason").asText(""), results, probes,
                    w.isArray() ? w.get(0).asLong() : 1000, w.isArray() ? w.get(1).asLong() : 1500));
        }
        return new FleetInput(hosts, f.settings());
    }

    static List<FleetEvaluator.Verdict> evaluateFleet(Fixture f, Catalog catalog) {
        Check check = catalog.check(f.checkId()).orElseThrow();
        FleetEvaluator ev = Evaluators.fleet().get(check.evaluator());
        return ev.evaluate(check, fleetInput(f, catalog));
    }
}
