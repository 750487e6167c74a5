package org.virtharden.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.virtharden.catalog.Catalog;
import org.virtharden.project.Project;

/**
 * Makes audit packs from a project and checks them against it. The CLI ({@code report}, {@code verify}) and the GUI
 * report screen both go through this class.
 */
public final class ReportService {
    private static final Logger LOG = Logger.getLogger(ReportService.class.getName());

    private final AuditPackBuilder builder;
    private PackPdf pdf;

    public ReportService(Catalog catalog) {
        this.builder = new AuditPackBuilder(catalog);
    }

    /** Where to write each format; null skips it. */
    public record Outputs(Path pdf, Path html, Path csv, Path json) {
    }

    /** Builds the pack (reads the project; no files written). */
    public AuditPackBuilder.Built build(Project p, PackOptions options, Instant at, AuditPackBuilder.Cancel cancel)
            throws ReportException {
        return builder.build(p, options, at, cancel);
    }

    public byte[] pdf(AuditPackBuilder.Built b, byte[] logo) throws ReportException {
        String xhtml = new PackHtml(PackHtml.Target.PDF, b.images(), logo).render(b.pack());
        try {
            return pdfEngine().render(b.pack(), xhtml);
        } catch (IOException | RuntimeException e) {
            throw new ReportException("Could not render the PDF: " + e.getMessage(), e);
        }
    }

    public String html(AuditPackBuilder.Built b, byte[] logo) {
        return new PackHtml(PackHtml.Target.HTML, b.images(), logo).render(b.pack());
    }

    public String csv(AuditPack pack) {
        return PackCsv.render(pack);
    }

    public String json(AuditPack pack) {
        return Integrity.prettyJson(pack);
    }

    /** The documented CSV columns. */
    public static List<String> csvColumns() {
        return PackCsv.COLUMNS;
    }

