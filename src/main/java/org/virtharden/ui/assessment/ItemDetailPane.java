package org.virtharden.ui.assessment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.virtharden.catalog.CommandOutput;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.Answer;
import org.virtharden.model.Attachment;
import org.virtharden.model.Evidence;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;
import org.virtharden.model.ProjectInfo;
import org.virtharden.project.AnswerRepository;
import org.virtharden.project.AnswerRepository.NewAttachment;
import org.virtharden.scan.EvidenceCodec;
import org.virtharden.service.Checklist.Item;
import org.virtharden.ui.assessment.StepViewModel.Bucket;
import org.virtharden.ui.session.ProjectSession;

/**
 * The right-hand side of a step: a sticky header (ID, title, status, severity, mode, host/guest) and the item's
 * result, evidence, remediation, question and answer form. All project and file work goes through
 * {@link ProjectSession#submit}; results land back on the FX thread and are dropped if another item was selected
 * meanwhile.
 */
final class ItemDetailPane extends BorderPane {
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** A file chosen for the answer being drafted, read and hashed off the FX thread. */
    record Pending(String fileName, String mediaType, byte[] content, String sha256, Image preview) {
    }

    private record LoadedEvidence(Evidence evidence, List<CommandOutput> outputs, boolean hashMatches) {
    }

    private final ProjectSession session;
    private final Consumer<String> afterSave;
    private Item item;
    private String key;
    private long generation;

    // the answer draft survives refreshes of the same item
    private final ToggleGroup answerGroup = new ToggleGroup();
    private final ToggleButton pass = answerButton("P  Pass", Status.PASS, "answerPass");
    private final ToggleButton fail = answerButton("F  Fail", Status.FAIL, "answerFail");
    private final ToggleButton na = answerButton("N  N/A", Status.NOT_APPLICABLE, "answerNa");
    private final TextArea note = new TextArea();
    private final Label rule = new Label();
    private final Label saveError = new Label();
    private final Button save = new Button("Save answer");
    private final CheckBox advance = new CheckBox("Move to the next open item after saving");
    private final ObservableList<Pending> pending = FXCollections.observableArrayList();
    private final VBox pendingBox = new VBox(6);
    private boolean saving;

    ItemDetailPane(ProjectSession session, Consumer<String> afterSave) {
        this.session = session;
        this.afterSave = afterSave;
        getStyleClass().add("item-detail");
        note.setId("answerNote");
        note.setPromptText("Note — what you saw, who you asked; required for Fail and N/A");
        note.setWrapText(true);
        note.setPrefRowCount(3);
        rule.setId("noteRule");
        rule.getStyleClass().add("rule");
        rule.setWrapText(true);
        saveError.setId("saveError");
        saveError.getStyleClass().add("inline-error");
        saveError.setWrapText(true);
        saveError.setVisible(false);
        saveError.managedProperty().bind(saveError.visibleProperty());
        save.setId("saveAnswer");
        save.setDefaultButton(false);
        save.getStyleClass().add("accent");
        save.setOnAction(e -> save());
        advance.setSelected(true);
        answerGroup.selectedToggleProperty().addListener((o, a, b) -> validate());
        note.textProperty().addListener((o, a, b) -> validate());
        pending.addListener((javafx.collections.ListChangeListener<Pending>) c -> renderPending());
        showNothing();
    }

    private ToggleButton answerButton(String text, Status s, String id) {
        ToggleButton b = new ToggleButton(text);
        b.setId(id);
        b.setUserData(s);
        b.setToggleGroup(answerGroup);
        b.getStyleClass().add("answer-button");
        b.setAccessibleText(text.substring(3) + " (key " + text.charAt(0) + ")");
        return b;
    }

    String key() {
        return key;
    }

    void showNothing() {
        item = null;
        key = null;
        generation++;
        setTop(null);
        Label l = new Label("Select an item on the left to see its result, evidence and question.");
        l.getStyleClass().add("empty-detail");
        l.setWrapText(true);
        setCenter(l);
    }

