package org.virtharden.ui.findings;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
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
import org.virtharden.model.Finding;
import org.virtharden.model.Waiver;
import org.virtharden.scan.EvidenceCodec;
import org.virtharden.ui.session.ProjectSession;

/**
 * The findings board (ux.md §2 C): a filterable, sortable table of the latest run's results and a detail pane
 * with the evidence (each command, its output, exit code and time, and the SHA-256), waive and revoke. The main
 * window shows it with {@code Screens.register("findings", FindingsView::new)}.
 */
public final class FindingsView extends BorderPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final ProjectSession session;
    private final FindingsViewModel vm;
    private final TableView<FindingRow> table = new TableView<>();
    private final VBox detail = new VBox();
    private final VBox evidenceBox = new VBox(6);
    private long shownFinding = -1;
    private FindingRow current;

    public FindingsView(ProjectSession session) {
        this.session = session;
        this.vm = new FindingsViewModel(session.catalog());
        getStyleClass().add("findings");
        getStylesheets().add(FindingsView.class.getResource("findings.css").toExternalForm());
        setId("findings-view");

        setTop(filters());
        buildTable();
        detail.getStyleClass().add("vh-detail");
        detail.setId("finding-detail");
        ScrollPane detailScroll = new ScrollPane(detail);
        detailScroll.setFitToWidth(true);
        SplitPane split = new SplitPane(table, detailScroll);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        setCenter(split);
        showDetail(null);

        vm.setFindings(session.findings());
        session.findings().addListener((ListChangeListener<Finding>) c -> {
            vm.setFindings(session.findings());
            loadWaivers();
        });
        // a row that leaves the filtered list (e.g. just waived under a FAIL filter) stays in the detail pane
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                showDetail(b);
            }
        });
        loadWaivers();
    }

    /** The view model (for the main window's status bar and for tests). */
    public FindingsViewModel viewModel() {
        return vm;
    }

    /** Reads the waivers again (after a waive or revoke, or a reload). */
    public void loadWaivers() {
        if (session.fileProperty().get() == null) {
            return;
        }
        session.query("Reading waivers…", p -> p.waivers().all(), all -> {
            vm.setWaivers(all, Instant.now());
            table.refresh();
            if (current != null) {
                showDetail(vm.rows().contains(current) ? current : null);
            }
        });
    }

    private Node filters() {
        Label title = new Label("Findings");
        title.getStyleClass().add("vh-title");
        Label summary = new Label();
        summary.getStyleClass().add("vh-summary");
        summary.setId("findings-summary");
        summary.textProperty().bind(vm.summaryProperty());
        HBox head = new HBox(12, title, summary);
        head.setAlignment(javafx.geometry.Pos.BASELINE_LEFT);

        TextField text = new TextField();
        text.setId("filter-text");
        text.setPromptText("⌕ Filter: host, guest, check, title, observed, reason");
        text.setPrefColumnCount(16);
        text.textProperty().bindBidirectional(vm.textProperty());

        ComboBox<Status> status = combo("filter-status", "Any status", List.of(Status.FAIL, Status.WARN, Status.ERROR,
                Status.MANUAL_PENDING, Status.WAIVED, Status.PASS, Status.NOT_APPLICABLE), s -> Glyphs.glyph(s) + " " + Glyphs.word(s));
        status.valueProperty().bindBidirectional(vm.statusProperty());
        ComboBox<Severity> sev = combo("filter-severity", "Any severity", List.of(Severity.values()), Glyphs::severity);
        sev.valueProperty().bindBidirectional(vm.severityProperty());
        ComboBox<Domain> dom = combo("filter-domain", "Any checklist", List.of(Domain.values()), Domain::title);
        dom.valueProperty().bindBidirectional(vm.domainProperty());
        ComboBox<String> host = combo("filter-host", "Any host", vm.hostNames(), s -> s);
        host.valueProperty().bindBidirectional(vm.hostProperty());
        ComboBox<String> guest = combo("filter-guest", "Any guest", vm.guestNames(), s -> s);
        guest.valueProperty().bindBidirectional(vm.guestProperty());
        ComboBox<Frameworks.Framework> fw = combo("filter-framework", "Any framework", Frameworks.known(), Frameworks.Framework::title);
        fw.valueProperty().bindBidirectional(vm.frameworkProperty());
        Button clear = new Button("Clear filters");
        clear.setId("filter-clear");
        clear.setOnAction(e -> vm.clearFilters());

        FlowPane row = new FlowPane(8, 6, text, status, sev, dom, host, guest, fw, clear);
        VBox box = new VBox(6, head, row);
        box.getStyleClass().add("vh-toolbar");
        return box;
    }

    private static <T> ComboBox<T> combo(String id, String any, List<T> values, Function<T, String> label) {
        ObservableList<T> items = values instanceof ObservableList<T> o ? o : FXCollections.observableArrayList(values);
        ObservableList<T> withAny = FXCollections.observableArrayList();
        withAny.add(null);
        withAny.addAll(items);
        if (values instanceof ObservableList<T> o) {
            o.addListener((ListChangeListener<T>) c -> {
                List<T> now = new java.util.ArrayList<>();
                now.add(null);
                now.addAll(o);
                withAny.setAll(now);
            });
        }
        ComboBox<T> c = new ComboBox<>(withAny);
        c.setId(id);
        c.setPrefWidth(132);
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
        return c;
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
        table.setId("findings-table");
        table.setPlaceholder(new Label("No findings match. Findings come from a scan: FAIL, WARN and ERROR results need attention."));
        TableColumn<FindingRow, FindingRow> status = new TableColumn<>("Status");
        status.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        status.setComparator((a, b) -> Integer.compare(FindingsViewModel.order(b.status()), FindingsViewModel.order(a.status())));
        status.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(FindingRow r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label l = Glyphs.statusLabel(r.status());
                if (r.waiver() != null) {
                    l.setText("WAIVED to " + r.waiver().expiryDate());
                    if (r.expiringSoon(vm.now())) {
                        Label badge = new Label("expires soon");
                        badge.getStyleClass().add("vh-badge");
                        setGraphic(new HBox(6, l, badge));
                        return;
                    }
                }
                setGraphic(l);
            }
        });
        status.setPrefWidth(150);
        TableColumn<FindingRow, Severity> sev = col("Severity", r -> r.finding().severity(), 110);
        sev.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Severity s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : Glyphs.severity(s));
                getStyleClass().add("vh-severity");
            }
        });
        TableColumn<FindingRow, String> domain = col("Checklist", r -> r.finding().domain().title(), 120);
        TableColumn<FindingRow, String> host = col("Host", r -> r.finding().hostName(), 90);
        TableColumn<FindingRow, String> guest = col("Guest", r -> r.finding().guest() == null ? "" : r.finding().guest(), 90);
        TableColumn<FindingRow, String> check = col("Check", r -> r.finding().checkId(), 70);
        TableColumn<FindingRow, String> title = col("Title", r -> r.finding().title(), 260);
        TableColumn<FindingRow, String> observed = col("Observed", r -> oneLine(r.finding().observed()), 240);
        table.getColumns().setAll(List.of(status, sev, domain, host, guest, check, title, observed));
        // the table sorts the SortedList; with no sort column it falls back to the board's default order
        vm.sorted().comparatorProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                () -> table.getComparator() == null ? FindingsViewModel.DEFAULT_ORDER : table.getComparator(),
                table.comparatorProperty()));
        table.setItems(vm.sorted());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
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
            Label hint = new Label("Select a finding to see what was observed, the evidence with its SHA-256, and to waive it.");
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
        Label st = Glyphs.statusLabel(row.status());
        st.setId("detail-status");
        Label sev = new Label(Glyphs.severity(f.severity()));
        sev.getStyleClass().add("vh-severity");
        HBox badges = new HBox(16, st, sev, target);
        badges.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        GridPane facts = new GridPane();
        facts.setHgap(12);
        facts.setVgap(4);
        addFact(facts, 0, "Observed", f.observed());
        addFact(facts, 1, "Expected", f.expected());
        addFact(facts, 2, "Reason", f.reason());

        HBox actions = new HBox(8);
        Waiver w = row.waiver();
        if (w != null) {
            Label wl = new Label("⛨ Waived until " + w.expiryDate() + " (UTC) by " + w.author() + ": " + w.justification());
            wl.setWrapText(true);
            wl.setId("detail-waiver");
            Button revoke = new Button("Revoke waiver");
            revoke.setId("revoke-button");
            revoke.setOnAction(e -> session.submit("Revoking the waiver…", p -> p.waivers().revoke(w.id()), x -> loadWaivers()));
            actions.getChildren().addAll(revoke);
            detail.getChildren().addAll(title, badges, facts, wl);
            if (row.expiringSoon(vm.now())) {
                Label badge = new Label("expires within " + FindingRow.EXPIRING_DAYS + " days");
                badge.getStyleClass().add("vh-badge");
                detail.getChildren().add(badge);
            }
        } else {
            detail.getChildren().addAll(title, badges, facts);
            Button waive = new Button("Waive…");
            waive.setId("waive-button");
            waive.setDisable(!Waiver.waivable(f));
            if (!Waiver.waivable(f)) {
                waive.setTooltip(new javafx.scene.control.Tooltip("Only FAIL and WARN results can be waived; an ERROR has to be re-run."));
            }
            waive.setOnAction(e -> waive(f));
            actions.getChildren().add(waive);
        }
        Label evTitle = new Label("EVIDENCE");
        evTitle.getStyleClass().add("vh-section");
        detail.getChildren().addAll(actions, evTitle, evidenceBox);
        loadEvidence(f);
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
        if (f.evidenceId() == 0 || session.fileProperty().get() == null) {
            return;
        }
        session.query("Reading evidence…", p -> p.findings().evidence(f.evidenceId()), ev -> {
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

    private void waive(Finding f) {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("Waive " + f.checkId());
        d.setHeaderText("Waive " + f.checkId() + " on " + f.hostName() + (f.guest() == null ? "" : " ▸ " + f.guest())
                + "\nThe result stays in the report as WAIVED until the expiry date.");
        d.initOwner(getScene() == null ? null : getScene().getWindow());
        TextArea why = new TextArea();
        why.setId("waive-justification");
        why.setPromptText("Why is this risk accepted? (required)");
        why.setPrefRowCount(3);
        why.setWrapText(true);
        TextField author = new TextField(session.infoProperty().get() == null || session.infoProperty().get().assessor() == null
                ? "" : session.infoProperty().get().assessor());
        author.setId("waive-author");
        DatePicker expires = new DatePicker(LocalDate.now(ZoneOffset.UTC).plusDays(Waiver.DEFAULT_DAYS));
        expires.setId("waive-expires");
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.addRow(0, new Label("Justification"), why);
        g.addRow(1, new Label("Accepted by"), author);
        g.addRow(2, new Label("Expires (UTC)"), expires);
        Label hint = new Label("Default: " + Waiver.DEFAULT_DAYS + " days. The waiver applies through the end of that day.");
        g.add(hint, 1, 3);
        d.getDialogPane().setContent(g);
        ButtonType save = new ButtonType("Waive", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().setAll(save, ButtonType.CANCEL);
        Node ok = d.getDialogPane().lookupButton(save);
        ok.setId("waive-ok");
        ObservableValue<Boolean> invalid = javafx.beans.binding.Bindings.createBooleanBinding(
                () -> why.getText().isBlank() || author.getText().isBlank() || expires.getValue() == null
                        || expires.getValue().isBefore(LocalDate.now(ZoneOffset.UTC)),
                why.textProperty(), author.textProperty(), expires.valueProperty());
        ok.disableProperty().bind(invalid);
        d.setOnHidden(e -> {
            if (d.getResult() == save) {
                String j = why.getText();
                String a = author.getText();
                Instant until = Waiver.endOf(expires.getValue());
                session.submit("Saving the waiver…", p -> p.waivers().record(f.hostId(), f.guest(), f.checkId(), j, a, until),
                        w -> loadWaivers());
            }
        });
        d.show();
    }
}