    /** Writes each requested format (each file replaced whole, never left half-written). */
    public void write(AuditPackBuilder.Built b, Outputs out, byte[] logo) throws ReportException {
        long t0 = System.nanoTime();
        if (out.pdf() != null) {
            writeFile(out.pdf(), pdf(b, logo));
        }
        if (out.html() != null) {
            writeFile(out.html(), html(b, logo).getBytes(StandardCharsets.UTF_8));
        }
        if (out.csv() != null) {
            writeFile(out.csv(), csv(b.pack()).getBytes(StandardCharsets.UTF_8));
        }
        if (out.json() != null) {
            writeFile(out.json(), json(b.pack()).getBytes(StandardCharsets.UTF_8));
        }
        LOG.fine(() -> "audit pack written in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    /** Reads an optional logo (PNG or JPEG). */
    public static byte[] readLogo(Path logo) throws ReportException {
        if (logo == null) {
            return null;
        }
        try {
            byte[] b = Files.readAllBytes(logo);
            boolean png = b.length > 4 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
            boolean jpeg = b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
            if (!png && !jpeg) {
                throw new ReportException("The logo " + logo + " is not a PNG or JPEG image. Give a .png or .jpg file.");
            }
            return b;
        } catch (IOException e) {
            throw new ReportException("Could not read the logo " + logo + ": " + e.getMessage(), e);
        }
    }

    static void writeFile(Path target, byte[] data) throws ReportException {
        Path t = target.toAbsolutePath().normalize();
        Path dir = t.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ReportException("The folder " + dir + " does not exist. Choose an existing folder for " + t.getFileName() + ".");
        }
        Path tmp = dir.resolve("." + t.getFileName() + ".writing");
        try {
            Files.write(tmp, data);
            try {
                Files.move(tmp, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, t, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do
            }
            throw new ReportException("Could not write " + t + ": " + e.getMessage() + ". Check the folder is writable.", e);
        }
    }

    /** The result of {@link #verify}. */
    public record Verification(boolean matches, String recordedEvidenceSha256, String evidenceSha256,
            String recordedContentSha256, String contentSha256, List<String> changes, PackOptions options,
            Instant generated) {
        public Verification {
            changes = List.copyOf(changes);
        }
    }

    /**
     * Rebuilds the pack a PDF states it was built from (same options, same instant), recomputes both hashes and
     * compares them, naming each evidence item or attachment that changed.
     *
     * @throws ReportException when the file is not a readable PDF made by {@code virtharden report}
     */
    public Verification verify(Project p, Path packPdf) throws ReportException {
        PackPdf.Stamp stamp;
        try {
            stamp = PackPdf.readStamp(packPdf);
        } catch (NoSuchFileException e) {
            throw new ReportException("The file " + packPdf + " does not exist. Give the path of the audit pack PDF.", e);
        } catch (IOException e) {
            throw new ReportException("Could not read " + packPdf + " as a PDF (" + e.getMessage() + "). Give an audit"
                    + " pack PDF made by 'virtharden report'.", e);
        }
        if (stamp.packJson() == null || stamp.evidenceSha256() == null || stamp.contentSha256() == null) {
            throw new ReportException(packPdf + " carries no virtharden integrity data: it was not made by 'virtharden"
                    + " report', or another program re-saved it and dropped the data. Verify the PDF as it was exported.");
        }
        PackOptions options;
        Instant generated;
        try {
            JsonNode n = Integrity.json().readTree(stamp.packJson());
            generated = Instant.parse(n.get("generated").asText());
            options = Integrity.json().treeToValue(n.get("options"), PackOptions.class);
        } catch (IOException | RuntimeException e) {
            throw new ReportException("The integrity data in " + packPdf + " is damaged (" + e.getMessage() + ").", e);
        }
        AuditPack now = builder.build(p, options, generated, AuditPackBuilder.Cancel.NEVER, false).pack();
        List<String> changes = new ArrayList<>();
        Map<String, String> before = lines(stamp.lines());
        Map<String, String> after = lines(now.integrityLines());
        Map<String, String> names = names(now);
        for (Map.Entry<String, String> e : before.entrySet()) {
            String cur = after.get(e.getKey());
            String name = names.getOrDefault(e.getKey(), e.getKey());
            if (cur == null) {
                changes.add(name + ": no longer in the project (or no longer in the pack's scope)");
            } else if (!cur.equals(e.getValue())) {
                changes.add(name + ": changed (SHA-256 in the pack " + shortSha(e.getValue()) + ", now " + shortSha(cur) + ")");
            }
        }
        for (Map.Entry<String, String> e : after.entrySet()) {
            if (!before.containsKey(e.getKey())) {
                changes.add(names.getOrDefault(e.getKey(), e.getKey()) + ": new since the pack was made");
            }
        }
        boolean evidenceOk = stamp.evidenceSha256().equals(now.evidenceSetSha256());
        boolean contentOk = stamp.contentSha256().equals(now.contentSha256());
        if (!evidenceOk && changes.isEmpty()) {
            changes.add("the evidence set differs (the list of items stored in the PDF was altered)");
        }
        if (!contentOk && evidenceOk) {
            changes.add("the pack's content differs: answers, findings, waivers, hosts or catalog texts changed since the"
                    + " pack was made");
        }
        return new Verification(evidenceOk && contentOk, stamp.evidenceSha256(), now.evidenceSetSha256(),
                stamp.contentSha256(), now.contentSha256(), changes, options, generated);
    }

    private static Map<String, String> lines(List<String> lines) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : lines) {
            int i = l.lastIndexOf(' ');
            if (i > 0) {
                m.put(l.substring(0, i), l.substring(i + 1));
            }
        }
        return m;
    }

    private static Map<String, String> names(AuditPack p) {
        Map<String, String> m = new LinkedHashMap<>();
        for (AuditPack.EvidenceItem e : p.evidence()) {
            m.put("evidence " + e.id(), "evidence #" + e.id() + " (" + PackHtml.target(e.host(), e.guest()) + ", probe "
                    + e.probe() + ")");
        }
        for (AuditPack.Attestation a : p.attestations()) {
            for (AuditPack.AttachmentItem at : a.attachments()) {
                m.put("attachment " + at.id(), "attachment #" + at.id() + " " + at.fileName() + " (" + a.checkId() + " on "
                        + PackHtml.target(a.host(), a.guest()) + ")");
            }
        }
        return m;
    }

    private static String shortSha(String s) {
        return s.length() > 12 ? s.substring(0, 12) + "…" : s;
    }

    /** Renders pages of a PDF for a preview. */
    public List<BufferedImage> pages(byte[] pdfBytes, int first, int count, float dpi) throws ReportException {
        try {
            return PackPdf.pages(pdfBytes, first, count, dpi);
        } catch (IOException e) {
            throw new ReportException("Could not render the preview: " + e.getMessage(), e);
        }
    }

    public int pageCount(byte[] pdfBytes) throws ReportException {
        try {
            return PackPdf.pageCount(pdfBytes);
        } catch (IOException e) {
            throw new ReportException("Could not read the PDF: " + e.getMessage(), e);
        }
    }

    private synchronized PackPdf pdfEngine() {
        if (pdf == null) {
            pdf = new PackPdf();
        }
        return pdf;
    }
}
