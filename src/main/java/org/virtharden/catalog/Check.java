package org.virtharden.catalog;

import java.util.List;
import java.util.Map;

/**
 * One catalog entry. Automated checks name a probe and either declarative {@code conditions} or a
 * reviewed Java {@code evaluator}; {@code appliesWhen} conditions that do not hold make the check
 * NOT_APPLICABLE with {@code naReason}.
 *
 * @param scope {@code host} (one finding per host) or {@code guest} (one per guest, issue 3)
 * @param question for manual and hybrid checks: what the operator answers on site (pass / fail / not applicable)
 * @param evidence for manual and hybrid checks: what backs the answer, from {@link #EVIDENCE_KINDS}
 */
public record Check(
        String id,
        Domain domain,
        Mode mode,
        String title,
        Severity severity,
        String scope,
        String probe,
        List<Condition> conditions,
        String evaluator,
        List<Condition> appliesWhen,
        String naReason,
        String rationale,
        String remediation,
        Map<String, String> references,
        List<String> aliases,
        String question,
        List<String> evidence,
        String source) {

    /** Kinds of evidence a manual answer can rest on. */
    public static final List<String> EVIDENCE_KINDS = List.of("photo", "document", "note", "output", "attestation");

    public Check {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        appliesWhen = appliesWhen == null ? List.of() : List.copyOf(appliesWhen);
        references = references == null ? Map.of() : Map.copyOf(references);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        scope = scope == null ? "host" : scope;
    }

    public boolean automated() {
        return mode == Mode.AUTOMATED || (mode == Mode.HYBRID && probe != null);
    }

    public Check withSource(String src) {
        return new Check(id, domain, mode, title, severity, scope, probe, conditions, evaluator, appliesWhen,
                naReason, rationale, remediation, references, aliases, question, evidence, src);
    }
}
