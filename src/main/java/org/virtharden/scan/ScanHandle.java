package org.virtharden.scan;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A running scan: wait for it, or cancel it (results so far are kept, the run is marked cancelled). */
public final class ScanHandle {
    private final long runId;
    private final CompletableFuture<ScanSummary> result;
    private final Runnable canceller;

    ScanHandle(long runId, CompletableFuture<ScanSummary> result, Runnable canceller) {
        this.runId = runId;
        this.result = result;
        this.canceller = canceller;
    }

    public long runId() {
        return runId;
    }

    public void cancel() {
        canceller.run();
    }

    public boolean isDone() {
        return result.isDone();
    }

    public CompletableFuture<ScanSummary> future() {
        return result;
    }

    public ScanSummary await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("scan failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    public ScanSummary await(long timeout, TimeUnit unit) throws InterruptedException, TimeoutException {
        try {
            return result.get(timeout, unit);
        } catch (ExecutionException e) {
            throw new IllegalStateException("scan failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
