package org.virtharden.testhosts;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one namespaced test host looks like: a copy of the real /etc changed by these files, files
 * bound over existing paths, stand-in tools, sudo policy and root login. Later calls win over earlier
 * ones (so {@code file(...)} after {@code fromResources(...)} overrides a resource file).
 *
 * <p>Resource layout for {@link #fromResources(String)} (a classpath folder, e.g. under
 * src/test/resources): {@code etc/**} files copied over the host's /etc copy; {@code overrides/**}
 * mirror absolute paths, each bound over that existing path; {@code bin/*} stand-in executables put
 * in the host's /usr/local/sbin; optional {@code host.properties} with keys {@code sudo}
 * (none|nopasswd|password), {@code sudoPassword}, {@code rootLogin} (true|false), {@code sudo.rule},
 * {@code boot.nft}, {@code boot.iptables}; optional {@code modes} ({@code MODE OWNER:GROUP etc/PATH} lines);
 * {@code var/**} files whose folders replace the machine's folders inside the host. See
 * src/test/resources/hosts/README.md.
 */
public final class TestHostSpec {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
    private static final Pattern TOOL = Pattern.compile("[A-Za-z0-9._+-]{1,64}");

    private final String name;
    private final Map<String, byte[]> etcFiles = new LinkedHashMap<>();
    private final Map<String, byte[]> overrides = new LinkedHashMap<>();
    private final Map<String, byte[]> standIns = new LinkedHashMap<>();
    private final List<String> authorizedKeys = new ArrayList<>();
    private String sudo = "none";
    private String sudoPassword;
    private boolean rootLogin = true;
    private String sudoRule;
    private String bootNft;
    private String bootIptables;
    private final List<String> modes = new ArrayList<>();
    private final Map<String, byte[]> varFiles = new LinkedHashMap<>();

    private TestHostSpec(String name) {
        this.name = name;
    }

    /** @param name lower-case host name, also the namespace's hostname */
    public static TestHostSpec named(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("test host name must match " + NAME + ": " + name);
        }
        return new TestHostSpec(name);
    }

    /** Adds the files of a classpath folder (see the class comment for its layout). */
    public TestHostSpec fromResources(String resourceDir) {
        String dir = resourceDir.replaceAll("^/+", "").replaceAll("/+$", "");
        URL url = Thread.currentThread().getContextClassLoader().getResource(dir);
        if (url == null) {
            throw new IllegalArgumentException("no classpath folder '" + dir + "' (put it under src/test/resources)");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                load(fs.getPath(dir));
            } else {
                load(Path.of(uri));
            }
        } catch (URISyntaxException | IOException e) {
            throw new IllegalArgumentException("cannot read classpath folder '" + dir + "': " + e.getMessage(), e);
        }
        return this;
    }

    private void load(Path root) throws IOException {
        Path etc = root.resolve("etc");
        if (Files.isDirectory(etc)) {
            for (Path f : files(etc)) {
                etcFiles.put("/etc/" + rel(etc, f), Files.readAllBytes(f));
            }
        }
        Path ovr = root.resolve("overrides");
        if (Files.isDirectory(ovr)) {
            for (Path f : files(ovr)) {
                overrides.put("/" + rel(ovr, f), Files.readAllBytes(f));
            }
        }
        Path bin = root.resolve("bin");
        if (Files.isDirectory(bin)) {
            for (Path f : files(bin)) {
                if (f.getParent().equals(bin)) {
                    standIns.put(f.getFileName().toString(), Files.readAllBytes(f));
                }
            }
        }
        Path props = root.resolve("host.properties");
        if (Files.isRegularFile(props)) {
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(props, StandardCharsets.UTF_8)));
            if (p.getProperty("sudo") != null) {
                sudo(p.getProperty("sudo").trim(), p.getProperty("sudoPassword", sudoPassword));
            } else if (p.getProperty("sudoPassword") != null) {
                sudoPassword = p.getProperty("sudoPassword");
            }
            if (p.getProperty("rootLogin") != null) {
                rootLogin(Boolean.parseBoolean(p.getProperty("rootLogin").trim()));
            }
            sudoRule = p.getProperty("sudo.rule", sudoRule);
            bootNft = p.getProperty("boot.nft", bootNft);
            bootIptables = p.getProperty("boot.iptables", bootIptables);
        }
        Path modesFile = root.resolve("modes");
        if (Files.isRegularFile(modesFile)) {
            for (String l : Files.readAllLines(modesFile, StandardCharsets.UTF_8)) {
                String t = l.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    if (!t.matches("[0-7]{3,4} [A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+ etc/\\S+")) {
                        throw new IllegalArgumentException("bad line in " + modesFile + ": " + t);
                    }
                    modes.add(t);
                }
            }
        }
        Path var = root.resolve("var");
        if (Files.isDirectory(var)) {
            for (Path f : files(var)) {
                varFiles.put("/var/" + rel(var, f), Files.readAllBytes(f));
            }
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String rel(Path base, Path f) {
        return base.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
    }

    /** A file in the host's /etc copy, e.g. {@code /etc/ssh/sshd_config.d/x.conf}. */
    public TestHostSpec file(String absolutePathInEtc, String content) {
        String p = normal(absolutePathInEtc);
        if (!p.startsWith("/etc/")) {
            throw new IllegalArgumentException("file() is for paths under /etc; use override() for " + p);
        }
        etcFiles.put(p, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /**
     * Binds a file with this content over an existing path inside the host (/proc/sys/..., /sys/..., any
     * file). Content starting with {@code #!} is made executable (to replace a tool such as /usr/bin/timeout).
     */
    public TestHostSpec override(String absolutePath, String content) {
        overrides.put(normal(absolutePath), content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** An executable shell script named {@code toolName} in the host's /usr/local/sbin. */
    public TestHostSpec standIn(String toolName, String shellScript) {
        if (!TOOL.matcher(toolName).matches()) {
            throw new IllegalArgumentException("bad stand-in tool name: " + toolName);
        }
        standIns.put(toolName, shellScript.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** @param mode none, nopasswd or password; the password also becomes auditor's login password */
    public TestHostSpec sudo(String mode, String password) {
        String m = mode == null ? "none" : mode.trim().toLowerCase(Locale.ROOT);
        if (!m.equals("none") && !m.equals("nopasswd") && !m.equals("password")) {
            throw new IllegalArgumentException("sudo mode must be none, nopasswd or password: " + mode);
        }
        if (m.equals("password") && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException("sudo mode password needs a password");
        }
        if (password != null && (password.indexOf('\n') >= 0 || password.indexOf(':') >= 0)) {
            throw new IllegalArgumentException("test passwords must not contain newlines or ':'");
        }
        this.sudo = m;
        this.sudoPassword = password;
        return this;
    }

    /** The sudoers line installed as /etc/sudoers.d/auditor instead of the one the sudo mode implies. */
    public TestHostSpec sudoRule(String rule) {
        if (rule == null || rule.isBlank() || rule.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("one sudoers line");
        }
        this.sudoRule = rule.strip();
        return this;
    }

    /** true: {@code PermitRootLogin prohibit-password} (Debian's default); false: {@code PermitRootLogin no}. */
    public TestHostSpec rootLogin(boolean allowed) {
        this.rootLogin = allowed;
        return this;
    }

    /** An extra authorized_keys line for user auditor. */
    public TestHostSpec authorizedKey(String publicKeyLine) {
        if (publicKeyLine.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("one key line at a time");
        }
        authorizedKeys.add(publicKeyLine.trim());
        return this;
    }

    private static String normal(String p) {
        if (p == null || !p.startsWith("/") || p.contains("/../") || p.endsWith("/..") || p.contains("\0")
                || p.contains("\n")) {
            throw new IllegalArgumentException("need a plain absolute path: " + p);
        }
        return p.replaceAll("/+", "/");
    }

    // ---- read by TestHosts

    String name() {
        return name;
    }

    Map<String, byte[]> etcFiles() {
        return Collections.unmodifiableMap(etcFiles);
    }

    Map<String, byte[]> overrides() {
        return Collections.unmodifiableMap(overrides);
    }

    Map<String, byte[]> standIns() {
        return Collections.unmodifiableMap(standIns);
    }

    List<String> authorizedKeys() {
        return List.copyOf(authorizedKeys);
    }

    String sudoMode() {
        return sudo;
    }

    String sudoPassword() {
        return sudoPassword;
    }

    boolean rootLoginAllowed() {
        return rootLogin;
    }

    /** The audit account's sudoers line, installed as /etc/sudoers.d/auditor; null = the default for the mode. */
    String sudoRule() {
        return sudoRule;
    }

    /** A ruleset in the host's /etc loaded with {@code nft -f} before sshd starts (stands in for nftables.service). */
    String bootNft() {
        return bootNft;
    }

    /** A ruleset in the host's /etc loaded with {@code iptables-restore} before sshd starts. */
    String bootIptables() {
        return bootIptables;
    }

    /** {@code MODE OWNER:GROUP etc/PATH} lines applied to the /etc copy after the overlay. */
    List<String> modes() {
        return List.copyOf(modes);
    }

    /**
     * Files under /var: each directory that holds one REPLACES the machine's directory of the same path
     * inside the host (e.g. {@code var/lib/aide/aide.db} gives the host its own /var/lib/aide).
     */
    Map<String, byte[]> varFiles() {
        return Collections.unmodifiableMap(varFiles);
    }
}
