package org.virtharden.ui.assessment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.WeakListChangeListener;
import javafx.concurrent.Task;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.virtharden.catalog.Domain;
import org.virtharden.catalog.Status;
import org.virtharden.service.Checklist;
import org.virtharden.ui.assessment.StepViewModel.Bucket;
import org.virtharden.ui.assessment.StepViewModel.Kind;
import org.virtharden.ui.assessment.StepViewModel.Row;
import org.virtharden.ui.session.ProjectSession;

/**
 * One assessment step (checklist): header with progress, count chips and a filter; the master list grouped by
 * status (or host ▸ VM ▸ check for guests); the detail of the selected item with its result, evidence and answer
 * form. Register with {@code Screens.register("step:" + d.id(), s -> new StepView(s, d))}.
 */
public final class StepView extends BorderPane {
    private final ProjectSession session;
    private final Domain domain;
    private final StepViewModel vm;
    private final TreeView<Row> tree = new TreeView<>(new TreeItem<>());
    private final Map<String, TreeItem<Row>> byKey = new HashMap<>();
    private final ItemDetailPane detail;
    private final Label progressText = new Label();
    private final ProgressBar progressBar = new ProgressBar(0);
    private final HBox chips = new HBox(6);
    private final Map<Bucket, ToggleButton> chipByBucket = new HashMap<>();
    private final TextField search = new TextField();
    private final Label footer = new Label();
    private final ListChangeListener<Object> onSessionChange = c -> scheduleRefresh();
    private boolean refreshPending;
    private boolean syncing;
    private boolean swallowTyped;

    public StepView(ProjectSession session, Domain domain) {
        this.session = session;
        this.domain = domain;
        this.vm = new StepViewModel(session.catalog(), domain);
        this.detail = new ItemDetailPane(session, this::afterSave);
        getStyleClass().add("step-view");
        setId("step-" + domain.id());
        getStylesheets().add(StepView.class.getResource("step.css").toExternalForm());

        setTop(header());
        detail.setMinWidth(420);
        SplitPane split = new SplitPane(master(), detail);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.45);
        SplitPane.setResizableWithParent(split.getItems().get(0), false);
        setCenter(split);

