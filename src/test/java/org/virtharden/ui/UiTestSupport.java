package org.virtharden.ui;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.scene.Scene;
import org.testfx.api.FxToolkit;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.Evidence;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.ProjectInfo;
import org.virtharden.model.ScanRun;
import org.virtharden.project.Project;
import org.virtharden.ui.session.ProjectSession;
import org.virtharden.ui.shell.MainWindow;

/** Shows the real main window headless (Monocle) with preferences of its own, never the operator's. */
public final class UiTestSupport {
    record Shown(ProjectSession session, MainWindow window, AppPrefs prefs, Preferences node) {
        void cleanUp() throws BackingStoreException {
            node.removeNode();
        }

        /** A node of the main window by CSS id (looked up directly: no pointer or focus involved). */
        javafx.scene.Node find(String css) {
            javafx.scene.Node n = window.root().lookup(css);
            if (n == null) {
                throw new AssertionError("no " + css + " on screen " + window.current());
            }
            return n;
        }
    }

    /** The showing dialog that offers a button with this text, or null. */
    static javafx.scene.control.DialogPane dialogWith(String buttonText) {
        for (javafx.stage.Window w : javafx.stage.Window.getWindows()) {
            if (w.isShowing() && w.getScene() != null && w.getScene().getRoot() instanceof javafx.scene.control.DialogPane d
                    && d.getButtonTypes().stream().anyMatch(b -> b.getText().equals(buttonText))) {
                return d;
            }
        }
        return null;
    }

    private UiTestSupport() {
    }

    // Monocle's headless screen is 1280x800: a larger stage overflows its pixel buffer
    static Shown show(java.util.function.Consumer<AppPrefs> before) throws Exception {
        Preferences node = Preferences.userRoot().node("org/virtharden/test-" + UUID.randomUUID());
        AppPrefs prefs = new AppPrefs(node);
        before.accept(prefs);
        AppPrefs.use(prefs);
        ScreenCatalog.registerAll();
        ProjectSession session = new ProjectSession(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ui-test-worker");
            t.setDaemon(true);
            return t;
        }));
        MainWindow[] window = new MainWindow[1];
        FxToolkit.setupStage(s -> {
            window[0] = new MainWindow(session, prefs);
            Scene scene = new Scene(window[0].root(), 1280, 720);
            scene.getStylesheets().add(VirthardenApp.stylesheet());
            s.setScene(scene);
            window[0].install(s);
            s.show();
        });
        return new Shown(session, window[0], prefs, node);
    }

    public static Path sampleProject(Path dir) throws Exception {
        Path file = dir.resolve("ui.vhproj");
        try (Project p = Project.create(file, new ProjectInfo("ACME Bank", "DC-North", "J. Doe", Instant.now()))) {
            HostConfig h = p.hosts().add(new HostConfig(0, "kvm01", "10.1.0.11", 22, "audit", null, null, "nopasswd", null,
                    null, "qemu:///system", "prod-a"));
            ScanRun run = p.runs().start("test");
            p.findings().recordProbe(new Evidence(0, run.id(), h.id(), null, "sshd", "[]", "ab12", Instant.now(), 5), List.of(
                    new Finding(0, run.id(), h.id(), "kvm01", null, "VN-017", "test", Domain.NETWORK,
                            "SSH authentication hardening", Severity.HIGH, Status.FAIL, "permitrootlogin=yes",
                            "permitrootlogin in {no}", "permitrootlogin=yes (FAIL: expected no)", 0, "ab12", Instant.now()),
                    new Finding(0, run.id(), h.id(), "kvm01", null, "HV-021", "test", Domain.HYPERVISOR,
                            "Kernel hardening sysctls <b>", Severity.MEDIUM, Status.PASS, "", "", "all 8 conditions hold", 0,
                            "ab12", Instant.now())));
            p.runs().finish(run.id(), "complete");
        }
        return file;
    }
}
