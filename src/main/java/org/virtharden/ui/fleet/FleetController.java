package org.virtharden.ui.fleet;

import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.util.StringConverter;
import org.virtharden.catalog.Catalog;
import org.virtharden.fleet.DriftMatrix;
import org.virtharden.fleet.RunDiff;
import org.virtharden.fleet.Sprawl;
import org.virtharden.model.ScanRun;
import org.virtharden.ui.Fxml;
import org.virtharden.ui.findings.Glyphs;
import org.virtharden.ui.session.ProjectSession;

/**
 * Binds FleetView.fxml to {@link FleetViewModel} and forwards the operator's choices; no logic of its own beyond
 * building the drift matrix's per-host columns. All text from hosts is shown as plain text (table cells, labels).
 */
public final class FleetController {
    private final FleetViewModel vm;
    private final Parent root;

    @FXML
    private Label message;
    @FXML
    private ComboBox<String> groupBox;
    @FXML
    private CheckBox onlyDifferences;
    @FXML
    private Label driftSummary;
    @FXML
    private TableView<DriftMatrix.Row> driftTable;
    @FXML
    private Label sprawlSummary;
    @FXML
    private TableView<Sprawl.Row> sprawlTable;
    @FXML
    private TableColumn<Sprawl.Row, String> sprawlKind;
    @FXML
    private TableColumn<Sprawl.Row, String> sprawlGuest;
    @FXML
    private TableColumn<Sprawl.Row, String> sprawlHosts;
    @FXML
    private TableColumn<Sprawl.Row, String> sprawlZone;
    @FXML
    private TableColumn<Sprawl.Row, String> sprawlOwner;
    @FXML
    private TableColumn<Sprawl.Row, String> sprawlDetail;
    @FXML
    private ComboBox<ScanRun> fromBox;
    @FXML
    private ComboBox<ScanRun> toBox;
    @FXML
    private Label diffSummary;
    @FXML
    private TableView<RunDiff.Row> diffTable;
    @FXML
    private TableColumn<RunDiff.Row, String> diffCategory;
    @FXML
    private TableColumn<RunDiff.Row, String> diffHost;
    @FXML
    private TableColumn<RunDiff.Row, String> diffGuest;
    @FXML
    private TableColumn<RunDiff.Row, String> diffCheck;
    @FXML
    private TableColumn<RunDiff.Row, String> diffBefore;
    @FXML
    private TableColumn<RunDiff.Row, String> diffAfter;
    @FXML
    private TableColumn<RunDiff.Row, String> diffReason;

    public FleetController(ProjectSession session) {
        this(session, session.catalog());
    }

    FleetController(ProjectSession session, Catalog catalog) {
        this.vm = new FleetViewModel(session, catalog);
        this.root = Fxml.load("FleetView.fxml", this);
        session.runProperty().addListener((o, a, b) -> vm.refresh());
        session.fileProperty().addListener((o, a, b) -> vm.refresh());
        vm.refresh();
    }

    public Parent root() {
        return root;
    }

    public FleetViewModel viewModel() {
        return vm;
    }

    @FXML
    private void initialize() {
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());

        groupBox.setItems(vm.groups());
        groupBox.valueProperty().bindBidirectional(vm.groupProperty());
        onlyDifferences.selectedProperty().bindBidirectional(vm.onlyDifferencesProperty());
        driftSummary.textProperty().bind(vm.driftSummaryProperty());
        driftTable.setItems(vm.driftRows());
        vm.driftHosts().addListener((ListChangeListener<String>) c -> buildDriftColumns());
        buildDriftColumns();

        sprawlSummary.textProperty().bind(vm.sprawlSummaryProperty());
        sprawlTable.setItems(vm.sprawlRows());
        sprawlKind.setCellValueFactory(c -> text(kind(c.getValue().kind())));
        sprawlGuest.setCellValueFactory(c -> text(c.getValue().guest()));
        sprawlHosts.setCellValueFactory(c -> text(String.join(", ", c.getValue().hosts())));
        sprawlZone.setCellValueFactory(c -> text(c.getValue().zone()));
        sprawlOwner.setCellValueFactory(c -> text(c.getValue().owner()));
        sprawlDetail.setCellValueFactory(c -> text(c.getValue().detail()));

