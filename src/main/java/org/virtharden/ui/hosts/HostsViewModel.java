package org.virtharden.ui.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;
import org.virtharden.catalog.Status;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.service.AnsibleInventoryImport;
import org.virtharden.service.ConnectionTestService;
import org.virtharden.service.ConnectionTestService.Result;
import org.virtharden.service.SshConfigImport;
import org.virtharden.transport.HostKeyVerifier;
import org.virtharden.ui.SessionPasswords;
import org.virtharden.ui.session.ProjectSession;

/**
 * State and actions of the Hosts screen: the form, the message under it, and the staged connection tests (one host or
 * all, at most {@value #PARALLEL} at a time, off the FX thread, cancellable from the status bar). The only part of the
 * screen that calls services; every property changes on the FX thread.
 */
public final class HostsViewModel {
    /** How the host logs in. */
    public enum Auth { AGENT, KEY, PASSWORD }

    /** How the message under the form reads. */
    public enum MessageKind { INFO, OK, ERROR }

    public static final List<String> SUDO_MODES = List.of("none", "nopasswd", "password", "collector");
    /** Hosts tested at the same time by Test all. */
    public static final int PARALLEL = 4;

    private final ProjectSession session;
    private final SessionPasswords passwords;
    private final ConnectionTestService tester;
    private final HostKeyVerifier operator;
    private final Executor background;
    private final Object askOneAtATime = new Object();

    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty address = new SimpleStringProperty("");
    private final StringProperty port = new SimpleStringProperty("22");
    private final StringProperty user = new SimpleStringProperty("");
    private final ObjectProperty<Auth> auth = new SimpleObjectProperty<>(Auth.AGENT);
    private final StringProperty keyPath = new SimpleStringProperty("");
    private final StringProperty sudo = new SimpleStringProperty("none");
    private final StringProperty jump = new SimpleStringProperty("");
    private final StringProperty libvirtUri = new SimpleStringProperty("qemu:///system");
    private final StringProperty group = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper formTitle = new ReadOnlyStringWrapper("New host");
    private final ReadOnlyObjectWrapper<HostConfig> editing = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<MessageKind> messageKind = new ReadOnlyObjectWrapper<>(MessageKind.INFO);
    private final ObservableList<String> groups = FXCollections.observableArrayList();
    private final ObservableMap<String, Result> results = FXCollections.observableHashMap();
    private final ObservableMap<String, Result> resultsView = FXCollections.unmodifiableObservableMap(results);
    private final ObservableList<String> groupsView = FXCollections.unmodifiableObservableList(groups);
    private final ReadOnlyObjectWrapper<Result> shownResult = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper testing = new ReadOnlyBooleanWrapper(false);
    private volatile ExecutorService pool;
    private volatile boolean cancelled;

    /**
     * @param operator   asked about host keys seen for the first time (the trust dialog); asked one host at a time
     * @param background runs file reads for the imports
     */
    public HostsViewModel(ProjectSession session, SessionPasswords passwords, ConnectionTestService tester,
            HostKeyVerifier operator, Executor background) {
        this.session = session;
        this.passwords = passwords;
        this.tester = tester;
        this.operator = operator;
        this.background = background;
        session.hosts().addListener((ListChangeListener<HostConfig>) c -> groups.setAll(groupNames()));
        results.addListener((MapChangeListener<String, Result>) c -> updateShown());
        editing.addListener((o, was, now) -> updateShown());
        groups.setAll(groupNames());
    }

    // ---------------------------------------------------------------- form

    /** Clears the form for a new host. */
    public void newHost() {
        editing.set(null);
        formTitle.set("New host");
        name.set("");
        address.set("");
        port.set("22");
        user.set("");
        auth.set(Auth.AGENT);
        keyPath.set("");
        sudo.set("none");
        jump.set("");
        libvirtUri.set("qemu:///system");
        group.set("");
        groups.setAll(groupNames());
    }

    /** Shows a host in the form. */
    public void edit(HostConfig h) {
        editing.set(h);
        formTitle.set("Host " + h.name());
        name.set(h.name());
        address.set(h.address());
        port.set(String.valueOf(h.port()));
        user.set(h.user());
        auth.set(h.keyPath() != null ? Auth.KEY : h.passwordEnv() != null ? Auth.PASSWORD : Auth.AGENT);
        keyPath.set(h.keyPath() == null ? "" : h.keyPath());
        sudo.set(h.sudoMode());
        jump.set(h.jump() == null ? "" : h.jump());
        libvirtUri.set(h.libvirtUri() == null ? "" : h.libvirtUri());
        groups.setAll(groupNames());
        group.set(h.hostGroup() == null ? "" : h.hostGroup());
        info("");
    }

