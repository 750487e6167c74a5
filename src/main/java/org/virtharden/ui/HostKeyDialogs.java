package org.virtharden.ui;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import org.virtharden.transport.HostKeyInfo;
import org.virtharden.transport.HostKeyVerifier;

/** The host-key decisions, the one place where the app uses modal dialogs (ux.md §3). */
public final class HostKeyDialogs {
    private HostKeyDialogs() {
    }

    /**
     * A verifier that asks the operator on the FX thread and waits for the answer; called from the connecting
     * (background) thread. Only "Trust this key" trusts it; closing the dialog refuses it.
     */
    public static HostKeyVerifier askOperator() {
        return key -> {
            if (Platform.isFxApplicationThread()) {
                return confirmNewKey(key);
            }
            CompletableFuture<Boolean> answer = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    answer.complete(confirmNewKey(key));
                } catch (RuntimeException e) {
                    answer.complete(false);
                }
            });
            try {
                return answer.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                return false;
            }
        };
    }

    static boolean confirmNewKey(HostKeyInfo key) {
        ButtonType trust = new ButtonType("Trust this key", ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", trust, cancel);
        a.setTitle("New host key");
        a.setHeaderText("First connection to " + key.knownHostsName() + ": is this its key?");
        String shortType = key.keyType().replaceFirst("^ssh-", "").replaceFirst("^ecdsa-sha2-.*", "ecdsa");
        Label facts = new Label("Key type      " + key.keyType() + "\nFingerprint   " + key.fingerprint());
        facts.setId("hostKeyFingerprint");
        facts.setStyle("-fx-font-family: monospace;");
        TextArea cmd = new TextArea("ssh-keygen -lf /etc/ssh/ssh_host_" + shortType + "_key.pub");
        cmd.setEditable(false);
        cmd.setPrefRowCount(1);
        Label how = new Label("Nothing has been sent to the host yet. Compare this fingerprint with the one the host"
                + " itself prints on its console (or the list from the client's admin):");
        how.setWrapText(true);
        Label after = new Label("Trust it only if they match. It is then added to ~/.ssh/known_hosts.");
        after.setWrapText(true);
        VBox box = new VBox(8, facts, how, cmd, after);
        box.setPrefWidth(520);
        a.getDialogPane().setContent(box);
        ((javafx.scene.control.Button) a.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
        ((javafx.scene.control.Button) a.getDialogPane().lookupButton(trust)).setDefaultButton(false);
        return a.showAndWait().filter(b -> b == trust).isPresent();
    }

    /** The warning for a changed key (FX thread); the key stays blocked, there is no "continue anyway". */
    public static void warnChangedKey(String host, String message) {
        Alert a = new Alert(Alert.AlertType.WARNING, "", new ButtonType("Keep blocked", ButtonBar.ButtonData.CANCEL_CLOSE));
        a.setTitle("Host key changed");
        a.setHeaderText("Host key changed — " + host + ". virtharden stopped before sending your credentials.");
        Label body = new Label(message + "\n\nA reinstall or a key rotation causes this, and so does an attacker in the"
                + " path (man-in-the-middle). Confirm with the client's admin, and compare the fingerprint shown on the"
                + " host's console (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) before you replace the trusted key.");
        body.setWrapText(true);
        body.setPrefWidth(560);
        a.getDialogPane().setContent(body);
        a.showAndWait();
    }
}
