package org.virtharden.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything an audit pack says, built once from a project ({@link AuditPackBuilder}) and rendered by each format
 * (PDF, HTML, CSV, JSON) without going back to the project. Immutable; the canonical JSON of this record (minus
 * {@link #generated} and {@link #contentSha256}) is what the content hash covers (see docs/decisions/0009).
 *
 * @param generated       when the pack was made; also the instant waivers and expiries are judged at
 * @param draft           true while pre-flight items remain and the pack is not final
 * @param evidenceSetSha256 SHA-256 over the sorted lines of {@link #integrityLines()} (see {@link Integrity})
 * @param contentSha256   SHA-256 of the canonical JSON of the pack without {@code generated} and this field
 */
public record AuditPack(String schema, Instant generated, PackOptions options, Cover cover, Summary summary,
        Method method, List<FindingGroup> findings, List<HostSection> hosts, List<Attestation> attestations,
        List<WaiverRow> waivers, CrossReference crossReference, List<EvidenceItem> evidence, List<OpenItem> preflight,
        boolean draft, String evidenceSetSha256, String contentSha256) {

    public static final String SCHEMA = "virtharden-audit-pack/1";

    public AuditPack {
        findings = List.copyOf(findings);
        hosts = List.copyOf(hosts);
        attestations = List.copyOf(attestations);
        waivers = List.copyOf(waivers);
        evidence = List.copyOf(evidence);
        preflight = List.copyOf(preflight);
    }

    /** The same pack with its content hash filled in. */
    public AuditPack withContentSha256(String sha) {
        return new AuditPack(schema, generated, options, cover, summary, method, findings, hosts, attestations, waivers,
                crossReference, evidence, preflight, draft, evidenceSetSha256, sha);
    }

    /** The same pack without the fields the content hash leaves out. */
    AuditPack forContentHash() {
        return new AuditPack(schema, null, options, cover, summary, method, findings, hosts, attestations, waivers,
                crossReference, evidence, preflight, draft, evidenceSetSha256, null);
    }

    /** One line per evidence item and attachment, "evidence ID SHA" / "attachment ID SHA", sorted. */
    public List<String> integrityLines() {
        return Integrity.lines(this);
    }

    /** Who, where, when and what. */
    public record Cover(String client, String site, String assessor, Instant projectCreated, Long runId,
            Instant runStarted, Instant runFinished, String runState, String catalogVersion, List<String> hosts,
            int guests, String frameworkTitle, String classification) {
        public Cover {
            hosts = List.copyOf(hosts);
        }
    }

    /** Score parts (same formula as the overview), counts by status and open counts by severity, top risks. */
    public record Summary(int passed, int failed, int warned, int errors, int open, int notApplicable, int percent,
            List<DomainScore> domains, Map<String, Integer> findingsByStatus, Map<String, Integer> openBySeverity,
            int waived, List<TopRisk> topRisks, String formula) {
        public Summary {
            domains = List.copyOf(domains);
        }
    }

    public record DomainScore(String domain, String title, int passed, int failed, int warned, int errors, int open,
            int notApplicable, int percent) {
    }

    /** An open (not waived) FAIL or WARN, grouped by check. */
    public record TopRisk(String checkId, String title, String severity, String status, int targets) {
    }

    /** What was checked and how, and what could not be. */
    public record Method(List<DomainChecks> domains, List<HostRunRow> hostRuns, List<NotRun> notRun,
            Map<String, String> limitations) {
        public Method {
            domains = List.copyOf(domains);
            hostRuns = List.copyOf(hostRuns);
            notRun = List.copyOf(notRun);
        }
    }

    public record DomainChecks(String domain, String title, int automated, int manual, int hybrid) {
    }

    public record HostRunRow(String host, String state, String reason, Instant started, Instant finished) {
    }

    /** A check that gave no verdict: ERROR, or no result in the run. */
    public record NotRun(String checkId, String title, String host, String guest, String reason) {
    }

    /** One check's non-passing results, with what to do about them. */
    public record FindingGroup(String domain, String domainTitle, String checkId, String title, String severity,
            String mode, String rationale, String remediation, List<FindingRow> rows) {
        public FindingGroup {
            rows = List.copyOf(rows);
        }
    }

    /**
     * @param status as reported: WAIVED while a waiver is in force
     * @param source "scan" or "answer"
     */
    public record FindingRow(long findingId, String host, String guest, String status, String observed, String expected,
            String reason, long evidenceId, String evidenceSha256, String waiver, String source) {
    }

    public record HostSection(String name, String address, String runState, String runReason,
            Map<String, Integer> statuses, List<GuestRow> guests) {
        public HostSection {
            guests = List.copyOf(guests);
        }
    }

    public record GuestRow(String name, Map<String, Integer> statuses) {
    }

    /** A manual answer with its attachments. */
    public record Attestation(String checkId, String title, String host, String guest, String status, String note,
            String answeredBy, Instant answered, List<AttachmentItem> attachments) {
        public Attestation {
            attachments = List.copyOf(attachments);
        }
    }

    /**
     * @param sha256 recomputed from the stored bytes, or null when they no longer match the recorded hash
     */
    public record AttachmentItem(long id, String fileName, String mediaType, long size, String recordedSha256,
            String sha256) {
        public boolean intact() {
            return recordedSha256.equals(sha256);
        }
    }

    /** @param state active | expired | revoked */
    public record WaiverRow(long id, String checkId, String host, String guest, String justification, String author,
            Instant created, Instant expires, String state) {
    }

    /** Framework requirement → checks → status. */
    public record CrossReference(String framework, String title, List<XrefRow> rows) {
        public CrossReference {
            rows = List.copyOf(rows);
        }
    }

    /** @param status the worst status over the targets, "NOT RUN" when none */
    public record XrefRow(String requirement, String checkId, String title, String status, Map<String, Integer> statuses,
            boolean unverified) {
    }

    /**
     * @param sha256 recomputed from the stored output now; {@code intact} when it equals the recorded one
     */
    public record EvidenceItem(long id, String host, String guest, String probe, Instant collected,
            String recordedSha256, String sha256) {
        public boolean intact() {
            return recordedSha256 != null && recordedSha256.equals(sha256);
        }
    }

    /**
     * A pre-flight item: something that keeps the pack a draft.
     *
     * @param key        stable name, e.g. {@code PH-04@kvm01}, {@code GU-01@kvm01/web1}, {@code waiver#3}
     * @param kind       unanswered | not-run | expired-waiver
     * @param limitation the written limitation that covers it, or null
     */
    public record OpenItem(String key, String kind, String checkId, String host, String guest, String text,
            String limitation) {
    }
}