        StringConverter<ScanRun> runs = new StringConverter<>() {
            @Override
            public String toString(ScanRun r) {
                return r == null ? "" : "Run #" + r.id() + " · " + r.started().toString().substring(0, 16).replace('T', ' ')
                        + " · " + r.state();
            }

            @Override
            public ScanRun fromString(String s) {
                return null;
            }
        };
        for (ComboBox<ScanRun> box : List.of(fromBox, toBox)) {
            box.setItems(vm.runs());
            box.setConverter(runs);
            box.setButtonCell(new ListCell<>() {
                @Override
                protected void updateItem(ScanRun r, boolean empty) {
                    super.updateItem(r, empty);
                    setText(empty || r == null ? null : runs.toString(r));
                }
            });
        }
        fromBox.valueProperty().bindBidirectional(vm.fromRunProperty());
        toBox.valueProperty().bindBidirectional(vm.toRunProperty());
        diffSummary.textProperty().bind(vm.diffSummaryProperty());
        diffTable.setItems(vm.diffRows());
        diffCategory.setCellValueFactory(c -> text(FleetViewModel.label(c.getValue().category())
                + (c.getValue().evidenceChanged() ? " ·Δ" : "")));
        diffHost.setCellValueFactory(c -> text(c.getValue().host()));
        diffGuest.setCellValueFactory(c -> text(c.getValue().guest()));
        diffCheck.setCellValueFactory(c -> text(c.getValue().checkId() + " " + c.getValue().title()));
        diffBefore.setCellValueFactory(c -> text(status(c.getValue().before())));
        diffAfter.setCellValueFactory(c -> text(status(c.getValue().after())));
        diffReason.setCellValueFactory(c -> text(c.getValue().reasonAfter()));
        diffTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(RunDiff.Row r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().removeIf(s -> s.startsWith("diff-"));
                if (!empty && r != null) {
                    getStyleClass().add("diff-" + r.category().name());
                }
            }
        });
    }

    private void buildDriftColumns() {
        driftTable.getColumns().clear();
        TableColumn<DriftMatrix.Row, String> control = new TableColumn<>("Control");
        control.setPrefWidth(280);
        control.setCellValueFactory(c -> text((c.getValue().migrationCritical() ? "* " : "") + c.getValue().checkId() + " "
                + c.getValue().title()));
        driftTable.getColumns().add(control);
        List<String> hosts = List.copyOf(vm.driftHosts());
        for (int i = 0; i < hosts.size(); i++) {
            int index = i;
            TableColumn<DriftMatrix.Row, DriftMatrix.Cell> col = new TableColumn<>(hosts.get(i));
            col.setId("drift-host-" + i);
            col.setPrefWidth(150);
            col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(index < c.getValue().cells().size()
                    ? c.getValue().cells().get(index) : null));
            col.setCellFactory(c -> new DriftCell());
            driftTable.getColumns().add(col);
        }
        TableColumn<DriftMatrix.Row, String> majority = new TableColumn<>("Majority");
        majority.setPrefWidth(110);
        majority.setCellValueFactory(c -> text(c.getValue().majority()));
        driftTable.getColumns().add(majority);
        // a few hosts fill the width (observed values need the room); many hosts scroll sideways instead
        driftTable.setColumnResizePolicy(hosts.size() <= 5 ? TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS
                : TableView.UNCONSTRAINED_RESIZE_POLICY);
    }

    /** Glyph + observed value; a cell that differs from the majority gets the drift-differs style class and brackets. */
    static final class DriftCell extends TableCell<DriftMatrix.Row, DriftMatrix.Cell> {
        DriftCell() {
            getStyleClass().add("drift-cell");
        }

        @Override
        protected void updateItem(DriftMatrix.Cell c, boolean empty) {
            super.updateItem(c, empty);
            getStyleClass().removeIf(s -> s.startsWith("status-") || s.equals("drift-differs"));
            if (empty || c == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            String body = (c.status() == null ? "⚡ no data" : Glyphs.glyph(c.status()) + " " + c.value());
            setText(c.differs() ? "[" + body + "]" : body);
            if (c.status() != null) {
                getStyleClass().add("status-" + c.status().name());
            }
            if (c.differs()) {
                getStyleClass().add("drift-differs");
            }
            setTooltip(new Tooltip(c.host() + ": " + (c.status() == null ? "no result" : Glyphs.word(c.status())) + " — "
                    + c.value()));
        }
    }

    private static ReadOnlyStringWrapper text(String s) {
        return new ReadOnlyStringWrapper(s == null ? "" : s);
    }

    private static String status(org.virtharden.catalog.Status s) {
        return s == null ? "—" : Glyphs.glyph(s) + " " + Glyphs.word(s);
    }

    private static String kind(Sprawl.Kind k) {
        return switch (k) {
            case UNAPPROVED -> "? Unapproved";
            case MISSING -> "✕ Missing";
            case DUPLICATE -> "⧉ On several hosts";
            case ZONE_MIX -> "▲ Zones mixed";
            case APPROVED -> "✓ Approved";
        };
    }
}