    /**
     * Shows an item. The same item again (a refresh) keeps the answer draft, and only redraws when its answer or
     * finding changed; another item starts a fresh draft.
     */
    void show(Item next) {
        String nextKey = StepViewModel.key(next);
        boolean same = nextKey.equals(key);
        if (same && Objects.equals(next, item)) {
            return;
        }
        boolean answerChanged = !same || item == null || !Objects.equals(answerId(item), answerId(next));
        if (answerChanged) {
            answerGroup.selectToggle(null);
            note.clear();
            pending.clear();
            saveError.setVisible(false);
        }
        item = next;
        key = nextKey;
        generation++;
        setTop(header(next));
        VBox body = new VBox();
        body.getStyleClass().add("detail-body");
        fill(body, next);
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        scroll.setId("detailScroll");
        setCenter(scroll);
        validate();
    }

    private static Long answerId(Item i) {
        return i.answer() == null ? null : i.answer().id();
    }

    // ---- header ----------------------------------------------------------------------------------------------

    private Node header(Item i) {
        Label id = new Label(i.check().id());
        id.setId("detailId");
        id.getStyleClass().add("detail-id");
        id.setMinWidth(Region.USE_PREF_SIZE);
        Label title = new Label(i.check().title());
        title.setId("detailTitle");
        title.getStyleClass().add("detail-title");
        title.setWrapText(true);
        HBox line1 = new HBox(8, id, new Label("·"), title);
        line1.setAlignment(Pos.BASELINE_LEFT);

        Bucket b = Bucket.of(i);
        Label badge = statusBadge(b);
        badge.setId("detailStatus");
        Label sev = new Label(severity(i.check().severity()));
        sev.setId("detailSeverity");
        Label mode = new Label(switch (i.check().mode()) {
            case AUTOMATED -> "Automated";
            case MANUAL -> "Manual";
            case HYBRID -> "Hybrid (scan + operator)";
        });
        mode.getStyleClass().add("detail-meta");
        HBox line2 = new HBox(16, badge, sev, mode);
        line2.setAlignment(Pos.CENTER_LEFT);

        Label hostLabel = new Label("Host");
        hostLabel.getStyleClass().add("detail-meta");
        Label host = new Label(i.host());
        host.setId("detailHost");
        host.getStyleClass().add("detail-target");
        HBox line3 = new HBox(6, hostLabel, host);
        line3.setAlignment(Pos.CENTER_LEFT);
        if (i.guest() != null) {
            Label guestLabel = new Label("  Guest");
            guestLabel.getStyleClass().add("detail-meta");
            Label guest = new Label(i.guest());
            guest.setId("detailGuest");
            guest.getStyleClass().add("detail-target");
            guest.setTooltip(new Tooltip(i.guest()));
            line3.getChildren().addAll(guestLabel, guest);
        }
        VBox box = new VBox(line1, line2, line3);
        box.getStyleClass().add("detail-header");
        box.setAccessibleText(b.label() + ", " + i.check().severity().id() + ", " + i.check().id() + ", "
                + StepViewModel.target(i));
        return box;
    }

    static Label statusBadge(Bucket b) {
        Label glyph = new Label(b.glyph());
        glyph.getStyleClass().addAll("glyph", b.id());
        Label l = new Label(b.label(), glyph);
        l.getStyleClass().addAll("status-badge", b.id());
        return l;
    }

    static String severity(Severity s) {
        return switch (s) {
            case CRITICAL -> "▮▮▮▮ Critical";
            case HIGH -> "▮▮▮▯ High";
            case MEDIUM -> "▮▮▯▯ Medium";
            case LOW -> "▮▯▯▯ Low";
            case INFO -> "▯▯▯▯ Info";
        };
    }

    // ---- body ------------------------------------------------------------------------------------------------

