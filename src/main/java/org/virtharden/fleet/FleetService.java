package org.virtharden.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.Check;
import org.virtharden.catalog.CommandOutput;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Evaluators;
import org.virtharden.catalog.FleetEvaluator;
import org.virtharden.catalog.FleetFacts;
import org.virtharden.catalog.FleetHost;
import org.virtharden.catalog.FleetInput;
import org.virtharden.catalog.GuestInventory;
import org.virtharden.catalog.Outcome;
import org.virtharden.catalog.ProbeData;
import org.virtharden.catalog.ProbeDef;
import org.virtharden.catalog.Settings;
import org.virtharden.catalog.Status;
import org.virtharden.model.Evidence;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.HostRun;
import org.virtharden.model.ScanRun;
import org.virtharden.project.FindingQuery;
import org.virtharden.project.Project;
import org.virtharden.scan.EvidenceCodec;

/**
 * Cross-host analyses of a project's runs: evaluates and stores the fleet (FL-*) checks at the end of a scan, and
 * computes the fleet report (verdicts, drift matrices, VM sprawl) and the retest diff on demand. Reads only what the
 * run stored (findings, host states, evidence) and the project settings; never connects to a host.
 */
public final class FleetService {
    /** The probe name of the evidence a fleet finding rests on. */
    public static final String EVIDENCE_PROBE = "fleet";
    /** "(no group)": the drift matrix of the hosts without a host group. */
    public static final String NO_GROUP = "(no group)";
    private static final Logger LOG = Logger.getLogger(FleetService.class.getName());
    /** Host-level probes whose stored evidence the fleet checks read. */
    private static final List<String> INPUT_PROBES = List.of("fleet-facts", "libvirt-config", "time-sync");

    private final Project project;
    private final Catalog catalog;
    private final Map<String, FleetEvaluator> evaluators;

    public FleetService(Project project, Catalog catalog) {
        this(project, catalog, Evaluators.fleet());
    }

    public FleetService(Project project, Catalog catalog, Map<String, FleetEvaluator> evaluators) {
        this.project = project;
        this.catalog = catalog;
        this.evaluators = Map.copyOf(evaluators);
    }

    /** The fleet checks of the catalog, in catalog order. */
    public List<Check> fleetChecks() {
        return catalog.automated().stream().filter(c -> c.scope().equals("fleet")).toList();
    }

    /** The latest run, if any. */
    public Optional<ScanRun> latestRun() {
        return project.runs().latest();
    }

    /** The run with this id. */
    public Optional<ScanRun> run(long id) {
        return project.runs().byId(id);
    }

    /** The host groups of the project's hosts, sorted. */
    public List<String> groups() {
        Set<String> g = new java.util.TreeSet<>();
        for (HostConfig h : project.hosts().list()) {
            if (h.hostGroup() != null && !h.hostGroup().isBlank()) {
                g.add(h.hostGroup().strip());
            }
        }
        return List.copyOf(g);
    }

    /**
     * The scan's cross-host stage: evaluates every fleet check over all hosts of the run and stores one finding per
     * check and host (each on its own evidence: the verdicts of every host, so the reason can be checked), committed
     * as produced. Does nothing for a run that has fleet findings already, or fewer than two hosts.
     */
    public List<Finding> evaluateAndStore(long runId) {
        if (!project.findings().list(new FindingQuery(runId, null, null, null, Domain.FLEET.id())).isEmpty()) {
            return List.of();
        }
        FleetInput in = input(runId, null);
        if (in.hosts().size() < 2) {
            return List.of();
        }
        Map<String, Long> hostIds = new LinkedHashMap<>();
        for (HostRun hr : project.runs().hostRuns(runId)) {
            hostIds.put(hr.hostName(), hr.hostId());
        }
        List<Finding> stored = new ArrayList<>();
        for (Check c : fleetChecks()) {
            List<FleetEvaluator.Verdict> verdicts = evaluate(c, in);
            String detail = detail(c, in, verdicts);
            for (FleetEvaluator.Verdict v : verdicts) {
                Long hostId = hostIds.get(v.host());
                if (hostId == null) {
                    continue;
                }
                String json = EvidenceCodec.toJson(List.of(new CommandOutput(c.id(), "fleet analysis over "
                        + in.hosts().size() + " hosts", detail, "", 0, 0, 0, null)));
                String sha = EvidenceCodec.sha256(json);
                Outcome o = v.outcome();
                Finding f = new Finding(0, runId, hostId, v.host(), null, c.id(), Catalog.VERSION, Domain.FLEET, c.title(),
                        c.severity(), o.status(), o.observed(), o.expected(), o.reason(), 0, sha, null);
                project.findings().recordProbe(new Evidence(0, runId, hostId, null, EVIDENCE_PROBE, json, sha, Instant.now(), 0),
                        List.of(f));
                stored.add(f);
            }
        }
        LOG.fine(() -> "run " + runId + ": " + stored.size() + " fleet findings");
        return stored;
    }

