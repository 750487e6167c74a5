package org.virtharden.scan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.Check;
import org.virtharden.catalog.CheckEngine;
import org.virtharden.catalog.CommandOutput;
import org.virtharden.catalog.EvaluationContext;
import org.virtharden.catalog.Outcome;
import org.virtharden.catalog.ProbeData;
import org.virtharden.catalog.ProbeDef;
import org.virtharden.model.Evidence;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.HostRun;
import org.virtharden.transport.CommandResult;
import org.virtharden.transport.CommandWrapper;
import org.virtharden.transport.SudoMode;
import org.virtharden.transport.Transport;
import org.virtharden.transport.TransportException;

/**
 * Scans one host: collects every probe in two batches (unprivileged and root, sent concurrently on one
 * SSH session), evaluates the checks, and commits evidence and findings probe by probe.
 */
final class HostScanner {
    /** Built-in identity commands, run in the unprivileged batch of every host. */
    private static final Map<String, String> IDENTITY = new LinkedHashMap<>();

    static {
        IDENTITY.put("host-uid", "id -u");
        IDENTITY.put("host-os", "cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release");
    }

    /** Concurrent channels per host for the unprivileged and the root commands. */
    static final int PLAIN_CHANNELS = 2;
    static final int ROOT_CHANNELS = 4;

    private final Catalog catalog;
    private final CheckEngine engine;
    private final ScanStore store;
    private final ScanListener listener;
    private final ScanOptions options;
    private final long runId;
    private final AtomicBoolean cancelled;
    private final Executor batchExecutor;

    HostScanner(Catalog catalog, CheckEngine engine, ScanStore store, ScanListener listener, ScanOptions options,
            long runId, AtomicBoolean cancelled, Executor batchExecutor) {
        this.catalog = catalog;
        this.engine = engine;
        this.store = store;
        this.listener = listener;
        this.options = options;
        this.runId = runId;
        this.cancelled = cancelled;
        this.batchExecutor = batchExecutor;
    }

    /** The host-level automated checks a scan evaluates. */
    static List<Check> hostChecks(Catalog catalog) {
        return catalog.automated().stream().filter(c -> c.scope().equals("host")).toList();
    }

    /** The per-guest automated checks (evaluated once for every guest of a host). */
    static List<Check> guestChecks(Catalog catalog) {
        return catalog.automated().stream().filter(c -> c.scope().equals("guest")).toList();
    }

    /**
     * The per-guest command that names each guest in findings ({@code Name:} line). It is the same text
     * as the guest probe's own dominfo command, so the two share one loop.
     */
    static final String GUEST_NAME = "virsh -r -c \"$VH_URI\" dominfo \"$VH_DOM\"";

    /** Records ERROR for every check of a host that could not be scanned at all. */
    HostRun unreachable(HostConfig host, Instant started, String reason) {
        List<Finding> findings = new ArrayList<>();
        for (Check c : hostChecks(catalog)) {
            findings.add(finding(host, c, Outcome.error("not checked: " + reason), ""));
        }
        store.recordFindings(findings);
        findings.forEach(listener::finding);
        return new HostRun(runId, host.id(), host.name(), "failed", reason, 0, started, Instant.now(), findings.size());
    }

    /**
     * What a scan sends to a host: the commands of each privilege level (keys u0.. and r0..), and which checks read
     * which probe. It depends only on the catalog, whether root is available and the command timeout, so the
     * collector script ({@link Collector}) can carry exactly the root commands a scan will ask for.
     */
    record Plan(List<BatchScript.Item> plain, List<BatchScript.Item> root, Map<String, String> keyOfCommand,
            Map<String, List<Check>> byProbe, Map<String, List<Check>> guestByProbe, boolean guests) {
    }

