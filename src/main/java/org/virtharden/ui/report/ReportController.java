package org.virtharden.ui.report;

import java.io.File;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.image.ImageView;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.virtharden.report.AuditPack;
import org.virtharden.report.ReportService;
import org.virtharden.ui.Fxml;
import org.virtharden.ui.session.ProjectSession;

/** Screen E: binds {@code ReportView.fxml} to a {@link ReportViewModel} and forwards the operator's actions. */
public final class ReportController {
    @FXML private Button refreshButton;
    @FXML private Button exportPdfButton;
    @FXML private Button exportOtherButton;
    @FXML private Button cancelButton;
    @FXML private ProgressBar progress;
    @FXML private Label messageLabel;
    @FXML private Label errorLabel;
    @FXML private Label preflightTitle;
    @FXML private ListView<AuditPack.OpenItem> preflightList;
    @FXML private ChoiceBox<ReportViewModel.RunChoice> runChoice;
    @FXML private ComboBox<ReportViewModel.RunChoice> retestChoice;
    @FXML private ChoiceBox<ReportViewModel.FrameworkChoice> frameworkChoice;
    @FXML private ChoiceBox<String> paperChoice;
    @FXML private Button previousButton;
    @FXML private Button nextButton;
    @FXML private Label pageLabel;
    @FXML private ImageView pageView;

    private final ReportViewModel vm;
    private final ProjectSession session;
    private final Parent root;

    public ReportController(ProjectSession session) {
        this.session = session;
        this.vm = new ReportViewModel(session, new ReportService(session.catalog()));
        this.root = Fxml.load("ReportView.fxml", this);
    }

    /** The screen's root node (what the main window shows). */
    public static Parent create(ProjectSession session) {
        return new ReportController(session).root();
    }

    public Parent root() {
        return root;
    }

    public ReportViewModel viewModel() {
        return vm;
    }

    @FXML
    private void initialize() {
        preflightList.setItems(vm.preflight());
        preflightList.setId("preflight-list");
        preflightList.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(AuditPack.OpenItem item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setText(null);
                } else {
                    String glyph = switch (item.kind()) {
                        case "unanswered" -> "○ ";
                        case "not-run" -> "⚡ ";
                        default -> "⛨ ";
                    };
                    setText(glyph + item.key() + "\n   " + item.text());
                }
            }
        });
        preflightList.setTooltip(new javafx.scene.control.Tooltip("The pack is a DRAFT until this list is empty."
                + " Double-click or Enter opens the item."));
        preflightList.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                vm.open(preflightList.getSelectionModel().getSelectedItem());
            }
        });
        preflightList.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                vm.open(preflightList.getSelectionModel().getSelectedItem());
            }
        });
        preflightList.setPlaceholder(new Label("Refresh the preview to list open items."));
        preflightTitle.textProperty().bind(Bindings.size(vm.preflight()).asString("PRE-FLIGHT · %d open"));
        runChoice.setItems(vm.runs());
        runChoice.getSelectionModel().selectFirst();
        runChoice.valueProperty().addListener((o, a, b) -> vm.setRun(b));
        vm.selectedRunProperty().addListener((o, a, b) -> runChoice.setValue(b));
        retestChoice.setId("retest-choice");
        runChoice.setId("run-choice");
        retestChoice.setItems(vm.retestRuns());
        retestChoice.getSelectionModel().selectFirst();
        retestChoice.valueProperty().addListener((o, a, b) -> vm.setRetestFrom(b));
        vm.selectedRetestProperty().addListener((o, a, b) -> retestChoice.setValue(b));
        retestChoice.setTooltip(new javafx.scene.control.Tooltip("Adds a Retest section: this earlier run against the"
                + " pack's run (regressed, new failure, still failing, not re-tested, fixed)."));
        frameworkChoice.setItems(vm.frameworks());
        frameworkChoice.getSelectionModel().selectFirst();
        frameworkChoice.valueProperty().addListener((o, a, b) -> vm.setFramework(b));
        paperChoice.getItems().setAll("a4", "letter");
        paperChoice.getSelectionModel().selectFirst();
        paperChoice.valueProperty().addListener((o, a, b) -> vm.setPaper(b));

        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.busyProperty());
        cancelButton.visibleProperty().bind(vm.busyProperty());
        refreshButton.disableProperty().bind(vm.busyProperty());
        exportPdfButton.disableProperty().bind(vm.busyProperty());
        exportOtherButton.disableProperty().bind(vm.busyProperty());
        messageLabel.textProperty().bind(vm.messageProperty());
        messageLabel.setId("report-message");
        errorLabel.textProperty().bind(vm.errorProperty());
        errorLabel.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        pageView.imageProperty().bind(vm.pageProperty());
        pageView.setId("report-page");
        pageLabel.setId("report-page-label");
        pageLabel.textProperty().bind(Bindings.createStringBinding(() -> vm.pageCountProperty().get() == 0 ? "no preview yet"
                : "page " + (vm.pageIndexProperty().get() + 1) + " / " + vm.pageCountProperty().get(),
                vm.pageIndexProperty(), vm.pageCountProperty()));
        previousButton.disableProperty().bind(vm.busyProperty().or(vm.pageIndexProperty().lessThanOrEqualTo(0)));
        nextButton.disableProperty().bind(vm.busyProperty().or(vm.pageIndexProperty().greaterThanOrEqualTo(
                vm.pageCountProperty().subtract(1))));
        refreshButton.setId("refresh-button");
        nextButton.setId("next-page");
        previousButton.setId("previous-page");
        cancelButton.setId("cancel-button");
    }

    @FXML
    private void onRefresh() {
        vm.refresh();
    }

    @FXML
    private void onNext() {
        vm.next();
    }

    @FXML
    private void onPrevious() {
        vm.previous();
    }

    @FXML
    private void onCancel() {
        vm.cancel();
    }

    @FXML
    private void onExportPdf() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export the audit pack as PDF");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PDF", "*.pdf"));
        fc.setInitialFileName(baseName() + ".pdf");
        File f = fc.showSaveDialog(root.getScene().getWindow());
        if (f != null) {
            vm.export(f.toPath(), null, null, null);
        }
    }

    @FXML
    private void onExportOther() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Folder for the HTML, CSV and JSON exports");
        File d = dc.showDialog(root.getScene().getWindow());
        if (d != null) {
            Path dir = d.toPath();
            String b = baseName();
            vm.export(null, dir.resolve(b + ".html"), dir.resolve(b + "-findings.csv"), dir.resolve(b + ".json"));
        }
    }

    private String baseName() {
        Path f = session.fileProperty().get();
        String n = f == null ? "audit-pack" : f.getFileName().toString().replaceFirst("\\.vhproj$", "");
        return n + "-audit-pack";
    }
}
