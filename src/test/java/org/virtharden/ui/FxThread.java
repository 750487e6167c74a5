package org.virtharden.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;

/**
 * For plain JUnit tests of view models: starts the FX toolkit once (headless Monocle in the build) and runs code on
 * the FX thread, where a {@link org.virtharden.ui.session.ProjectSession} with a direct executor does its work at once.
 */
public final class FxThread {
    private FxThread() {
    }

    public static void start() {
        try {
            CompletableFuture<Void> up = new CompletableFuture<>();
            Platform.startup(() -> up.complete(null));
            up.get(10, TimeUnit.SECONDS);
        } catch (IllegalStateException already) {
            // started by an earlier test in this JVM
        } catch (Exception e) {
            throw new AssertionError("the FX toolkit did not start", e);
        }
        Platform.setImplicitExit(false);
    }

    /** Runs {@code c} on the FX thread and returns its value. */
    public static <T> T call(Callable<T> c) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static void run(Runnable r) {
        call(() -> {
            r.run();
            return null;
        });
    }

    /** Waits (bounded) until {@code condition}, checked on the FX thread, holds. */
    public static void waitFor(int seconds, BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (call(condition::getAsBoolean)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("condition not met within " + seconds + " s");
    }
}