    static Plan plan(Catalog catalog, boolean rootAvailable, int secs) {
        // which probe each check reads, after falling back to unprivileged variants where root is missing
        Map<String, List<Check>> byProbe = new LinkedHashMap<>();
        for (Check c : hostChecks(catalog)) {
            byProbe.computeIfAbsent(effectiveProbe(catalog, c.probe(), rootAvailable), k -> new ArrayList<>()).add(c);
        }
        // probes that only fleet (cross-host) checks read: collected and stored as evidence, evaluated after the run
        for (Check c : catalog.automated()) {
            if (c.scope().equals("fleet") && c.probe() != null) {
                byProbe.computeIfAbsent(effectiveProbe(catalog, c.probe(), rootAvailable), k -> new ArrayList<>());
            }
        }
        List<BatchScript.Item> plain = new ArrayList<>();
        List<BatchScript.Item> root = new ArrayList<>();
        Map<String, String> keyOfCommand = new HashMap<>();
        IDENTITY.forEach((id, cmd) -> addItem(cmd, false, plain, root, keyOfCommand, secs, ProbeDef.ProbeCommand.DEFAULT_COST_MS));
        for (String p : byProbe.keySet()) {
            ProbeDef def = catalog.probes().get(p);
            if (def != null) {
                def.commands().forEach(pc -> addItem(pc.run(), def.root(), plain, root, keyOfCommand, secs, pc.costMs()));
            }
        }
        // per-guest probes: one loop over the host's guests per command, inside the same batches
        List<Check> guestChecks = guestChecks(catalog);
        int guestSecs = (int) Math.min(3600, secs * 50L);
        Map<String, List<Check>> guestByProbe = new LinkedHashMap<>();
        if (!guestChecks.isEmpty()) {
            guestChecks.forEach(c -> guestByProbe.computeIfAbsent(effectiveProbe(catalog, c.probe(), rootAvailable),
                    k -> new ArrayList<>()).add(c));
            addItem(GuestLoop.wrap(GUEST_NAME, secs), false, plain, root, keyOfCommand, guestSecs, GUESTS_ASSUMED * 30);
            for (String p : guestByProbe.keySet()) {
                ProbeDef def = catalog.probes().get(p);
                if (def != null) {
                    def.commands().forEach(pc -> addItem(GuestLoop.wrap(pc.run(), secs), def.root(), plain, root, keyOfCommand,
                            guestSecs, GUESTS_ASSUMED * Math.max(pc.costMs(), 30)));
                }
            }
        }
        return new Plan(plain, root, keyOfCommand, byProbe, guestByProbe, !guestChecks.isEmpty());
    }

