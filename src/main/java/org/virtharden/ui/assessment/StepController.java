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
import javafx.fxml.FXML;
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
import org.virtharden.ui.Fxml;
import org.virtharden.ui.session.ProjectSession;

/**
 * The controller of StepView.fxml, one assessment step (checklist): header with progress, count chips and a filter;
 * the master tree grouped by status (or host ▸ VM ▸ check for guests); the detail of the selected item with its
 * result, evidence and answer form ({@link ItemDetailPane}). In Walk mode (ux.md §3) the master hides and the
 * detail shows one item per screen with large Pass/Fail/N/A targets and Previous / Next open.
 * Register with {@code Screens.register("step:" + d.id(), s -> StepController.create(s, d))}.
 */
public final class StepController {
    private final ProjectSession session;
    private final Domain domain;
    private final StepViewModel vm;
    private final BorderPane root;
    private final Map<String, TreeItem<Row>> byKey = new HashMap<>();
    private final ItemDetailPane detail;
    private final Map<Bucket, ToggleButton> chipByBucket = new HashMap<>();
    private final ListChangeListener<Object> onSessionChange = c -> scheduleRefresh();
    private final HBox walkBar = new HBox(8);
    private final Label walkPosition = new Label();
    @FXML private Label stepTitle;
    @FXML private ProgressBar progressBar;
    @FXML private Label stepProgress;
    @FXML private Label walkBadge;
    @FXML private Button scanHostsButton;
    @FXML private HBox chips;
    @FXML private TextField searchField;
    @FXML private ComboBox<StepViewModel.Grouping> groupingBox;
    @FXML private SplitPane split;
    @FXML private VBox master;
    @FXML private TreeView<Row> stepTree;
    @FXML private Label masterFooter;
    @FXML private Button newResultsPill;
    private boolean refreshPending;
    private boolean syncing;
    private boolean swallowTyped;