    private List<FleetEvaluator.Verdict> evaluate(Check c, FleetInput in) {
        FleetEvaluator ev = evaluators.get(c.evaluator());
        if (ev == null) {
            return in.hosts().stream().map(h -> new FleetEvaluator.Verdict(h.name(),
                    Outcome.error("unknown fleet evaluator " + c.evaluator()))).toList();
        }
        try {
            return ev.evaluate(c, in);
        } catch (RuntimeException e) {
            return in.hosts().stream().map(h -> new FleetEvaluator.Verdict(h.name(),
                    Outcome.error("fleet evaluator " + c.evaluator() + " could not read the data: " + e.getMessage()))).toList();
        }
    }

    /** The evidence text of a fleet check: every host's group, scan state and verdict. */
    private static String detail(Check c, FleetInput in, List<FleetEvaluator.Verdict> verdicts) {
        Map<String, FleetHost> byName = new LinkedHashMap<>();
        in.hosts().forEach(h -> byName.put(h.name(), h));
        StringBuilder sb = new StringBuilder(c.id()).append(" over ").append(in.hosts().size()).append(" host(s)\n");
        for (FleetEvaluator.Verdict v : verdicts) {
            FleetHost h = byName.get(v.host());
            sb.append(v.host()).append(" [group ").append(h == null || h.group() == null ? "-" : h.group()).append(", ")
                    .append(h == null ? "?" : h.state()).append("] ").append(v.outcome().status()).append(": ")
                    .append(v.outcome().reason()).append('\n');
        }
        return sb.toString();
    }

    /** What the fleet checks see for a run: its hosts (only those of {@code group} when given). */
    public FleetInput input(long runId, String group) {
        Map<Long, HostConfig> configs = new LinkedHashMap<>();
        project.hosts().list().forEach(h -> configs.put(h.id(), h));
        Map<String, Map<String, FleetHost.Result>> results = new LinkedHashMap<>();
        for (Finding f : project.findings().list(new FindingQuery(runId, null, null, null, null))) {
            if (f.guest() == null && f.domain() != Domain.FLEET) {
                results.computeIfAbsent(f.hostName(), k -> new LinkedHashMap<>())
                        .put(f.checkId(), new FleetHost.Result(f.status(), f.observed()));
            }
        }
        Map<Long, Map<String, ProbeData>> probes = new LinkedHashMap<>();
        for (String probe : INPUT_PROBES) {
            ProbeDef def = catalog.probes().get(probe);
            if (def == null) {
                continue;
            }
            for (Evidence ev : project.findings().evidenceOf(runId, probe)) {
                try {
                    Map<String, CommandOutput> outs = new LinkedHashMap<>();
                    EvidenceCodec.fromJson(ev.outputsJson()).forEach(o -> outs.put(o.id(), o));
                    probes.computeIfAbsent(ev.hostId(), k -> new LinkedHashMap<>()).put(probe, ProbeData.parse(def, outs));
                } catch (IllegalArgumentException e) {
                    LOG.warning("unreadable evidence " + ev.id() + ": " + e.getMessage());
                }
            }
        }
        List<FleetHost> hosts = new ArrayList<>();
        for (HostRun hr : project.runs().hostRuns(runId)) {
            HostConfig cfg = configs.get(hr.hostId());
            String g = cfg == null || cfg.hostGroup() == null || cfg.hostGroup().isBlank() ? null : cfg.hostGroup().strip();
            if (group != null && !group.equals(g == null ? NO_GROUP : g)) {
                continue;
            }
            hosts.add(new FleetHost(hr.hostName(), g, hr.state(), hr.reason(), results.get(hr.hostName()),
                    probes.get(hr.hostId()), hr.started() == null ? 0 : hr.started().toEpochMilli(),
                    hr.finished() == null ? 0 : hr.finished().toEpochMilli()));
        }
        hosts.sort(Comparator.comparing(FleetHost::name));
        return new FleetInput(hosts, project.settings().all());
    }