    HostRun scan(HostConfig host, Transport transport, Instant started) {
        List<Check> checks = hostChecks(catalog);
        boolean rootAvailable = "root".equals(host.user()) || SudoMode.parse(host.sudoMode()) != SudoMode.NONE;
        int secs = (int) Math.max(1, options.commandTimeout().toSeconds());
        Plan plan = plan(catalog, rootAvailable, secs);
        Map<String, List<Check>> byProbe = plan.byProbe();
        List<BatchScript.Item> plain = plan.plain();
        List<BatchScript.Item> root = plan.root();
        Map<String, String> keyOfCommand = plan.keyOfCommand();
        Map<String, List<Check>> guestByProbe = plan.guestByProbe();
        GuestLoop loop = plan.guests() ? new GuestLoop() : null;
        if (cancelled.get()) {
            return new HostRun(runId, host.id(), host.name(), "cancelled", "cancelled before collection", 0, started,
                    Instant.now(), 0);
        }

        // each privilege level is split over a few channels of the one session, run concurrently:
        // PLAIN_CHANNELS + ROOT_CHANNELS round trips in all, however many checks there are
        // host probes that ask libvirt use "$VH_URI", the host's configured libvirt URI (quoted, never spliced)
        Map<String, String> env = new LinkedHashMap<>();
        env.put("VH_URI", libvirtUri(host));
        if (loop != null) {
            env.put("VH_GM", loop.marker());
        }
        List<CompletableFuture<BatchOutcome>> rootFutures = new ArrayList<>();
        boolean collector = SudoMode.parse(host.sudoMode()) == SudoMode.COLLECTOR && !"root".equals(host.user());
        List<List<BatchScript.Item>> rootParts = chunks(root, ROOT_CHANNELS);
        for (int i = 0; i < rootParts.size(); i++) {
            BatchScript b = new BatchScript(rootParts.get(i), env);
            int part = i + 1;
            String guestMarker = loop != null ? loop.marker() : new GuestLoop().marker();
            rootFutures.add(CompletableFuture.supplyAsync(() -> collector
                    ? runCollector(transport, b, part, guestMarker, host, secs)
                    : runBatch(transport, b, true, host), batchExecutor));
        }
        List<CompletableFuture<BatchOutcome>> plainFutures = new ArrayList<>();
        for (List<BatchScript.Item> chunk : chunks(plain, PLAIN_CHANNELS)) {
            BatchScript b = new BatchScript(chunk, env);
            plainFutures.add(CompletableFuture.supplyAsync(() -> runBatch(transport, b, false, host), batchExecutor));
        }
        List<BatchOutcome> plainOuts = join(plainFutures);

        Map<String, Collected> collected = new HashMap<>();
        plainOuts.forEach(o -> collect(o, collected));
        Map<String, String> hostFacts = hostFacts(collected, keyOfCommand);
        Progress progress = new Progress(host.name(), checks.size());
        listener.progress(host.name(), 0, checks.size());
        // probes whose commands all came with the unprivileged batch are committed now, before the root batch ends
        Map<String, List<Check>> pending = new LinkedHashMap<>();
        for (Map.Entry<String, List<Check>> e : byProbe.entrySet()) {
            ProbeDef def = catalog.probes().get(e.getKey());
            if (def != null && def.root() && !root.isEmpty()) {
                pending.put(e.getKey(), e.getValue());
            } else {
                record(host, e.getKey(), e.getValue(), collected, keyOfCommand, hostFacts, secs, progress);
            }
        }
        List<BatchOutcome> rootOuts = join(rootFutures);
        rootOuts.forEach(o -> collect(o, collected));
        for (Map.Entry<String, List<Check>> e : pending.entrySet()) {
            record(host, e.getKey(), e.getValue(), collected, keyOfCommand, hostFacts, secs, progress);
        }
        if (loop != null && !cancelled.get()) {
            recordGuests(host, loop, guestByProbe, collected, keyOfCommand, hostFacts, secs, progress);
        }
        int recorded = progress.done;

        List<BatchOutcome> all = new ArrayList<>(plainOuts);
        all.addAll(rootOuts);
        String failure = all.stream().filter(BatchOutcome::transportFailure).map(BatchOutcome::failure).findFirst().orElse(null);
        String state = cancelled.get() ? "cancelled" : failure != null ? "failed" : "done";
        return new HostRun(runId, host.id(), host.name(), state, cancelled.get() ? "cancelled by the operator" : failure,
                transport.roundTrips(), started, Instant.now(), recorded);
    }

    /** Counts findings recorded for one host, for progress events. */
    private static final class Progress {
        final String host;
        int total;
        int done;

        Progress(String host, int total) {
            this.host = host;
            this.total = total;
        }
    }

    /** Evaluates the checks of one probe and commits its evidence and findings in one transaction. */
    private void record(HostConfig host, String probe, List<Check> probeChecks, Map<String, Collected> collected,
            Map<String, String> keyOfCommand, Map<String, String> hostFacts, int secs, Progress progress) {
        ProbeDef def = catalog.probes().get(probe);
        Map<String, CommandOutput> raw = new LinkedHashMap<>();
        if (def == null) {
            // lint prevents this for the built-in catalog; user catalogs get a clear ERROR
            raw.put("missing", CommandOutput.failed("missing", "", "probe " + probe + " is not defined"));
        } else {
            for (ProbeDef.ProbeCommand pc : def.commands()) {
                Collected c = collected.get(keyOfCommand.get(commandKey(pc.run(), def.root())));
                raw.put(pc.id(), c == null ? CommandOutput.failed(pc.id(), pc.run(), "not collected") : c.toOutput(pc, secs));
            }
        }
        if (cancelled.get() && raw.values().stream().anyMatch(o -> !o.ok())) {
            return; // cancelled mid-collection: keep what is complete, record nothing half-collected
        }
        ProbeData data = def == null ? new ProbeData(probe, raw, Map.of()) : ProbeData.parse(def, raw);
        commit(host, null, probe, raw.values(), progress, sha -> evaluate(host, null, probeChecks, data, List.of(), hostFacts, sha));
    }

