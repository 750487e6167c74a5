package org.virtharden.testhosts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a local helper command with a hard time limit; never leaves it running. */
final class Cmd {
    private Cmd() {
    }

    static ExecResult run(List<String> argv, Duration limit) {
        return run(argv, limit, null);
    }

    static ExecResult run(List<String> argv, Duration limit, byte[] stdin) {
        Process p;
        try {
            p = new ProcessBuilder(argv).directory(Path.of("/").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv.get(0), e);
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        } catch (IOException ignored) {
            // the command did not want input
        }
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
                return new ExecResult(-1, text(out), text(err) + "\n[timed out after " + limit.toMillis() + " ms]");
            }
            return new ExecResult(p.exitValue(), text(out), text(err));
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new ExecResult(-1, "", "interrupted");
        }
    }

    /** Like {@link #run} but throws with the command's stderr when it fails. */
    static String check(List<String> argv, Duration limit) {
        ExecResult r = run(argv, limit);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed (" + r.exitCode() + "): " + r.stderr().strip());
        }
        return r.stdout();
    }

    private static String text(CompletableFuture<byte[]> f) {
        try {
            return new String(f.get(2, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "";
        }
    }

    private static byte[] readAll(InputStream in) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (in) {
            in.transferTo(b);
        } catch (IOException ignored) {
            // process ended
        }
        return b.toByteArray();
    }
}