        vm.rowsProperty().addListener((o, a, b) -> sync());
        vm.countsProperty().addListener((o, a, b) -> updateChips());
        vm.progressProperty().addListener((o, a, b) -> updateProgress());
        vm.queryProperty().addListener((o, a, b) -> updateChips());
        vm.selectedKeyProperty().addListener((o, a, b) -> showSelected());
        ListChangeListener<Object> weak = new WeakListChangeListener<>(onSessionChange);
        session.hosts().addListener(weak);
        session.findings().addListener(weak);
        session.answers().addListener(weak);
        addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        // the letter of a P/F/N shortcut must not land in the note that Fail and N/A focus
        addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (swallowTyped) {
                swallowTyped = false;
                e.consume();
            }
        });
        addEventFilter(KeyEvent.KEY_RELEASED, e -> swallowTyped = false);
        refresh();
    }

    public Domain domain() {
        return domain;
    }

    /** The view's state (filter, grouping, selection), e.g. for the main window's "Go to…". */
    public StepViewModel viewModel() {
        return vm;
    }

    /** Selects the item of a host (and guest, or null) and check, expanding its group; false if not in the list. */
    public boolean select(String host, String guest, String checkId) {
        String key = StepViewModel.key(host, guest, checkId);
        if (vm.item(key).isEmpty()) {
            return false;
        }
        vm.selectedKeyProperty().set(key);
        return selectInTree(key);
    }

    /**
     * Attaches a file to the answer being drafted for the selected item, as "+ Photo"/"+ Document" do after the
     * file chooser (also used by tests and, later, drag and drop). The bytes are read in the background.
     */
    public Task<?> attach(Path file) {
        return detail.attach(file);
    }

    // ---- header ----------------------------------------------------------------------------------------------

    private Node header() {
        int n = Checklist.ORDER.indexOf(domain) + 1;
        Label title = new Label((n > 0 ? n + " · " : "") + domain.title());
        title.getStyleClass().add("step-title");
        title.setId("stepTitle");
        progressText.getStyleClass().add("step-progress-text");
        progressText.setId("stepProgress");
        progressBar.getStyleClass().add("step-progress");
        progressBar.setFocusTraversable(false);
        HBox top = new HBox(12, title, progressBar, progressText);
        top.setAlignment(Pos.CENTER_LEFT);

        for (Bucket b : Bucket.values()) {
            Label glyph = new Label(b.glyph());
            glyph.getStyleClass().addAll("glyph", b.id());
            ToggleButton chip = new ToggleButton("", glyph);
            chip.getStyleClass().addAll("chip", b.id());
            chip.setId("chip-" + b.id());
            chip.setFocusTraversable(true);
            chip.setOnAction(e -> vm.toggleStatus(b));
            chip.setTooltip(new Tooltip("Show only " + b.label() + " (writes status:" + b.id() + " into the filter)"));
            chipByBucket.put(b, chip);
        }
        search.setId("searchField");
        search.setPromptText("⌕ Filter — e.g. status:fail host:kvm* sev:high or any text   ( / )");
        search.textProperty().bindBidirectional(vm.queryProperty());
        HBox.setHgrow(search, Priority.ALWAYS);
        Button clear = new Button("×");
        clear.setAccessibleText("Clear the filter");
        clear.setOnAction(e -> vm.queryProperty().set(""));
        ComboBox<StepViewModel.Grouping> group = new ComboBox<>();
        group.getItems().setAll(StepViewModel.Grouping.values());
        group.valueProperty().bindBidirectional(vm.groupingProperty());
        group.setId("groupingBox");
        Label groupLabel = new Label("Group");
        HBox filterRow = new HBox(8, chips, search, clear, groupLabel, group);
        filterRow.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(top, filterRow);
        box.getStyleClass().add("step-header");
        return box;
    }

    private void updateChips() {
        Map<Bucket, Integer> counts = vm.countsProperty().get();
        Optional<Bucket> active = vm.statusFilter();
        chips.getChildren().clear();
        for (Bucket b : Bucket.values()) {
            int c = counts.getOrDefault(b, 0);
            ToggleButton chip = chipByBucket.get(b);
            chip.setText(Integer.toString(c));
            chip.setSelected(active.orElse(null) == b);
            chip.setAccessibleText(b.label() + " " + c);
            if (c > 0 || active.orElse(null) == b) {
                chips.getChildren().add(chip);
            }
        }
        footer.setText(vm.visibleCount() + " of " + vm.items().size() + " items shown · " + StepViewModel.summary(vm.items()));
    }

    private void updateProgress() {
        Checklist.Progress p = vm.progressProperty().get();
        progressText.setText(vm.progressText());
        progressBar.setProgress(p.operatorItems() == 0 ? 0 : (double) p.answered() / p.operatorItems());
        progressBar.setAccessibleText("Answered " + p.answered() + " of " + p.operatorItems());
    }

    // ---- master ----------------------------------------------------------------------------------------------

    private Node master() {
        tree.setShowRoot(false);
        tree.setId("stepTree");
        tree.getStyleClass().add("step-tree");
        tree.setCellFactory(t -> new RowCell());
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (syncing || b == null || b.getValue() == null) {
                return;
            }
            if (b.getValue().kind() == Kind.ITEM) {
                vm.selectedKeyProperty().set(b.getValue().key());
            }
        });
        footer.getStyleClass().add("master-footer");
        footer.setId("masterFooter");
        Button pill = new Button();
        pill.setId("newResultsPill");
        pill.getStyleClass().addAll("new-results", "small");
        pill.visibleProperty().bind(vm.newResultsProperty().greaterThan(0));
        pill.managedProperty().bind(pill.visibleProperty());
        pill.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            int n = vm.newResultsProperty().get();
            return n + (n == 1 ? " new result ✓" : " new results ✓");
        }, vm.newResultsProperty()));
        pill.setTooltip(new Tooltip("Results arrived while you were working; the list updated in place. Click to dismiss."));
        pill.setOnAction(e -> vm.acknowledgeNewResults());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox foot = new HBox(8, footer, gap, pill);
        foot.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(tree, foot);
        VBox.setVgrow(tree, Priority.ALWAYS);
        box.setMinWidth(300);
        return box;
    }

    private void scheduleRefresh() {
        if (refreshPending) {
            return;
        }
        refreshPending = true;
        Platform.runLater(() -> {
            refreshPending = false;
            refresh();
        });
    }

    private void refresh() {
        vm.refresh(List.copyOf(session.hosts()), List.copyOf(session.findings()), List.copyOf(session.answers()));
        updateProgress();
        updateChips();
        showSelected();
    }

    /** Updates the tree in place: items are reused by key, so selection, expansion and scroll stay put. */
    private void sync() {
        String topKey = firstVisibleKey();
        syncing = true;
        try {
            Map<String, TreeItem<Row>> old = new HashMap<>(byKey);
            byKey.clear();
            update(tree.getRoot(), vm.rows(), old);
            String sel = vm.selectedKeyProperty().get();
            TreeItem<Row> want = sel == null ? null : byKey.get(sel);
            if (want != null && tree.getSelectionModel().getSelectedItem() != want) {
                expandTo(want);
                tree.getSelectionModel().select(want);
                tree.getFocusModel().focus(tree.getRow(want));
            } else if (want == null && sel != null) {
                tree.getSelectionModel().clearSelection();
            }
        } finally {
            syncing = false;
        }
        restoreTop(topKey);
        updateChips();
    }

    private void update(TreeItem<Row> parent, List<Row> rows, Map<String, TreeItem<Row>> old) {
        List<TreeItem<Row>> next = new ArrayList<>(rows.size());
        for (Row r : rows) {
            TreeItem<Row> ti = old.get(r.key());
            if (ti != null && ti.getParent() != null && ti.getParent() != parent) {
                // moved to another group (e.g. answered: TO ANSWER → PASS): a fresh item, selection follows by key
                boolean expanded = ti.isExpanded();
                ti = new TreeItem<>(r);
                ti.setExpanded(expanded);
            } else if (ti == null) {
                ti = new TreeItem<>(r);
                ti.setExpanded(defaultExpanded(r));
            } else if (!r.equals(ti.getValue())) {
                ti.setValue(r);
            }
            byKey.put(r.key(), ti);
            update(ti, r.children(), old);
            next.add(ti);
        }
        if (!next.equals(parent.getChildren())) {
            parent.getChildren().setAll(next);
        }
    }

    private static boolean defaultExpanded(Row r) {
        return switch (r.kind()) {
            case GROUP -> r.bucket() != Bucket.PASS && r.bucket() != Bucket.NA && r.bucket() != Bucket.NOT_RUN
                    && r.bucket() != Bucket.WAIVED;
            case HOST, GUEST -> true;
            default -> false;
        };
    }

    private boolean selectInTree(String key) {
        TreeItem<Row> ti = byKey.get(key);
        if (ti == null) {
            return false;
        }
        expandTo(ti);
        tree.getSelectionModel().select(ti);
        int row = tree.getRow(ti);
        tree.getFocusModel().focus(row);
        if (row >= 0) {
            tree.scrollTo(Math.max(0, row - 3));
        }
        return true;
    }

    private static void expandTo(TreeItem<Row> ti) {
        for (TreeItem<Row> p = ti.getParent(); p != null; p = p.getParent()) {
            p.setExpanded(true);
        }
    }

    private VirtualFlow<?> flow() {
        Node n = tree.lookup(".virtual-flow");
        return n instanceof VirtualFlow<?> f ? f : null;
    }

    private String firstVisibleKey() {
        VirtualFlow<?> f = flow();
        if (f == null) {
            return null;
        }
        IndexedCell<?> cell = f.getFirstVisibleCell();
        if (cell == null || cell.getIndex() < 0) {
            return null;
        }
        TreeItem<Row> ti = tree.getTreeItem(cell.getIndex());
        return ti == null || ti.getValue() == null ? null : ti.getValue().key();
    }

    private void restoreTop(String key) {
        VirtualFlow<?> f = flow();
        TreeItem<Row> ti = key == null ? null : byKey.get(key);
        if (f == null || ti == null) {
            return;
        }
        int row = tree.getRow(ti);
        IndexedCell<?> first = f.getFirstVisibleCell();
        if (row >= 0 && (first == null || first.getIndex() != row)) {
            f.scrollToTop(row);
        }
    }

    private void showSelected() {
        Optional<Checklist.Item> i = vm.selectedItem();
        if (i.isPresent()) {
            detail.show(i.get());
            TreeItem<Row> ti = byKey.get(vm.selectedKeyProperty().get());
            if (ti != null && tree.getSelectionModel().getSelectedItem() != ti) {
                syncing = true;
                try {
                    expandTo(ti);
                    tree.getSelectionModel().select(ti);
                    tree.getFocusModel().focus(tree.getRow(ti));
                } finally {
                    syncing = false;
                }
            }
        } else if (detail.key() != null) {
            detail.showNothing();
        }
    }

    private void afterSave(String savedKey) {
        if (savedKey == null) {
            return;
        }
        // move on once the reload has landed (the saved item then shows as answered in the list)
        session.answers().addListener(new ListChangeListener<>() {
            @Override
            public void onChanged(Change<? extends org.virtharden.model.Answer> c) {
                session.answers().removeListener(this);
                Platform.runLater(() -> vm.nextOpen(savedKey).ifPresent(k -> {
                    vm.selectedKeyProperty().set(k);
                    selectInTree(k);
                }));
            }
        });
    }

    // ---- keyboard --------------------------------------------------------------------------------------------

    private void onKey(KeyEvent e) {
        boolean typing = getScene() != null && getScene().getFocusOwner() instanceof TextInputControl;
        if ((e.getCode() == KeyCode.F && e.isShortcutDown()) || (!typing && e.getCode() == KeyCode.SLASH)) {
            search.requestFocus();
            search.selectAll();
            e.consume();
            return;
        }
        if (typing && e.getCode() == KeyCode.ESCAPE) {
            tree.requestFocus();
            e.consume();
            return;
        }
        if (typing || e.isShortcutDown() || e.isAltDown()) {
            return;
        }
        if (e.isShiftDown() && e.getCode() == KeyCode.J) {
            String from = vm.selectedKeyProperty().get();
            vm.nextOpen(from == null ? "" : from).ifPresent(k -> {
                vm.selectedKeyProperty().set(k);
                selectInTree(k);
            });
            e.consume();
            return;
        }
        if (e.isShiftDown()) {
            return;
        }
        if (e.getCode() == KeyCode.J || e.getCode() == KeyCode.K) {
            if (e.isShiftDown()) {
                return;
            }
            // from the selected row (the focus index can lag after rows moved between groups)
            int at = tree.getSelectionModel().getSelectedIndex();
            int to = Math.max(0, Math.min(tree.getExpandedItemCount() - 1, at + (e.getCode() == KeyCode.J ? 1 : -1)));
            tree.getSelectionModel().clearAndSelect(to);
            tree.getFocusModel().focus(to);
            tree.scrollTo(Math.max(0, to - 3));
            e.consume();
            return;
        }
        Status s = switch (e.getCode()) {
            case P -> Status.PASS;
            case F -> Status.FAIL;
            case N -> Status.NOT_APPLICABLE;
            default -> null;
        };
        if (s != null && detail.choose(s)) {
            swallowTyped = true;
            e.consume();
        }
    }

    // ---- cells -----------------------------------------------------------------------------------------------

    private static final class RowCell extends TreeCell<Row> {
        private final Label glyph = new Label();
        private final Label text = new Label();
        private final Label detailText = new Label();
        private final HBox box;

        RowCell() {
            text.getStyleClass().add("row-text");
            text.setTextOverrun(OverrunStyle.ELLIPSIS);
            text.setMinWidth(40);
            text.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(text, Priority.ALWAYS);
            detailText.getStyleClass().add("row-detail");
            detailText.setMinWidth(Region.USE_PREF_SIZE);
            glyph.setMinWidth(Region.USE_PREF_SIZE);
            StackPane g = new StackPane(glyph);
            g.setMinWidth(18);
            g.setPrefWidth(18);
            g.setMaxWidth(18);
            box = new HBox(6, g, text, detailText);
            box.setAlignment(Pos.CENTER_LEFT);
            box.setMinWidth(0);
            box.setPrefWidth(0);
        }

        @Override
        protected void updateItem(Row r, boolean empty) {
            super.updateItem(r, empty);
            getStyleClass().removeIf(s -> s.startsWith("row-"));
            if (empty || r == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
                setAccessibleText(null);
                return;
            }
            getStyleClass().add("row-" + r.kind().name().toLowerCase(java.util.Locale.ROOT));
            glyph.setText(r.bucket() == null ? "" : r.bucket().glyph());
            glyph.getStyleClass().setAll("label", "glyph");
            if (r.bucket() != null) {
                glyph.getStyleClass().add(r.bucket().id());
            }
            String main = r.kind() == Kind.GROUP && r.text().startsWith(r.bucket().glyph() + " ")
                    ? r.text().substring(r.bucket().glyph().length() + 1) : r.text();
            text.setText(main);
            detailText.setText(r.detail());
            setText(null);
            setGraphic(box);
            setTooltip(new Tooltip(r.text() + (r.detail().isEmpty() ? "" : "  ·  " + r.detail())));
            setAccessibleText(accessible(r));
        }

        private static String accessible(Row r) {
            if (r.item() == null) {
                return r.text() + (r.detail().isEmpty() ? "" : ", " + r.detail());
            }
            Checklist.Item i = r.item();
            return r.bucket().label() + ", " + i.check().severity().id() + ", " + i.check().id() + ", " + StepViewModel.target(i);
        }
    }
}
