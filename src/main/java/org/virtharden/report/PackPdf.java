package org.virtharden.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import com.openhtmltopdf.pdfboxout.PDFontSupplier;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * HTML → PDF with openhtmltopdf (PDFBox), DejaVu fonts embedded, and the pack's integrity data stored in the
 * document information dictionary so {@code verify} can read it back.
 */
final class PackPdf {
    /** Document information keys. */
    static final String KEY_PACK = "VirthardenPack";
    static final String KEY_EVIDENCE = "VirthardenEvidenceSha256";
    static final String KEY_CONTENT = "VirthardenContentSha256";
    static final String KEY_LINES = "VirthardenIntegrityLines";

    private static final String[][] FONTS = {
        {"DejaVuSans.ttf", "DejaVu Sans", "400"},
        {"DejaVuSans-Bold.ttf", "DejaVu Sans", "700"},
        {"DejaVuSansMono.ttf", "DejaVu Sans Mono", "400"},
    };

    private final Map<String, byte[]> fonts = new LinkedHashMap<>();

    PackPdf() {
        // openhtmltopdf logs every stage at INFO on stderr; keep its warnings only
        for (String l : com.openhtmltopdf.util.XRLog.listRegisteredLoggers()) {
            com.openhtmltopdf.util.XRLog.setLevel(l, java.util.logging.Level.WARNING);
        }
        for (String[] f : FONTS) {
            try (InputStream in = PackPdf.class.getResourceAsStream("fonts/" + f[0])) {
                if (in == null) {
                    throw new IllegalStateException("font resource missing: " + f[0]);
                }
                fonts.put(f[0], in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What {@link #write} stored besides the pages. */
    record Stamp(String packJson, String evidenceSha256, String contentSha256, List<String> lines) {
    }

    byte[] render(AuditPack pack, String xhtml) throws IOException {
        List<TrueTypeFont> open = new ArrayList<>();
        PDDocument doc = new PDDocument();
        try {
            PdfRendererBuilder b = new PdfRendererBuilder();
            b.useFastMode();
            b.usePDDocument(doc);
            for (String[] f : FONTS) {
                // PDFBox would apply the font's Latin ligatures (fi, fl, ff): the page looks the same but copied or
                // extracted text reads "ﬁnal"; without GSUB every letter stays its own glyph
                TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(fonts.get(f[0])));
                open.add(ttf);
                ttf.setEnableGsub(false);
                PDFont font = PDType0Font.load(doc, ttf, true);
                b.useFont(new PDFontSupplier(font), f[1], Integer.valueOf(f[2]), FontStyle.NORMAL, true);
            }
            b.withHtmlContent(xhtml, null);
            b.withProducer("virtharden");
            PdfBoxRenderer r = b.buildPdfRenderer();
            try (r) {
                r.layout();
                r.createPDFWithoutClosing();
                stamp(doc, pack);
                ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
                doc.save(out);
                return out.toByteArray();
            }
        } finally {
            doc.close();
            for (TrueTypeFont t : open) {
                t.close();
            }
        }
    }

    private static void stamp(PDDocument doc, AuditPack pack) throws JsonProcessingException {
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle("Audit pack: " + pack.cover().client() + (pack.cover().site() == null ? "" : " · " + pack.cover().site()));
        info.setAuthor(pack.cover().assessor());
        info.setSubject("KVM/libvirt hardening assessment" + (pack.draft() ? " (DRAFT)" : ""));
        info.setCreator("virtharden");
        Calendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        c.setTimeInMillis(pack.generated().toEpochMilli());
        info.setCreationDate(c);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("schema", pack.schema());
        header.put("generated", pack.generated().toString());
        header.put("options", pack.options());
        info.setCustomMetadataValue(KEY_PACK, Integrity.json().writeValueAsString(header));
        info.setCustomMetadataValue(KEY_EVIDENCE, pack.evidenceSetSha256());
        info.setCustomMetadataValue(KEY_CONTENT, pack.contentSha256());
        info.setCustomMetadataValue(KEY_LINES, String.join("\n", pack.integrityLines()));
    }

    /** Reads what {@link #render} stored; empty values when the PDF has none. */
    static Stamp readStamp(Path pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            PDDocumentInformation info = doc.getDocumentInformation();
            String lines = info.getCustomMetadataValue(KEY_LINES);
            return new Stamp(info.getCustomMetadataValue(KEY_PACK), info.getCustomMetadataValue(KEY_EVIDENCE),
                    info.getCustomMetadataValue(KEY_CONTENT),
                    lines == null || lines.isEmpty() ? List.of() : List.of(lines.split("\n")));
        }
    }

    /** Renders pages of a PDF to images (for the GUI preview); {@code first}/{@code count} select the pages. */
    static List<BufferedImage> pages(byte[] pdf, int first, int count, float dpi) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFRenderer r = new PDFRenderer(doc);
            List<BufferedImage> out = new ArrayList<>();
            for (int i = first; i < Math.min(doc.getNumberOfPages(), first + count); i++) {
                out.add(r.renderImageWithDPI(i, dpi, ImageType.RGB));
            }
            return out;
        }
    }

    static int pageCount(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return doc.getNumberOfPages();
        }
    }

    static byte[] read(Path p) throws IOException {
        return Files.readAllBytes(p);
    }
}