    private void fill(VBox body, Item i) {
        Finding f = i.finding();
        if (f != null && f.status() != Status.MANUAL_PENDING) {
            body.getChildren().add(section("OBSERVED vs EXPECTED"));
            GridPane grid = new GridPane();
            grid.setHgap(12);
            grid.setVgap(4);
            Label obs = mono(blankDash(f.observed()));
            obs.setId("observed");
            if (f.status() == Status.FAIL || f.status() == Status.WARN) {
                obs.getStyleClass().add("observed-differs");
            }
            grid.addRow(0, meta("Observed"), obs);
            grid.addRow(1, meta("Expected"), mono(blankDash(f.expected())));
            body.getChildren().add(grid);
            if (f.reason() != null && !f.reason().isBlank()) {
                body.getChildren().addAll(section("RESULT"), wrap(f.reason()));
            }
        } else if (f == null && !StepViewModel.answerable(i)) {
            body.getChildren().addAll(section("RESULT"),
                    wrap("· NOT RUN — this check has no result yet. Scan the host to run it; until then it counts as open,"
                            + " never as a pass."));
        }
        if (StepViewModel.answerable(i) && i.check().question() != null) {
            body.getChildren().addAll(section("QUESTION"), wrap(i.check().question()));
            if (!i.check().evidence().isEmpty()) {
                Label kinds = wrap("Evidence expected: " + String.join(", ", i.check().evidence()));
                kinds.getStyleClass().add("detail-meta");
                body.getChildren().add(kinds);
            }
            if (f != null && f.status() == Status.MANUAL_PENDING && f.observed() != null && !f.observed().isBlank()) {
                body.getChildren().addAll(section("WHAT THE SCAN SAW"), mono(f.observed()));
            }
        }
        if (StepViewModel.answerable(i)) {
            if (i.answer() != null) {
                body.getChildren().add(answered(i.answer()));
            }
            body.getChildren().add(answerForm(i));
        }
        if (i.check().rationale() != null && !i.check().rationale().isBlank()) {
            body.getChildren().addAll(section("WHY IT MATTERS"), wrap(i.check().rationale()));
        }
        if (f != null && f.evidenceId() > 0) {
            VBox ev = new VBox(6);
            ev.setId("evidenceBox");
            ev.getChildren().add(meta("Loading evidence…"));
            body.getChildren().addAll(section("EVIDENCE"), ev);
            loadEvidence(f, ev);
        }
        if (i.check().remediation() != null && !i.check().remediation().isBlank()) {
            Button copy = copyButton(i.check().remediation());
            copy.setId("copyRemediation");
            body.getChildren().addAll(sectionWith("REMEDIATION", copy), wrap(i.check().remediation()));
        }
    }

    private void loadEvidence(Finding f, VBox into) {
        long gen = generation;
        long id = f.evidenceId();
        session.query("Loading evidence for " + f.checkId() + "…", p -> p.findings().evidence(id).map(ev -> {
            List<CommandOutput> outs;
            try {
                outs = EvidenceCodec.fromJson(ev.outputsJson());
            } catch (IllegalArgumentException e) {
                outs = List.of();
            }
            return new LoadedEvidence(ev, outs, EvidenceCodec.sha256(ev.outputsJson()).equals(ev.sha256()));
        }).orElse(null), loaded -> {
            if (gen != generation) {
                return;
            }
            into.getChildren().clear();
            if (loaded == null) {
                into.getChildren().add(meta("No evidence is stored for this result."));
                return;
            }
            Evidence ev = loaded.evidence();
            Label hash = new Label((loaded.hashMatches() ? "✓ sha256 " : "✕ sha256 does not match the stored output: ")
                    + ev.sha256());
            hash.getStyleClass().addAll("evidence-meta", loaded.hashMatches() ? "hash-ok" : "hash-bad");
            hash.setId("evidenceHash");
            hash.setWrapText(true);
            into.getChildren().add(meta("probe " + ev.probe() + " · collected " + WHEN.format(ev.collected()) + " · "
                    + ev.durationMillis() + " ms"));
            int n = 0;
            for (CommandOutput o : loaded.outputs()) {
                n++;
                Label cmd = mono("$ " + o.command());
                cmd.setWrapText(true);
                HBox.setHgrow(cmd, Priority.ALWAYS);
                cmd.setMaxWidth(Double.MAX_VALUE);
                String out = (o.stdout() == null ? "" : o.stdout())
                        + (o.stderr() == null || o.stderr().isEmpty() ? "" : "\n[stderr]\n" + o.stderr());
                HBox head = new HBox(8, cmd, copyButton(o.command() + "\n" + out));
                head.setAlignment(Pos.TOP_LEFT);
                TextArea text = new TextArea(out.strip().isEmpty() ? "(no output)" : out.stripTrailing());
                text.setEditable(false);
                text.setWrapText(false);
                text.getStyleClass().add("evidence-output");
                text.setPrefRowCount((int) Math.min(10, Math.max(2, out.lines().count() + 1)));
                String m = "cmd " + n + "/" + loaded.outputs().size() + " · exit " + o.exitCode() + " · "
                        + TIME.format(Instant.ofEpochMilli(o.startedEpochMillis())) + " · " + o.durationMillis() + " ms"
                        + (o.failure() == null ? "" : " · did not run: " + o.failure());
                Label ml = new Label(m);
                ml.getStyleClass().add("evidence-meta");
                ml.setWrapText(true);
                into.getChildren().addAll(head, text, ml);
            }
            into.getChildren().add(hash);
        });
    }

