package org.virtharden.service;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.virtharden.model.HostConfig;
import org.virtharden.transport.CommandResult;
import org.virtharden.transport.HostKeyInfo;
import org.virtharden.transport.HostKeyVerifier;
import org.virtharden.transport.SshTarget;
import org.virtharden.transport.SudoMode;
import org.virtharden.transport.Transport;
import org.virtharden.transport.TransportException;

/**
 * The staged connection test of ux.md screen B: TCP reachable → host key → login → sudo → tools. Each stage says
 * what it saw and, when it is not clean, one line on how to fix it; once a stage fails the later ones are "not
 * tested". Read-only: the host only ever runs {@code true} (plain and through the scan's own sudo wrapper),
 * {@code sudo -n -l} (collector mode) and {@code command -v} for a fixed list of tools.
 */
public final class ConnectionTestService {
    /** The stages, in the order they run. */
    public enum Step {
        TCP("TCP"), HOST_KEY("key"), LOGIN("auth"), SUDO("sudo"), TOOLS("tools");

        private final String shortName;

        Step(String shortName) {
            this.shortName = shortName;
        }

        /** One word for the hosts table ("⚡ sudo"). */
        public String shortName() {
            return shortName;
        }
    }

    /** How a stage went; the glyphs are the app's status glyphs (ux.md §4). */
    public enum State {
        OK("✓"), WARN("⚡"), FAIL("✕"), NOT_USED("—"), NOT_TESTED("·");

        private final String glyph;

        State(String glyph) {
            this.glyph = glyph;
        }

        public String glyph() {
            return glyph;
        }

        /** A stage that leaves work undone or blocked. */
        public boolean problem() {
            return this == WARN || this == FAIL;
        }
    }

    /**
     * @param text   one line: what was seen ("TCP reachable (12 ms)")
     * @param hint   one line on how to fix it, or "" when there is nothing to fix
     * @param detail the raw text behind it (transport message, command output) for [Copy diagnostics], or ""
     */
    public record Stage(Step step, State state, String text, String hint, String detail) {
        public String line() {
            return state.glyph() + " " + text;
        }
    }

    /** One host's test: always one stage per {@link Step}, in order. */
    public record Result(String host, String target, Instant at, List<Stage> stages) {
        public Result {
            stages = List.copyOf(stages);
        }

        public Stage stage(Step s) {
            return stages.stream().filter(x -> x.step() == s).findFirst().orElseThrow();
        }

        /** The first stage that failed or warned. */
        public Optional<Stage> firstProblem() {
            return stages.stream().filter(s -> s.state().problem()).findFirst();
        }

        /** Whether the host can be scanned with everything it is set up for. */
        public boolean ok() {
            return firstProblem().isEmpty() && stages.stream().noneMatch(s -> s.state() == State.NOT_TESTED);
        }

        /** Whether the host key was refused because it changed. */
        public boolean changedKey() {
            Stage k = stage(Step.HOST_KEY);
            return k.state() == State.FAIL && k.text().contains("CHANGED");
        }

        /** For the hosts table: "✓ OK", "⚡ sudo", "✕ auth", "✕ CHANGED", "· cancelled". */
        public String shortLabel() {
            if (ok()) {
                return "✓ OK";
            }
            if (changedKey()) {
                return "✕ CHANGED";
            }
            return firstProblem().map(s -> s.state().glyph() + " " + s.step().shortName()).orElse("· not tested");
        }

        /** The stage list as plain text, with fixes and raw messages, for [Copy diagnostics]. */
        public String diagnostics() {
            StringBuilder sb = new StringBuilder("Connection test of " + host + " (" + target + ") at " + at + "\n");
            for (Stage s : stages) {
                sb.append(s.line()).append('\n');
                if (!s.hint().isEmpty()) {
                    sb.append("  Fix: ").append(s.hint()).append('\n');
                }
                if (!s.detail().isEmpty()) {
                    s.detail().lines().forEach(l -> sb.append("  | ").append(l).append('\n'));
                }
            }
            return sb.toString();
        }
    }

