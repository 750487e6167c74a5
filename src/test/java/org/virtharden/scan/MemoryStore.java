package org.virtharden.scan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.virtharden.model.Evidence;
import org.virtharden.model.Finding;
import org.virtharden.model.HostRun;
import org.virtharden.model.ScanRun;

/** An in-memory ScanStore for engine tests; the project-backed one is tested against real SQLite. */
final class MemoryStore implements ScanStore {
    final List<Finding> findings = Collections.synchronizedList(new ArrayList<>());
    final List<Evidence> evidence = Collections.synchronizedList(new ArrayList<>());
    final Map<String, HostRun> hosts = new ConcurrentHashMap<>();
    final AtomicLong ids = new AtomicLong();
    volatile String runState;

    @Override
    public ScanRun startRun(String catalogVersion) {
        runState = "running";
        return new ScanRun(1, Instant.now(), null, "running", catalogVersion, null);
    }

    @Override
    public void hostState(HostRun state) {
        hosts.put(state.hostName(), state);
    }

    @Override
    public long recordProbe(Evidence ev, List<Finding> list) {
        long id = ids.incrementAndGet();
        evidence.add(ev);
        findings.addAll(list);
        return id;
    }

    @Override
    public void recordFindings(List<Finding> list) {
        findings.addAll(list);
    }

    @Override
    public void finishRun(long runId, String state) {
        runState = state;
    }

    Finding get(String host, String check) {
        synchronized (findings) {
            return findings.stream().filter(f -> f.hostName().equals(host) && f.checkId().equals(check)).findFirst()
                    .orElseThrow(() -> new AssertionError("no finding " + check + " for " + host + " in " + findings));
        }
    }
}
