package org.virtharden.ui.main;

import java.io.File;
import java.nio.file.Path;
import javafx.beans.property.SimpleStringProperty;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;
import java.util.function.Function;
import org.virtharden.model.Finding;
import org.virtharden.model.HostConfig;

/** Binds the main view to its view model and forwards user actions. No service calls here. */
public final class MainController {
    private final MainViewModel vm;

    @FXML
    private BorderPane root;
    @FXML
    private Button newButton;
    @FXML
    private Button openButton;
    @FXML
    private Button reloadButton;
    @FXML
    private Label titleLabel;
    @FXML
    private Label errorBanner;
    @FXML
    private Label statusLabel;
    @FXML
    private ProgressIndicator busyIndicator;
    @FXML
    private ListView<HostConfig> hostList;
    @FXML
    private TableView<Finding> findingTable;

    public MainController(MainViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        titleLabel.textProperty().bind(vm.titleProperty());
        statusLabel.textProperty().bind(vm.statusProperty());
        errorBanner.textProperty().bind(vm.errorProperty());
        errorBanner.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        errorBanner.managedProperty().bind(errorBanner.visibleProperty());
        busyIndicator.visibleProperty().bind(vm.busyProperty());
        newButton.disableProperty().bind(vm.busyProperty());
        openButton.disableProperty().bind(vm.busyProperty());
        reloadButton.disableProperty().bind(vm.busyProperty().or(vm.projectFileProperty().isNull()));

        hostList.setItems(vm.hosts());
        hostList.setPlaceholder(new Label("No hosts yet."));
        hostList.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(HostConfig h, boolean empty) {
                super.updateItem(h, empty);
                setText(empty || h == null ? null
                        : h.name() + "\n" + h.user() + "@" + h.address() + (h.port() == 22 ? "" : ":" + h.port()));
            }
        });

        findingTable.setItems(vm.findings());
        findingTable.getColumns().add(column("Host", 100, Finding::hostName));
        findingTable.getColumns().add(column("Guest", 110, f -> f.guest() == null ? "—" : f.guest()));
        findingTable.getColumns().add(column("Check", 85, Finding::checkId));
        findingTable.getColumns().add(column("Severity", 95, f -> f.severity().id()));
        TableColumn<Finding, String> status = column("Status", 120, f -> f.status().name());
        status.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                getStyleClass().removeIf(x -> x.startsWith("status-"));
                if (empty || s == null) {
                    setText(null);
                } else {
                    setText(glyph(s) + " " + ("NOT_APPLICABLE".equals(s) ? "N/A" : s.replace('_', ' ')));
                    getStyleClass().add("status-" + s);
                }
            }
        });
        findingTable.getColumns().add(status);
        findingTable.getColumns().add(column("Title", 300, Finding::title));
        findingTable.getColumns().add(column("Reason", 420, Finding::reason));
        // short columns keep their width; title and reason take the rest
        findingTable.getColumns().subList(0, 5).forEach(c -> c.setMinWidth(c.getPrefWidth()));
        findingTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        root.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), this::onNew);
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::onOpen);
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), this::onReload);
            }
        });
    }

    /** Status is shown with a shape as well as a colour. */
    static String glyph(String status) {
        return switch (status) {
            case "PASS" -> "✓";
            case "WARN" -> "▲";
            case "FAIL" -> "✕";
            case "ERROR" -> "⚡";
            case "NOT_APPLICABLE" -> "—";
            default -> "○";
        };
    }

    private static TableColumn<Finding, String> column(String title, double width, Function<Finding, String> value) {
        TableColumn<Finding, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new SimpleStringProperty(cd.getValue() == null ? "" : String.valueOf(value.apply(cd.getValue()))));
        return c;
    }

    @FXML
    void onNew() {
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("New project");
        d.setHeaderText("Who and where is this assessment for?");
        TextField client = new TextField();
        client.setId("clientField");
        TextField site = new TextField();
        site.setId("siteField");
        TextField assessor = new TextField(System.getProperty("user.name", ""));
        assessor.setId("assessorField");
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.addRow(0, new Label("Client"), client);
        g.addRow(1, new Label("Site"), site);
        g.addRow(2, new Label("Assessor"), assessor);
        d.getDialogPane().setContent(g);
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        if (d.showAndWait().filter(b -> b == ButtonType.OK).isEmpty()) {
            return;
        }
        FileChooser fc = chooser("Save the new project as");
        fc.setInitialFileName((client.getText().isBlank() ? "assessment" : client.getText().strip().replaceAll("[^\\p{L}\\p{N}._-]+", "-")) + ".vhproj");
        File f = fc.showSaveDialog(root.getScene().getWindow());
        if (f != null) {
            Path p = f.toPath().toString().endsWith(".vhproj") ? f.toPath() : Path.of(f.getPath() + ".vhproj");
            vm.create(p, client.getText().strip(), site.getText().strip(), assessor.getText().strip());
        }
    }

    @FXML
    void onOpen() {
        File f = chooser("Open a project").showOpenDialog(root.getScene().getWindow());
        if (f != null) {
            vm.open(f.toPath());
        }
    }

    @FXML
    void onReload() {
        vm.reload();
    }

    private static FileChooser chooser(String title) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("virtharden projects (*.vhproj)", "*.vhproj"));
        return fc;
    }
}