    /** Evaluates checks on one target's probe data; each finding carries the hash of the evidence it rests on. */
    private List<Finding> evaluate(HostConfig host, String guest, List<Check> checks, ProbeData data, List<ProbeData> peers,
            Map<String, String> hostFacts, String sha) {
        List<Finding> findings = new ArrayList<>();
        for (Check c : checks) {
            findings.add(finding(host, guest, c, engine.evaluate(c, new EvaluationContext(data, hostFacts, options.settings(), peers)),
                    sha));
        }
        return findings;
    }

    /**
     * Redacts the outputs, stores them as canonical evidence together with the findings that rest on it (one
     * transaction), and reports the findings. Evaluation ran on the unredacted outputs; only the hash of the
     * stored evidence is handed to {@code findingsFor}.
     */
    private void commit(HostConfig host, String guest, String probe, Collection<CommandOutput> raw, Progress progress,
            Function<String, List<Finding>> findingsFor) {
        String json = EvidenceCodec.toJson(raw.stream().map(HostScanner::redact).toList());
        String sha = EvidenceCodec.sha256(json);
        List<Finding> findings = findingsFor.apply(sha);
        long duration = raw.stream().mapToLong(CommandOutput::durationMillis).sum();
        long first = raw.stream().mapToLong(CommandOutput::startedEpochMillis).filter(t -> t > 0).min()
                .orElse(System.currentTimeMillis());
        store.recordProbe(new Evidence(0, runId, host.id(), guest, probe, json, sha, Instant.ofEpochMilli(first), duration),
                findings);
        findings.forEach(listener::finding);
        progress.done += findings.size();
        listener.progress(progress.host, progress.done, progress.total);
    }

    /**
     * Evaluates the per-guest checks for every guest the loops found. When a loop itself failed (no
     * virsh, libvirt unreachable, no root), its checks get one host-level ERROR each, with the reason.
     */
    private void recordGuests(HostConfig host, GuestLoop loop, Map<String, List<Check>> guestByProbe,
            Map<String, Collected> collected, Map<String, String> keyOfCommand, Map<String, String> hostFacts, int secs,
            Progress progress) {
        Collected names = collected.get(keyOfCommand.get(commandKey(GuestLoop.wrap(GUEST_NAME, secs), false)));
        Map<String, GuestLoop.Part> nameParts = names == null || names.section() == null
                ? Map.of() : loop.split(names.section().stdout(), names.section().stderr());
        for (Map.Entry<String, List<Check>> e : guestByProbe.entrySet()) {
            ProbeDef def = catalog.probes().get(e.getKey());
            if (def == null) {
                continue;
            }
            Map<String, Map<String, GuestLoop.Part>> parts = new LinkedHashMap<>();
            String loopFailure = null;
            List<CommandOutput> loopOutputs = new ArrayList<>();
            for (ProbeDef.ProbeCommand pc : def.commands()) {
                Collected c = collected.get(keyOfCommand.get(commandKey(GuestLoop.wrap(pc.run(), secs), def.root())));
                ProbeDef.ProbeCommand whole = new ProbeDef.ProbeCommand(pc.id(), pc.run(), "raw", List.of(0), pc.missing());
                CommandOutput o = c == null ? CommandOutput.failed(pc.id(), pc.run(), "not collected") : c.toOutput(whole, secs);
                loopOutputs.add(o);
                if (!o.ok()) {
                    loopFailure = loopFailure != null ? loopFailure : o.failure();
                } else {
                    parts.put(pc.id(), loop.split(c.section().stdout(), c.section().stderr()));
                }
            }
            if (loopFailure != null) {
                String why = loopFailure.startsWith("n/a: ") ? loopFailure : "guests not examined: " + loopFailure;
                Outcome o = why.startsWith("n/a: ") ? Outcome.notApplicable(why.substring(5)) : Outcome.error(why);
                commit(host, null, e.getKey(), loopOutputs, progress,
                        sha -> e.getValue().stream().map(c -> finding(host, null, c, o, sha)).toList());
                continue;
            }
            List<String> guests = new ArrayList<>(parts.values().stream().findFirst().orElse(Map.of()).keySet());
            progress.total += guests.size() * e.getValue().size();
            Map<String, Map<String, CommandOutput>> raws = new LinkedHashMap<>();
            Map<String, ProbeData> datas = new LinkedHashMap<>();
            for (String uuid : guests) {
                Map<String, CommandOutput> raw = new LinkedHashMap<>();
                for (ProbeDef.ProbeCommand pc : def.commands()) {
                    GuestLoop.Part p = parts.get(pc.id()).get(uuid);
                    raw.put(pc.id(), p == null ? CommandOutput.failed(pc.id(), pc.run(), "did not finish for this guest")
                            : new Collected(new BatchScript.Section(pc.id(), p.stdout(), p.stderr(), p.exitCode(),
                                    System.currentTimeMillis(), 0, true), null, false, false).toOutput(pc, secs));
                }
                raws.put(uuid, raw);
                datas.put(uuid, ProbeData.parse(def, raw));
            }
            for (String uuid : guests) {
                String name = guestName(nameParts.get(uuid), uuid);
                ProbeData data = datas.get(uuid);
                List<ProbeData> peers = datas.values().stream().filter(d -> d != data).toList();
                commit(host, name, e.getKey(), raws.get(uuid).values(), progress,
                        sha -> evaluate(host, name, e.getValue(), data, peers, hostFacts, sha));
            }
        }
    }

