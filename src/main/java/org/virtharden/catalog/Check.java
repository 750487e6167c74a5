package org.virtharden.catalog;

import java.util.List;
import java.util.Map;

/**
 * One catalog entry. Automated checks name a probe and either declarative {@code conditions} or a
 * reviewed Java {@code evaluator}; {@code appliesWhen} conditions that do not hold make the check
 * NOT_APPLICABLE with {@code naReason}.
 *
 * @param scope {@code host} (one finding per host) or {@code guest} (one per guest, issue 3)
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
        String source) {

    public Check {
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
                naReason, rationale, remediation, references, aliases, src);
    }
}
