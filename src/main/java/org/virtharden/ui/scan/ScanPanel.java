package org.virtharden.ui.scan;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.virtharden.catalog.CheckEngine;
import org.virtharden.catalog.Status;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.scan.ScanHandle;
import org.virtharden.scan.ScanListener;
import org.virtharden.scan.ScanOptions;
import org.virtharden.scan.ScanService;
import org.virtharden.scan.ScanSummary;
import org.virtharden.service.HostTransportFactory;
import org.virtharden.service.ProjectScanStore;
import org.virtharden.ui.HostKeyDialogs;
import org.virtharden.ui.SessionPasswords;
import org.virtharden.ui.session.ProjectSession;

/**
 * A scan in progress: one row per host (phase, checks done of total, live ✓✕▲⚡ counts) and a total, fed from
 * {@link ScanListener} events on the FX thread; Cancel keeps what was found and marks the run cancelled. The scan
 * runs as session work (the project is open for its duration, in the background); when it ends the session reloads.
 */
public final class ScanPanel {
    private final ProjectSession session;
    private final VBox root = new VBox(8);
    private final GridPane rows = new GridPane();
    private final ProgressBar total = new ProgressBar(0);
    private final Label totalLabel = new Label();
    private final Label title = new Label();
    private final Button cancel = new Button("Cancel");
    private final Button close = new Button("Close");
    private final AtomicReference<ScanHandle> handle = new AtomicReference<>();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final Map<String, Row> byHost = new LinkedHashMap<>();

    private static final class Row {
        final ProgressBar bar = new ProgressBar(0);
        final Label state = new Label("queued");
        final Label counts = new Label("");
        int done;
        int total;
        boolean finished;
        final Map<Status, Integer> statuses = new java.util.EnumMap<>(Status.class);
    }

    public ScanPanel(ProjectSession session) {
        this.session = session;
        root.setId("scanPanel");
        root.getStyleClass().add("scan-panel");
        root.setPadding(new Insets(8, 12, 8, 12));
        title.getStyleClass().add("title-4");
        cancel.setId("scanCancelButton");
        cancel.setTooltip(new Tooltip("Stop the scan: results so far are kept, the rest is marked not run"));
        cancel.setOnAction(e -> cancel());
        cancel.disableProperty().bind(running.not());
        close.setTooltip(new Tooltip("Hide this panel"));
        close.setOnAction(e -> setShown(false));
        close.disableProperty().bind(running);
        total.setPrefWidth(260);
        HBox head = new HBox(12, title, new Pane(), new Label("Total"), total, totalLabel, cancel, close);
        HBox.setHgrow(head.getChildren().get(1), Priority.ALWAYS);
        head.setAlignment(Pos.CENTER_LEFT);
        rows.setHgap(12);
        rows.setVgap(4);
        ScrollPane sp = new ScrollPane(rows);
        sp.setFitToWidth(true);
        sp.setPrefViewportHeight(120);
        sp.setMaxHeight(180);
        root.getChildren().addAll(head, sp);
        setShown(false);
    }

