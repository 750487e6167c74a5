package org.virtharden.ui.report;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.scene.image.Image;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import org.virtharden.catalog.Frameworks;
import org.virtharden.model.ScanRun;
import org.virtharden.report.AuditPack;
import org.virtharden.report.AuditPackBuilder;
import org.virtharden.report.PackOptions;
import org.virtharden.report.ReportException;
import org.virtharden.report.ReportService;
import org.virtharden.ui.session.ProjectSession;

/**
 * The report screen's state (ux.md screen E): pre-flight list, options, a paginated preview of the real PDF, and
 * export with progress and cancel. All pack and PDF work runs through {@link ProjectSession#query}, off the FX thread.
 */
public final class ReportViewModel {
    /** A choice of run: null id for the latest. */
    public record RunChoice(Long id, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** A choice of framework: null id for all checks. */
    public record FrameworkChoice(String id, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    static final float PREVIEW_DPI = 96f;

    private final ProjectSession session;
    private final ReportService service;
    private final ObservableList<AuditPack.OpenItem> preflight = FXCollections.observableArrayList();
    private final ObservableList<RunChoice> runs = FXCollections.observableArrayList(new RunChoice(null, "Latest run"));
    private final ObservableList<FrameworkChoice> frameworks = FXCollections.observableArrayList();
    private final ObservableList<RunChoice> retestRuns = FXCollections.observableArrayList(new RunChoice(null, "None"));
    private final ReadOnlyObjectWrapper<Image> page = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper pageIndex = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyIntegerWrapper pageCount = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Press Refresh preview to build the pack.");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper draft = new ReadOnlyBooleanWrapper(true);
    private RunChoice run = runs.get(0);
    private final ReadOnlyObjectWrapper<RunChoice> selectedRun = new ReadOnlyObjectWrapper<>(run);
    private RunChoice retestFrom = retestRuns.get(0);
    private final ReadOnlyObjectWrapper<RunChoice> selectedRetest = new ReadOnlyObjectWrapper<>(retestFrom);
    private FrameworkChoice framework;
    private String paper = "a4";
    private byte[] pdf;
    private Task<?> current;
    private AtomicBoolean cancel = new AtomicBoolean();

    public ReportViewModel(ProjectSession session, ReportService service) {
        this.session = session;
        this.service = service;
        frameworks.add(new FrameworkChoice(null, "All checks"));
        for (Frameworks.Framework f : Frameworks.known()) {
            frameworks.add(new FrameworkChoice(f.id(), f.title()));
        }
        framework = frameworks.get(0);
    }

    /**
     * Goes to a pre-flight item (ux.md screen E: the list links to each item): an unanswered or not-run item opens in
     * its checklist with the item selected; an expired waiver opens the findings board.
     */
    public void open(AuditPack.OpenItem item) {
        if (item == null) {
            return;
        }
        if (item.kind().endsWith("waiver")) {
            session.navigate("findings");
            return;
        }
        session.catalog().check(item.checkId()).ifPresent(c -> session.navigate("step:" + c.domain().id(),
                new ProjectSession.Target(item.host(), item.guest(), item.checkId())));
    }

    public ObservableList<AuditPack.OpenItem> preflight() {
        return FXCollections.unmodifiableObservableList(preflight);
    }

    public ObservableList<RunChoice> runs() {
        return FXCollections.unmodifiableObservableList(runs);
    }

    /** "None" and every run: the earlier run of the pack's retest section. */
    public ObservableList<RunChoice> retestRuns() {
        return FXCollections.unmodifiableObservableList(retestRuns);
    }

    public ObservableList<FrameworkChoice> frameworks() {
        return FXCollections.unmodifiableObservableList(frameworks);
    }

    public ReadOnlyObjectProperty<Image> pageProperty() {
        return page.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty pageIndexProperty() {
        return pageIndex.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty pageCountProperty() {
        return pageCount.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** 0..1, or -1 while the amount of work is unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty draftProperty() {
        return draft.getReadOnlyProperty();
    }

    public void setRun(RunChoice r) {
        if (r != null) {
            run = r;
        }
    }

    /** The run the options use (kept when the list of runs is refreshed). */
    public ReadOnlyObjectProperty<RunChoice> selectedRunProperty() {
        return selectedRun.getReadOnlyProperty();
    }

    /** The run to retest from (null or "None" for no retest section). */
    public void setRetestFrom(RunChoice r) {
        retestFrom = r == null ? retestRuns.get(0) : r;
    }

    /** The retest choice the options use (kept when the list of runs is refreshed). */
    public ReadOnlyObjectProperty<RunChoice> selectedRetestProperty() {
        return selectedRetest.getReadOnlyProperty();
    }

    public void setFramework(FrameworkChoice f) {
        framework = f == null ? frameworks.get(0) : f;
    }

    public void setPaper(String p) {
        paper = p == null ? "a4" : p;
    }

    PackOptions options() {
        return new PackOptions(run.id(), List.of(), framework.id(), paper, false, java.util.Map.of(), retestFrom.id());
    }

    /** What one background job hands back to the FX thread. */
    private record Preview(List<AuditPack.OpenItem> preflight, List<ScanRun> runs, byte[] pdf, int pages,
            BufferedImage first, boolean draft) {
    }

    /** Builds the pack and its PDF, and shows page 1. */
    public void refresh() {
        if (busy.get()) {
            return;
        }
        PackOptions opt = options();
        AtomicBoolean flag = begin("Building the audit pack…");
        current = session.query("Building the audit pack…", p -> {
            try {
                List<ScanRun> rs = p.runs().list();
                AuditPackBuilder.Built b = service.build(p, opt, Instant.now(), flag::get);
                step(0.4, "Laying out the PDF…");
                byte[] bytes = service.pdf(b, null);
                check(flag);
                step(0.8, "Rendering page 1…");
                int n = service.pageCount(bytes);
                BufferedImage first = service.pages(bytes, 0, 1, PREVIEW_DPI).get(0);
                return new Preview(b.pack().preflight(), rs, bytes, n, first, b.pack().draft());
            } catch (ReportException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, r -> {
            end(null);
            preflight.setAll(r.preflight());
            List<RunChoice> choices = new ArrayList<>();
            choices.add(runs.get(0));
            for (ScanRun s : r.runs()) {
                choices.add(new RunChoice(s.id(), "Run #" + s.id() + " · " + s.state()));
            }
            if (!choices.equals(runs)) {
                RunChoice keep = run;
                runs.setAll(choices);
                run = runs.stream().filter(c -> java.util.Objects.equals(c.id(), keep.id())).findFirst().orElse(runs.get(0));
                selectedRun.set(null); // the refreshed list cleared the choice box: an equal value would not be re-shown
                selectedRun.set(run);
            }
            List<RunChoice> retest = new ArrayList<>();
            retest.add(retestRuns.get(0));
            for (ScanRun s : r.runs()) {
                retest.add(new RunChoice(s.id(), "Run #" + s.id() + " · " + s.state()));
            }
            if (!retest.equals(retestRuns)) {
                RunChoice keep = retestFrom;
                retestRuns.setAll(retest);
                RunChoice kept = retestRuns.stream().filter(c -> java.util.Objects.equals(c.id(), keep.id())).findFirst()
                        .orElse(retestRuns.get(0));
                selectedRetest.set(null); // the view may clear the choice meanwhile: the kept one is set again below
                retestFrom = kept;
                selectedRetest.set(kept);
            }
            pdf = r.pdf();
            page.set(toFx(r.first()));
            pageIndex.set(0);
            draft.set(r.draft());
            pageCount.set(r.pages());
            message.set(r.pages() + " pages · " + (r.draft() ? "DRAFT: " + r.preflight().size()
                    + " pre-flight item(s) open" : "no pre-flight items open"));
        });
        watch();
    }

    /** Shows another page of the current preview. */
    public void showPage(int index) {
        if (pdf == null || busy.get() || index < 0 || index >= pageCount.get()) {
            return;
        }
        byte[] bytes = pdf;
        AtomicBoolean flag = begin("Rendering page " + (index + 1) + "…");
        current = session.query("Rendering page " + (index + 1) + "…", p -> {
            try {
                check(flag);
                return service.pages(bytes, index, 1, PREVIEW_DPI).get(0);
            } catch (ReportException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, img -> {
            end(null);
            pageIndex.set(index);
            page.set(toFx(img));
            message.set("Page " + (index + 1) + " of " + pageCount.get());
        });
        watch();
    }

    public void next() {
        showPage(pageIndex.get() + 1);
    }

    public void previous() {
        showPage(pageIndex.get() - 1);
    }

    /** Writes the chosen formats (null skips one). */
    public void export(Path pdfOut, Path htmlOut, Path csvOut, Path jsonOut) {
        if (busy.get()) {
            return;
        }
        PackOptions opt = options();
        AtomicBoolean flag = begin("Exporting the audit pack…");
        current = session.query("Exporting the audit pack…", p -> {
            try {
                AuditPackBuilder.Built b = service.build(p, opt, Instant.now(), flag::get);
                step(0.3, "Writing the files…");
                check(flag);
                service.write(b, new ReportService.Outputs(pdfOut, htmlOut, csvOut, jsonOut), null);
                return b.pack();
            } catch (ReportException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, pack -> {
            List<String> names = new ArrayList<>();
            for (Path x : new Path[] {pdfOut, htmlOut, csvOut, jsonOut}) {
                if (x != null) {
                    names.add(x.getFileName().toString());
                }
            }
            end("Exported " + String.join(", ", names) + (pack.draft() ? " (DRAFT)" : "") + " · evidence set SHA-256 "
                    + pack.evidenceSetSha256().substring(0, 16) + "…");
        });
        watch();
    }

    /** Stops the running job; nothing half-written is left (files are replaced whole). */
    public void cancel() {
        cancel.set(true);
        if (current != null) {
            current.cancel(true);
        }
    }

    private AtomicBoolean begin(String what) {
        cancel = new AtomicBoolean();
        busy.set(true);
        progress.set(-1);
        error.set("");
        message.set(what);
        return cancel;
    }

    private void watch() {
        Task<?> t = current;
        t.stateProperty().addListener((o, a, s) -> {
            switch (s) {
                case FAILED -> {
                    end(null);
                    error.set(cancel.get() ? "" : ProjectSession.describe(t.getException()));
                    message.set(cancel.get() ? "Cancelled." : "Nothing was written.");
                }
                case CANCELLED -> {
                    end(null);
                    message.set("Cancelled. Nothing was written.");
                }
                default -> { }
            }
        });
    }

    private void end(String msg) {
        busy.set(false);
        progress.set(0);
        if (msg != null) {
            message.set(msg);
        }
    }

    private void step(double p, String what) {
        ProjectSession.fx(() -> {
            progress.set(p);
            message.set(what);
        });
    }

    private static void check(AtomicBoolean flag) {
        if (flag.get()) {
            throw new IllegalStateException("Cancelled.");
        }
    }

    /** A java.awt image as a JavaFX one, pixel by pixel (no javafx-swing). */
    static WritableImage toFx(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        WritableImage out = new WritableImage(w, h);
        PixelWriter pw = out.getPixelWriter();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            pw.setPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
        }
        return out;
    }
}
