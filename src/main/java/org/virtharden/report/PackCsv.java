package org.virtharden.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The pack's findings as CSV (RFC 4180, CRLF line ends, UTF-8): one row per non-passing result, in the pack's order.
 * A result marked as a false positive has status {@code FALSE_POSITIVE} and its "by WHO DATE: reason" in
 * {@code false_positive}, as {@code virtharden findings --format csv} writes them (there the column is
 * {@code falsePositive}: that export keeps its camel-case names, this one its snake-case names).
 * Cells a spreadsheet would run as a formula get a leading apostrophe.
 */
final class PackCsv {
    /** The documented columns, in order (README "The audit pack"). */
    static final List<String> COLUMNS = List.of("domain", "check", "title", "severity", "host", "guest", "status",
            "observed", "expected", "reason", "waiver", "remediation", "evidence_id", "evidence_sha256", "source", "false_positive");

    private PackCsv() {
    }

    static String render(AuditPack p) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append(String.join(",", COLUMNS)).append("\r\n");
        for (AuditPack.FindingGroup g : p.findings()) {
            for (AuditPack.FindingRow r : g.rows()) {
                List<String> cells = new ArrayList<>();
                cells.add(g.domain());
                cells.add(g.checkId());
                cells.add(g.title());
                cells.add(g.severity());
                cells.add(r.host());
                cells.add(r.guest());
                cells.add(r.status());
                cells.add(r.observed());
                cells.add(r.expected());
                cells.add(r.reason());
                cells.add(r.waiver());
                cells.add(g.remediation() == null ? null : g.remediation().strip());
                cells.add(r.evidenceId() == 0 ? null : Long.toString(r.evidenceId()));
                cells.add(r.evidenceSha256());
                cells.add(r.source());
                cells.add(r.falsePositive());
                for (int i = 0; i < cells.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append(cell(cells.get(i)));
                }
                sb.append("\r\n");
            }
        }
        return sb.toString();
    }

    static String cell(String v) {
        if (v == null) {
            return "";
        }
        String s = v;
        if (!s.isEmpty() && ("=+@\t\r".indexOf(s.charAt(0)) >= 0
                || s.startsWith("-") && s.length() > 1 && !Character.isDigit(s.charAt(1)))) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") || s.startsWith("'")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
