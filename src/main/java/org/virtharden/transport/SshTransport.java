package org.virtharden.transport;

import com.jcraft.jsch.AgentConnector;
import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchAlgoNegoFailException;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.JSchRevokedHostKeyException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UIKeyboardInteractive;
import com.jcraft.jsch.UnixDomainSocketFactory;
import com.jcraft.jsch.UserInfo;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Vector;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs commands on one host over SSH (JSch). One SSH session per host, opened once by
 * {@link #connect}; every {@link #run} opens a fresh exec channel on it. Channels may be used from
 * several threads at once: channel opening is serialised and at most {@value #MAX_PARALLEL_CHANNELS}
 * run at a time (OpenSSH's default {@code MaxSessions} is 10).
 *
 * <p>Host keys are checked strictly against {@link SshTarget#knownHosts()} (see {@link StrictHostKeys}):
 * an unknown key is only accepted on the operator's word, a changed key is always refused before any
 * credential is sent. Passwords and passphrases stay in char/byte arrays that are wiped after use
 * (JSch's keyboard-interactive callback needs one short-lived String); they never appear in messages.
 */
public final class SshTransport implements Transport {
    /** Concurrent exec channels per session; below sshd's default MaxSessions of 10. */
    public static final int MAX_PARALLEL_CHANNELS = 8;
    /** Attempts for a handshake the server dropped (e.g. sshd MaxStartups). */
    static final int CONNECT_ATTEMPTS = 3;
    private static final int KEEPALIVE_MILLIS = 15_000;
    private static final int KEEPALIVE_COUNT = 3;
    private static final long LOCAL_GRACE_MILLIS = 5_000;
    private static final String TRUST_HINT = "--trust-new-host-key";
    private static final String CONSOLE_CHECK = "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub";

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "virtharden-ssh-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final SshTarget target;
    private final Session session;
    private final Session jumpSession;
    private final int cap;
    private final AtomicInteger roundTrips = new AtomicInteger();
    private final Semaphore slots = new Semaphore(MAX_PARALLEL_CHANNELS, true);
    private final ReentrantLock openLock = new ReentrantLock();
    private volatile boolean closed;

    private SshTransport(SshTarget target, Session session, Session jumpSession, int cap) {
        this.target = target;
        this.session = session;
        this.jumpSession = jumpSession;
        this.cap = cap;
    }

    public static SshTransport connect(SshTarget target, HostKeyVerifier verifier) throws TransportException {
        return connect(target, verifier, OutputCollector.DEFAULT_CAP);
    }

    public static SshTransport connect(SshTarget target, HostKeyVerifier verifier, int outputCap) throws TransportException {
        return connect(target, verifier, outputCap, null);
    }

    /**
     * @param agentSocket ssh-agent socket to use when {@link SshTarget#useAgent()} is set; null means
     *                    {@code SSH_AUTH_SOCK} from the environment
     */
    public static SshTransport connect(SshTarget target, HostKeyVerifier verifier, int outputCap, Path agentSocket)
            throws TransportException {
        Objects.requireNonNull(target, "target");
        if (outputCap <= 0) {
            throw new IllegalArgumentException("output cap must be positive");
        }
        if (target.knownHosts() == null) {
            throw new TransportException(TransportException.Kind.CONFIG, "No known_hosts file is configured for "
                    + target.describe() + ", so its host key cannot be checked and no connection was made."
                    + " Set a known_hosts path for this host.");
        }
        HostKeyVerifier v = verifier == null ? HostKeyVerifier.REJECT_NEW : verifier;
        Path agent = agentSocket;
        if (agent == null && target.useAgent()) {
            String env = System.getenv("SSH_AUTH_SOCK");
            agent = env == null || env.isBlank() ? null : Path.of(env);
        }
        Session jump = null;
        try {
            if (target.jump() != null) {
                SshTarget.JumpHost j = target.jump();
                jump = open(target, new Endpoint(j.user(), j.host(), j.port(), "jump host "), null, v, agent);
            }
            Session s = open(target, new Endpoint(target.user(), target.host(), target.port(),
                    jump == null ? "" : "(via jump host " + target.jump() + ") "), jump, v, agent);
            return new SshTransport(target, s, jump, outputCap);
        } catch (TransportException | RuntimeException e) {
            if (jump != null) {
                jump.disconnect();
            }
            throw e;
        }
    }

    private record Endpoint(String user, String host, int port, String role) {
        String who() {
            return role + user + "@" + host + ":" + port;
        }

        String hostPort() {
            return host + ":" + port;
        }
    }

    // ---------------------------------------------------------------- connecting

    private static Session open(SshTarget t, Endpoint ep, Session via, HostKeyVerifier verifier, Path agent)
            throws TransportException {
        TransportException last = null;
        for (int attempt = 1; attempt <= CONNECT_ATTEMPTS; attempt++) {
            try {
                return openOnce(t, ep, via, verifier, agent);
            } catch (TransportException e) {
                if (!e.retryable() || (via != null && !via.isConnected())) {
                    throw e;
                }
                last = e;
            }
            if (attempt < CONNECT_ATTEMPTS) {
                try {
                    Thread.sleep(150L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new TransportException(TransportException.Kind.TIMEOUT, "Connecting to " + ep.who()
                            + " was cancelled. The host was not assessed.", ie);
                }
            }
        }
        throw new TransportException(last.kind(), last.getMessage() + " (gave up after " + CONNECT_ATTEMPTS
                + " attempts)", last.getCause());
    }

    private static Session openOnce(SshTarget t, Endpoint ep, Session via, HostKeyVerifier verifier, Path agent)
            throws TransportException {
        int timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, t.connectTimeout().toMillis()));
        JSch jsch = new JSch();
        List<String> notes = new ArrayList<>();
        IdentityRepository ids = identities(jsch, t, agent, notes);
        if (ids == null && t.password() == null) {
            throw new TransportException(TransportException.Kind.CONFIG, "There is no way to log in to " + ep.who()
                    + ": no key file, no usable ssh-agent and no password" + notesSuffix(notes)
                    + ". No connection was made. Give a key file, start an ssh-agent (SSH_AUTH_SOCK) or enter a password.");
        }
        StrictHostKeys keys = StrictHostKeys.load(t.knownHosts(), verifier);
        Session s;
        try {
            s = jsch.getSession(ep.user(), ep.host(), ep.port());
        } catch (JSchException e) {
            throw new TransportException(TransportException.Kind.CONFIG, "The address " + ep.who() + " is not usable: "
                    + e.getMessage() + ". Check the host settings.", e);
        }
        s.setHostKeyRepository(keys);
        if (ids != null) {
            s.setIdentityRepository(ids);
        }
        s.setConfig("StrictHostKeyChecking", "yes");
        s.setConfig("HashKnownHosts", "no");
        s.setConfig("PreferredAuthentications", "publickey,keyboard-interactive,password");
        s.setDaemonThread(true);
        LoginPrompts prompts = new LoginPrompts(t.password());
        s.setUserInfo(prompts);
        byte[] pw = t.password() == null ? null : utf8(t.password());
        if (pw != null) {
            s.setPassword(pw); // JSch wipes its copy when connect() returns
        }
        ConnectProbe probe = new ConnectProbe(timeoutMs);
        JumpProxy proxy = null;
        if (via == null) {
            s.setSocketFactory(probe);
        } else {
            proxy = new JumpProxy(via, probe);
            s.setProxy(proxy);
        }
        Watchdog dog = new Watchdog(s, proxy, probe, keys, timeoutMs);
        try {
            s.setServerAliveInterval(KEEPALIVE_MILLIS);
            s.setServerAliveCountMax(KEEPALIVE_COUNT);
            dog.start();
            s.connect(timeoutMs);
            return s;
        } catch (JSchException e) {
            s.disconnect();
            throw classify(e, ep, t, keys, probe, dog, notes, timeoutMs);
        } catch (RuntimeException e) {
            s.disconnect();
            throw new TransportException(TransportException.Kind.IO, "Connecting to " + ep.who()
                    + " failed unexpectedly (" + brief(e) + "). The host was not assessed. Try again.", e);
        } finally {
            dog.stop();
            prompts.wipe();
            if (pw != null) {
                Arrays.fill(pw, (byte) 0);
            }
        }
    }

    /**
     * Bounds the whole handshake. A direct connection already has a socket read timeout; through a jump
     * host there is no socket, so without this a silent target could stall forever. Time the operator
     * spends deciding about a new host key does not count.
     */
    private static final class Watchdog implements Runnable {
        private final Session session;
        private final JumpProxy proxy;
        private final ConnectProbe probe;
        private final StrictHostKeys keys;
        private final long bannerMillis;
        private final long handshakeMillis;
        private long started;
        private long pausedMillis;
        private long pauseStart;
        private volatile ScheduledFuture<?> task;
        volatile boolean fired;

        Watchdog(Session session, JumpProxy proxy, ConnectProbe probe, StrictHostKeys keys, int timeoutMs) {
            this.session = session;
            this.proxy = proxy;
            this.probe = probe;
            this.keys = keys;
            this.bannerMillis = timeoutMs + 500L;
            this.handshakeMillis = Math.max(30_000L, 3L * timeoutMs);
        }

        void start() {
            started = System.nanoTime();
            task = WATCHDOG.scheduleWithFixedDelay(this, 100, 100, TimeUnit.MILLISECONDS);
        }

        void stop() {
            ScheduledFuture<?> f = task;
            if (f != null) {
                f.cancel(false);
            }
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            if (keys.deciding()) {
                if (pauseStart == 0) {
                    pauseStart = now;
                }
                return;
            }
            if (pauseStart != 0) {
                pausedMillis += (now - pauseStart) / 1_000_000;
                pauseStart = 0;
            }
            long elapsed = (now - started) / 1_000_000 - pausedMillis;
            boolean silent = !probe.serverSpoke() && elapsed > bannerMillis;
            if (silent || elapsed > handshakeMillis) {
                fired = true;
                stop();
                if (proxy != null) {
                    proxy.close();
                }
                session.disconnect();
            }
        }
    }

    private static IdentityRepository identities(JSch jsch, SshTarget t, Path agent, List<String> notes)
            throws TransportException {
        List<IdentityRepository> parts = new ArrayList<>();
        if (t.keyFile() != null) {
            Path key = t.keyFile();
            if (!Files.isRegularFile(key) || !Files.isReadable(key)) {
                throw new TransportException(TransportException.Kind.CONFIG, "The key file " + key
                        + " does not exist or cannot be read. No connection was made. Check the key file path.");
            }
            byte[] pass = t.keyPassphrase() == null ? null : utf8(t.keyPassphrase());
            try {
                jsch.addIdentity(key.toString(), pass);
            } catch (JSchException e) {
                if (t.keyPassphrase() != null && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT)
                        .contains("passphrase")) {
                    throw new TransportException(TransportException.Kind.AUTH_FAILED, "The passphrase given does not"
                            + " open the key file " + key + ". No connection was made. Check the key's passphrase.", e);
                }
                throw new TransportException(TransportException.Kind.CONFIG, "The key file " + key
                        + " is not a private key that can be used (" + e.getMessage()
                        + "). No connection was made. Use an OpenSSH or PEM private key (ed25519, RSA or ECDSA).", e);
            } finally {
                if (pass != null) {
                    Arrays.fill(pass, (byte) 0);
                }
            }
            IdentityRepository local = jsch.getIdentityRepository();
            for (Identity id : local.getIdentities()) {
                if (id.isEncrypted()) {
                    throw new TransportException(TransportException.Kind.AUTH_FAILED, "The key file " + key
                            + " is protected by a passphrase and "
                            + (t.keyPassphrase() == null ? "no passphrase was given" : "the passphrase given does not open it")
                            + ". No connection was made. Check the key's passphrase.");
                }
            }
            parts.add(local);
        }
        if (t.useAgent()) {
            if (agent == null) {
                notes.add("ssh-agent not used: SSH_AUTH_SOCK is not set");
            } else {
                try {
                    AgentConnector c = new SSHAgentConnector(new UnixDomainSocketFactory(), agent);
                    if (c.isAvailable()) {
                        parts.add(new AgentIdentityRepository(c));
                    } else {
                        notes.add("ssh-agent not used: nothing answers at " + agent);
                    }
                } catch (AgentProxyException | RuntimeException e) {
                    notes.add("ssh-agent not used: " + brief(e));
                }
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        return parts.size() == 1 ? parts.get(0) : new CombinedIdentities(parts);
    }

    /** Key file first, then the agent's keys. */
    private static final class CombinedIdentities implements IdentityRepository {
        private final List<IdentityRepository> parts;

        CombinedIdentities(List<IdentityRepository> parts) {
            this.parts = List.copyOf(parts);
        }

        @Override
        public String getName() {
            return "virtharden";
        }

        @Override
        public int getStatus() {
            return RUNNING;
        }

        @Override
        public Vector<Identity> getIdentities() {
            Vector<Identity> all = new Vector<>();
            for (IdentityRepository p : parts) {
                Vector<Identity> ids = p.getIdentities();
                if (ids != null) {
                    all.addAll(ids);
                }
            }
            return all;
        }

        @Override
        public boolean add(byte[] identity) {
            return false;
        }

        @Override
        public boolean remove(byte[] blob) {
            return false;
        }

        @Override
        public void removeAll() {
            // the agent and the key file are not ours to change
        }
    }

    /** Answers one keyboard-interactive password prompt; never asks anyone, never says yes. */
    private static final class LoginPrompts implements UserInfo, UIKeyboardInteractive {
        private final char[] password;
        private int answered;

        LoginPrompts(char[] password) {
            this.password = password == null ? null : password.clone();
        }

        void wipe() {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }

        @Override
        public String[] promptKeyboardInteractive(String destination, String name, String instruction,
                String[] prompt, boolean[] echo) {
            if (password == null || prompt == null || prompt.length != 1 || (echo != null && echo.length == 1 && echo[0])
                    || answered++ > 0) {
                return null;
            }
            return new String[] {new String(password)};
        }

        @Override
        public String getPassphrase() {
            return null;
        }

        @Override
        public String getPassword() {
            return null;
        }

        @Override
        public boolean promptPassword(String message) {
            return false;
        }

        @Override
        public boolean promptPassphrase(String message) {
            return false;
        }

        @Override
        public boolean promptYesNo(String message) {
            return false;
        }

        @Override
        public void showMessage(String message) {
            // nothing is shown from inside JSch; failures come back as TransportException
        }
    }

    // ---------------------------------------------------------------- errors

    private static TransportException classify(JSchException e, Endpoint ep, SshTarget t, StrictHostKeys keys,
            ConnectProbe probe, Watchdog dog, List<String> notes, int timeoutMs) {
        String who = ep.who();
        double secs = timeoutMs / 1000.0;
        String secsText = (secs == Math.rint(secs) ? String.valueOf((long) secs) : String.valueOf(secs)) + " s";
        switch (keys.outcome()) {
            case REJECTED_NEW -> {
                HostKeyInfo k = keys.presented();
                return new TransportException(TransportException.Kind.UNKNOWN_HOST_KEY, "The host key of " + who
                        + " is not in " + keys.file() + " and was not accepted: " + k.keyType() + " " + k.fingerprint()
                        + ". Nothing was sent to the host and it was not assessed. Compare this fingerprint with the"
                        + " one the host itself shows on its console (" + CONSOLE_CHECK + "); only if they match,"
                        + " run again with " + TRUST_HINT + " to add the key to known_hosts.", e);
            }
            case CHANGED -> {
                HostKeyInfo k = keys.presented();
                List<String> trusted = keys.trustedFingerprintsSeen();
                return new TransportException(TransportException.Kind.CHANGED_HOST_KEY, "WARNING: the host key of "
                        + who + " has CHANGED. Trusted in " + keys.file() + ": " + k.keyType() + " "
                        + (trusted.isEmpty() ? "(unreadable entry)" : String.join(", ", trusted))
                        + "; presented now: " + k.keyType() + " " + k.fingerprint() + ". The connection was stopped"
                        + " before any key or password was sent, and the host was not assessed. This is expected after"
                        + " a reinstall or a host-key rotation, but it may also be a man-in-the-middle attack. Check"
                        + " the new fingerprint on the host's console (" + CONSOLE_CHECK + "); only if it matches,"
                        + " remove the old entry (ssh-keygen -R '" + k.knownHostsName() + "' -f " + keys.file()
                        + ") and connect again.", e);
            }
            case SAVE_FAILED -> {
                HostKeyInfo k = keys.presented();
                return new TransportException(TransportException.Kind.CONFIG, "The host key of " + who + " ("
                        + k.keyType() + " " + k.fingerprint() + ") was trusted but could not be written to "
                        + keys.file() + " (" + keys.saveError() + "). No connection was made. Check that the file"
                        + " and its folder are writable.", e);
            }
            default -> {
                // not a host-key decision; look at the exception
            }
        }
        if (e instanceof JSchRevokedHostKeyException) {
            return new TransportException(TransportException.Kind.CHANGED_HOST_KEY, "The host key of " + who
                    + " is marked @revoked in " + keys.file() + ". The connection was stopped before any credential"
                    + " was sent. Do not connect until the host has a new key that you verified on its console.", e);
        }
        if (e instanceof JSchChangedHostKeyException || e instanceof JSchUnknownHostKeyException
                || e instanceof JSchHostKeyException) {
            return new TransportException(e instanceof JSchUnknownHostKeyException
                    ? TransportException.Kind.UNKNOWN_HOST_KEY : TransportException.Kind.CHANGED_HOST_KEY,
                    "The host key of " + who + " was not accepted (" + e.getMessage() + "). Nothing was sent to the"
                            + " host. Check its fingerprint on the console (" + CONSOLE_CHECK + ").", e);
        }
        if (e instanceof JSchAlgoNegoFailException) {
            return new TransportException(TransportException.Kind.CONFIG, who + " and this program share no SSH"
                    + " algorithm (" + e.getMessage() + "). The host was not assessed. Check the Ciphers/KexAlgorithms/"
                    + "HostKeyAlgorithms settings of its sshd.", e);
        }
        String msg = String.valueOf(e.getMessage());
        if (msg.startsWith("Auth fail") || msg.startsWith("Auth cancel")) {
            String methods = "";
            int q = msg.indexOf('\'');
            if (q >= 0 && msg.lastIndexOf('\'') > q) {
                methods = " (the server offers: " + msg.substring(q + 1, msg.lastIndexOf('\'')) + ")";
            }
            return new TransportException(TransportException.Kind.AUTH_FAILED, "Login to " + who + " was refused"
                    + methods + ". No command ran and the host was not assessed. Check user, key file, agent or"
                    + " password" + notesSuffix(notes) + ".", e);
        }
        IOException connectError = probe.connectError();
        if (connectError instanceof ConnectException) {
            return new TransportException(TransportException.Kind.CONNECTION_REFUSED, "Nothing listens on "
                    + ep.hostPort() + " (connection refused) for " + who + ". The host was not assessed. Check the"
                    + " address and port, and that sshd runs on the host.", e);
        }
        if (connectError instanceof UnknownHostException) {
            return new TransportException(TransportException.Kind.UNREACHABLE, "The name " + ep.host()
                    + " does not resolve. The host was not assessed. Check the spelling or use an IP address.", e);
        }
        if (connectError instanceof SocketTimeoutException || connectError instanceof NoRouteToHostException) {
            return unreachable(ep, who, secsText, e);
        }
        if (connectError instanceof SocketException && String.valueOf(connectError.getMessage()).contains("reset")) {
            return dropped(who, brief(connectError), e);
        }
        if (connectError != null) {
            return new TransportException(TransportException.Kind.UNREACHABLE, "No connection to " + ep.hostPort()
                    + " for " + who + " (" + brief(connectError) + "). The host was not assessed. Check the address,"
                    + " the network path and any firewall.", e);
        }
        if (ep.role().startsWith("(via") && !probe.tcpConnected()) {
            return new TransportException(TransportException.Kind.CONNECTION_REFUSED, "The jump host could not open"
                    + " a connection to " + ep.hostPort() + " for " + who + " (" + msg + "): nothing listens there,"
                    + " it is unreachable from the jump host, or the jump host forbids forwarding (AllowTcpForwarding)."
                    + " The host was not assessed. Check the address as seen from the jump host.", e);
        }
        if (msg.contains("socket is not established")) {
            return unreachable(ep, who, secsText, e);
        }
        if (!probe.serverSpoke() && (dog.fired || has(e, SocketTimeoutException.class))) {
            return new TransportException(TransportException.Kind.NO_BANNER, ep.hostPort() + " accepted the TCP"
                    + " connection but sent no SSH greeting within " + secsText + " (" + who + "). It may not be an"
                    + " SSH server, or its sshd is hanging or overloaded. The host was not assessed. Check the port"
                    + " and the sshd on the host.", e);
        }
        if (dog.fired || has(e, SocketTimeoutException.class)) {
            return new TransportException(TransportException.Kind.TIMEOUT, "The SSH handshake with " + who
                    + " started but did not finish in time. The host was not assessed. The host or the network may be"
                    + " overloaded; try again.", e);
        }
        if (msg.contains("closed by foreign host") || has(e, SocketException.class) || has(e, EOFException.class)
                || msg.contains("session is down")) {
            return dropped(who, has(e, SocketException.class) ? brief(root(e)) : msg, e);
        }
        return new TransportException(TransportException.Kind.IO, "Connecting to " + who + " failed (" + msg
                + "). The host was not assessed. Check the host's sshd and the connection settings.", e);
    }

    private static TransportException dropped(String who, String detail, Exception e) {
        return new TransportException(TransportException.Kind.DISCONNECTED, who + " closed the connection during the"
                + " SSH handshake (" + detail + "). sshd may be dropping new connections (MaxStartups), limiting by"
                + " address, or restarting. The host was not assessed. Try again later or check sshd on the host.", e);
    }

    private static TransportException unreachable(Endpoint ep, String who, String secsText, Exception e) {
        return new TransportException(TransportException.Kind.UNREACHABLE, ep.hostPort() + " did not answer within "
                + secsText + " (" + who + "): the host is down, there is no route, or a firewall drops the packets."
                + " The host was not assessed. Check the address and the network path.", e);
    }

    private static String notesSuffix(List<String> notes) {
        return notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")";
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable root(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    /** An exception's own words, without class names or stack traces. */
    private static String brief(Throwable t) {
        Throwable r = root(t);
        String m = r.getMessage();
        return m == null || m.isBlank() ? r.getClass().getSimpleName() : m;
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        if (bb.hasArray()) {
            Arrays.fill(bb.array(), (byte) 0);
        }
        return out;
    }

    // ---------------------------------------------------------------- running

    @Override
    public CommandResult run(String command, boolean root, Duration timeout) throws TransportException {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(timeout, "timeout");
        roundTrips.incrementAndGet();
        if (closed) {
            throw new TransportException(TransportException.Kind.DISCONNECTED, "The connection to " + target()
                    + " was already closed by the program; the command did not run.");
        }
        String wrapped = CommandWrapper.wrap(command, root, target.sudo(), timeout);
        Instant started = Instant.now();
        long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(LOCAL_GRACE_MILLIS);
        boolean acquired;
        try {
            acquired = slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled(e);
        }
        if (!acquired) {
            return new CommandResult(command, "", "[virtharden: no free SSH channel before the deadline]\n", -1,
                    started, Duration.between(started, Instant.now()), true, false);
        }
        try {
            return runOnChannel(command, root, wrapped, started, deadline);
        } finally {
            slots.release();
        }
    }

    private CommandResult runOnChannel(String command, boolean root, String wrapped, Instant started, long deadline)
            throws TransportException {
        OutputCollector out = new OutputCollector(cap);
        OutputCollector err = new OutputCollector(cap);
        ChannelExec ch;
        OutputStream stdin;
        openLock.lock();
        try {
            if (!session.isConnected()) {
                throw lost(null, "before the command could start");
            }
            ch = (ChannelExec) session.openChannel("exec");
            ch.setCommand(wrapped.getBytes(StandardCharsets.UTF_8));
            ch.setOutputStream(new Sink(out), false);
            ch.setErrStream(new Sink(err), false);
            stdin = ch.getOutputStream();
            ch.connect((int) Math.max(1000, Math.min(Integer.MAX_VALUE, target.connectTimeout().toMillis())));
        } catch (JSchException | IOException e) {
            if (!session.isConnected()) {
                throw lost(e, "before the command could start");
            }
            throw new TransportException(TransportException.Kind.IO, "The host " + target() + " refused to start a"
                    + " command (" + brief(e) + "). The check that needed it has no data. sshd may limit sessions"
                    + " (MaxSessions); try again or check the host.", e);
        } finally {
            openLock.unlock();
        }
        try {
            feedStdin(stdin, root);
            boolean localTimeout = false;
            long sleep = 1;
            while (!ch.isClosed()) {
                if (!session.isConnected()) {
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    localTimeout = true;
                    break;
                }
                Thread.sleep(Math.max(1, Math.min(sleep, TimeUnit.NANOSECONDS.toMillis(left))));
                sleep = Math.min(sleep * 2, 20);
            }
            if (localTimeout) {
                kill(ch);
                return new CommandResult(command, out.text(), err.text(), -1, started,
                        Duration.between(started, Instant.now()), true, out.truncated() || err.truncated());
            }
            int exit = ch.getExitStatus();
            if (exit == -1 && !session.isConnected()) {
                throw lost(null, "while the command ran; its result is unknown");
            }
            return new CommandResult(command, out.text(), err.text(), exit, started,
                    Duration.between(started, Instant.now()), CommandWrapper.isTimeoutExit(exit),
                    out.truncated() || err.truncated());
        } catch (InterruptedException e) {
            kill(ch);
            Thread.currentThread().interrupt();
            throw cancelled(e);
        } finally {
            ch.disconnect();
        }
    }

    private void feedStdin(OutputStream stdin, boolean root) {
        try (stdin) {
            if (CommandWrapper.needsPassword(root, target.sudo())) {
                char[] pw = target.sudoPassword() != null ? target.sudoPassword() : target.password();
                if (pw != null) {
                    byte[] bytes = utf8(pw);
                    byte[] line = Arrays.copyOf(bytes, bytes.length + 1);
                    line[bytes.length] = '\n';
                    try {
                        stdin.write(line);
                        stdin.flush();
                    } finally {
                        Arrays.fill(bytes, (byte) 0);
                        Arrays.fill(line, (byte) 0);
                    }
                }
            }
        } catch (IOException ignored) {
            // the command may have ended already; its output and exit code say why
        }
    }

    private static void kill(ChannelExec ch) {
        try {
            ch.sendSignal("KILL");
        } catch (Exception ignored) {
            // channel already gone; the remote timeout wrapper ends the command anyway
        }
        ch.disconnect();
    }

    private TransportException lost(Exception cause, String when) {
        return new TransportException(TransportException.Kind.DISCONNECTED, "The SSH connection to " + target()
                + " was lost " + when + ". The host's remaining checks have no data. Check that the host is up and"
                + " sshd runs, then scan it again.", cause);
    }

    private TransportException cancelled(InterruptedException e) {
        return new TransportException(TransportException.Kind.TIMEOUT, "A command on " + target()
                + " was cancelled before it finished.", e);
    }

    /** Feeds channel data straight into a collector from JSch's session thread; never blocks it. */
    private static final class Sink extends OutputStream {
        private final OutputCollector collector;

        Sink(OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void write(int b) {
            collector.accept(new byte[] {(byte) b}, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            collector.accept(b, off, len);
        }
    }

    @Override
    public String target() {
        return target.user() + "@" + target.host() + ":" + target.port();
    }

    @Override
    public int roundTrips() {
        return roundTrips.get();
    }

    /** Whether the SSH session (and the jump session, if any) is still up. */
    public boolean isConnected() {
        return !closed && session.isConnected() && (jumpSession == null || jumpSession.isConnected());
    }

    @Override
    public void close() {
        closed = true;
        session.disconnect();
        if (jumpSession != null) {
            jumpSession.disconnect();
        }
    }
}