    public Node root() {
        return root;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    private void setShown(boolean shown) {
        root.setVisible(shown);
        root.setManaged(shown);
    }

    public void cancel() {
        ScanHandle h = handle.get();
        if (h != null) {
            title.setText(title.getText() + " — cancelling (the current command finishes first)…");
            h.cancel();
        }
    }

    /** Scans these hosts (FX thread); asks first for passwords that are needed and not known. */
    public void start(List<HostConfig> hosts) {
        if (running.get() || hosts.isEmpty()) {
            if (hosts.isEmpty()) {
                session.showError("There are no hosts to scan. Add the KVM hosts in scope on the Hosts screen first.");
            }
            return;
        }
        SessionPasswords passwords = SessionPasswords.of(session);
        if (!passwords.promptMissing(hosts)) {
            session.showError("Scan not started: a password was not given.");
            return;
        }
        session.followLatest();
        byHost.clear();
        rows.getChildren().clear();
        int i = 0;
        for (HostConfig h : hosts) {
            Row r = new Row();
            r.bar.setPrefWidth(220);
            r.bar.setId("scanBar-" + h.name());
            Label name = new Label(h.name());
            name.setMinWidth(100);
            rows.addRow(i++, name, r.bar, r.state, r.counts);
            byHost.put(h.name(), r);
        }
        title.setText("Scanning " + hosts.size() + (hosts.size() == 1 ? " host" : " hosts"));
        updateTotal();
        setShown(true);
        running.set(true);
        // a host key seen for the first time is shown to the operator (never trusted silently); a changed key fails the host
        HostTransportFactory transports = new HostTransportFactory(HostKeyDialogs.askOperator(), passwords,
                HostTransportFactory.userKnownHosts(), Duration.ofSeconds(10));
        ScanListener listener = new ScanListener() {
            @Override
            public void hostState(String host, String state, String detail) {
                Platform.runLater(() -> onState(host, state, detail));
            }

            @Override
            public void progress(String host, int done, int all) {
                Platform.runLater(() -> onProgress(host, done, all));
            }

            @Override
            public void finding(Finding f) {
                Platform.runLater(() -> onFinding(f));
            }
        };
        Task<ScanSummary> t = session.submit("Scanning " + hosts.size() + " hosts…", p -> {
            ScanOptions o = new ScanOptions(4, Duration.ofSeconds(30), p.settings().all());
            ScanService service = new ScanService(session.catalog(), new CheckEngine(), transports, new ProjectScanStore(p));
            ScanHandle h = service.start(hosts, o, listener);
            handle.set(h);
            try {
                return h.await();
            } catch (InterruptedException e) {
                h.cancel();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("The scan was interrupted; results so far are saved.");
            }
        }, summary -> {
            title.setText("Scan #" + summary.runId() + " " + summary.state() + " · " + summary.findings() + " results");
            session.reload();
        });
        t.runningProperty().addListener((o, was, now) -> {
            if (!now) {
                running.set(false);
                handle.set(null);
            }
        });
    }

    private void onState(String host, String state, String detail) {
        Row r = byHost.get(host);
        if (r == null) {
            return;
        }
        boolean wasFinished = r.finished;
        r.finished = state.equals("done") || state.equals("failed") || state.equals("cancelled");
        if (r.finished && !wasFinished && running.get()) {
            // a host's results are committed as they arrive: show them in the checklists now, not only at the end
            session.reload();
        }
        String text = switch (state) {
            case "connecting" -> "Connecting…";
            case "scanning" -> "Checks " + r.done + "/" + (r.total == 0 ? "?" : r.total);
            case "done" -> "✓ Done";
            case "failed" -> "⚡ Failed" + (detail == null || detail.isBlank() ? "" : ": " + detail);
            case "cancelled" -> "Cancelled";
            default -> "Queued";
        };
        r.state.setText(text);
        r.state.setTooltip(detail == null || detail.isBlank() ? null : new Tooltip(detail));
        if (r.finished) {
            r.bar.setProgress(1);
        }
        updateTotal();
    }

    private void onProgress(String host, int done, int all) {
        Row r = byHost.get(host);
        if (r == null) {
            return;
        }
        r.done = done;
        r.total = all;
        r.bar.setProgress(all == 0 ? 0 : (double) done / all);
        if (!r.finished) {
            r.state.setText("Checks " + done + "/" + all);
        }
        updateTotal();
    }

    private void onFinding(Finding f) {
        Row r = byHost.get(f.hostName());
        if (r == null) {
            return;
        }
        r.statuses.merge(f.status(), 1, Integer::sum);
        r.counts.setText("✓" + r.statuses.getOrDefault(Status.PASS, 0) + "  ✕" + r.statuses.getOrDefault(Status.FAIL, 0)
                + "  ▲" + r.statuses.getOrDefault(Status.WARN, 0) + "  ⚡" + r.statuses.getOrDefault(Status.ERROR, 0));
    }

    private void updateTotal() {
        int hostsDone = 0;
        double sum = 0;
        for (Row r : byHost.values()) {
            if (r.finished) {
                hostsDone++;
                sum += 1;
            } else if (r.total > 0) {
                sum += (double) r.done / r.total;
            }
        }
        int n = byHost.size();
        total.setProgress(n == 0 ? 0 : sum / n);
        totalLabel.setText(hostsDone + "/" + n + " hosts done");
    }
}
