package org.virtharden.testhosts;

import org.virtharden.transport.SshTarget;
import org.virtharden.transport.SudoMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One running test host: a real OpenSSH sshd, either in its own network/mount/pid/uts namespaces
 * (as root; see {@link TestHosts#start}) or on 127.0.0.1 as the current user
 * ({@link TestHosts#startLoopback()}).
 */
public final class TestHost {
    private final String name;
    private final String address;
    private final int port;
    private final String user;
    private final Path privateKey;
    private final Path knownHosts;
    private final Path emptyKnownHosts;
    private final Path etcDir;
    private final Path homeDir;
    private final Path hostKey;
    private final Path log;
    private final String password;
    final boolean namespaced;
    final Process process;
    volatile long sshdPid;
    private volatile String fingerprint;

    TestHost(String name, String address, int port, String user, Path privateKey, Path knownHosts, Path emptyKnownHosts,
            Path etcDir, Path homeDir, Path hostKey, Path log, String password, boolean namespaced, Process process,
            long sshdPid, String fingerprint) {
        this.name = name;
        this.address = address;
        this.port = port;
        this.user = user;
        this.privateKey = privateKey;
        this.knownHosts = knownHosts;
        this.emptyKnownHosts = emptyKnownHosts;
        this.etcDir = etcDir;
        this.homeDir = homeDir;
        this.hostKey = hostKey;
        this.log = log;
        this.password = password;
        this.namespaced = namespaced;
        this.process = process;
        this.sshdPid = sshdPid;
        this.fingerprint = fingerprint;
    }

    public String name() {
        return name;
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    /** {@code auditor} (uid 4242) in a namespaced host; the current user in a loopback host. */
    public String user() {
        return user;
    }

    /** ed25519 key without passphrase, authorised for {@link #user()} and root. */
    public Path privateKey() {
        return privateKey;
    }

    /** A known_hosts file that already trusts this host's key as it was at start. */
    public Path knownHosts() {
        return knownHosts;
    }

    /** A fresh path for a known_hosts file that does not exist yet. */
    public Path emptyKnownHosts() {
        return emptyKnownHosts;
    }

    /** {@code SHA256:...} of the current ed25519 host key, as {@code ssh-keygen -lf} prints it. */
    public String hostKeyFingerprint() {
        return fingerprint;
    }

    /** The host's private /etc copy on our disk (bound over /etc inside the host). */
    public Path etcDir() {
        return etcDir;
    }

    /** auditor's home on our disk (bound under /home inside the host). */
    public Path homeDir() {
        return homeDir;
    }

    /** auditor's login (and sudo) password, or null when the spec set none. Addition to the brief's API. */
    public String password() {
        return password;
    }

    /** Everything the host's sshd wrote to stderr so far ({@code sshd -D -e}). Addition to the brief's API. */
    public String sshdLog() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code sh -c shellCommand} inside the host's namespaces as root (nsenter); 20 s limit. */
    public ExecResult exec(String shellCommand) {
        List<String> argv = new ArrayList<>();
        if (namespaced) {
            argv.addAll(List.of("nsenter", "--target", Long.toString(sshdPid), "--mount", "--uts", "--net", "--pid",
                    "--", "sh", "-c", shellCommand));
        } else {
            argv.addAll(List.of("sh", "-c", shellCommand));
        }
        return Cmd.run(argv, Duration.ofSeconds(20));
    }

    /** SIGKILLs the host's sshd. A namespaced host vanishes with it (it is PID 1 there). */
    public void killSshd() {
        ProcessHandle.of(sshdPid).ifPresent(ProcessHandle::destroyForcibly);
        waitGone(Duration.ofSeconds(5));
    }

    /** Replaces the ed25519 host key and makes sshd re-read it (SIGHUP re-exec); waits until it answers. */
    public void rotateHostKey() {
        try {
            Files.deleteIfExists(hostKey);
            Files.deleteIfExists(Path.of(hostKey + ".pub"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Cmd.check(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", hostKey.toString()),
                Duration.ofSeconds(10));
        int before = count(sshdLog(), "Received SIGHUP");
        Cmd.check(List.of("kill", "-HUP", Long.toString(sshdPid)), Duration.ofSeconds(5));
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end) {
            String l = sshdLog();
            int hups = count(l, "Received SIGHUP");
            if (hups > before && l.lastIndexOf("Server listening") > l.lastIndexOf("Received SIGHUP")
                    && TestHosts.bannerAnswers(address, port, 300)) {
                fingerprint = TestHosts.fingerprintOf(Path.of(hostKey + ".pub"));
                return;
            }
            TestHosts.sleep(30);
        }
        throw new IllegalStateException("sshd of " + name + " did not come back after SIGHUP: " + tail(sshdLog()));
    }

    /** Key auth with {@link #privateKey()}, {@link #knownHosts()}, 5 s connect timeout. */
    public SshTarget target(String user, SudoMode sudo) {
        char[] sudoPw = sudo == SudoMode.PASSWORD && password != null ? password.toCharArray() : null;
        return new SshTarget(address, port, user, privateKey, null, null, false, sudo, sudoPw, null, knownHosts,
                Duration.ofSeconds(5));
    }

    boolean alive() {
        return ProcessHandle.of(sshdPid).map(ProcessHandle::isAlive).orElse(false) && !zombie(sshdPid);
    }

    void waitGone(Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (!alive() && (process == null || !process.isAlive())) {
                return;
            }
            TestHosts.sleep(20);
        }
    }

    static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && stat.length() > close + 2 && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static String tail(String s) {
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }

    @Override
    public String toString() {
        return name + " (" + user + "@" + address + ":" + port + ")";
    }
}