    /** The guest's name from its dominfo output ("Name:           web01"), or its UUID. */
    static String guestName(GuestLoop.Part dominfo, String uuid) {
        if (dominfo != null && dominfo.exitCode() == 0) {
            for (String line : dominfo.stdout().split("\n")) {
                if (line.startsWith("Name:")) {
                    String n = line.substring(5).strip();
                    return n.isEmpty() ? uuid : n;
                }
            }
        }
        return uuid;
    }

    private static String effectiveProbe(Catalog catalog, String probe, boolean rootAvailable) {
        ProbeDef def = catalog.probes().get(probe);
        if (def != null && def.root() && !rootAvailable && def.fallback() != null) {
            return def.fallback();
        }
        return probe;
    }

    static String libvirtUri(HostConfig host) {
        return host.libvirtUri() == null || host.libvirtUri().isBlank() ? "qemu:///system" : host.libvirtUri();
    }

    /** The same text run as root and unprivileged gives different output: both are kept apart. */
    private static String commandKey(String cmd, boolean asRoot) {
        return (asRoot ? "R:" : "U:") + cmd;
    }

    private static void addItem(String cmd, boolean asRoot, List<BatchScript.Item> plain, List<BatchScript.Item> root,
            Map<String, String> keyOfCommand, int secs, int costMs) {
        if (keyOfCommand.containsKey(commandKey(cmd, asRoot))) {
            return;
        }
        List<BatchScript.Item> target = asRoot ? root : plain;
        String key = (asRoot ? "r" : "u") + target.size();
        target.add(new BatchScript.Item(key, cmd, secs, costMs));
        keyOfCommand.put(commandKey(cmd, asRoot), key);
    }

    private record BatchOutcome(BatchScript batch, CommandResult result, String failure, boolean transportFailure) {
    }

    private BatchOutcome runBatch(Transport t, BatchScript batch, boolean asRoot, HostConfig host) {
        if (batch.items().isEmpty()) {
            return new BatchOutcome(batch, null, null, false);
        }
        long sum = batch.items().stream().mapToLong(BatchScript.Item::timeoutSeconds).sum();
        Duration limit = Duration.ofSeconds(Math.min(3600, sum + 10));
        try {
            CommandResult r = t.run(batch.script(), asRoot, limit);
            if (asRoot && batch.privilegeRefused(r)) {
                return new BatchOutcome(batch, r, "needs root: " + privilegeReason(r.stderr(), host), false);
            }
            return new BatchOutcome(batch, r, null, false);
        } catch (TransportException e) {
            String why = cancelled.get() ? "cancelled by the operator" : "not collected: " + e.getMessage();
            return new BatchOutcome(batch, null, why, true);
        }
    }

