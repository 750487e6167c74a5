package org.virtharden.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtharden.catalog.Catalog;
import org.virtharden.catalog.CatalogLoader;
import org.virtharden.catalog.Status;
import org.virtharden.model.Finding;
import org.virtharden.project.FindingQuery;
import org.virtharden.project.Project;

/** The pack model, escaping and formats on a real (synthetic) project file, without test hosts. */
class AuditPackTest {
    private static final Catalog CATALOG = new CatalogLoader().loadBuiltIn();

    @Test
    void escapesMarkupAndControlCharacters() {
        assertEquals("a&lt;b&gt;&amp;&quot;&#39;\\u0007x", Html.escape("a<b>&\"'\u0007x"));
        assertEquals("\"a\\22  \\3c b\\3e \"", Html.cssString("a\" <b>"));
        assertEquals("\"=cmd\"", PackCsv.cell("=cmd").replace("'", ""));
        assertEquals("\"'=cmd\"", PackCsv.cell("=cmd"));
        assertEquals("\"a,\"\"b\"\"\"", PackCsv.cell("a,\"b\""));
        assertEquals("", PackCsv.cell(null));
        assertTrue(AuditPackBuilder.requirementSortKey("2.2.10").compareTo(AuditPackBuilder.requirementSortKey("2.2.9")) > 0);
    }

    @Test
    void limitationsFileIsKeyColonText() throws Exception {
        Map<String, String> m = Limitations.parse("# c\n\nPH-004@kvm01: closed room\n*: time-boxed\n", "f");
        assertEquals(Map.of("PH-004@kvm01", "closed room", "*", "time-boxed"), m);
        ReportException e = assertThrows(ReportException.class, () -> Limitations.parse("no colon here", "lim.txt"));
        assertTrue(e.getMessage().contains("lim.txt line 1"), e.getMessage());
    }

    @Test
    void buildsCountsAndHashesFromTheProject(@TempDir Path dir) throws Exception {
        Path file = SyntheticProject.create(dir.resolve("s.vhproj"), CATALOG, 3, 40);
        ReportService service = new ReportService(CATALOG);
        Instant at = Instant.parse("2026-11-22T10:00:00Z");
        try (Project p = Project.open(file)) {
            AuditPackBuilder.Built b = service.build(p, PackOptions.defaults(), at, AuditPackBuilder.Cancel.NEVER);
            AuditPack pack = b.pack();
            List<Finding> all = p.findings().list(new FindingQuery(null, null, null, null, null));
            assertEquals(120, all.size());
            for (Status s : List.of(Status.PASS, Status.FAIL, Status.WARN, Status.ERROR, Status.NOT_APPLICABLE)) {
                assertEquals(all.stream().filter(f -> f.status() == s).count(), (long) pack.summary().findingsByStatus().get(s.name()),
                        s.name());
            }
            long nonPassing = all.stream().filter(f -> f.status() == Status.FAIL || f.status() == Status.WARN
                    || f.status() == Status.ERROR).count();
            assertEquals(nonPassing, pack.findings().stream().mapToLong(g -> g.rows().size()).sum());
            assertEquals(all.stream().map(Finding::evidenceId).distinct().count(), pack.evidence().size());
            assertTrue(pack.evidence().stream().allMatch(AuditPack.EvidenceItem::intact));
            assertEquals(Integrity.evidenceSetSha256(pack.integrityLines()), pack.evidenceSetSha256());
            assertEquals(64, pack.contentSha256().length());
            assertTrue(pack.draft(), "unanswered manual items keep it a draft");
            assertFalse(pack.method().notRun().isEmpty(), "ERROR results are listed as could not run");
            assertTrue(pack.preflight().stream().anyMatch(i -> i.kind().equals("not-run")));

            // the content hash ignores the generation time only
            AuditPack again = service.build(p, PackOptions.defaults(), at, AuditPackBuilder.Cancel.NEVER).pack();
            assertEquals(pack.contentSha256(), again.contentSha256());
            assertThrows(ReportException.class, () -> service.build(p, PackOptions.defaults(), at, () -> true),
                    "cancel stops the build");
            ReportException noHost = assertThrows(ReportException.class, () -> service.build(p,
                    new PackOptions(null, List.of("nope"), null, "a4", false, Map.of()), at, AuditPackBuilder.Cancel.NEVER));
            assertTrue(noHost.getMessage().contains("There is no host 'nope'"), noHost.getMessage());
            AuditPackBuilder.FinalRefused refused = assertThrows(AuditPackBuilder.FinalRefused.class, () -> service.build(p,
                    new PackOptions(null, List.of(), null, "a4", true, Map.of()), at, AuditPackBuilder.Cancel.NEVER));
            assertEquals(pack.preflight().size(), refused.items().size());

            byte[] pdf = service.pdf(b, null);
            try (PDDocument d = Loader.loadPDF(pdf)) {
                String text = new PDFTextStripper().getText(d).replaceAll("\\s+", " ");
                assertTrue(text.contains("Synthetic <Client> & Co"), "client as plain text");
                assertTrue(text.contains("Page 1 of " + d.getNumberOfPages()));
                assertEquals(pack.contentSha256(), d.getDocumentInformation().getCustomMetadataValue(PackPdf.KEY_CONTENT));
                StringBuilder raw = new StringBuilder();
                PDFTextStripper glyphs = new PDFTextStripper() {
                    @Override
                    protected void writeString(String s, List<org.apache.pdfbox.text.TextPosition> positions) {
                        positions.forEach(tp -> raw.append(tp.getUnicode()));
                    }
                };
                glyphs.getText(d);
                assertTrue(raw.toString().contains("Classification"), "text as stored in the PDF");
                assertTrue(raw.chars().noneMatch(c -> c >= 0xFB00 && c <= 0xFB06), "no ligature glyphs (ﬁ, ﬂ, ﬀ) in copied text");
            }
            String html = service.html(b, null);
            assertTrue(html.contains("Synthetic &lt;Client&gt; &amp; Co"));
            assertFalse(html.contains("<Client>"));
            assertEquals(1, service.pages(pdf, 0, 1, 30f).size());
        }
    }
}