    /**
     * The fleet report of a run: the fleet checks evaluated over its hosts (of {@code group}, when given), one drift
     * matrix per host group, and the VM sprawl summary.
     *
     * @param all false: only the rows of the drift matrix whose status differs between hosts
     */
    public FleetReport report(long runId, String group, boolean all) {
        FleetInput in = input(runId, group);
        List<FleetReport.CheckResult> checks = new ArrayList<>();
        for (Check c : fleetChecks()) {
            List<FleetEvaluator.Verdict> vs = evaluate(c, in);
            checks.add(new FleetReport.CheckResult(c.id(), c.title(), c.severity(), FleetEvaluator.worst(vs),
                    vs.stream().map(v -> new FleetReport.HostVerdict(v.host(), v.outcome().status(), v.outcome().observed(),
                            v.outcome().reason())).toList()));
        }
        Map<String, List<FleetHost>> byGroup = new TreeMap<>();
        for (FleetHost h : in.hosts()) {
            byGroup.computeIfAbsent(h.group() == null ? NO_GROUP : h.group(), k -> new ArrayList<>()).add(h);
        }
        List<DriftMatrix> matrices = new ArrayList<>();
        byGroup.forEach((g, hs) -> matrices.add(matrix(g, hs, all)));
        Set<String> groups = new LinkedHashSet<>(groups());
        return new FleetReport(runId, group, List.copyOf(groups), checks, matrices, sprawl(in));
    }

    // ------------------------------------------------------------------ drift matrix