    /**
     * Runs one part of the root commands through the collector script on the host ({@code --sudo collector}); the
     * output is framed exactly like a batch. A collector made for another catalog, URI or timeout is refused.
     */
    private BatchOutcome runCollector(Transport t, BatchScript batch, int part, String guestMarker, HostConfig host, int secs) {
        if (batch.items().isEmpty()) {
            return new BatchOutcome(batch, null, null, false);
        }
        long sum = batch.items().stream().mapToLong(BatchScript.Item::timeoutSeconds).sum();
        Duration limit = Duration.ofSeconds(Math.min(3600, sum + 10));
        try {
            CommandResult r = t.run(Collector.invocation(part, batch.marker(), guestMarker), true, limit);
            String want = Collector.header(Collector.fingerprint(batch.items(), libvirtUri(host)));
            String first = r.stdout().lines().findFirst().orElse("");
            if (!first.equals(want)) {
                String why;
                if (first.startsWith("@@VHC ")) {
                    why = SudoMode.COLLECTOR_PATH + " on the host was generated for another catalog version, libvirt URI or "
                            + "--timeout; regenerate it with 'virtharden catalog collector --libvirt-uri " + libvirtUri(host)
                            + " --timeout " + secs + "' and reinstall it";
                } else {
                    String line = r.stderr().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("exit " + r.exitCode());
                    why = "the collector " + SudoMode.COLLECTOR_PATH + " did not run (" + line + "); install it and allow it in "
                            + "sudoers as docs/sudoers.md shows";
                }
                return new BatchOutcome(batch, r, "needs root: " + why, false);
            }
            return new BatchOutcome(batch, r, null, false);
        } catch (TransportException e) {
            String why = cancelled.get() ? "cancelled by the operator" : "not collected: " + e.getMessage();
            return new BatchOutcome(batch, null, why, true);
        }
    }

    private static String privilegeReason(String stderr, HostConfig host) {
        String line = stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("no output");
        if (line.startsWith(CommandWrapper.PRIVILEGE_MARKER)) {
            return "the login " + host.user() + " is not root and no sudo mode is set for this host "
                    + "(set --sudo nopasswd or password, or log in as root)";
        }
        return "sudo refused (" + line + "); allow the probe commands in sudoers (see docs/sudoers.md) or set --sudo password";
    }

    /** Guests per host assumed when weighing a per-guest loop before the guests are known. */
    static final int GUESTS_ASSUMED = 3;

    /**
     * Spreads items over at most n chunks (none empty) so the channels finish at about the same time: the most
     * expensive items first, each onto the channel with the least expected work so far (longest-processing-time
     * first). The catalog's cost-ms estimates keep e.g. the package-manager query and the per-guest loops apart.
     */
    static List<List<BatchScript.Item>> chunks(List<BatchScript.Item> items, int n) {
        int parts = Math.min(n, items.size());
        List<List<BatchScript.Item>> out = new ArrayList<>();
        long[] load = new long[parts];
        for (int i = 0; i < parts; i++) {
            out.add(new ArrayList<>());
        }
        List<BatchScript.Item> byCost = new ArrayList<>(items);
        byCost.sort(java.util.Comparator.comparingInt(BatchScript.Item::costMs).reversed());
        for (BatchScript.Item it : byCost) {
            int best = 0;
            for (int i = 1; i < parts; i++) {
                if (load[i] < load[best] || load[i] == load[best] && out.get(i).size() < out.get(best).size()) {
                    best = i;
                }
            }
            out.get(best).add(it);
            load[best] += it.costMs();
        }
        return out;
    }