    /**
     * The tools the built-in probes call most (catalog probes.yaml); deriving them from the probe scripts would mean
     * parsing shell, so this is a fixed list. A missing one makes the checks that use it ERROR, never PASS.
     */
    public static final List<String> TOOLS = List.of("virsh", "ip", "ss", "nft", "iptables-save", "sysctl", "modprobe",
            "systemctl", "timeout");
    /** The PATH the probes run with (probes.yaml), so that /usr/sbin tools count for a non-root login too. */
    private static final String PROBE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final String SUDO_HINT = "NOPASSWD for the read-only commands (the scan runs them as sudo -n"
            + " timeout …), or the collector: docs/sudoers.md";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final PasswordSource passwords;
    private final Path defaultKnownHosts;
    private final Duration connectTimeout;

    public ConnectionTestService(PasswordSource passwords, Path defaultKnownHosts, Duration connectTimeout) {
        this.passwords = passwords;
        this.defaultKnownHosts = defaultKnownHosts;
        this.connectTimeout = connectTimeout;
    }

    /** A result whose stages were all skipped (e.g. the run was cancelled before this host). */
    public static Result notTested(HostConfig h, String why) {
        List<Stage> s = new ArrayList<>();
        for (Step st : Step.values()) {
            s.add(new Stage(st, State.NOT_TESTED, label(st) + ": not tested (" + why + ")", "", ""));
        }
        return new Result(h.name(), describe(h), Instant.now(), s);
    }

    /**
     * Tests one host. Blocks for up to a few connect timeouts; never call it on the UI thread.
     *
     * @param operator asked about a host key seen for the first time; only {@code true} trusts it
     */
    public Result test(HostConfig h, HostKeyVerifier operator) {
        Instant at = Instant.now();
        List<Stage> out = new ArrayList<>();
        boolean local = HostTransportFactory.LOCAL.equals(h.address());
        if (local) {
            out.add(new Stage(Step.TCP, State.NOT_USED, "TCP: not used (address local: this machine, no SSH)", "", ""));
            out.add(new Stage(Step.HOST_KEY, State.NOT_USED, "Host key: not used (no SSH)", "", ""));
        } else {
            Stage tcp = tcp(h);
            out.add(tcp);
            if (tcp.state() == State.FAIL) {
                return finish(h, at, out);
            }
        }
        AtomicReference<HostKeyInfo> trusted = new AtomicReference<>();
        AtomicReference<HostKeyInfo> asked = new AtomicReference<>();
        HostKeyVerifier recording = k -> {
            asked.set(k);
            boolean yes = operator.trustNewKey(k);
            if (yes) {
                trusted.set(k);
            }
            return yes;
        };
        Transport t;
        try {
            t = new HostTransportFactory(recording, passwords, defaultKnownHosts, connectTimeout).open(h);
        } catch (TransportException e) {
            connectFailed(h, e, out, asked.get());
            return finish(h, at, out);
        }
        try (t) {
            if (!local) {
                HostKeyInfo k = trusted.get();
                out.add(k == null
                        ? new Stage(Step.HOST_KEY, State.OK, "Host key matches the trusted key", "",
                                "trusted in " + knownHosts(h))
                        : new Stage(Step.HOST_KEY, State.OK, "New host key trusted on your word: " + k.keyType() + " "
                                + k.fingerprint(), "", "added to " + knownHosts(h)));
            }
            Stage login = login(h, t, local);
            out.add(login);
            if (login.state() != State.OK || Thread.currentThread().isInterrupted()) {
                return finish(h, at, out);
            }
            Stage sudo = sudo(h, t);
            out.add(sudo);
            if (sudo.state() == State.FAIL || Thread.currentThread().isInterrupted()) {
                return finish(h, at, out);
            }
            out.add(tools(t));
        } catch (TransportException e) {
            Step where = out.size() < Step.values().length ? Step.values()[out.size()] : Step.TOOLS;
            out.add(new Stage(where, State.FAIL, label(where) + ": the connection broke (" + e.kind() + ")",
                    "Check that the host is up and sshd runs, then test again.", e.getMessage()));
        }
        return finish(h, at, out);
    }