    DriftMatrix matrix(String group, List<FleetHost> hosts, boolean all) {
        Set<String> ids = new LinkedHashSet<>(org.virtharden.catalog.FleetEvaluators.BASELINE);
        Set<String> others = new java.util.TreeSet<>();
        hosts.forEach(h -> others.addAll(h.results().keySet()));
        ids.addAll(others);
        List<DriftMatrix.Row> rows = new ArrayList<>();
        for (String id : ids) {
            List<FleetHost.Result> rs = hosts.stream().map(h -> h.results().get(id)).toList();
            if (rs.stream().allMatch(r -> r == null)) {
                continue;
            }
            Map<Status, Integer> counts = new LinkedHashMap<>();
            rs.stream().filter(r -> r != null).forEach(r -> counts.merge(r.status(), 1, Integer::sum));
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            int top = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            List<Status> tops = counts.entrySet().stream().filter(e -> e.getValue() == top).map(Map.Entry::getKey).toList();
            Status majority = tops.size() == 1 ? tops.get(0) : null;
            boolean differs = counts.size() > 1 || rs.contains(null);
            if (!all && !differs) {
                continue;
            }
            List<DriftMatrix.Cell> cells = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                FleetHost.Result r = rs.get(i);
                cells.add(new DriftMatrix.Cell(hosts.get(i).name(), r == null ? null : r.status(),
                        r == null ? "no data" : shortValue(r.observed()),
                        differs && (r == null || majority == null || r.status() != majority)));
            }
            String maj = majority == null ? "split " + top + "/" + total : majority.name() + " " + top + "/" + total;
            String title = catalog.check(id).map(Check::title).orElse(id);
            rows.add(new DriftMatrix.Row(id, title, org.virtharden.catalog.FleetEvaluators.BASELINE.contains(id), cells, maj,
                    differs));
        }
        return new DriftMatrix(group, hosts.stream().map(FleetHost::name).toList(), rows, !all);
    }

    static String shortValue(String observed) {
        if (observed == null) {
            return "";
        }
        String one = observed.replaceAll("\\s+", " ").strip();
        return one.length() <= 28 ? one : one.substring(0, 27) + "…";
    }

    // ------------------------------------------------------------------ sprawl

    Sprawl sprawl(FleetInput in) {
        GuestInventory inv;
        String problem = null;
        try {
            inv = GuestInventory.parse(in.setting(Settings.GUEST_INVENTORY));
        } catch (IllegalArgumentException e) {
            inv = GuestInventory.parse("");
            problem = e.getMessage();
        }
        Map<String, List<FleetFacts.Guest>> guests = new LinkedHashMap<>();
        for (FleetHost h : in.hosts()) {
            String t = FleetFacts.output(h, "fleet-facts", "guests");
            if (t != null) {
                guests.put(h.name(), FleetFacts.guests(t));
            }
        }
        List<Sprawl.Row> rows = new ArrayList<>();
        Map<String, List<String>> hostsOfUuid = new TreeMap<>();
        Map<String, FleetFacts.Guest> byUuid = new LinkedHashMap<>();
        guests.forEach((h, list) -> list.forEach(g -> {
            hostsOfUuid.computeIfAbsent(g.uuid(), k -> new ArrayList<>()).add(h);
            byUuid.putIfAbsent(g.uuid(), g);
        }));
        Set<GuestInventory.Entry> seen = new LinkedHashSet<>();
        for (Map.Entry<String, List<String>> e : hostsOfUuid.entrySet()) {
            FleetFacts.Guest g = byUuid.get(e.getKey());
            Optional<GuestInventory.Entry> entry = inv.present() ? inv.find(g.uuid(), g.name()) : Optional.empty();
            entry.ifPresent(seen::add);
            String zone = entry.map(GuestInventory.Entry::zone).orElse(null);
            String owner = entry.map(GuestInventory.Entry::owner).orElse(null);
            if (inv.present() && entry.isEmpty()) {
                rows.add(new Sprawl.Row(Sprawl.Kind.UNAPPROVED, g.name(), g.uuid(), e.getValue(), null, null,
                        "not in the approved inventory (" + g.state() + ")"));
            }
            if (e.getValue().size() > 1) {
                String ha = entry.map(GuestInventory.Entry::haGroup).orElse(null);
                rows.add(new Sprawl.Row(Sprawl.Kind.DUPLICATE, g.name(), g.uuid(), e.getValue(), zone, owner,
                        "defined on " + e.getValue().size() + " hosts" + (ha == null || ha.isBlank() ? "" : " (ha_group " + ha + ")")));
            }
            if (entry.isPresent()) {
                rows.add(new Sprawl.Row(Sprawl.Kind.APPROVED, g.name(), g.uuid(), e.getValue(), zone, owner,
                        "approved (inventory line " + entry.get().line() + ")"));
            }
        }
        if (inv.present()) {
            Set<String> groupsHere = new LinkedHashSet<>();
            in.hosts().forEach(h -> groupsHere.add(h.group() == null ? "" : h.group()));
            boolean complete = in.hosts().stream().allMatch(h -> guests.containsKey(h.name()));
            for (GuestInventory.Entry e : inv.entries()) {
                boolean inScope = e.hostGroup() == null || e.hostGroup().isBlank() || groupsHere.contains(e.hostGroup());
                if (inScope && !seen.contains(e)) {
                    rows.add(new Sprawl.Row(Sprawl.Kind.MISSING, e.name(), e.uuid(), List.of(), e.zone(), e.owner(),
                            "inventory line " + e.line() + (e.hostGroup() == null || e.hostGroup().isBlank() ? ""
                                    : ", group " + e.hostGroup()) + ": found on no host"
                                    + (complete ? "" : " (some hosts have no guest list)")));
                }
            }
            for (Map.Entry<String, List<FleetFacts.Guest>> e : guests.entrySet()) {
                Map<String, List<String>> zones = new TreeMap<>();
                for (FleetFacts.Guest g : e.getValue()) {
                    if (!g.running()) {
                        continue;
                    }
                    inv.find(g.uuid(), g.name()).map(GuestInventory.Entry::zone).filter(z -> z != null && !z.isBlank())
                            .ifPresent(z -> zones.computeIfAbsent(z.strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                                    .add(g.name()));
                }
                if (zones.size() > 1) {
                    List<String> parts = new ArrayList<>();
                    zones.forEach((z, names) -> parts.add(String.join(", ", names) + " (" + z + ")"));
                    rows.add(new Sprawl.Row(Sprawl.Kind.ZONE_MIX, String.join(", ", zones.values().stream()
                            .flatMap(List::stream).toList()), null, List.of(e.getKey()), String.join(" + ", zones.keySet()),
                            null, "running guests of " + zones.size() + " trust zones share " + e.getKey() + ": "
                                    + String.join("; ", parts)));
                }
            }
        }
        rows.sort(Comparator.comparing(Sprawl.Row::kind).thenComparing(r -> r.guest() == null ? "" : r.guest()));
        return new Sprawl(inv.present(), problem, inv.entries().size(), byUuid.size(), rows);
    }

    // ------------------------------------------------------------------ retest diff

    /** Compares two runs finding by finding (host, guest, check). */
    public RunDiff diff(long fromRun, long toRun) {
        Map<String, Finding> before = index(project.findings().list(new FindingQuery(fromRun, null, null, null, null)));
        Map<String, Finding> after = index(project.findings().list(new FindingQuery(toRun, null, null, null, null)));
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        Map<Long, String> digests = new java.util.HashMap<>();
        List<RunDiff.Row> rows = new ArrayList<>();
        for (String k : keys) {
            Finding b = before.get(k);
            Finding a = after.get(k);
            Finding any = a != null ? a : b;
            boolean changed = a != null && b != null && a.evidenceId() != 0 && b.evidenceId() != 0
                    && a.evidenceSha256() != null && !a.evidenceSha256().equals(b.evidenceSha256())
                    && !content(a.evidenceId(), digests).equals(content(b.evidenceId(), digests));
            rows.add(new RunDiff.Row(category(b == null ? null : b.status(), a == null ? null : a.status(), changed),
                    any.hostName(), any.guest(), any.checkId(), any.title(), b == null ? null : b.status(),
                    a == null ? null : a.status(), a == null ? "" : a.reason(), b == null ? null : b.evidenceSha256(),
                    a == null ? null : a.evidenceSha256(), changed));
        }
        rows.sort(Comparator.comparing(RunDiff.Row::category).thenComparing(RunDiff.Row::host)
                .thenComparing(r -> r.guest() == null ? "" : r.guest()).thenComparing(RunDiff.Row::checkId));
        return new RunDiff(fromRun, toRun, rows);
    }

    /**
     * What the evidence says, without when it was said: SHA-256 over each command's id, exit code, stdout and stderr
     * (the stored SHA-256 also covers start times and durations, so it changes on every run).
     */
    private String content(long evidenceId, Map<Long, String> cache) {
        return cache.computeIfAbsent(evidenceId, id -> project.findings().evidence(id).map(ev -> {
            StringBuilder sb = new StringBuilder();
            try {
                for (CommandOutput o : EvidenceCodec.fromJson(ev.outputsJson())) {
                    sb.append(o.id()).append('\u0000').append(o.exitCode()).append('\u0000').append(o.stdout()).append('\u0000')
                            .append(o.stderr()).append('\u0000').append(o.failure()).append('\u0001');
                }
            } catch (IllegalArgumentException e) {
                return ev.sha256();
            }
            return EvidenceCodec.sha256(sb.toString());
        }).orElse("missing " + id));
    }

    private static boolean bad(Status s) {
        return s == Status.FAIL || s == Status.WARN;
    }

    private static boolean ok(Status s) {
        return s == Status.PASS || s == Status.NOT_APPLICABLE;
    }

    static RunDiff.Category category(Status before, Status after, boolean evidenceChanged) {
        if (before == null) {
            return bad(after) ? RunDiff.Category.NEW_FAILURE : RunDiff.Category.UNCHANGED;
        }
        if (after == null) {
            return RunDiff.Category.NOT_RETESTED;
        }
        if (bad(before)) {
            return bad(after) ? RunDiff.Category.STILL_FAILING : ok(after) ? RunDiff.Category.FIXED : RunDiff.Category.NOT_RETESTED;
        }
        if (bad(after)) {
            return ok(before) ? RunDiff.Category.REGRESSED : RunDiff.Category.NEW_FAILURE;
        }
        if (!ok(after) && after != before) {
            return RunDiff.Category.NOT_RETESTED;
        }
        return before == after && evidenceChanged ? RunDiff.Category.CHANGED_EVIDENCE : RunDiff.Category.UNCHANGED;
    }

    private static Map<String, Finding> index(List<Finding> fs) {
        Map<String, Finding> m = new LinkedHashMap<>();
        for (Finding f : fs) {
            m.put(f.hostName() + "\u0000" + (f.guest() == null ? "" : f.guest()) + "\u0000" + f.checkId(), f);
        }
        return m;
    }
}