    public StepController(ProjectSession session, Domain domain) {
        this.session = session;
        this.domain = domain;
        this.vm = new StepViewModel(session.catalog(), domain);
        this.detail = new ItemDetailPane(session, this::afterSave);
        this.root = (BorderPane) Fxml.load("StepView.fxml", this);
        root.setId("step-" + domain.id());
        vm.rowsProperty().addListener((o, a, b) -> sync());
        vm.countsProperty().addListener((o, a, b) -> updateChips());
        vm.progressProperty().addListener((o, a, b) -> updateProgress());
        vm.queryProperty().addListener((o, a, b) -> updateChips());
        vm.selectedKeyProperty().addListener((o, a, b) -> showSelected());
        ListChangeListener<Object> weak = new WeakListChangeListener<>(onSessionChange);
        session.hosts().addListener(weak);
        session.findings().addListener(weak);
        session.answers().addListener(weak);
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        // the letter of a P/F/N shortcut must not land in the note that Fail and N/A focus
        root.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            if (swallowTyped) {
                swallowTyped = false;
                e.consume();
            }
        });
        root.addEventFilter(KeyEvent.KEY_RELEASED, e -> swallowTyped = false);
        session.walkModeProperty().addListener((o, a, on) -> walk(on));
        if (domain == Domain.GUEST) {
            session.fileProperty().addListener((o, a, f) -> loadInventory());
            session.runProperty().addListener((o, a, r) -> loadInventory());
            loadInventory();
        }
        refresh();
        walk(session.walkModeProperty().get());
    }

    /** The screen for the main window's registry. */
    public static Node create(ProjectSession session, Domain domain) {
        return new StepController(session, domain).root();
    }

    public BorderPane root() {
        return root;
    }

    @FXML
    private void initialize() {
        int n = Checklist.ORDER.indexOf(domain) + 1;
        stepTitle.setText((n > 0 ? n + " · " : "") + domain.title());
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
        searchField.textProperty().bindBidirectional(vm.queryProperty());
        groupingBox.getItems().setAll(StepViewModel.Grouping.values());
        groupingBox.valueProperty().bindBidirectional(vm.groupingProperty());
        stepTree.setRoot(new TreeItem<>());
        stepTree.setCellFactory(t -> new RowCell());
        stepTree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (syncing || b == null || b.getValue() == null) {
                return;
            }
            if (b.getValue().kind() == Kind.ITEM) {
                vm.selectedKeyProperty().set(b.getValue().key());
            }
        });
        newResultsPill.visibleProperty().bind(vm.newResultsProperty().greaterThan(0));
        newResultsPill.managedProperty().bind(newResultsPill.visibleProperty());
        newResultsPill.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            int c = vm.newResultsProperty().get();
            return c + (c == 1 ? " new result ✓" : " new results ✓");
        }, vm.newResultsProperty()));
        walkBadge.managedProperty().bind(walkBadge.visibleProperty());
        // before the first scan (ux.md §3): automated checks are NOT RUN, with the way to run them at hand
        scanHostsButton.visibleProperty().bind(session.runProperty().isNull().and(javafx.beans.binding.Bindings.isNotEmpty(
                session.hosts())));
        scanHostsButton.managedProperty().bind(scanHostsButton.visibleProperty());
        scanHostsButton.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> "▶ Scan "
                + session.hosts().size() + (session.hosts().size() == 1 ? " host" : " hosts"), session.hosts()));
        detail.setMinWidth(420);
        split.getItems().add(detail);
        SplitPane.setResizableWithParent(master, false);
        Button prev = new Button("◀ Previous");
        prev.setId("walkPrevious");
        prev.setOnAction(e -> walkStep(-1));
        Button next = new Button("Next open ▶");
        next.setId("walkNext");
        next.setOnAction(e -> walkNextOpen());
        walkPosition.setId("walkPosition");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        walkBar.getChildren().setAll(prev, walkPosition, gap, next);
        walkBar.setAlignment(Pos.CENTER_LEFT);
        walkBar.getStyleClass().add("walk-bar");
    }

    @FXML
    private void scanHosts() {
        root.fireEvent(new org.virtharden.ui.scan.ScanRequest(List.of()));
    }

    @FXML
    private void clearFilter() {
        vm.queryProperty().set("");
    }

    @FXML
    private void acknowledgeNewResults() {
        vm.acknowledgeNewResults();
    }

    /** Reads the approved guest inventory for the Guests step's badges (a broken one shows no badges). */
    private void loadInventory() {
        if (session.fileProperty().get() == null) {
            return;
        }
        session.query("Reading the guest inventory…", p -> p.settings().get(org.virtharden.catalog.Settings.GUEST_INVENTORY)
                .orElse(""), text -> {
                    try {
                        vm.setInventory(org.virtharden.catalog.GuestInventory.parse(text));
                    } catch (IllegalArgumentException bad) {
                        vm.setInventory(null);
                    }
                });
    }

    // ---- walk mode -------------------------------------------------------------------------------------------

    private void walk(boolean on) {
        walkBadge.setVisible(on);
        root.getStyleClass().remove("walk");
        if (on) {
            root.getStyleClass().add("walk");
            split.getItems().remove(master);
            root.setBottom(walkBar);
            if (vm.selectedItem().map(i -> i.state() != Checklist.State.OPEN).orElse(true)) {
                walkNextOpen();
            }
        } else {
            if (!split.getItems().contains(master)) {
                split.getItems().add(0, master);
                split.setDividerPositions(0.45);
            }
            root.setBottom(null);
        }
        updateWalkPosition();
    }

    private void walkStep(int delta) {
        List<String> keys = vm.itemKeys();
        if (keys.isEmpty()) {
            return;
        }
        int at = keys.indexOf(vm.selectedKeyProperty().get());
        int to = Math.max(0, Math.min(keys.size() - 1, at < 0 ? 0 : at + delta));
        select(keys.get(to));
    }

    private void walkNextOpen() {
        String from = vm.selectedKeyProperty().get();
        // no other item to answer: step to the next item so the button never does nothing
        vm.nextOpen(from == null ? "" : from).ifPresentOrElse(this::select, () -> walkStep(1));
    }

    private void select(String key) {
        vm.selectedKeyProperty().set(key);
        selectInTree(key);
        updateWalkPosition();
    }

    private void updateWalkPosition() {
        List<String> keys = vm.itemKeys();
        int at = keys.indexOf(vm.selectedKeyProperty().get());
        long open = vm.items().stream().filter(i -> i.status() == null).count();
        walkPosition.setText(keys.isEmpty() ? "Nothing to walk through here" : "Item " + (at + 1) + " of " + keys.size()
                + " · " + open + " still to answer");
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
        masterFooter.setText(vm.visibleCount() + " of " + vm.items().size() + " items shown · " + StepViewModel.summary(vm.items()));
    }

    private void updateProgress() {
        Checklist.Progress p = vm.progressProperty().get();
        stepProgress.setText(vm.progressText());
        progressBar.setProgress(p.operatorItems() == 0 ? 0 : (double) p.answered() / p.operatorItems());
        progressBar.setAccessibleText("Answered " + p.answered() + " of " + p.operatorItems());
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
            update(stepTree.getRoot(), vm.rows(), old);
            String sel = vm.selectedKeyProperty().get();
            TreeItem<Row> want = sel == null ? null : byKey.get(sel);
            if (want != null && stepTree.getSelectionModel().getSelectedItem() != want) {
                expandTo(want);
                stepTree.getSelectionModel().select(want);
                stepTree.getFocusModel().focus(stepTree.getRow(want));
            } else if (want == null && sel != null) {
                stepTree.getSelectionModel().clearSelection();
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
        stepTree.getSelectionModel().select(ti);
        int row = stepTree.getRow(ti);
        stepTree.getFocusModel().focus(row);
        if (row >= 0) {
            stepTree.scrollTo(Math.max(0, row - 3));
        }
        return true;
    }

    private static void expandTo(TreeItem<Row> ti) {
        for (TreeItem<Row> p = ti.getParent(); p != null; p = p.getParent()) {
            p.setExpanded(true);
        }
    }

    private VirtualFlow<?> flow() {
        Node n = stepTree.lookup(".virtual-flow");
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
        TreeItem<Row> ti = stepTree.getTreeItem(cell.getIndex());
        return ti == null || ti.getValue() == null ? null : ti.getValue().key();
    }

    private void restoreTop(String key) {
        VirtualFlow<?> f = flow();
        TreeItem<Row> ti = key == null ? null : byKey.get(key);
        if (f == null || ti == null) {
            return;
        }
        int row = stepTree.getRow(ti);
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
            if (ti != null && stepTree.getSelectionModel().getSelectedItem() != ti) {
                syncing = true;
                try {
                    expandTo(ti);
                    stepTree.getSelectionModel().select(ti);
                    stepTree.getFocusModel().focus(stepTree.getRow(ti));
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
        boolean typing = root.getScene() != null && root.getScene().getFocusOwner() instanceof TextInputControl;
        if ((e.getCode() == KeyCode.F && e.isShortcutDown()) || (!typing && e.getCode() == KeyCode.SLASH)) {
            searchField.requestFocus();
            searchField.selectAll();
            e.consume();
            return;
        }
        if (typing && e.getCode() == KeyCode.ESCAPE) {
            stepTree.requestFocus();
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
            int at = stepTree.getSelectionModel().getSelectedIndex();
            int to = Math.max(0, Math.min(stepTree.getExpandedItemCount() - 1, at + (e.getCode() == KeyCode.J ? 1 : -1)));
            stepTree.getSelectionModel().clearAndSelect(to);
            stepTree.getFocusModel().focus(to);
            stepTree.scrollTo(Math.max(0, to - 3));
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
