package org.virtharden.ui.shell;

import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** "Go to…" (Ctrl+K): type any words of a screen, host, check or guest; Enter or a click goes there, Esc closes. */
final class GoToDialog {
    private static final int LIMIT = 60;

    private GoToDialog() {
    }

    static void show(Window owner, GoToIndex index, Consumer<GoToIndex.Entry> go) {
        Dialog<GoToIndex.Entry> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Go to…");
        d.setHeaderText(null);
        TextField field = new TextField();
        field.setId("goto-field");
        field.setPromptText("Host, check id or title, guest, or screen — e.g. \"hv-012\", \"kvm02\", \"web01\"");
        ListView<GoToIndex.Entry> list = new ListView<>();
        list.setId("goto-list");
        list.setPrefSize(620, 360);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(GoToIndex.Entry e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : e.kind() + " · " + e.label() + (e.detail().isEmpty() ? "" : "  — " + e.detail()));
            }
        });
        Label hint = new Label(index.size() + " places · ↓/↑ to choose · Enter to go · Esc to close");
        hint.getStyleClass().add("text-muted");
        Runnable refresh = () -> {
            list.getItems().setAll(index.search(field.getText(), LIMIT));
            if (!list.getItems().isEmpty()) {
                list.getSelectionModel().select(0);
            }
        };
        field.textProperty().addListener((o, a, b) -> refresh.run());
        refresh.run();
        field.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.DOWN || e.getCode() == KeyCode.UP) {
                int i = list.getSelectionModel().getSelectedIndex() + (e.getCode() == KeyCode.DOWN ? 1 : -1);
                if (i >= 0 && i < list.getItems().size()) {
                    list.getSelectionModel().select(i);
                    list.scrollTo(i);
                }
                e.consume();
            }
        });
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && list.getSelectionModel().getSelectedItem() != null) {
                d.setResult(list.getSelectionModel().getSelectedItem());
                d.close();
            }
        });
        d.getDialogPane().setContent(new VBox(8, field, list, hint));
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.setResultConverter(b -> b == ButtonType.OK ? list.getSelectionModel().getSelectedItem() : null);
        Platform.runLater(field::requestFocus);
        d.showAndWait().ifPresent(go);
    }
}
