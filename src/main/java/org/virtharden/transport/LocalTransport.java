package org.virtharden.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Audits the machine the app runs on, without SSH, through {@code sh -c}. */
public final class LocalTransport implements Transport {
    private final SudoMode sudo;
    private final char[] sudoPassword;
    private final int cap;
    private final AtomicInteger roundTrips = new AtomicInteger();

    public LocalTransport(SudoMode sudo, char[] sudoPassword, int outputCap) {
        this.sudo = sudo == null ? SudoMode.NONE : sudo;
        this.sudoPassword = sudoPassword;
        this.cap = outputCap;
    }

    public LocalTransport() {
        this(SudoMode.NONE, null, OutputCollector.DEFAULT_CAP);
    }

    @Override
    public CommandResult run(String command, boolean root, Duration timeout) throws TransportException {
        roundTrips.incrementAndGet();
        String wrapped = CommandWrapper.wrap(command, root, sudo, timeout);
        Instant start = Instant.now();
        Process p;
        try {
            p = new ProcessBuilder("sh", "-c", wrapped).start();
        } catch (IOException e) {
            throw new TransportException(TransportException.Kind.IO, "could not start a local shell: " + e.getMessage(), e);
        }
        OutputCollector out = new OutputCollector(cap);
        OutputCollector err = new OutputCollector(cap);
        CompletableFuture<Void> fo = CompletableFuture.runAsync(() -> drain(out, p.getInputStream()));
        CompletableFuture<Void> fe = CompletableFuture.runAsync(() -> drain(err, p.getErrorStream()));
        try (OutputStream stdin = p.getOutputStream()) {
            if (CommandWrapper.needsPassword(root, sudo) && sudoPassword != null) {
                stdin.write((new String(sudoPassword) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException ignored) {
            // the process may have exited already; its output says why
        }
        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            fo.get(5, TimeUnit.SECONDS);
            fe.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TransportException(TransportException.Kind.TIMEOUT, "cancelled while running a local command", e);
        } catch (Exception e) {
            // output readers did not finish; keep what was read
            finished = finished(p);
        }
        int exit = finished ? p.exitValue() : -1;
        boolean timedOut = !finished || CommandWrapper.isTimeoutExit(exit);
        return new CommandResult(command, out.text(), err.text(), exit, start, Duration.between(start, Instant.now()),
                timedOut, out.truncated() || err.truncated());
    }

    private static boolean finished(Process p) {
        return !p.isAlive();
    }

    private static void drain(OutputCollector c, java.io.InputStream in) {
        try (in) {
            c.drain(in);
        } catch (IOException ignored) {
            // stream closed by process death; keep what was read
        }
    }

    @Override
    public String target() {
        return "local";
    }

    @Override
    public int roundTrips() {
        return roundTrips.get();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