    private List<BatchOutcome> join(List<CompletableFuture<BatchOutcome>> futures) {
        List<BatchOutcome> out = new ArrayList<>();
        for (CompletableFuture<BatchOutcome> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while collecting", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("collection failed: " + e.getCause(), e.getCause());
            }
        }
        return out;
    }

    /** A collected section, with the batch's verdict when the section itself is missing. */
    private record Collected(BatchScript.Section section, String batchFailure, boolean batchTimedOut,
            boolean batchTruncated) {

        CommandOutput toOutput(ProbeDef.ProbeCommand pc, int secs) {
            BatchScript.Section s = section;
            if (batchFailure != null) {
                return CommandOutput.failed(pc.id(), pc.run(), batchFailure);
            }
            if (s == null || !s.finished()) {
                String why = batchTruncated ? "output went over the cap before this command finished"
                        : batchTimedOut ? "did not finish: the batch hit its time limit"
                        : "did not finish: the connection ended";
                return new CommandOutput(pc.id(), pc.run(), s == null ? "" : s.stdout(), s == null ? "" : s.stderr(), -1,
                        s == null ? 0 : s.startedMillis(), 0, why);
            }
            String failure = null;
            if (CommandWrapper.isTimeoutExit(s.exitCode())) {
                failure = "timed out after " + secs + " s (killed on the host)";
            } else if (s.exitCode() == 127 && !pc.okExit().contains(127)) {
                String tool = firstLine(s.stderr());
                failure = "na".equals(pc.missing()) ? "n/a: not installed (" + tool + ")" : "command not found: " + tool;
            } else if (!pc.okExit().contains(s.exitCode())) {
                failure = "exit " + s.exitCode() + ": " + firstLine(s.stderr());
            }
            return new CommandOutput(pc.id(), pc.run(), s.stdout(), s.stderr(), s.exitCode(), s.startedMillis(),
                    s.durationMillis(), failure);
        }
    }

    private static void collect(BatchOutcome out, Map<String, Collected> into) {
        if (out.result() == null || out.failure() != null) {
            for (BatchScript.Item it : out.batch().items()) {
                into.put(it.key(), new Collected(null, out.failure() == null ? "not collected" : out.failure(), false, false));
            }
            return;
        }
        Map<String, BatchScript.Section> sections = out.batch().parse(out.result());
        for (BatchScript.Item it : out.batch().items()) {
            into.put(it.key(), new Collected(sections.get(it.key()), null, out.result().timedOut(), out.result().truncated()));
        }
    }

    private static Map<String, String> hostFacts(Map<String, Collected> collected, Map<String, String> keyOfCommand) {
        Map<String, String> f = new HashMap<>();
        Collected uid = collected.get(keyOfCommand.get(commandKey(IDENTITY.get("host-uid"), false)));
        Collected os = collected.get(keyOfCommand.get(commandKey(IDENTITY.get("host-os"), false)));
        if (uid != null && uid.section() != null && uid.section().finished()) {
            f.put("host.uid", uid.section().stdout().strip());
        }
        String id = "";
        String like = "";
        if (os != null && os.section() != null && os.section().finished()) {
            for (String line : os.section().stdout().split("\n")) {
                int i = line.indexOf('=');
                if (i <= 0) {
                    continue;
                }
                String k = line.substring(0, i).strip();
                String v = line.substring(i + 1).strip().replaceAll("^[\"']|[\"']$", "");
                switch (k) {
                    case "ID" -> id = v.toLowerCase(Locale.ROOT);
                    case "ID_LIKE" -> like = v.toLowerCase(Locale.ROOT);
                    case "VERSION_ID" -> f.put("host.os.version", v);
                    case "PRETTY_NAME" -> f.put("host.os.name", v);
                    default -> { }
                }
            }
        }
        f.put("host.os.id", id);
        f.put("host.os.family", family(id, like));
        return f;
    }

    static String family(String id, String like) {
        Set<String> names = new LinkedHashSet<>(List.of((id + " " + like).trim().split("\\s+")));
        if (names.contains("debian") || names.contains("ubuntu")) {
            return "debian";
        }
        if (names.contains("rhel") || names.contains("fedora") || names.contains("centos")) {
            return "rhel";
        }
        return "other";
    }

    private static CommandOutput redact(CommandOutput o) {
        return new CommandOutput(o.id(), o.command(), Redactor.redact(o.stdout()), Redactor.redact(o.stderr()),
                o.exitCode(), o.startedEpochMillis(), o.durationMillis(), o.failure());
    }

    private Finding finding(HostConfig host, Check c, Outcome o, String sha) {
        return finding(host, null, c, o, sha);
    }

    private Finding finding(HostConfig host, String guest, Check c, Outcome o, String sha) {
        return new Finding(0, runId, host.id(), host.name(), guest, c.id(), Catalog.VERSION, c.domain(), c.title(),
                c.severity(), o.status(), Redactor.redact(o.observed()), Redactor.redact(o.expected()),
                Redactor.redact(o.reason()), 0, sha, Instant.now());
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("no error output");
    }
}
