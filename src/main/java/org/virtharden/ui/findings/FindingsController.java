package org.virtharden.ui.findings;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.virtharden.catalog.CommandOutput;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Frameworks;
import org.virtharden.catalog.Severity;
import org.virtharden.catalog.Status;
import org.virtharden.model.Evidence;
import org.virtharden.model.FalsePositive;
import org.virtharden.model.Finding;
import org.virtharden.model.Waiver;
import org.virtharden.model.WaiverRevision;
import org.virtharden.scan.EvidenceCodec;
import org.virtharden.ui.Fxml;
import org.virtharden.ui.session.ProjectSession;

/**
 * Binds FindingsView.fxml to the {@link FindingsViewModel} and forwards the operator's actions to it. The table's
 * cells, the detail drawer (built per selected row) and the waive, renew and false-positive dialogs are made here in
 * Java; all project work goes through the view model. Registered as {@code findings} in {@code ScreenCatalog}.
 */
public final class FindingsController {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final FindingsViewModel vm;
    private final Parent root;
    private final VBox evidenceBox = new VBox(6);
    private long shownFinding = -1;
    private FindingRow current;

    @FXML private Label summary;
    @FXML private ToggleButton chipCritical;
    @FXML private ToggleButton chipHigh;
    @FXML private ToggleButton chipMedium;
    @FXML private ToggleButton chipLow;
    @FXML private ToggleButton chipOpen;
    @FXML private ToggleButton chipWaived;
    @FXML private ToggleButton chipFixed;
    @FXML private ToggleButton chipFalsePositive;
    @FXML private TextField filterText;
    @FXML private ComboBox<Status> filterStatus;
    @FXML private ComboBox<Severity> filterSeverity;
    @FXML private ComboBox<Domain> filterDomain;
    @FXML private ComboBox<String> filterHost;
    @FXML private ComboBox<String> filterGuest;
    @FXML private ComboBox<Frameworks.Framework> filterFramework;
    @FXML private TableView<FindingRow> table;
    @FXML private VBox detail;

    public FindingsController(ProjectSession session) {
        this(new FindingsViewModel(session));
    }

    public FindingsController(FindingsViewModel vm) {
        this.vm = vm;
        this.root = Fxml.load("FindingsView.fxml", this);
    }

    /** The board's root node, for the main window. */
    public Parent root() {
        return root;
    }

    public FindingsViewModel viewModel() {
        return vm;
    }