    private List<String> groupNames() {
        TreeSet<String> s = new TreeSet<>();
        session.hosts().forEach(h -> {
            if (h.hostGroup() != null) {
                s.add(h.hostGroup());
            }
        });
        return new ArrayList<>(s);
    }

    /** The form as a host; INVALID messages come from HostRepository when it is saved. */
    HostConfig fromForm() {
        int p;
        String portText = port.get() == null ? "" : port.get().strip();
        try {
            p = Integer.parseInt(portText.isEmpty() ? "22" : portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The SSH port '" + port.get() + "' is not a number (usually 22).");
        }
        String n = strip(name.get());
        boolean byKey = auth.get() == Auth.KEY;
        String key = byKey ? blankToNull(expandHome(strip(keyPath.get()))) : null;
        if (byKey && key == null) {
            throw new IllegalArgumentException("Choose the private key file, or pick SSH agent.");
        }
        if (key != null && !Files.isReadable(Path.of(key))) {
            throw new IllegalArgumentException("The key file " + key + " does not exist or is not readable.");
        }
        String pwEnv = auth.get() == Auth.PASSWORD ? passwordVariable(n) : null;
        HostConfig was = editing.get();
        return new HostConfig(was == null ? 0 : was.id(), n, strip(address.get()), p, strip(user.get()), key, pwEnv,
                sudo.get(), blankToNull(strip(jump.get())), was == null ? null : was.knownHosts(),
                blankToNull(strip(libvirtUri.get())), blankToNull(strip(group.get())));
    }

    /** The environment variable the CLI reads this host's password from; the app asks for it instead. */
    static String passwordVariable(String hostName) {
        String s = hostName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
        return "VH_" + s + "_PASSWORD";
    }

    /** Adds or updates the host from the form. */
    public void save() {
        HostConfig h;
        try {
            h = fromForm();
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            return;
        }
        boolean adding = h.id() == 0;
        Task<HostConfig> t = session.submit(adding ? "Adding host " + h.name() + "…" : "Saving host " + h.name() + "…", p -> {
            if (adding) {
                return p.hosts().add(h);
            }
            p.hosts().update(h);
            return h;
        }, saved -> {
            if (adding) {
                newHost();
            }
            ok((adding ? "Added " : "Saved ") + saved.name() + ".");
            session.reload();
        });
        failed(t);
    }

    /** Takes a host out of scope; its earlier results stay in the project. */
    public void remove(HostConfig h) {
        if (h == null) {
            return;
        }
        Task<Void> t = session.submit("Removing host " + h.name() + "…", p -> {
            p.hosts().remove(h.name());
            return null;
        }, v -> {
            passwords.forget(h);
            results.remove(key(h.name()));
            newHost();
            ok("Removed " + h.name() + ". Its earlier results stay in the project.");
            session.reload();
        });
        failed(t);
    }

    private void failed(Task<?> t) {
        t.addEventHandler(WorkerStateEvent.WORKER_STATE_FAILED, e -> error(ProjectSession.describe(t.getException())));
    }

    // ---------------------------------------------------------------- imports

    /** Reads the OpenSSH client configuration (Host blocks without wildcards); {@code preview} gets the hosts. */
    public void importSshConfig(Path cfg, Consumer<AnsibleInventoryImport.Result> preview) {
        if (!Files.isReadable(cfg)) {
            error("There is no readable " + cfg + " on this laptop. Add the hosts in the form, or import an Ansible"
                    + " inventory.");
            return;
        }
        String me = System.getProperty("user.name", "");
        String home = System.getProperty("user.home");
        readImport(cfg, text -> new AnsibleInventoryImport.Result(SshConfigImport.parse(text, me, home), List.of()),
                preview);
    }

    /** Reads an Ansible inventory, YAML when the name ends in .yml/.yaml, INI otherwise. */
    public void importAnsible(Path inventory, Consumer<AnsibleInventoryImport.Result> preview) {
        String me = System.getProperty("user.name", "");
        boolean yaml = String.valueOf(inventory.getFileName()).matches(".*\\.ya?ml");
        readImport(inventory, text -> yaml ? AnsibleInventoryImport.parseYaml(text, me)
                : AnsibleInventoryImport.parse(text, me), preview);
    }

    /** Reads and parses an import file in the background; {@code preview} gets what was found (FX thread). */
    void readImport(Path file, Function<String, AnsibleInventoryImport.Result> parser,
            Consumer<AnsibleInventoryImport.Result> preview) {
        Task<AnsibleInventoryImport.Result> t = new Task<>() {
            @Override
            protected AnsibleInventoryImport.Result call() throws IOException {
                return parser.apply(Files.readString(file));
            }
        };
        t.setOnSucceeded(e -> {
            AnsibleInventoryImport.Result found = t.getValue();
            if (found.hosts().isEmpty()) {
                error("No hosts found in " + file + "." + (found.skipped().isEmpty() ? "" : " "
                        + String.join("; ", found.skipped())));
            } else {
                preview.accept(found);
            }
        });
        t.setOnFailed(e -> error("Could not read " + file + ": " + (t.getException() instanceof IOException io
                ? io.getMessage() : ProjectSession.describe(t.getException()))));
        background.execute(t);
    }

    /** Whether a host of that name is in the project already. */
    public boolean exists(String hostName) {
        return session.hosts().stream().anyMatch(x -> x.name().equalsIgnoreCase(hostName));
    }

    /** Adds the hosts picked from an import; a host that cannot be added is named in the message. */
    public void addAll(List<HostConfig> hosts) {
        if (hosts.isEmpty()) {
            return;
        }
        Task<List<String>> t = session.submit("Adding " + hosts.size() + " hosts…", p -> {
            List<String> problems = new ArrayList<>();
            for (HostConfig h : hosts) {
                try {
                    p.hosts().add(h);
                } catch (org.virtharden.project.ProjectException e) {
                    problems.add(e.getMessage());
                }
            }
            return problems;
        }, problems -> {
            if (problems.isEmpty()) {
                ok("Added " + hosts.size() + " hosts. Test their connections before the first scan.");
            } else {
                error("Added " + (hosts.size() - problems.size()) + " of " + hosts.size() + " hosts. "
                        + String.join(" ", problems));
            }
            session.reload();
        });
        failed(t);
    }

    // ---------------------------------------------------------------- connection tests

    /**
     * Runs the staged connection test of each host, {@value #PARALLEL} at a time, never on the FX thread. Results
     * land in {@link #results()} as each host finishes; {@code each} runs then too (FX thread). Passwords must be
     * known already (the controller asks for them first).
     */
    public void test(List<HostConfig> hosts, Consumer<Result> each) {
        if (hosts.isEmpty() || testing.get()) {
            return;
        }
        cancelled = false;
        testing.set(true);
        AtomicInteger left = new AtomicInteger(hosts.size());
        AtomicInteger done = new AtomicInteger();
        String what = hosts.size() == 1 ? hosts.get(0).name() : hosts.size() + " hosts";
        info("Testing the connection to " + (hosts.size() == 1 ? hosts.get(0).name() + " (" + hosts.get(0).address()
                + ":" + hosts.get(0).port() + ")" : what) + "…");
        session.jobStarted("Testing connections: 0/" + hosts.size() + "…", this::cancelTests);
        ExecutorService p = Executors.newFixedThreadPool(Math.min(PARALLEL, hosts.size()), r -> {
            Thread th = new Thread(r, "virtharden-connection-test");
            th.setDaemon(true);
            return th;
        });
        pool = p;
        HostKeyVerifier oneAtATime = k -> {
            synchronized (askOneAtATime) {
                return !cancelled && operator.trustNewKey(k);
            }
        };
        for (HostConfig h : hosts) {
            p.execute(() -> {
                Result r;
                try {
                    r = cancelled || Thread.currentThread().isInterrupted()
                            ? ConnectionTestService.notTested(h, "cancelled") : tester.test(h, oneAtATime);
                } catch (RuntimeException e) {
                    r = ConnectionTestService.notTested(h, "unexpected problem: " + e);
                }
                Result got = r;
                ProjectSession.fx(() -> {
                    results.put(key(h.name()), got);
                    session.jobProgress("Testing connections: " + done.incrementAndGet() + "/" + hosts.size() + "…");
                    if (each != null) {
                        each.accept(got);
                    }
                    if (left.decrementAndGet() == 0) {
                        finishTests(hosts);
                    }
                });
            });
        }
        p.shutdown();
    }

    private void finishTests(List<HostConfig> hosts) {
        testing.set(false);
        pool = null;
        long ok = hosts.stream().map(h -> results.get(key(h.name()))).filter(r -> r != null && r.ok()).count();
        String end = cancelled ? "Connection tests cancelled: " + ok + " of " + hosts.size() + " hosts OK."
                : "Connection tests done: " + ok + " of " + hosts.size() + " hosts OK.";
        session.jobFinished(end);
        if (hosts.size() == 1) {
            Result r = results.get(key(hosts.get(0).name()));
            if (r != null) {
                summarise(r);
            }
        } else if (ok == hosts.size()) {
            ok("✓ " + end);
        } else {
            error((cancelled ? "· " : "⚡ ") + end + " See the Test column and each host's stages.");
        }
    }

    private void summarise(Result r) {
        if (r.ok()) {
            ok("✓ " + r.host() + ": every stage passed (" + r.target() + ").");
        } else {
            String why = r.firstProblem().map(s -> s.line() + (s.hint().isEmpty() ? "" : " Fix: " + s.hint()))
                    .orElse("· not tested (cancelled)");
            error(r.firstProblem().map(s -> s.state().glyph()).orElse("·") + " " + r.host() + ": " + why);
        }
    }

    /** Tests every host in the project. */
    public void testAll(Consumer<Result> each) {
        test(List.copyOf(session.hosts()), each);
    }

    /** Stops the running tests: hosts not started yet are "not tested (cancelled)"; a running one stops soon. */
    public void cancelTests() {
        cancelled = true;
        ExecutorService p = pool;
        if (p != null) {
            // the hosts not started yet: each records "not tested (cancelled)" at once
            p.shutdownNow().forEach(Runnable::run);
        }
    }

    /** The latest test of a host, or null. */
    public Result resultFor(HostConfig h) {
        return h == null ? null : results.get(key(h.name()));
    }

    /** The Test column: "✓ OK", "⚡ sudo", "✕ auth"… or "—" when not tested in this session. */
    public String testLabel(HostConfig h) {
        Result r = resultFor(h);
        return r == null ? "—" : r.shortLabel();
    }

    /** The Last result column: the latest run's counts for the host. */
    public String lastResult(HostConfig h) {
        List<Finding> mine = session.findings().stream().filter(f -> f.hostName().equalsIgnoreCase(h.name())).toList();
        if (mine.isEmpty()) {
            return session.runProperty().get() == null ? "not scanned" : "not in the latest run";
        }
        long fail = mine.stream().filter(f -> f.status() == Status.FAIL).count();
        long warn = mine.stream().filter(f -> f.status() == Status.WARN).count();
        long err = mine.stream().filter(f -> f.status() == Status.ERROR).count();
        long pass = mine.stream().filter(f -> f.status() == Status.PASS).count();
        return "✕" + fail + " ▲" + warn + " ⚡" + err + " ✓" + pass;
    }

    private void updateShown() {
        shownResult.set(resultFor(editing.get()));
    }

    private static String key(String hostName) {
        return hostName.toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- messages

    void ok(String s) {
        messageKind.set(MessageKind.OK);
        message.set(s);
    }

    void info(String s) {
        messageKind.set(MessageKind.INFO);
        message.set(s);
    }

    void error(String s) {
        messageKind.set(MessageKind.ERROR);
        message.set(s);
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    private static String expandHome(String p) {
        return p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    // ---------------------------------------------------------------- properties

    public ProjectSession session() {
        return session;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty addressProperty() {
        return address;
    }

    public StringProperty portProperty() {
        return port;
    }

    public StringProperty userProperty() {
        return user;
    }

    public ObjectProperty<Auth> authProperty() {
        return auth;
    }

    public StringProperty keyPathProperty() {
        return keyPath;
    }

    public StringProperty sudoProperty() {
        return sudo;
    }

    public StringProperty jumpProperty() {
        return jump;
    }

    public StringProperty libvirtUriProperty() {
        return libvirtUri;
    }

    public StringProperty groupProperty() {
        return group;
    }

    public ReadOnlyStringProperty formTitleProperty() {
        return formTitle.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<HostConfig> editingProperty() {
        return editing.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<MessageKind> messageKindProperty() {
        return messageKind.getReadOnlyProperty();
    }

    /** Host groups in the project, for the group field's suggestions. */
    public ObservableList<String> groups() {
        return groupsView;
    }

    /** The latest connection test per host (lower-case name). */
    public ObservableMap<String, Result> results() {
        return resultsView;
    }

    /** The latest test of the host in the form, or null. */
    public ReadOnlyObjectProperty<Result> shownResultProperty() {
        return shownResult.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty testingProperty() {
        return testing.getReadOnlyProperty();
    }
}
