package org.virtharden.testhosts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Real SSH hosts for tests. As root, {@link #start} gives every spec its own network, mount, pid and
 * uts namespace with a real {@code /usr/sbin/sshd} as PID 1, a private copy of /etc, its own homes and
 * /usr/local/sbin, reachable at 10.250.N.2:22 through a veth pair (10.250.N.1 is our end). Without
 * root, {@link #startLoopback()} runs one sshd as the current user on 127.0.0.1.
 *
 * <p>Slots N are taken with a file lock in {@code ${java.io.tmpdir}/virtharden-testhosts}, so several
 * JVMs (other worktrees, parallel builds) never share an address; a slot left behind by a killed JVM
 * (lock free, link still there) is cleaned up when it is taken again. {@link #close} stops everything
 * and is also run by a JVM shutdown hook.
 */
public final class TestHosts implements AutoCloseable {
    static final String AUDITOR = "auditor";
    static final int AUDITOR_UID = 4242;
    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path LOCK_DIR = Path.of(System.getProperty("java.io.tmpdir"), "virtharden-testhosts");
    private static final int MAX_SLOT = 250;
    private static final Duration READY_LIMIT = Duration.ofSeconds(5);
    private static final Set<TestHosts> LIVE = ConcurrentHashMap.newKeySet();
    private static final Set<Integer> SLOTS_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (TestHosts h : LIVE) {
                h.close();
            }
        }, "virtharden-testhosts-cleanup"));
    }

    private final Path base;
    private final List<TestHost> hosts = new ArrayList<>();
    private final List<Slot> slots = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private TestHosts(Path base) {
        this.base = base;
    }

    /**
     * Where host folders go: system property {@code virtharden.testhosts.dir} if set, else /dev/shm when
     * it is a tmpfs without noexec (copying /etc there takes ~60 ms instead of ~1.3 s on this VM's
     * disk), else java.io.tmpdir.
     */
    static Path workDir() {
        String prop = System.getProperty("virtharden.testhosts.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 3 && f[1].equals("/dev/shm") && f[2].equals("tmpfs")
                        && !List.of(f[3].split(",")).contains("noexec") && Files.isWritable(Path.of("/dev/shm"))) {
                    return Path.of("/dev/shm");
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // fall back to the temp dir
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Root, unshare, nsenter, ip and sshd are all present. */
    public static boolean namespacesAvailable() {
        return isRoot() && Files.isExecutable(SSHD) && onPath("unshare") && onPath("nsenter") && onPath("ip")
                && onPath("setsid") && onPath("ssh-keygen");
    }

    static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/usr/bin", tool));
    }

    /** One namespaced host per spec, started in parallel. Skips (or fails in CI) without root. */
    public static TestHosts start(TestHostSpec... specs) {
        if (specs.length == 0) {
            throw new IllegalArgumentException("no host specs given");
        }
        RealPeers.assume(namespacesAvailable(), "namespaced test hosts need root plus unshare, nsenter, ip, setsid,"
                + " ssh-keygen and /usr/sbin/sshd (apt-get install openssh-server iproute2 util-linux)");
        Set<String> names = new HashSet<>();
        for (TestHostSpec s : specs) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("two test hosts named " + s.name());
            }
            if (!s.sudoMode().equals("none")) {
                RealPeers.assume(Files.isExecutable(Path.of("/usr/bin/sudo")) && Files.exists(Path.of("/etc/pam.d/sudo")),
                        "host " + s.name() + " needs sudo (apt-get install -y sudo)");
            }
            if (s.sudoMode().equals("password")) {
                RealPeers.assume(onPath("openssl"), "host " + s.name() + " needs openssl to hash its password");
            }
        }
        TestHosts th;
        try {
            th = new TestHosts(Files.createTempDirectory(workDir(), "vh-hosts-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LIVE.add(th);
        try {
            Path keyDir = th.base.resolve("client");
            Files.createDirectories(keyDir);
            Path key = keyDir.resolve("id_ed25519");
            Cmd.check(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "virtharden-test", "-f",
                    key.toString()), Duration.ofSeconds(10));
            String pub = Files.readString(Path.of(key + ".pub")).strip();
            List<Slot> taken = new ArrayList<>();
            for (int i = 0; i < specs.length; i++) {
                Slot s = Slot.acquire();
                taken.add(s);
                th.slots.add(s);
            }
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(specs.length, 4), r -> {
                Thread t = new Thread(r, "testhost-start");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<TestHost>> fs = new ArrayList<>();
                for (int i = 0; i < specs.length; i++) {
                    TestHostSpec spec = specs[i];
                    Slot slot = taken.get(i);
                    fs.add(pool.submit(() -> launch(th.base, spec, slot, key, pub)));
                }
                List<String> errors = new ArrayList<>();
                for (Future<TestHost> f : fs) {
                    try {
                        TestHost h = f.get(60, TimeUnit.SECONDS);
                        synchronized (th.hosts) {
                            th.hosts.add(h);
                        }
                    } catch (ExecutionException e) {
                        errors.add(String.valueOf(e.getCause().getMessage()));
                    } catch (java.util.concurrent.TimeoutException e) {
                        errors.add("a host did not start within 60 s");
                    }
                }
                if (!errors.isEmpty()) {
                    throw new IllegalStateException("test hosts failed to start: " + String.join(" | ", errors));
                }
            } finally {
                pool.shutdownNow();
            }
            List<TestHost> ordered = new ArrayList<>();
            for (TestHostSpec s : specs) {
                ordered.add(th.get(s.name()));
            }
            th.hosts.clear();
            th.hosts.addAll(ordered);
            return th;
        } catch (InterruptedException | IOException | RuntimeException e) {
            throw abandon(th, e);
        }
    }

    /** Stops whatever was started and turns the failure into an unchecked one (restoring the interrupt flag). */
    private static RuntimeException abandon(TestHosts th, Exception e) {
        th.close();
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new IllegalStateException("interrupted while starting test hosts", e);
        }
        return e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }

    public List<TestHost> hosts() {
        return List.copyOf(hosts);
    }

    public TestHost get(String name) {
        for (TestHost h : hosts) {
            if (h.name().equals(name)) {
                return h;
            }
        }
        throw new IllegalArgumentException("no test host named " + name);
    }

    // ------------------------------------------------------------------ namespaced host

    private static TestHost launch(Path base, TestHostSpec spec, Slot slot, Path clientKey, String clientPub)
            throws IOException {
        int n = slot.n;
        String ours = "10.250." + n + ".1";
        String theirs = "10.250." + n + ".2";
        String link = "vh" + n;
        Path dir = base.resolve(spec.name());
        Files.createDirectories(dir);
        Path etc = dir.resolve("etc");
        Cmd.check(List.of("cp", "-a", "/etc", etc.toString()), Duration.ofSeconds(30));
        prepareEtc(etc, spec, theirs);
        Path roots = dir.resolve("root");
        Path homes = dir.resolve("home");
        Path auditorHome = homes.resolve(AUDITOR);
        prepareHomes(roots, auditorHome, clientPub, spec);
        Path sbin = dir.resolve("sbin");
        Files.createDirectories(sbin);
        Files.setPosixFilePermissions(sbin, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Map.Entry<String, byte[]> e : spec.standIns().entrySet()) {
            Path f = sbin.resolve(e.getKey());
            Files.write(f, e.getValue());
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path ovr = dir.resolve("overrides");
        Files.createDirectories(ovr);
        Map<Path, String> binds = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, byte[]> e : spec.overrides().entrySet()) {
            Path f = ovr.resolve("o" + (i++));
            Files.write(f, e.getValue());
            boolean script = e.getValue().length > 2 && e.getValue()[0] == '#' && e.getValue()[1] == '!';
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(script ? "rwxr-xr-x" : "rw-r--r--"));
            binds.put(f, e.getKey());
        }
        // folders under /var the host brings replace the machine's (e.g. its own /var/lib/aide)
        Map<Path, String> varBinds = new LinkedHashMap<>();
        Map<String, Path> varDirs = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : spec.varFiles().entrySet()) {
            String abs = e.getKey();
            String parent = abs.substring(0, abs.lastIndexOf('/'));
            Path d = varDirs.computeIfAbsent(parent, k -> dir.resolve("var" + varDirs.size()));
            Files.createDirectories(d);
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
            Path f = d.resolve(abs.substring(parent.length() + 1));
            Files.write(f, e.getValue());
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            varBinds.put(d, parent);
        }
        List<String> boot = new ArrayList<>();
        if (spec.bootNft() != null) {
            boot.add("nft -f " + q(spec.bootNft()));
        }
        if (spec.bootIptables() != null) {
            boot.add("iptables-restore < " + q(spec.bootIptables()));
        }
        Path inside = dir.resolve("inside.sh");
        Files.writeString(inside, insideScript(spec.name(), etc, roots, homes, sbin, binds, varBinds, boot, theirs));
        Path log = dir.resolve("sshd.log");

        ProcessBuilder pb = new ProcessBuilder("setsid", "unshare", "--net", "--mount", "--uts", "--pid", "--fork",
                "--kill-child", "--mount-proc", "sh", inside.toString());
        pb.directory(Path.of("/").toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        long pid = -1;
        // unshare itself enters the new net/mount/uts namespaces but stays in our pid namespace; its
        // child (PID 1 inside, later sshd) is the first process in a new pid namespace
        String ourPidNs = ns(ProcessHandle.current().pid(), "pid");
        String ourNet = ns(ProcessHandle.current().pid(), "net");
        long end = System.nanoTime() + READY_LIMIT.toNanos();
        while (System.nanoTime() < end && pid < 0) {
            for (ProcessHandle d : p.descendants().toList()) {
                String pidNs = ns(d.pid(), "pid");
                String net = ns(d.pid(), "net");
                long parent = d.parent().map(ProcessHandle::pid).orElse(-1L);
                if (pidNs != null && !pidNs.equals(ourPidNs) && ourPidNs.equals(ns(parent, "pid"))
                        && net != null && !net.equals(ourNet)) {
                    pid = d.pid();
                    break;
                }
            }
            if (pid < 0) {
                if (!p.isAlive()) {
                    break;
                }
                sleep(10);
            }
        }
        if (pid < 0) {
            p.destroyForcibly();
            throw new IllegalStateException("host " + spec.name() + ": namespace did not come up: " + readLog(log));
        }
        slot.record(pid, dir);
        TestHost[] made = new TestHost[1];
        try {
            Cmd.run(List.of("ip", "link", "del", link), Duration.ofSeconds(5));
            Cmd.check(List.of("ip", "link", "add", link, "type", "veth", "peer", "name", "eth0", "netns",
                    Long.toString(pid)), Duration.ofSeconds(5));
            Cmd.check(List.of("ip", "addr", "add", ours + "/24", "dev", link), Duration.ofSeconds(5));
            Cmd.check(List.of("ip", "link", "set", link, "up"), Duration.ofSeconds(5));
            Cmd.check(List.of("nsenter", "--target", Long.toString(pid), "--net", "sh", "-c",
                    "ip addr add " + theirs + "/24 dev eth0 && ip link set eth0 up"), Duration.ofSeconds(5));
            long readyEnd = System.nanoTime() + READY_LIMIT.toNanos();
            boolean up = false;
            while (System.nanoTime() < readyEnd && p.isAlive()) {
                if (bannerAnswers(theirs, 22, 300)) {
                    up = true;
                    break;
                }
                sleep(20);
            }
            if (!up) {
                throw new IllegalStateException("host " + spec.name() + ": sshd did not answer on " + theirs
                        + ":22 within " + READY_LIMIT.toSeconds() + " s: " + readLog(log));
            }
            Path pub = etc.resolve("ssh/ssh_host_ed25519_key.pub");
            Path known = dir.resolve("known_hosts");
            String[] parts = Files.readString(pub).strip().split("\\s+");
            Files.writeString(known, theirs + " " + parts[0] + " " + parts[1] + "\n");
            Files.setPosixFilePermissions(known, PosixFilePermissions.fromString("rw-------"));
            made[0] = new TestHost(spec.name(), theirs, 22, AUDITOR, clientKey, known, dir.resolve("empty/known_hosts"),
                    etc, auditorHome, etc.resolve("ssh/ssh_host_ed25519_key"), log, spec.sudoPassword(), true, p, pid,
                    fingerprintOf(pub));
            return made[0];
        } catch (RuntimeException | IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw e;
        }
    }

    private static void prepareEtc(Path etc, TestHostSpec spec, String address) throws IOException {
        Path ssh = etc.resolve("ssh");
        Files.createDirectories(ssh.resolve("sshd_config.d"));
        try (Stream<Path> s = Files.list(ssh)) {
            for (Path f : s.toList()) {
                if (f.getFileName().toString().startsWith("ssh_host_")) {
                    Files.delete(f);
                }
            }
        }
        Path hostKey = ssh.resolve("ssh_host_ed25519_key");
        Cmd.check(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", spec.name(), "-f", hostKey.toString()),
                Duration.ofSeconds(10));
        writeInside(etc, "ssh/sshd_config", String.join("\n",
                "# virtharden test host " + spec.name(),
                "Include /etc/ssh/sshd_config.d/*.conf",
                "ListenAddress " + address,
                "ListenAddress 127.0.0.1",
                "HostKey /etc/ssh/ssh_host_ed25519_key",
                "PidFile /run/sshd.pid",
                "UsePAM no",
                "KbdInteractiveAuthentication no",
                "PasswordAuthentication yes",
                "PermitRootLogin " + (spec.rootLoginAllowed() ? "prohibit-password" : "no"),
                "X11Forwarding no",
                "PrintMotd no",
                "AcceptEnv LANG LC_*",
                "Subsystem sftp /usr/lib/openssh/sftp-server",
                "").getBytes(StandardCharsets.UTF_8));
        String hash = "*"; // not locked ('!'), so key logins work under UsePAM no; no password matches it
        if (spec.sudoPassword() != null) {
            ExecResult r = Cmd.run(List.of("openssl", "passwd", "-6", "-stdin"), Duration.ofSeconds(10),
                    (spec.sudoPassword() + "\n").getBytes(StandardCharsets.UTF_8));
            if (r.exitCode() != 0 || !r.stdout().startsWith("$6$")) {
                throw new IllegalStateException("openssl passwd failed: " + r.stderr());
            }
            hash = r.stdout().strip();
        }
        editAccounts(etc, "passwd", AUDITOR + ":x:" + AUDITOR_UID + ":" + AUDITOR_UID + ":virtharden auditor:/home/"
                + AUDITOR + ":/bin/bash", null);
        editAccounts(etc, "group", AUDITOR + ":x:" + AUDITOR_UID + ":", null);
        editAccounts(etc, "shadow", AUDITOR + ":" + hash + ":20000:0:99999:7:::", "root:*:20000:0:99999:7:::");
        Files.setPosixFilePermissions(etc.resolve("shadow"), PosixFilePermissions.fromString("rw-r-----"));
        writeInside(etc, "hostname", (spec.name() + "\n").getBytes(StandardCharsets.UTF_8));
        String hosts = Files.exists(etc.resolve("hosts")) ? Files.readString(etc.resolve("hosts")) : "127.0.0.1 localhost\n";
        writeInside(etc, "hosts", (hosts + (hosts.endsWith("\n") ? "" : "\n") + "127.0.1.1 " + spec.name()
                + "\n" + address + " " + spec.name() + "\n").getBytes(StandardCharsets.UTF_8));
        String rule = spec.sudoRule() != null ? "" : switch (spec.sudoMode()) {
            case "nopasswd" -> AUDITOR + " ALL=(ALL) NOPASSWD: ALL\n";
            case "password" -> AUDITOR + " ALL=(ALL) ALL\n";
            default -> "";
        };
        Path sudoers = writeInside(etc, "sudoers", (String.join("\n",
                "Defaults env_reset",
                "Defaults mail_badpass",
                "Defaults secure_path=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"",
                "Defaults use_pty",
                "root ALL=(ALL:ALL) ALL",
                "%sudo ALL=(ALL:ALL) ALL",
                "@includedir /etc/sudoers.d",
                "") + rule).getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(etc.resolve("sudoers.d"));
        if (spec.sudoRule() != null) {
            writeInside(etc, "sudoers.d/auditor", (spec.sudoRule().strip() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, byte[]> e : spec.etcFiles().entrySet()) {
            Path f = writeInside(etc, e.getKey().substring("/etc/".length()), e.getValue());
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setPosixFilePermissions(sudoers, PosixFilePermissions.fromString("r--r-----"));
        try (Stream<Path> s = Files.list(etc.resolve("sudoers.d"))) {
            for (Path f : s.toList()) {
                if (!Files.isSymbolicLink(f)) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r-----"));
                }
            }
        }
        Files.setPosixFilePermissions(hostKey, PosixFilePermissions.fromString("rw-------"));
        for (String m : spec.modes()) {
            String[] f = m.split(" ", 3);
            Path target = etc.resolve(f[2].substring("etc/".length())).normalize();
            if (!target.startsWith(etc) || !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("modes line names no file of the host's /etc: " + m);
            }
            Cmd.check(List.of("chown", "-h", f[1], target.toString()), Duration.ofSeconds(5));
            Cmd.check(List.of("chmod", f[0], target.toString()), Duration.ofSeconds(5));
        }
    }

    /**
     * Writes a file of the /etc copy without ever following a symlink out of it (the copy keeps the
     * real /etc's symlinks, some absolute, e.g. os-release or localtime): a symlink at the path is
     * replaced by a plain file, and the parent must resolve inside the copy.
     */
    static Path writeInside(Path etc, String rel, byte[] content) throws IOException {
        Path f = etc.resolve(rel).normalize();
        if (!f.startsWith(etc)) {
            throw new IllegalArgumentException("path escapes /etc: " + rel);
        }
        Files.createDirectories(f.getParent());
        if (!f.getParent().toRealPath().startsWith(etc.toRealPath())) {
            throw new IllegalArgumentException("/etc/" + rel + ": its folder is a symlink out of /etc; not written");
        }
        if (Files.isSymbolicLink(f)) {
            Files.delete(f);
        }
        Files.write(f, content);
        return f;
    }

    /** Replaces the line of the account in {@code line} (or appends it); optionally also a root line. */
    private static void editAccounts(Path etc, String name, String line, String rootLine) throws IOException {
        Path file = etc.resolve(name);
        List<String> out = new ArrayList<>();
        String user = line.substring(0, line.indexOf(':') + 1);
        boolean rootSeen = false;
        if (Files.exists(file)) {
            for (String l : Files.readAllLines(file)) {
                if (l.startsWith(user)) {
                    continue;
                }
                if (rootLine != null && l.startsWith("root:")) {
                    out.add(rootLine);
                    rootSeen = true;
                    continue;
                }
                out.add(l);
            }
        }
        if (rootLine != null && !rootSeen) {
            out.add(0, rootLine);
        }
        out.add(line);
        writeInside(etc, name, (String.join("\n", out) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void prepareHomes(Path rootHome, Path auditorHome, String clientPub, TestHostSpec spec)
            throws IOException {
        Files.createDirectories(rootHome.resolve(".ssh"));
        Files.createDirectories(auditorHome.resolve(".ssh"));
        Files.setPosixFilePermissions(rootHome, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(auditorHome.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        // a host that refuses root logins also has no key for root (a hardened host keeps root's list empty)
        Files.writeString(rootHome.resolve(".ssh/authorized_keys"), spec.rootLoginAllowed() ? clientPub + "\n" : "");
        StringBuilder keys = new StringBuilder(clientPub).append('\n');
        for (String k : spec.authorizedKeys()) {
            keys.append(k).append('\n');
        }
        Files.writeString(auditorHome.resolve(".ssh/authorized_keys"), keys.toString());
        Files.writeString(auditorHome.resolve(".profile"), "# virtharden test host\n");
        for (Path home : List.of(rootHome, auditorHome)) {
            Files.setPosixFilePermissions(home.resolve(".ssh"), PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(home.resolve(".ssh/authorized_keys"), PosixFilePermissions.fromString("rw-------"));
        }
        Files.setPosixFilePermissions(auditorHome, PosixFilePermissions.fromString("rwxr-x---"));
        Cmd.check(List.of("chown", "-R", AUDITOR_UID + ":" + AUDITOR_UID, auditorHome.toString()), Duration.ofSeconds(10));
    }

    private static String insideScript(String name, Path etc, Path roots, Path homes, Path sbin, Map<Path, String> binds,
            Map<Path, String> varBinds, List<String> boot, String address) {
        StringBuilder s = new StringBuilder();
        s.append("set -e\n");
        s.append("mount --make-rprivate /\n");
        s.append("hostname ").append(q(name)).append('\n');
        s.append("mount -t tmpfs -o mode=0755 tmpfs /run\n");
        s.append("mkdir -p /run/sshd /run/lock\n");
        s.append("mount --bind ").append(q(etc.toString())).append(" /etc\n");
        s.append("mount --bind ").append(q(roots.toString())).append(" /root\n");
        s.append("mount --bind ").append(q(homes.toString())).append(" /home\n");
        s.append("mount --bind ").append(q(sbin.toString())).append(" /usr/local/sbin\n");
        for (Map.Entry<Path, String> b : varBinds.entrySet()) {
            s.append("if [ -d ").append(q(b.getValue())).append(" ]; then mount --bind ").append(q(b.getKey().toString()))
                    .append(' ').append(q(b.getValue())).append("; fi\n");
        }
        s.append("ip link set lo up\n");
        // the veth end is moved in and addressed from outside; wait (bounded) so sshd can bind to it
        s.append("i=0\n");
        s.append("while ! ip -4 -o addr show dev eth0 2>/dev/null | grep -q ").append(q(" " + address + "/"))
                .append("; do i=$((i+1)); [ $i -ge 200 ] && break; sleep 0.025; done\n");
        // overrides go on after eth0 exists (some are eth0's own /proc/sys files); a target this
        // machine's kernel lacks (e.g. no Yama) is skipped, and the expected outcomes allow for it
        for (Map.Entry<Path, String> b : binds.entrySet()) {
            s.append("if [ -e ").append(q(b.getValue())).append(" ]; then mount --bind ").append(q(b.getKey().toString()))
                    .append(' ').append(q(b.getValue())).append("; fi\n");
        }
        for (String cmd : boot) {
            s.append(cmd).append('\n');
        }
        s.append("exec /usr/sbin/sshd -D -e -f /etc/ssh/sshd_config\n");
        return s.toString();
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static String netns(long pid) {
        return ns(pid, "net");
    }

    static String ns(long pid, String kind) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + kind)).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String readLog(Path log) {
        try {
            return TestHost.tail(Files.readString(log, StandardCharsets.UTF_8)).strip();
        } catch (IOException e) {
            return "(no log)";
        }
    }

    // ------------------------------------------------------------------ loopback host

    /**
     * One sshd run as the current user on 127.0.0.1 and a free high port: own config with absolute
     * paths, {@code StrictModes no}, own host key, the current user as login. For machines without root.
     */
    public static TestHosts startLoopback() {
        RealPeers.assume(Files.isExecutable(SSHD) && onPath("ssh-keygen"), "loopback test host needs /usr/sbin/sshd and"
                + " ssh-keygen (apt-get install openssh-server)");
        TestHosts th;
        try {
            th = new TestHosts(Files.createTempDirectory("vh-loop-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LIVE.add(th);
        try {
            Path dir = th.base;
            Path key = dir.resolve("id_ed25519");
            Cmd.check(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "virtharden-test", "-f",
                    key.toString()), Duration.ofSeconds(10));
            Path hostKey = dir.resolve("ssh_host_ed25519_key");
            Cmd.check(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "loopback", "-f",
                    hostKey.toString()), Duration.ofSeconds(10));
            Files.copy(Path.of(key + ".pub"), dir.resolve("authorized_keys"));
            if (isRoot()) {
                Files.createDirectories(Path.of("/run/sshd"));
            }
            Path log = dir.resolve("sshd.log");
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port;
                try (ServerSocket ss = new ServerSocket()) {
                    ss.bind(new InetSocketAddress("127.0.0.1", 0));
                    port = ss.getLocalPort();
                }
                Path cfg = dir.resolve("sshd_config");
                Files.writeString(cfg, String.join("\n",
                        "Port " + port,
                        "ListenAddress 127.0.0.1",
                        "HostKey " + hostKey,
                        "PidFile " + dir.resolve("sshd.pid"),
                        "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                        "UsePAM no",
                        "StrictModes no",
                        "PasswordAuthentication no",
                        "KbdInteractiveAuthentication no",
                        "PermitRootLogin prohibit-password",
                        ""));
                ProcessBuilder pb = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", cfg.toString());
                pb.directory(dir.toFile());
                pb.redirectErrorStream(true);
                pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
                Process p = pb.start();
                long end = System.nanoTime() + READY_LIMIT.toNanos();
                boolean up = false;
                while (System.nanoTime() < end && p.isAlive()) {
                    if (bannerAnswers("127.0.0.1", port, 300)) {
                        up = true;
                        break;
                    }
                    sleep(20);
                }
                if (!up) {
                    p.destroyForcibly();
                    p.waitFor(2, TimeUnit.SECONDS);
                    last = new IllegalStateException("loopback sshd did not start: " + readLog(log));
                    continue;
                }
                Path pub = Path.of(hostKey + ".pub");
                Path known = dir.resolve("known_hosts");
                String[] parts = Files.readString(pub).strip().split("\\s+");
                Files.writeString(known, "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1] + "\n");
                String user = System.getProperty("user.name");
                th.hosts.add(new TestHost("loopback", "127.0.0.1", port, user, key, known,
                        dir.resolve("empty/known_hosts"), dir, Path.of(System.getProperty("user.home")), hostKey, log,
                        null, false, p, p.pid(), fingerprintOf(pub)));
                return th;
            }
            throw last;
        } catch (InterruptedException | IOException | RuntimeException e) {
            throw abandon(th, e);
        }
    }

    // ------------------------------------------------------------------ shared helpers

    /** Whether something at host:port sends an SSH banner within {@code millis}. */
    static boolean bannerAnswers(String host, int port, int millis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), millis);
            s.setSoTimeout(millis);
            InputStream in = s.getInputStream();
            byte[] b = new byte[4];
            int got = 0;
            while (got < 4) {
                int r = in.read(b, got, 4 - got);
                if (r < 0) {
                    return false;
                }
                got += r;
            }
            return new String(b, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }

    /** The {@code SHA256:...} field of {@code ssh-keygen -lf pub}. */
    static String fingerprintOf(Path pub) {
        String out = Cmd.check(List.of("ssh-keygen", "-lf", pub.toString()), Duration.ofSeconds(10)).strip();
        String[] f = out.split("\\s+");
        if (f.length < 2 || !f[1].startsWith("SHA256:")) {
            throw new IllegalStateException("unexpected ssh-keygen -lf output: " + out);
        }
        return f[1];
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops every host, removes links and temp dirs, frees the slots. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (TestHost h : hosts) {
            ProcessHandle.of(h.sshdPid).ifPresent(ProcessHandle::destroy); // SIGTERM: sshd exits, namespace goes
        }
        for (TestHost h : hosts) {
            h.waitGone(Duration.ofSeconds(3));
            if (h.alive()) {
                ProcessHandle.of(h.sshdPid).ifPresent(ProcessHandle::destroyForcibly);
            }
            if (h.process != null) {
                h.process.destroyForcibly();
                try {
                    h.process.waitFor(3, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        for (Slot s : slots) {
            s.release();
        }
        deleteTree(base);
        LIVE.remove(this);
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort; a later run cleans stale slots
                }
            }
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    /** One 10.250.N.0/24 slot, held by a file lock for the life of the host. */
    static final class Slot {
        final int n;
        private final FileChannel channel;
        private final FileLock lock;

        private Slot(int n, FileChannel channel, FileLock lock) {
            this.n = n;
            this.channel = channel;
            this.lock = lock;
        }

        static Slot acquire() throws IOException {
            Files.createDirectories(LOCK_DIR);
            for (int n = 1; n <= MAX_SLOT; n++) {
                if (!SLOTS_IN_THIS_JVM.add(n)) {
                    continue;
                }
                FileChannel ch = FileChannel.open(LOCK_DIR.resolve(n + ".lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null;
                }
                if (l == null) {
                    ch.close();
                    SLOTS_IN_THIS_JVM.remove(n);
                    continue;
                }
                Slot s = new Slot(n, ch, l);
                s.cleanStale();
                return s;
            }
            throw new IllegalStateException("no free test-host slot 10.250.1-" + MAX_SLOT + ".0/24");
        }

        private Path info() {
            return LOCK_DIR.resolve(n + ".info");
        }

        /** A previous, killed JVM may have left its namespace and link behind: remove them. */
        private void cleanStale() {
            try {
                if (Files.exists(info())) {
                    String pid = null;
                    String dir = null;
                    for (String l : Files.readAllLines(info())) {
                        if (l.startsWith("pid=")) {
                            pid = l.substring(4).strip();
                        } else if (l.startsWith("dir=")) {
                            dir = l.substring(4).strip();
                        }
                    }
                    if (pid != null) {
                        long p = Long.parseLong(pid);
                        String ns = netns(p);
                        String ours = netns(ProcessHandle.current().pid());
                        if (ns != null && !ns.equals(ours)) {
                            ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly);
                        }
                    }
                    if (dir != null) {
                        Path d = Path.of(dir);
                        if (d.getFileName() != null && d.getParent() != null
                                && d.getParent().getFileName().toString().startsWith("vh-hosts-")) {
                            deleteTree(d.getParent());
                        }
                    }
                    Files.deleteIfExists(info());
                }
            } catch (IOException | RuntimeException ignored) {
                // best effort
            }
            if (Files.exists(Path.of("/sys/class/net/vh" + n))) {
                Cmd.run(List.of("ip", "link", "del", "vh" + n), Duration.ofSeconds(5));
            }
        }

        void record(long pid, Path dir) throws IOException {
            Files.writeString(info(), "pid=" + pid + "\ndir=" + dir + "\n");
        }

        void release() {
            try {
                Files.deleteIfExists(info());
            } catch (IOException ignored) {
                // stale info is cleaned by the next owner
            }
            if (Files.exists(Path.of("/sys/class/net/vh" + n))) {
                Cmd.run(List.of("ip", "link", "del", "vh" + n), Duration.ofSeconds(5));
            }
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) {
                // closing the channel frees the lock anyway
            }
            SLOTS_IN_THIS_JVM.remove(n);
        }
    }
}