    @FXML
    private void initialize() {
        summary.textProperty().bind(vm.summaryProperty());
        filterText.textProperty().bindBidirectional(vm.textProperty());
        combo(filterStatus, "Any status", FXCollections.observableArrayList(Status.FAIL, Status.WARN, Status.ERROR, Status.MANUAL_PENDING,
                Status.WAIVED, Status.PASS, Status.NOT_APPLICABLE), s -> Glyphs.glyph(s) + " " + Glyphs.word(s), vm.statusProperty());
        combo(filterSeverity, "Any severity", FXCollections.observableArrayList(Severity.values()), Glyphs::severity, vm.severityProperty());
        combo(filterDomain, "Any checklist", FXCollections.observableArrayList(Domain.values()), Domain::title, vm.domainProperty());
        combo(filterHost, "Any host", vm.hostNames(), s -> s, vm.hostProperty());
        combo(filterGuest, "Any guest", vm.guestNames(), s -> s, vm.guestProperty());
        combo(filterFramework, "Any framework", FXCollections.observableArrayList(Frameworks.known()), Frameworks.Framework::title,
                vm.frameworkProperty());
        chips(Map.of(chipCritical, Severity.CRITICAL, chipHigh, Severity.HIGH, chipMedium, Severity.MEDIUM, chipLow, Severity.LOW),
                vm.severityProperty(), s -> Bindings.concat(Glyphs.severity(s).substring(5), " ", vm.openCount(s)));
        chips(Map.of(chipOpen, FindingState.OPEN, chipWaived, FindingState.WAIVED, chipFixed, FindingState.FIXED, chipFalsePositive,
                FindingState.FALSE_POSITIVE), vm.stateProperty(), s -> Bindings.concat(s.label(), " ", vm.count(s)));
        buildTable();
        showDetail(null);
        // a row that leaves the filtered list (e.g. just waived under a FAIL filter) stays in the detail pane
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                showDetail(b);
            }
        });
        vm.changedProperty().addListener((o, a, b) -> {
            table.refresh();
            if (current != null) {
                showDetail(vm.rows().contains(current) ? current : null);
            }
        });
        table.setOnKeyPressed(e -> {
            FindingRow r = table.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.W && !e.isShortcutDown() && r != null && r.state() == FindingState.OPEN
                    && Waiver.waivable(r.finding())) {
                e.consume();
                waiveDialog(r.finding(), r.lapsedWaiver());
            }
        });
    }

    @FXML
    private void clearFilters() {
        vm.clearFilters();
    }

    /** One toggle group of chips bound both ways to a filter property; the chip shows the count. */
    private static <T> void chips(Map<ToggleButton, T> chips, ObjectProperty<T> filter, Function<T, ObservableValue<String>> text) {
        ToggleGroup g = new ToggleGroup();
        chips.forEach((b, v) -> {
            b.setUserData(v);
            b.setToggleGroup(g);
            b.textProperty().bind(text.apply(v));
        });
        g.selectedToggleProperty().addListener((o, a, b) -> {
            @SuppressWarnings("unchecked")
            T v = b == null ? null : (T) b.getUserData();
            if (filter.get() != v) {
                filter.set(v);
            }
        });
        filter.addListener((o, a, b) -> {
            Toggle t = chips.entrySet().stream().filter(e -> e.getValue().equals(b)).map(Map.Entry::getKey).findFirst().orElse(null);
            if (g.getSelectedToggle() != t) {
                g.selectToggle(t);
            }
        });
    }

    private static <T> void combo(ComboBox<T> c, String any, ObservableList<T> values, Function<T, String> label, ObjectProperty<T> prop) {
        ObservableList<T> withAny = FXCollections.observableArrayList();
        withAny.add(null);
        withAny.addAll(values);
        values.addListener((ListChangeListener<T>) ch -> {
            List<T> now = new java.util.ArrayList<>();
            now.add(null);
            now.addAll(values);
            withAny.setAll(now);
        });
        c.setItems(withAny);
        c.setPromptText(any);
        c.setConverter(new StringConverter<>() {
            @Override
            public String toString(T t) {
                return t == null ? any : label.apply(t);
            }

            @Override
            public T fromString(String s) {
                return null;
            }
        });
        c.setButtonCell(cell(any, label));
        c.setCellFactory(v -> cell(any, label));
        c.valueProperty().bindBidirectional(prop);
    }

    private static <T> void combo(ComboBox<String> c, String any, ObservableList<String> values, Function<String, String> label,
            javafx.beans.property.StringProperty prop) {
        ObjectProperty<String> bridge = new javafx.beans.property.SimpleObjectProperty<>();
        bridge.bindBidirectional(prop);
        c.getProperties().put("vh-bridge", bridge);
        combo(c, any, values, label, bridge);
    }

    private static <T> ListCell<T> cell(String any, Function<T, String> label) {
        return new ListCell<>() {
            @Override
            protected void updateItem(T t, boolean empty) {
                super.updateItem(t, empty);
                setText(empty ? null : t == null ? any : label.apply(t));
            }
        };
    }

    private void buildTable() {
        table.setPlaceholder(new Label("No findings match. Findings come from a scan: FAIL, WARN and ERROR results need attention."));
        TableColumn<FindingRow, FindingRow> status = new TableColumn<>("Status");
        status.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        status.setComparator((a, b) -> Integer.compare(FindingsViewModel.order(b.status()), FindingsViewModel.order(a.status())));
        status.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(FindingRow r, boolean empty) {
                super.updateItem(r, empty);
                setText(null);
                setGraphic(empty || r == null ? null : statusLabel(r));
            }
        });
        status.setPrefWidth(140);
        TableColumn<FindingRow, Severity> sev = col("Severity", r -> r.finding().severity(), 110);
        sev.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Severity s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : Glyphs.severity(s));
                if (!getStyleClass().contains("vh-severity")) {
                    getStyleClass().add("vh-severity");
                }
            }
        });
        TableColumn<FindingRow, String> domain = col("Checklist", r -> r.finding().domain().title(), 110);
        TableColumn<FindingRow, String> host = col("Host", r -> r.finding().hostName(), 90);
        TableColumn<FindingRow, String> guest = col("Guest", r -> r.finding().guest() == null ? "" : r.finding().guest(), 80);
        TableColumn<FindingRow, String> check = col("Check", r -> r.finding().checkId(), 70);
        TableColumn<FindingRow, String> title = col("Title", r -> r.finding().title(), 240);
        TableColumn<FindingRow, String> state = col("State", r -> r.state().label(), 70);
        TableColumn<FindingRow, FindingRow> waiver = new TableColumn<>("Waiver");
        waiver.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        waiver.setSortable(false);
        waiver.setPrefWidth(170);
        waiver.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(FindingRow r, boolean empty) {
                super.updateItem(r, empty);
                setText(null);
                setGraphic(empty || r == null ? null : waiverCell(r));
            }
        });
        TableColumn<FindingRow, String> observed = col("Observed", r -> oneLine(r.finding().observed()), 200);
        // keep the short columns readable; names from the host (guests) never push them out (truncated, tooltip)
        status.setMinWidth(120);
        check.setMinWidth(72);
        state.setMinWidth(64);
        waiver.setMinWidth(190);
        sev.setMinWidth(118);
        host.setMinWidth(86);
        domain.setMaxWidth(130);
        guest.setMaxWidth(140);
        host.setMaxWidth(160);
        table.getColumns().setAll(List.of(status, sev, domain, host, guest, check, title, state, waiver, observed));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(FindingRow r, boolean empty) {
                super.updateItem(r, empty);
                setAccessibleText(empty || r == null ? null : r.accessibleText());
            }
        });
        // the table sorts the SortedList; with no sort column it falls back to the board's default order
        vm.sorted().comparatorProperty().bind(Bindings.createObjectBinding(
                () -> table.getComparator() == null ? FindingsViewModel.DEFAULT_ORDER : table.getComparator(),
                table.comparatorProperty()));
        table.setItems(vm.sorted());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    }

    private static Label statusLabel(FindingRow r) {
        if (r.falsePositive() != null) {
            // not the FAIL/WARN glyph: the result is judged wrong; a neutral shape with the words
            Label l = new Label("FALSE POSITIVE");
            Label g = new Label("⊘");
            g.getStyleClass().addAll("vh-glyph", "status-WAIVED");
            l.setGraphic(g);
            l.getStyleClass().addAll("vh-status", "vh-false-positive");
            return l;
        }
        return Glyphs.statusLabel(r.status());
    }

    /** "⛨ 2027-02-20" (+ "expires soon"), "expired 2026-10-01" or "revoked", or nothing. */
    private Node waiverCell(FindingRow r) {
        Waiver w = r.waiver();
        if (w != null) {
            Label l = new Label("⛨ " + w.expiryDate());
            l.setMinWidth(Region.USE_PREF_SIZE);
            if (r.expiringSoon(vm.now())) {
                Label b = badge("expires soon", "vh-badge");
                b.setMinWidth(Region.USE_PREF_SIZE);
                return new HBox(6, l, b);
            }
            return l;
        }
        Waiver lapsed = r.lapsedWaiver();
        if (lapsed != null) {
            return badge(lapsed.revoked() != null ? "revoked" : "expired " + lapsed.expiryDate(), "vh-badge-lapsed");
        }
        return null;
    }

    private static Label badge(String text, String style) {
        Label b = new Label(text);
        b.getStyleClass().add(style);
        return b;
    }

    private static <T> TableColumn<FindingRow, T> col(String name, Function<FindingRow, T> value, double width) {
        TableColumn<FindingRow, T> c = new TableColumn<>(name);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(value.apply(cd.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ');
    }

    private void showDetail(FindingRow row) {
        current = row;
        detail.getChildren().clear();
        if (row == null) {
            shownFinding = -1;
            Label hint = new Label("Select a finding to see what was observed, the evidence with its SHA-256, and to waive it"
                    + " or mark it a false positive.");
            hint.getStyleClass().add("empty-hint");
            hint.setWrapText(true);
            detail.getChildren().add(hint);
            return;
        }
        Finding f = row.finding();
        Label title = new Label(f.checkId() + " · " + f.title());
        title.getStyleClass().add("vh-detail-title");
        title.setWrapText(true);
        Label target = new Label(f.hostName() + (f.guest() == null ? "" : " ▸ guest " + f.guest()) + " · " + f.domain().title());
        Label st = statusLabel(row);
        st.setId("detail-status");
        Label sev = new Label(Glyphs.severity(f.severity()));
        sev.getStyleClass().add("vh-severity");
        HBox badges = new HBox(16, st, sev, target);
        badges.setAlignment(Pos.CENTER_LEFT);
        if (row.state() == FindingState.FIXED) {
            badges.getChildren().add(badge("fixed: failed in an earlier run", "vh-badge-lapsed"));
        }

        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(4);
        addFact(facts, 0, "Observed", f.observed());
        addFact(facts, 1, "Expected", f.expected());
        addFact(facts, 2, "Reason", f.reason());
        detail.getChildren().addAll(title, badges, facts);

        HBox actions = new HBox(8);
        actions.setAlignment(Pos.CENTER_LEFT);
        FalsePositive fp = row.falsePositive();
        Waiver w = row.waiver();
        Waiver lapsed = row.lapsedWaiver();
        if (fp != null) {
            Label l = new Label("False positive, marked by " + fp.author() + " on " + UTC_TIME.format(fp.created()) + ": " + fp.reason());
            l.setWrapText(true);
            l.setId("detail-false-positive");
            detail.getChildren().add(l);
            Button revoke = new Button("Revoke false positive");
            revoke.setId("fp-revoke-button");
            revoke.setOnAction(e -> vm.revokeFalsePositive(fp, vm.defaultAuthor().isBlank() ? System.getProperty("user.name")
                    : vm.defaultAuthor()));
            actions.getChildren().add(revoke);
        } else if (w != null) {
            detail.getChildren().add(waiverLine(w, "detail-waiver"));
            if (row.expiringSoon(vm.now())) {
                Label b = badge("expires within " + Waiver.EXPIRING_DAYS + " days", "vh-badge");
                b.setId("detail-expiring");
                detail.getChildren().add(b);
            }
            actions.getChildren().addAll(renewButton(f, w, "Renew / edit…"), revokeButton(w));
        } else if (lapsed != null) {
            Label l = waiverLine(lapsed, "detail-waiver-lapsed");
            Label b = badge(lapsed.revoked() != null ? "revoked " + UTC_TIME.format(lapsed.revoked()) : "expired " + lapsed.expiryDate(),
                    "vh-badge-lapsed");
            b.setId("detail-lapsed");
            detail.getChildren().addAll(new HBox(8, b, new Label("the finding is open again")), l);
            actions.getChildren().add(renewButton(f, lapsed, "Renew…"));
        }
        if (fp == null && w == null && lapsed == null) {
            Button waive = new Button("Waive…  W");
            waive.setId("waive-button");
            waive.setDisable(!Waiver.waivable(f));
            if (!Waiver.waivable(f)) {
                waive.setTooltip(new Tooltip("Only FAIL and WARN results can be waived; an ERROR has to be re-run."));
            }
            waive.setOnAction(e -> waiveDialog(f, null));
            actions.getChildren().add(waive);
        }
        if (fp == null && w == null) {
            Button mark = new Button("False positive…");
            mark.setId("fp-button");
            mark.setDisable(!FalsePositive.markable(f));
            mark.setOnAction(e -> falsePositiveDialog(f));
            actions.getChildren().add(mark);
        }
        detail.getChildren().add(actions);
        Waiver withHistory = w != null ? w : lapsed;
        if (withHistory != null && withHistory.renewed() != null) {
            VBox hist = new VBox(2);
            hist.setId("waiver-history");
            Label ht = new Label("WAIVER HISTORY");
            ht.getStyleClass().add("vh-section");
            detail.getChildren().addAll(ht, hist);
            vm.history(withHistory, revs -> {
                for (WaiverRevision r : revs) {
                    Label l = new Label("Until " + UTC_TIME.format(r.replaced()) + ": until " + r.expires().atOffset(ZoneOffset.UTC).toLocalDate()
                            + ", approved by " + r.approver() + ", recorded by " + r.author()
                            + (r.revoked() == null ? "" : ", revoked " + UTC_TIME.format(r.revoked())) + " — " + r.justification()
                            + " (renewed by " + r.replacedBy() + ")");
                    l.setWrapText(true);
                    l.getStyleClass().add("vh-history");
                    hist.getChildren().add(l);
                }
            });
        }
        Label evTitle = new Label("EVIDENCE");
        evTitle.getStyleClass().add("vh-section");
        detail.getChildren().addAll(evTitle, evidenceBox);
        loadEvidence(f);
    }

    private static Label waiverLine(Waiver w, String id) {
        Label wl = new Label("⛨ Waiver #" + w.id() + " for " + w.scopeText() + ", until " + w.expiryDate() + " (UTC) · approved by "
                + w.approver() + " · recorded by " + w.author() + ": " + w.justification());
        wl.setWrapText(true);
        wl.setId(id);
        return wl;
    }

    private Button renewButton(Finding f, Waiver w, String text) {
        Button renew = new Button(text);
        renew.setId("renew-button");
        renew.setOnAction(e -> waiveDialog(f, w));
        return renew;
    }

    private Button revokeButton(Waiver w) {
        Button revoke = new Button("Revoke waiver");
        revoke.setId("revoke-button");
        revoke.setOnAction(e -> vm.revoke(w));
        return revoke;
    }

    private static void addFact(GridPane g, int row, String name, String value) {
        Label n = new Label(name);
        n.getStyleClass().add("vh-section");
        n.setMinWidth(Region.USE_PREF_SIZE);
        Label v = new Label(value == null || value.isBlank() ? "—" : value);
        v.setWrapText(true);
        v.getStyleClass().add("vh-mono");
        g.add(n, 0, row);
        g.add(v, 1, row);
        GridPane.setHgrow(v, Priority.ALWAYS);
    }

    private void loadEvidence(Finding f) {
        shownFinding = f.id();
        evidenceBox.getChildren().setAll(new Label(f.evidenceId() == 0 ? "No evidence was collected for this result." : "Reading evidence…"));
        if (f.evidenceId() == 0) {
            return;
        }
        vm.evidence(f, ev -> {
            if (shownFinding == f.id()) {
                showEvidence(ev);
            }
        });
    }

    private void showEvidence(Optional<Evidence> found) {
        evidenceBox.getChildren().clear();
        if (found.isEmpty()) {
            evidenceBox.getChildren().add(new Label("The evidence record is missing from the project file."));
            return;
        }
        Evidence ev = found.get();
        boolean matches = EvidenceCodec.sha256(ev.outputsJson()).equals(ev.sha256());
        Label sha = new Label("SHA-256 " + ev.sha256());
        sha.setId("evidence-sha");
        sha.getStyleClass().add("vh-sha");
        Label check = new Label(matches ? "✓ matches the stored output" : "✕ does NOT match the stored output");
        check.getStyleClass().add(matches ? "status-PASS" : "vh-error");
        Label meta = new Label("Probe " + ev.probe() + " · collected " + TIME.format(ev.collected()) + " · " + ev.durationMillis() + " ms");
        evidenceBox.getChildren().addAll(new HBox(12, sha, check), meta);
        List<CommandOutput> outputs;
        try {
            outputs = EvidenceCodec.fromJson(ev.outputsJson());
        } catch (IllegalArgumentException e) {
            evidenceBox.getChildren().add(new Label(e.getMessage()));
            return;
        }
        int n = 0;
        for (CommandOutput o : outputs) {
            n++;
            Label cmd = new Label("$ " + o.command());
            cmd.getStyleClass().add("vh-mono");
            cmd.setWrapText(true);
            Label info = new Label("command " + n + " of " + outputs.size() + " · exit " + o.exitCode() + " · "
                    + TIME.format(Instant.ofEpochMilli(o.startedEpochMillis())) + " · " + o.durationMillis() + " ms"
                    + (o.failure() == null ? "" : " · " + o.failure()));
            TextArea out = new TextArea(o.stdout() + (o.stderr() == null || o.stderr().isEmpty() ? "" : "\n[stderr]\n" + o.stderr()));
            out.setEditable(false);
            out.setWrapText(false);
            out.getStyleClass().add("vh-output");
            out.setPrefRowCount(Math.min(8, Math.max(2, (int) out.getText().lines().count())));
            evidenceBox.getChildren().addAll(cmd, info, out);
        }
    }

    /** Waive a finding, or ({@code renewing} given) renew or edit that waiver in place: same fields, scope fixed. */
    private void waiveDialog(Finding f, Waiver renewing) {
        Dialog<ButtonType> d = new Dialog<>();
        String target = f.hostName() + (f.guest() == null ? "" : " ▸ " + f.guest());
        d.setTitle(renewing == null ? "Waive " + f.checkId() : "Renew waiver #" + renewing.id());
        d.setHeaderText(renewing == null
                ? "Waive " + f.checkId() + " on " + target + "\nThe result stays in the report as WAIVED until the expiry date."
                : "Renew waiver #" + renewing.id() + " (" + f.checkId() + ", " + renewing.scopeText() + ")\n"
                        + "The waiver keeps its number; what it said until now stays in its history.");
        d.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
        TextArea why = new TextArea(renewing == null ? "" : renewing.justification());
        why.setId("waive-justification");
        why.setPromptText("Why is this risk accepted? (required)");
        why.setPrefRowCount(3);
        why.setWrapText(true);
        TextField approver = new TextField(renewing == null ? vm.lastApprover() : renewing.approver());
        approver.setId("waive-approver");
        approver.setPromptText("Who accepted the risk, e.g. the client's risk owner (required)");
        TextField author = new TextField(vm.defaultAuthor());
        author.setId("waive-author");
        DatePicker expires = new DatePicker(LocalDate.now(ZoneOffset.UTC).plusDays(Waiver.DEFAULT_DAYS));
        expires.setId("waive-expires");
        ToggleGroup scope = new ToggleGroup();
        RadioButton one = new RadioButton(f.guest() == null ? "This host (" + f.hostName() + ")" : "This guest (" + f.guest() + " on "
                + f.hostName() + ")");
        one.setId("waive-scope-target");
        RadioButton all = new RadioButton("All hosts and guests, for " + f.checkId());
        all.setId("waive-scope-all");
        one.setToggleGroup(scope);
        all.setToggleGroup(scope);
        (renewing != null && renewing.allHosts() ? all : one).setSelected(true);
        one.setDisable(renewing != null);
        all.setDisable(renewing != null);
        Label problem = new Label();
        problem.setId("waive-problem");
        problem.getStyleClass().add("vh-error");
        problem.setWrapText(true);
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.addRow(0, new Label("Justification"), why);
        g.addRow(1, new Label("Approved by"), approver);
        g.addRow(2, new Label("Recorded by"), author);
        g.addRow(3, new Label("Expires (UTC)"), expires);
        g.add(new Label("Default: " + Waiver.DEFAULT_DAYS + " days. The waiver applies through the end of that day; within "
                + Waiver.EXPIRING_DAYS + " days of it the board badges it."), 1, 4);
        g.addRow(5, new Label("Scope"), new VBox(4, one, all));
        g.add(problem, 1, 6);
        d.getDialogPane().setContent(g);
        ButtonType save = new ButtonType(renewing == null ? "Waive" : "Renew", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(save, ButtonType.CANCEL);
        Node ok = d.getDialogPane().lookupButton(save);
        ok.setId("waive-ok");
        ObservableValue<String> why1 = Bindings.createStringBinding(() -> {
            if (why.getText().isBlank()) {
                return "Say why the risk is accepted.";
            }
            if (approver.getText().isBlank()) {
                return "Name who approved the risk.";
            }
            if (author.getText().isBlank()) {
                return "Name who records the waiver.";
            }
            if (expires.getValue() == null || expires.getValue().isBefore(LocalDate.now(ZoneOffset.UTC))) {
                return "The expiry must be today or later.";
            }
            return "";
        }, why.textProperty(), approver.textProperty(), author.textProperty(), expires.valueProperty());
        problem.textProperty().bind(why1);
        ok.disableProperty().bind(Bindings.createBooleanBinding(() -> !why1.getValue().isEmpty(), why1));
        d.setOnHidden(e -> {
            if (d.getResult() == save) {
                Instant until = Waiver.endOf(expires.getValue());
                if (renewing == null) {
                    vm.waive(f, all.isSelected(), why.getText(), approver.getText(), author.getText(), until);
                } else {
                    vm.renew(renewing, why.getText(), approver.getText(), author.getText(), until);
                }
            }
        });
        d.show();
    }

    private void falsePositiveDialog(Finding f) {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("False positive " + f.checkId());
        d.setHeaderText("Mark " + f.checkId() + " on " + f.hostName() + (f.guest() == null ? "" : " ▸ " + f.guest())
                + " as a false positive\nIt leaves the open counts and shows as FALSE POSITIVE until revoked; the reason is kept.");
        d.initOwner(root.getScene() == null ? null : root.getScene().getWindow());
        TextArea reason = new TextArea();
        reason.setId("fp-reason");
        reason.setPromptText("Why is this result wrong? (required)");
        reason.setPrefRowCount(3);
        reason.setWrapText(true);
        TextField author = new TextField(vm.defaultAuthor());
        author.setId("fp-author");
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.addRow(0, new Label("Reason"), reason);
        g.addRow(1, new Label("Marked by"), author);
        d.getDialogPane().setContent(g);
        ButtonType save = new ButtonType("Mark false positive", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(save, ButtonType.CANCEL);
        Node ok = d.getDialogPane().lookupButton(save);
        ok.setId("fp-ok");
        ok.disableProperty().bind(Bindings.createBooleanBinding(() -> reason.getText().isBlank() || author.getText().isBlank(),
                reason.textProperty(), author.textProperty()));
        d.setOnHidden(e -> {
            if (d.getResult() == save) {
                vm.markFalsePositive(f, reason.getText(), author.getText());
            }
        });
        d.show();
    }
}
