package org.virtharden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.testhosts.RealPeers;
import org.virtharden.testhosts.TestHost;
import org.virtharden.testhosts.TestHostSpec;
import org.virtharden.testhosts.TestHosts;

/**
 * The packaged application, as a user gets it: the jpackage app image's launcher and the .deb built by
 * {@code mvn -Pinstaller} (installer/README.md). Runs only under that profile (the normal build excludes it);
 * the jar and the class path play no part: every run goes through the native launcher and the jlinked runtime.
 */
class PackagedAppIT {
    private static final Path INSTALLER = Path.of(System.getProperty("virtharden.installerDir", "target/installer"));
    /** jpackage's native launcher: the desktop entry runs it. */
    private static final Path LAUNCHER = INSTALLER.resolve("virtharden/bin/virtharden");
    /** The generated shell launcher /usr/bin/virtharden links to (no package lookup at start). */
    private static final Path CLI = INSTALLER.resolve("virtharden/bin/virtharden-cli");
    private static TestHosts hosts;

    record Run(int code, String out, String err) {
    }

    /** Runs a launcher with a bounded wait; HOME and user.home point into {@code home}. */
    static Run run(Path launcher, Path home, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Duser.home=" + home);
        pb.environment().remove("DISPLAY");
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                fail("launcher did not finish in 120 s: " + cmd);
            }
        } finally {
            p.destroyForcibly();
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    static Run run(Path home, String... args) throws Exception {
        return run(CLI, home, Map.of(), args);
    }

    @BeforeAll
    static void start() {
        assertTrue(Files.isExecutable(LAUNCHER), "app image launcher missing: " + LAUNCHER + " (build with mvn -Pinstaller)");
        assertTrue(Files.isExecutable(CLI), "command launcher missing: " + CLI);
        RealPeers.assume(TestHosts.namespacesAvailable(), "the packaged scan needs root for a namespaced test host");
        hosts = TestHosts.start(TestHostSpec.named("pkg-good").fromResources("hosts/good"));
    }

    @AfterAll
    static void stop() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void launchersPrintTheBuildVersionWithoutADisplay(@TempDir Path home) throws Exception {
        Run v = run(home, "--version");
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().startsWith("virtharden " + System.getProperty("virtharden.version", "") + " (catalog "), v.out());
        Run nativeLauncher = run(LAUNCHER, home, Map.of(), "--version");
        assertEquals(0, nativeLauncher.code(), nativeLauncher.err());
        assertEquals(v.out(), nativeLauncher.out(), "both launchers run the same app");
        Run help = run(home, "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("scan") && help.out().contains("findings"), help.out());
        Run bad = run(home, "findings", home.resolve("missing.vhproj").toString());
        assertTrue(bad.code() != 0);
        assertTrue(bad.err().contains("virtharden: "), bad.err());
        assertFalse(bad.err().contains("\tat "), "no stack trace: " + bad.err());
    }

    @Test
    void packagedAppScansARealHostAndExportsFindings(@TempDir Path home) throws Exception {
        Path file = home.resolve("pkg.vhproj");
        Path kh = home.resolve("known_hosts");
        TestHost h = hosts.get("pkg-good");
        assertEquals(0, run(home, "init", file.toString(), "--client", "ACME").code());
        Run add = run(home, "host", "add", file.toString(), "--name", h.name(), "--address", h.address() + ":" + h.port(),
                "--user", h.user(), "--key", h.privateKey().toString(), "--sudo", "nopasswd", "--known-hosts", kh.toString(),
                "--trust-new-host-key");
        assertEquals(0, add.code(), add.err());
        assertTrue(add.out().contains(h.hostKeyFingerprint()), add.out());

        // the jlinked runtime must carry everything a scan needs: SSH key exchange and host keys (jdk.crypto.ec),
        // SQLite's native library, JSON/YAML, the catalog resources
        Run scan = run(home, "scan", file.toString(), "--timeout", "30");
        assertEquals(0, scan.code(), scan.out() + scan.err());
        assertTrue(scan.err().contains("[pkg-good] done"), scan.err());

        Run json = run(home, "findings", file.toString(), "--format", "json");
        assertEquals(0, json.code(), json.err());
        JsonNode arr = new ObjectMapper().readTree(json.out());
        assertTrue(arr.isArray() && arr.size() > 20, "findings from the packaged scan: " + arr.size());
        Set<String> statuses = new HashSet<>();
        Set<String> checks = new HashSet<>();
        for (JsonNode n : arr) {
            assertEquals("pkg-good", n.get("host").asText());
            statuses.add(n.get("status").asText());
            checks.add(n.get("check").asText());
        }
        assertTrue(statuses.contains("PASS"), "the good host passes checks: " + statuses);
        assertTrue(checks.contains("VN-017"), "a host-level check ran: " + checks);
    }

    @Test
    void debianPackageInstallsLauncherCommandMenuEntryAndFileType(@TempDir Path dir) throws Exception {
        Path deb;
        try (Stream<Path> s = Files.list(INSTALLER)) {
            deb = s.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no .deb in " + INSTALLER));
        }
        String depends = exec("dpkg-deb", "-f", deb.toString(), "Depends");
        assertTrue(depends.contains("libgtk-3-0"), depends);
        assertTrue(depends.contains("xdg-utils"), "postinst needs xdg-desktop-menu: " + depends);
        assertTrue(exec("dpkg-deb", "-f", deb.toString(), "Recommends").contains("libvirt0"));

        Path root = dir.resolve("root");
        exec("dpkg-deb", "-x", deb.toString(), root.toString());
        exec("dpkg-deb", "-e", deb.toString(), dir.resolve("DEBIAN").toString());
        Path lib = root.resolve("opt/virtharden/lib");
        String desktop = Files.readString(lib.resolve("virtharden-virtharden.desktop"));
        assertTrue(desktop.contains("Exec=/opt/virtharden/bin/virtharden %f"), desktop);
        assertTrue(desktop.contains("MimeType=application/x-virtharden-project;"), desktop);
        assertTrue(desktop.contains("Categories=System;Security;"), desktop);
        assertTrue(desktop.contains("Icon=/opt/virtharden/lib/virtharden.png"), desktop);
        assertTrue(Files.size(lib.resolve("virtharden.png")) > 1000);
        String mime = Files.readString(lib.resolve("virtharden-virtharden-MimeInfo.xml"));
        assertTrue(mime.contains("type=\"application/x-virtharden-project\"") && mime.contains("*.vhproj"), mime);
        String postinst = Files.readString(dir.resolve("DEBIAN/postinst"));
        assertTrue(postinst.contains("ln -sfn /opt/virtharden/bin/virtharden-cli /usr/bin/virtharden"), postinst);
        assertTrue(postinst.contains("xdg-desktop-menu install") && postinst.contains("xdg-mime install"), postinst);
        String prerm = Files.readString(dir.resolve("DEBIAN/prerm"));
        assertTrue(prerm.contains("rm -f /usr/bin/virtharden"), prerm);
        exec("sh", "-n", dir.resolve("DEBIAN/postinst").toString());
        exec("sh", "-n", dir.resolve("DEBIAN/prerm").toString());

        // the payload runs where it was unpacked, through a symlink like /usr/bin/virtharden
        Path link = dir.resolve("bin/virtharden");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, root.resolve("opt/virtharden/bin/virtharden-cli"));
        Run v = run(link, Files.createDirectories(dir.resolve("home")), Map.of(), "--version");
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().startsWith("virtharden "), v.out());
    }

    @Test
    void debMaintainerScriptsRegisterAndRemoveMenuEntryAndVhprojType(@TempDir Path dir) throws Exception {
        RealPeers.assume(onPath("xdg-desktop-menu") && onPath("update-mime-database"),
                "registering the menu entry needs xdg-utils and shared-mime-info");
        Path deb;
        try (Stream<Path> s = Files.list(INSTALLER)) {
            deb = s.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst().orElseThrow();
        }
        exec("dpkg-deb", "-e", deb.toString(), dir.resolve("DEBIAN").toString());
        // a desktop machine in miniature: XDG system and user dirs inside the test's folder; the scripts'
        // /usr/bin link is the one line left out (it is asserted in the test above)
        Path etc = Files.createDirectories(dir.resolve("xdg/etc/menus")).getParent();
        Path share = dir.resolve("xdg/share");
        for (String d : List.of("applications", "desktop-directories", "mime/packages", "icons/hicolor")) {
            Files.createDirectories(share.resolve(d));
        }
        Path home = Files.createDirectories(dir.resolve("home"));
        Map<String, String> env = Map.of("XDG_CONFIG_DIRS", etc.toString(), "XDG_DATA_DIRS", share.toString(),
                "HOME", home.toString(), "XDG_DATA_HOME", home.resolve(".local/share").toString(),
                "XDG_CONFIG_HOME", home.resolve(".config").toString());
        // the scripts register files from the installed payload (/opt/virtharden/lib/...): unpack it here and point
        // them at it, so the test does not depend on the package being installed on this machine
        Path root = dir.resolve("root");
        exec("dpkg-deb", "-x", deb.toString(), root.toString());
        for (String script : List.of("postinst", "prerm")) {
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(dir.resolve("DEBIAN/" + script)));
            lines.removeIf(l -> l.contains("/usr/bin/virtharden"));
            lines.replaceAll(l -> l.replace("/opt/virtharden/", root.resolve("opt/virtharden") + "/"));
            Files.write(dir.resolve(script + ".sh"), lines);
        }
        Path project = Files.writeString(dir.resolve("acme.vhproj"), "x");

        execEnv(env, "sh", dir.resolve("postinst.sh").toString(), "configure");
        assertTrue(Files.exists(share.resolve("applications/virtharden-virtharden.desktop")), "menu entry installed");
        assertEquals("application/x-virtharden-project", execEnv(env, "xdg-mime", "query", "filetype", project.toString()));
        assertEquals("virtharden-virtharden.desktop", execEnv(env, "xdg-mime", "query", "default", "application/x-virtharden-project"));

        execEnv(env, "sh", dir.resolve("prerm.sh").toString(), "remove");
        assertFalse(Files.exists(share.resolve("applications/virtharden-virtharden.desktop")), "menu entry removed");
        assertFalse(execEnv(env, "xdg-mime", "query", "filetype", project.toString()).contains("virtharden"), "file type removed");
    }

    @Test
    void rpmPackageWhereRpmbuildExists() throws Exception {
        RealPeers.assume(onPath("rpmbuild"), "the .rpm is built only where rpmbuild exists (Debian: apt-get install rpm)");
        Path rpm;
        try (Stream<Path> s = Files.list(INSTALLER)) {
            rpm = s.filter(p -> p.getFileName().toString().endsWith(".rpm")).findFirst()
                    .orElseThrow(() -> new AssertionError("rpmbuild exists but no .rpm in " + INSTALLER));
        }
        String files = exec("rpm", "-qlp", rpm.toString());
        assertTrue(files.contains("/opt/virtharden/bin/virtharden"), files);
        assertTrue(files.contains("/opt/virtharden/lib/virtharden-virtharden.desktop"), files);
        String scripts = exec("rpm", "-qp", "--scripts", rpm.toString());
        assertTrue(scripts.contains("ln -sfn /opt/virtharden/bin/virtharden-cli /usr/bin/virtharden"), scripts);
        assertTrue(scripts.contains("rm -f /usr/bin/virtharden"), scripts);
        assertTrue(exec("rpm", "-qp", "--requires", rpm.toString()).contains("gtk3"), "GTK 3 required (Fedora/RHEL name)");
    }

    @Test
    void packagedDesktopAppShowsItsFirstFrame(@TempDir Path home) throws Exception {
        RealPeers.assume(onPath("Xvfb"), "the desktop smoke test needs Xvfb (Debian xvfb) and libgtk-3-0");
        Process x = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(x.getInputStream(), StandardCharsets.US_ASCII));
            String display = r.readLine();
            assertTrue(display != null && display.matches("\\d+"), "Xvfb display: " + display);
            ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString());
            pb.redirectErrorStream(true);
            pb.environment().put("DISPLAY", ":" + display);
            pb.environment().put("HOME", home.toString());
            pb.environment().put("JAVA_TOOL_OPTIONS", "-Duser.home=" + home + " -Dvirtharden.timing=true");
            Process app = pb.start();
            try {
                StringBuilder log = new StringBuilder();
                String frame = awaitLine(app, log, "first frame", 90);
                assertTrue(frame != null, "no first frame within 90 s:\n" + log);
                assertFalse(log.toString().contains("Exception"), log.toString());
                assertTrue(app.isAlive(), "the window stays open");
            } finally {
                app.destroy();
                if (!app.waitFor(10, TimeUnit.SECONDS)) {
                    app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            x.destroy();
            x.waitFor(10, TimeUnit.SECONDS);
            x.destroyForcibly();
        }
    }

    /** Reads the app's output until a line contains {@code needle} or the deadline passes (reader thread, bounded). */
    private static String awaitLine(Process app, StringBuilder log, String needle, int seconds) throws InterruptedException {
        String[] found = new String[1];
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (log) {
                        log.append(line).append('\n');
                        if (line.contains(needle)) {
                            found[0] = line;
                            log.notifyAll();
                            return;
                        }
                    }
                }
            } catch (IOException closed) {
                // the process ended: the caller sees found == null
            }
        }, "packaged-app-log");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (log) {
            while (found[0] == null && reader.isAlive() && System.nanoTime() < deadline) {
                log.wait(200);
            }
            return found[0];
        }
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String exec(String... cmd) throws Exception {
        return execEnv(Map.of(), cmd);
    }

    private static String execEnv(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + String.join(" ", cmd));
        }
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out.trim();
    }
}
