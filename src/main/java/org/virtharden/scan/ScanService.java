package org.virtharden.scan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CheckEngine;
import org.virtharden.model.HostConfig;
import org.virtharden.model.HostRun;
import org.virtharden.model.ScanRun;
import org.virtharden.transport.Transport;
import org.virtharden.transport.TransportException;

/**
 * Scans hosts in parallel (bounded by {@link ScanOptions#parallel()}), one SSH session per host, with
 * progress events and cancellation. A host that fails does not stop the others.
 */
public final class ScanService {
    private static final Logger LOG = Logger.getLogger(ScanService.class.getName());
    private final Catalog catalog;
    private final CheckEngine engine;
    private final TransportFactory transports;
    private final ScanStore store;
    private final RunStage afterHosts;

    public ScanService(Catalog catalog, CheckEngine engine, TransportFactory transports, ScanStore store) {
        this(catalog, engine, transports, store, RunStage.NONE);
    }

    /** @param afterHosts runs once every host of a scan of two or more hosts has finished (the fleet checks) */
    public ScanService(Catalog catalog, CheckEngine engine, TransportFactory transports, ScanStore store,
            RunStage afterHosts) {
        this.catalog = catalog;
        this.engine = engine;
        this.transports = transports;
        this.store = store;
        this.afterHosts = afterHosts;
    }

    public Catalog catalog() {
        return catalog;
    }

    public ScanHandle start(List<HostConfig> hosts, ScanOptions options, ScanListener listener) {
        ScanRun run = store.startRun(Catalog.VERSION);
        AtomicBoolean cancelled = new AtomicBoolean();
        Set<Transport> open = ConcurrentHashMap.newKeySet();
        ExecutorService hostPool = Executors.newFixedThreadPool(Math.min(options.parallel(), Math.max(1, hosts.size())),
                daemon("vh-scan"));
        ExecutorService batchPool = Executors.newCachedThreadPool(daemon("vh-batch"));
        List<HostRun> results = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger findings = new AtomicInteger();
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        for (HostConfig h : hosts) {
            listener.hostState(h.name(), "queued", "");
            store.hostState(new HostRun(run.id(), h.id(), h.name(), "queued", null, 0, null, null, 0));
            tasks.add(CompletableFuture.runAsync(() -> {
                HostRun r = scanOne(h, run.id(), options, listener, cancelled, open, batchPool);
                store.hostState(r);
                results.add(r);
                findings.addAndGet(r.findings());
                listener.hostState(h.name(), r.state(), r.reason() == null ? "" : r.reason());
            }, hostPool));
        }
        CompletableFuture<ScanSummary> all = CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new))
                .handle((v, err) -> {
                    hostPool.shutdown();
                    batchPool.shutdown();
                    if (!cancelled.get() && hosts.size() > 1) {
                        try {
                            List<org.virtharden.model.Finding> extra = afterHosts.afterHosts(run.id());
                            extra.forEach(listener::finding);
                            findings.addAndGet(extra.size());
                        } catch (RuntimeException e) {
                            LOG.log(Level.WARNING, "the cross-host stage of run " + run.id() + " failed", e);
                        }
                    }
                    String state = runState(results, cancelled.get(), hosts.size());
                    store.finishRun(run.id(), state);
                    return new ScanSummary(run.id(), state, List.copyOf(results), findings.get());
                });
        return new ScanHandle(run.id(), all, () -> {
            cancelled.set(true);
            for (Transport t : open) {
                t.close();
            }
        });
    }

    private HostRun scanOne(HostConfig h, long runId, ScanOptions options, ScanListener listener,
            AtomicBoolean cancelled, Set<Transport> open, ExecutorService batchPool) {
        Instant started = Instant.now();
        HostScanner scanner = new HostScanner(catalog, engine, store, listener, options, runId, cancelled, batchPool);
        if (cancelled.get()) {
            return new HostRun(runId, h.id(), h.name(), "cancelled", "cancelled before it started", 0, started, Instant.now(), 0);
        }
        listener.hostState(h.name(), "connecting", h.address());
        store.hostState(new HostRun(runId, h.id(), h.name(), "connecting", null, 0, started, null, 0));
        Transport t;
        try {
            t = transports.open(h);
        } catch (TransportException e) {
            return scanner.unreachable(h, started, e.getMessage());
        } catch (RuntimeException e) {
            return scanner.unreachable(h, started, "could not connect: " + e.getMessage());
        }
        open.add(t);
        try {
            listener.hostState(h.name(), "scanning", "");
            store.hostState(new HostRun(runId, h.id(), h.name(), "scanning", null, 0, started, null, 0));
            return scanner.scan(h, t, started);
        } finally {
            open.remove(t);
            t.close();
        }
    }

    static String runState(List<HostRun> results, boolean cancelled, int hosts) {
        if (cancelled) {
            return "cancelled";
        }
        long failed = results.stream().filter(r -> !"done".equals(r.state())).count();
        if (hosts > 0 && failed == hosts) {
            return "failed";
        }
        return failed > 0 ? "partial" : "complete";
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
