package org.virtharden.ui;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import javafx.application.Platform;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import org.virtharden.model.HostConfig;
import org.virtharden.service.PasswordSource;
import org.virtharden.ui.session.ProjectSession;

/**
 * Passwords the operator typed in this session, kept in memory only (never written to the project or preferences).
 * Falls back to the environment variable a host names, as the CLI does.
 */
public final class SessionPasswords implements PasswordSource {
    private static final Map<ProjectSession, SessionPasswords> BY_SESSION = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<String, char[]> typed = new ConcurrentHashMap<>();

    public static SessionPasswords of(ProjectSession session) {
        return BY_SESSION.computeIfAbsent(session, s -> new SessionPasswords());
    }

    @Override
    public char[] password(HostConfig host) {
        char[] p = typed.get(key(host));
        if (p != null) {
            return p.clone();
        }
        return PasswordSource.fromEnvironment().password(host);
    }

    /** Whether connecting to the host needs a password that is not known yet. */
    public boolean missing(HostConfig h) {
        boolean needs = h.passwordEnv() != null || "password".equals(h.sudoMode());
        return needs && password(h) == null;
    }

    public void forget(HostConfig h) {
        char[] old = typed.remove(key(h));
        if (old != null) {
            Arrays.fill(old, '\0');
        }
    }

    /** Asks for the password of each host that needs one (FX thread); false if the operator cancelled. */
    public boolean promptMissing(Iterable<HostConfig> hosts) {
        for (HostConfig h : hosts) {
            if (missing(h) && prompt(h).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Shows the password prompt for one host (FX thread). */
    public Optional<char[]> prompt(HostConfig h) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("prompt on the FX thread");
        }
        Dialog<char[]> d = new Dialog<>();
        d.setTitle("Password for " + h.name());
        d.setHeaderText("Password for " + h.user() + "@" + h.address()
                + ("password".equals(h.sudoMode()) ? " (login and sudo)" : ""));
        PasswordField field = new PasswordField();
        field.setId("passwordField");
        Label note = new Label("Kept in memory for this session only; never saved to the project file.");
        note.setWrapText(true);
        d.getDialogPane().setContent(new VBox(8, field, note));
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.setResultConverter(b -> b == ButtonType.OK ? field.getText().toCharArray() : null);
        Platform.runLater(field::requestFocus);
        Optional<char[]> r = d.showAndWait().filter(c -> c.length > 0);
        field.clear();
        r.ifPresent(c -> typed.put(key(h), c));
        return r;
    }

    private static String key(HostConfig h) {
        return h.name().toLowerCase(java.util.Locale.ROOT);
    }
}