    private Node answered(Answer a) {
        VBox box = new VBox(4);
        box.setId("answeredBox");
        Bucket b = a.status() == Status.PASS ? Bucket.PASS : a.status() == Status.FAIL ? Bucket.FAIL : Bucket.NA;
        Label by = new Label("by " + a.answeredBy() + " at " + WHEN.format(a.answered()));
        by.setId("answeredBy");
        HBox line = new HBox(10, statusBadge(b), by);
        line.setAlignment(Pos.CENTER_LEFT);
        box.getChildren().addAll(section("ANSWER"), line);
        if (a.note() != null) {
            Label n = wrap(a.note());
            n.setId("answeredNote");
            box.getChildren().add(n);
        }
        for (Attachment att : a.attachments()) {
            box.getChildren().add(storedAttachment(att));
        }
        return box;
    }

    private Node storedAttachment(Attachment att) {
        Label name = new Label((isImage(att.mediaType()) ? "▣ " : "▤ ") + att.fileName());
        name.setTooltip(new Tooltip(att.fileName()));
        Label meta = new Label(size(att.size()) + " · sha256 " + shortHash(att.sha256()));
        meta.getStyleClass().add("evidence-meta");
        meta.setTooltip(new Tooltip("sha256 " + att.sha256()));
        VBox preview = new VBox();
        Button show = new Button(isImage(att.mediaType()) ? "Preview" : "Verify");
        show.setOnAction(e -> session.query("Reading " + att.fileName() + "…",
                p -> p.answers().content(att.id()).orElseThrow(() -> new IllegalStateException(att.fileName()
                        + " is no longer in the project")),
                bytes -> {
                    preview.getChildren().clear();
                    if (isImage(att.mediaType())) {
                        ImageView iv = new ImageView(new Image(new ByteArrayInputStream(bytes), 320, 240, true, true));
                        iv.getStyleClass().add("preview");
                        preview.getChildren().add(iv);
                    }
                    preview.getChildren().add(meta("✓ " + size(bytes.length) + " read; matches its recorded SHA-256"));
                }));
        Button copy = new Button("Save copy…");
        copy.setOnAction(e -> saveCopy(att));
        HBox row = new HBox(8, name, meta, show, copy);
        row.getStyleClass().add("attachment-row");
        return new VBox(4, row, preview);
    }

    private void saveCopy(Attachment att) {
        FileChooser fc = new FileChooser();
        fc.setInitialFileName(att.fileName());
        Path target = toPath(fc.showSaveDialog(getScene() == null ? null : getScene().getWindow()));
        if (target == null) {
            return;
        }
        session.query("Saving a copy of " + att.fileName() + "…", p -> {
            byte[] bytes = p.answers().content(att.id()).orElseThrow(() -> new IllegalStateException(att.fileName()
                    + " is no longer in the project"));
            try {
                Files.write(target, bytes);
            } catch (IOException ex) {
                throw new IllegalArgumentException("could not write " + target + ": " + ex.getMessage(), ex);
            }
            return target;
        }, t -> { });
    }