    private Result finish(HostConfig h, Instant at, List<Stage> done) {
        boolean cancelled = Thread.currentThread().isInterrupted();
        for (int i = done.size(); i < Step.values().length; i++) {
            Step s = Step.values()[i];
            done.add(new Stage(s, State.NOT_TESTED, label(s) + ": not tested (" + (cancelled ? "cancelled"
                    : "an earlier stage failed") + ")", "", ""));
        }
        return new Result(h.name(), describe(h), at, done);
    }

    private static String describe(HostConfig h) {
        return HostTransportFactory.LOCAL.equals(h.address()) ? "local" : h.user() + "@" + h.address() + ":" + h.port()
                + (h.jump() == null ? "" : " via " + h.jump());
    }

    private static String label(Step s) {
        return switch (s) {
            case TCP -> "TCP";
            case HOST_KEY -> "Host key";
            case LOGIN -> "Login";
            case SUDO -> "sudo";
            case TOOLS -> "Tools (" + String.join(", ", TOOLS) + ")";
        };
    }

    private String knownHosts(HostConfig h) {
        return h.knownHosts() == null ? String.valueOf(defaultKnownHosts) : h.knownHosts();
    }

    // ---------------------------------------------------------------- TCP

    /** A plain TCP connect to the first hop (the host, or its jump host), timed. */
    private Stage tcp(HostConfig h) {
        String host;
        int port;
        String via = "";
        try {
            if (h.jump() != null) {
                SshTarget.JumpHost j = SshTarget.JumpHost.parse(h.jump());
                host = j.host();
                port = j.port();
                via = "jump host ";
            } else {
                host = h.address();
                port = h.port();
            }
        } catch (IllegalArgumentException e) {
            return new Stage(Step.TCP, State.FAIL, "TCP: the jump host '" + h.jump() + "' is not usable: " + e.getMessage(),
                    "Write the jump host as user@host[:port].", "");
        }
        String hp = host + ":" + port;
        int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), ms);
        } catch (UnknownHostException e) {
            return new Stage(Step.TCP, State.FAIL, "TCP: the name " + host + " does not resolve",
                    "Check the spelling, use an IP address, or set the jump host.", String.valueOf(e.getMessage()));
        } catch (ConnectException e) {
            return new Stage(Step.TCP, State.FAIL, "TCP: nothing listens on " + via + hp + " (connection refused)",
                    "Check the address and port, and that sshd runs on the host.", String.valueOf(e.getMessage()));
        } catch (SocketTimeoutException e) {
            return new Stage(Step.TCP, State.FAIL, "TCP: " + via + hp + " did not answer within " + seconds(),
                    "Check the host is up, port " + port + " is open from this laptop, or that it needs the jump host.",
                    String.valueOf(e.getMessage()));
        } catch (IOException | IllegalArgumentException e) {
            return new Stage(Step.TCP, State.FAIL, "TCP: no connection to " + via + hp + " (" + e.getMessage() + ")",
                    "Check the address, the network path and any firewall.", e.toString());
        }
        long took = Math.max(0, (System.nanoTime() - t0) / 1_000_000);
        return new Stage(Step.TCP, State.OK, via.isEmpty() ? "TCP reachable (" + took + " ms)"
                : "TCP reachable: jump host " + hp + " (" + took + " ms); the host is reached through it", "", "");
    }

    private String seconds() {
        long ms = connectTimeout.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    // ---------------------------------------------------------------- SSH

    /** Puts a failed connection on the stage it belongs to. */
    private void connectFailed(HostConfig h, TransportException e, List<Stage> out, HostKeyInfo asked) {
        String m = e.getMessage();
        switch (e.kind()) {
            case CONNECTION_REFUSED, UNREACHABLE -> {
                // through a jump host: the first hop answered, the host behind it did not
                out.removeIf(s -> s.step() == Step.TCP);
                out.add(0, new Stage(Step.TCP, State.FAIL, "TCP: " + firstSentence(m),
                        "Check the address and port as seen from " + (h.jump() == null ? "this laptop" : "the jump host")
                                + ", and that sshd runs on the host.", m));
            }
            case UNKNOWN_HOST_KEY -> out.add(new Stage(Step.HOST_KEY, State.FAIL, "Host key is new and was not trusted"
                    + (asked == null ? "" : ": " + asked.keyType() + " " + asked.fingerprint()),
                    "Compare the fingerprint with the host's console (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub),"
                            + " then test again and trust it.", m));
            case CHANGED_HOST_KEY -> out.add(new Stage(Step.HOST_KEY, State.FAIL, "Host key has CHANGED: refused before"
                    + " any credential was sent", "Confirm the new key with the client's admin on the host's console;"
                    + " only then remove the old entry from known_hosts (ssh-keygen -R) and test again.", m));
            case AUTH_FAILED -> {
                HostKeyInfo k = asked;
                out.add(new Stage(Step.HOST_KEY, State.OK, k == null ? "Host key matches the trusted key"
                        : "New host key trusted on your word: " + k.keyType() + " " + k.fingerprint(), "",
                        "trusted in " + knownHosts(h)));
                out.add(new Stage(Step.LOGIN, State.FAIL, "Login as " + h.user() + " (" + authMethod(h) + ") was refused",
                        "Check the user, and that its authorized_keys holds this key (or the agent's), or the password.",
                        (h.keyPath() == null ? "" : "key file " + h.keyPath() + "\n") + m));
            }
            case CONFIG -> {
                boolean keyFile = m.contains("known_hosts") || m.contains("host key");
                if (keyFile) {
                    out.add(new Stage(Step.HOST_KEY, State.FAIL, "Host key: " + firstSentence(m),
                            "Check that the known_hosts file and its folder are writable.", m));
                } else {
                    out.add(new Stage(Step.HOST_KEY, State.NOT_TESTED, "Host key: not tested (no connection was made)", "",
                            ""));
                    out.add(new Stage(Step.LOGIN, State.FAIL, "Login: " + firstSentence(m),
                            "Fix the host's settings (key file, agent, password, jump host) in the form.", m));
                }
            }
            default -> out.add(new Stage(Step.HOST_KEY, State.FAIL, "SSH handshake failed: " + firstSentence(m),
                    e.kind() == TransportException.Kind.NO_BANNER
                            ? "Check that this port is sshd's, and that sshd on the host is not hanging."
                            : "sshd may be dropping connections (MaxStartups) or restarting; test again later.", m));
        }
    }

    private static String firstSentence(String m) {
        String s = m == null ? "" : m.strip();
        int dot = s.indexOf(". ");
        return dot > 0 ? s.substring(0, dot) : s;
    }

    static String authMethod(HostConfig h) {
        if (HostTransportFactory.LOCAL.equals(h.address())) {
            return "local, no SSH";
        }
        if (h.keyPath() != null) {
            return "publickey";
        }
        if (h.passwordEnv() != null) {
            return "password";
        }
        return "publickey via ssh-agent";
    }

    private Stage login(HostConfig h, Transport t, boolean local) throws TransportException {
        CommandResult r = t.run("true", false, COMMAND_TIMEOUT);
        String who = local ? "Runs on this machine as " + System.getProperty("user.name", "the current user")
                : "Logged in as " + h.user() + " (" + authMethod(h) + ")";
        String key = h.keyPath() == null ? "" : "key file " + h.keyPath();
        if (r.exitCode() != 0) {
            return new Stage(Step.LOGIN, State.FAIL, who + ", but a command could not run (exit " + r.exitCode() + ")",
                    "Check the account's shell and that `timeout` exists on the host.", (key + "\n" + firstLines(r)).strip());
        }
        return new Stage(Step.LOGIN, State.OK, who, "", key);
    }

    private static boolean isRoot(HostConfig h, boolean local) {
        return local ? "root".equals(System.getProperty("user.name")) : "root".equals(h.user());
    }

    private Stage sudo(HostConfig h, Transport t) throws TransportException {
        boolean local = HostTransportFactory.LOCAL.equals(h.address());
        SudoMode mode = SudoMode.parse(h.sudoMode() == null ? "none" : h.sudoMode());
        if (isRoot(h, local)) {
            return new Stage(Step.SUDO, State.NOT_USED, "sudo: not needed (the login is root)", "", "");
        }
        return switch (mode) {
            case NONE -> new Stage(Step.SUDO, State.NOT_USED, "sudo: not used (sudo mode none): checks that need root"
                    + " will be ERROR on this host", "For the root checks set Sudo to nopasswd or collector: "
                    + "docs/sudoers.md", "");
            case NOPASSWD, PASSWORD -> {
                // the same wrapper the scan uses for root commands (sudo -n timeout … sh -c 'true'), so a narrow
                // sudoers rule that allows exactly that passes, and a plain `sudo -n true` would mislead
                CommandResult r = t.run("true", true, COMMAND_TIMEOUT);
                String how = mode == SudoMode.NOPASSWD ? "sudo -n" : "sudo with the password";
                if (r.exitCode() == 0) {
                    yield new Stage(Step.SUDO, State.OK, how + " true: works as the scan runs it", "", "");
                }
                yield new Stage(Step.SUDO, State.WARN, how + " true: \"" + oneLine(r) + "\". No checks that need root"
                        + " will run on this host", mode == SudoMode.NOPASSWD ? SUDO_HINT
                        : "Check the password, or use " + SUDO_HINT, firstLines(r));
            }
            case COLLECTOR -> collector(t);
        };
    }

    /**
     * Running the collector would run its probes, so this only asks sudo what it allows ({@code sudo -n -l}) and
     * whether the script is there; its version is compared with the catalog when a scan starts.
     */
    private Stage collector(Transport t) throws TransportException {
        String path = SudoMode.COLLECTOR_PATH;
        CommandResult r = t.run("if [ -x " + path + " ]; then echo present; else echo absent; fi; sudo -n -l 2>&1",
                false, COMMAND_TIMEOUT);
        String outText = r.stdout();
        if (outText.startsWith("absent")) {
            return new Stage(Step.SUDO, State.WARN, "collector: " + path + " is not installed. No checks that need root"
                    + " will run on this host", "Install it (virtharden catalog collector) and its sudoers line:"
                    + " docs/sudoers.md", firstLines(r));
        }
        if (r.exitCode() != 0) {
            return new Stage(Step.SUDO, State.WARN, "collector: sudo -n -l: \"" + oneLine(r) + "\". No checks that"
                    + " need root will run on this host", SUDO_HINT, firstLines(r));
        }
        if (!outText.contains(path)) {
            return new Stage(Step.SUDO, State.WARN, "collector: sudoers does not allow " + path + ". No checks that need"
                    + " root will run on this host", SUDO_HINT, firstLines(r));
        }
        return new Stage(Step.SUDO, State.OK, "collector: installed, and sudo -n -l allows it (its version is checked"
                + " when the scan starts)", "", "");
    }

    private Stage tools(Transport t) throws TransportException {
        String cmd = "PATH=" + PROBE_PATH + "; for t in " + String.join(" ", TOOLS)
                + "; do command -v \"$t\" >/dev/null 2>&1 || echo \"$t\"; done; true";
        CommandResult r = t.run(cmd, false, COMMAND_TIMEOUT);
        if (r.exitCode() != 0) {
            return new Stage(Step.TOOLS, State.WARN, "Tools could not be listed (exit " + r.exitCode() + ")",
                    "Check the account's shell on the host.", firstLines(r));
        }
        List<String> missing = r.stdout().lines().map(String::strip).filter(TOOLS::contains).toList();
        if (missing.isEmpty()) {
            return new Stage(Step.TOOLS, State.OK, "Tools present: " + String.join(", ", TOOLS), "", "");
        }
        return new Stage(Step.TOOLS, State.WARN, "Tools missing: " + String.join(", ", missing)
                + ". Checks that use them will be ERROR", "Install them on the host"
                + (missing.contains("virsh") ? " (virsh: libvirt-clients)" : "") + ", or accept those checks as ERROR.",
                r.stdout());
    }

    private static String oneLine(CommandResult r) {
        String all = (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip();
        String first = all.lines().filter(l -> !l.isBlank()).findFirst().orElse("exit " + r.exitCode());
        first = first.replaceFirst("^sudo: ", "");
        return first.length() > 160 ? first.substring(0, 160) + "…" : first;
    }

    private static String firstLines(CommandResult r) {
        String s = ("exit " + r.exitCode() + "\n" + r.stdout() + r.stderr()).strip();
        List<String> lines = Arrays.asList(s.split("\n"));
        return String.join("\n", lines.subList(0, Math.min(20, lines.size())));
    }
}