    private Node answerForm(Item i) {
        VBox box = new VBox(8);
        box.setId("answerForm");
        box.getChildren().add(section(i.answer() == null ? "YOUR ANSWER"
                : "CHANGE THE ANSWER (the new one supersedes; the old one stays in the history)"));
        HBox buttons = new HBox(8, pass, fail, na);
        buttons.setAlignment(Pos.CENTER_LEFT);
        Button photo = new Button("+ Photo");
        photo.setId("addPhoto");
        photo.setOnAction(e -> choose(true));
        Button doc = new Button("+ Document");
        doc.setId("addDocument");
        doc.setOnAction(e -> choose(false));
        HBox files = new HBox(8, photo, doc);
        box.getChildren().addAll(buttons, note, rule, files, pendingBox, new HBox(12, save, advance), saveError);
        renderPending();
        return box;
    }

    private void renderPending() {
        pendingBox.getChildren().clear();
        for (Pending p : pending) {
            Node thumb = p.preview() == null ? new Label("▤") : new ImageView(p.preview());
            Label name = new Label(p.fileName());
            name.setTooltip(new Tooltip(p.fileName()));
            Label meta = new Label(p.mediaType() + " · " + size(p.content().length) + " · sha256 " + shortHash(p.sha256()));
            meta.getStyleClass().add("evidence-meta");
            meta.setTooltip(new Tooltip("sha256 " + p.sha256()));
            Button remove = new Button("×");
            remove.setAccessibleText("Remove " + p.fileName());
            remove.setOnAction(e -> pending.remove(p));
            HBox row = new HBox(8, thumb, new VBox(2, name, meta), remove);
            row.getStyleClass().add("attachment-row");
            pendingBox.getChildren().add(row);
        }
    }

    // ---- answering -------------------------------------------------------------------------------------------

    /** Chooses Pass, Fail or N/A (keys P/F/N); Fail and N/A move focus to the note. */
    boolean choose(Status s) {
        if (item == null || !StepViewModel.answerable(item)) {
            return false;
        }
        ToggleButton b = s == Status.PASS ? pass : s == Status.FAIL ? fail : na;
        answerGroup.selectToggle(b);
        if (s != Status.PASS) {
            note.requestFocus();
        }
        return true;
    }

    private Status chosen() {
        return answerGroup.getSelectedToggle() == null ? null : (Status) answerGroup.getSelectedToggle().getUserData();
    }

    private void validate() {
        Status s = chosen();
        String problem = StepViewModel.answerProblem(s, note.getText());
        rule.getStyleClass().remove("violated");
        if (problem == null) {
            rule.setText("A note is required for Fail and N/A.");
        } else {
            rule.setText(problem);
            if (s != null) {
                rule.getStyleClass().add("violated");
            }
        }
        save.setDisable(saving || problem != null || item == null);
    }

    private void choose(boolean photo) {
        FileChooser fc = new FileChooser();
        fc.setTitle(photo ? "Attach a photo" : "Attach a document");
        if (photo) {
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Images", "*.png", "*.jpg", "*.jpeg", "*.gif"));
        } else {
            fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Documents", "*.pdf", "*.txt", "*.log",
                    "*.csv", "*.xml", "*.json", "*.html"), new FileChooser.ExtensionFilter("All files", "*"));
        }
        List<java.io.File> chosen = fc.showOpenMultipleDialog(getScene() == null ? null : getScene().getWindow());
        if (chosen != null) {
            chosen.forEach(f -> attach(f.toPath()));
        }
    }

    /** Reads a file for the draft answer in the background and adds it with its hash and preview. */
    Task<Pending> attach(Path file) {
        String forKey = key;
        return session.query("Reading " + file.getFileName() + "…", p -> read(file), r -> {
            if (forKey != null && forKey.equals(key)) {
                pending.add(r);
            }
        });
    }

    static Pending read(Path file) {
        try {
            long size = Files.size(file);
            if (size > AnswerRepository.MAX_ATTACHMENT_BYTES) {
                throw new IllegalArgumentException(file.getFileName() + " is " + size / (1024 * 1024)
                        + " MB; attachments are limited to " + AnswerRepository.MAX_ATTACHMENT_BYTES / (1024 * 1024) + " MB");
            }
            byte[] bytes = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            String type = mediaType(name);
            Image preview = null;
            if (isImage(type)) {
                Image img = new Image(new ByteArrayInputStream(bytes), 96, 72, true, true);
                preview = img.isError() ? null : img;
            }
            return new Pending(name, type, bytes, sha256(bytes), preview);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot attach " + file + ": " + e.getMessage(), e);
        }
    }

    static String mediaType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String ext = dot < 0 ? "" : n.substring(dot + 1);
        return switch (ext) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "pdf" -> "application/pdf";
            case "txt", "log" -> "text/plain";
            case "csv" -> "text/csv";
            case "json" -> "application/json";
            case "xml" -> "application/xml";
            case "html", "htm" -> "text/html";
            default -> "application/octet-stream";
        };
    }

    private void save() {
        Item i = item;
        Status s = chosen();
        if (i == null || StepViewModel.answerProblem(s, note.getText()) != null) {
            return;
        }
        long hostId = hostId(i);
        if (hostId < 0) {
            showSaveError("The host " + i.host() + " is no longer in the project; reload and try again.");
            return;
        }
        ProjectInfo info = session.infoProperty().get();
        String by = info != null && info.assessor() != null && !info.assessor().isBlank() ? info.assessor()
                : System.getProperty("user.name");
        List<NewAttachment> files = new ArrayList<>();
        for (Pending p : pending) {
            files.add(new NewAttachment(p.fileName(), p.mediaType(), p.content()));
        }
        String text = note.getText();
        String itemKey = key;
        saving = true;
        saveError.setVisible(false);
        validate();
        Task<Answer> t = session.submit("Saving the answer to " + i.check().id() + "…",
                p -> p.answers().record(hostId, i.guest(), i.check().id(), s, text, by, files), a -> {
                    saving = false;
                    validate();
                    afterSave.accept(advance.isSelected() ? itemKey : null);
                    session.reload();
                });
        t.addEventHandler(WorkerStateEvent.WORKER_STATE_FAILED, e -> {
            saving = false;
            validate();
            showSaveError("Not saved: " + ProjectSession.describe(t.getException()) + " Your answer is still here; try again.");
        });
    }

    private void showSaveError(String m) {
        saveError.setText(m);
        saveError.setVisible(true);
    }

    private long hostId(Item i) {
        if (i.answer() != null) {
            return i.answer().hostId();
        }
        if (i.finding() != null) {
            return i.finding().hostId();
        }
        for (HostConfig h : session.hosts()) {
            if (h.name().equalsIgnoreCase(i.host())) {
                return h.id();
            }
        }
        return -1;
    }

    ObservableList<Pending> pending() {
        return pending;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private Button copyButton(String text) {
        Button b = new Button("Copy");
        b.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(text);
            Clipboard.getSystemClipboard().setContent(c);
        });
        return b;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    private static Node sectionWith(String text, Button b) {
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox h = new HBox(section(text), gap, b);
        h.setAlignment(Pos.BOTTOM_LEFT);
        return h;
    }

    private static Label wrap(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label mono(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("mono");
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label meta(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("detail-meta");
        l.setWrapText(true);
        l.setPadding(Insets.EMPTY);
        return l;
    }

    private static String blankDash(String s) {
        return s == null || s.isBlank() ? "—" : s;
    }

    static boolean isImage(String type) {
        return type != null && (type.equals("image/png") || type.equals("image/jpeg") || type.equals("image/gif"));
    }

    static String size(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
    }

    static String shortHash(String h) {
        return h == null || h.length() < 12 ? String.valueOf(h) : h.substring(0, 8) + "…" + h.substring(h.length() - 4);
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path toPath(java.io.File f) {
        return f == null ? null : f.toPath();
    }
}
