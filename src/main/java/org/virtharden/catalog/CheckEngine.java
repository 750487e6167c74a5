package org.virtharden.catalog;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns collected probe data into an {@link Outcome} for one check on one target. */
public final class CheckEngine {
    private final Map<String, CheckEvaluator> evaluators;

    public CheckEngine(Map<String, CheckEvaluator> evaluators) {
        this.evaluators = Map.copyOf(evaluators);
    }

    public CheckEngine() {
        this(Evaluators.builtIn());
    }

    public Outcome evaluate(Check check, EvaluationContext ctx) {
        if (!check.automated()) {
            return Outcome.manual("", "", "waiting for the operator's answer");
        }
        if (ctx.data() == null) {
            return Outcome.error("probe " + check.probe() + " was not collected");
        }
        for (Condition c : check.appliesWhen()) {
            ConditionResult r = Conditions.evaluate(c, ctx);
            if (r.status() != Status.PASS) {
                return Outcome.notApplicable(check.naReason() != null ? check.naReason() : r.observed());
            }
        }
        String failure = ctx.data().failure();
        if (failure != null) {
            return failure.startsWith("n/a: ") ? Outcome.notApplicable(failure.substring(5)) : Outcome.error(failure);
        }
        if (check.evaluator() != null) {
            CheckEvaluator ev = evaluators.get(check.evaluator());
            if (ev == null) {
                return Outcome.error("unknown evaluator " + check.evaluator());
            }
            try {
                return ev.evaluate(check, ctx);
            } catch (RuntimeException e) {
                return Outcome.error("evaluator " + check.evaluator() + " could not read the output: " + e.getMessage());
            }
        }
        return combine(check.conditions().stream().map(c -> Conditions.evaluate(c, ctx)).toList());
    }

    /** The worst condition decides; the reason names every condition that did not hold. */
    public static Outcome combine(List<ConditionResult> results) {
        Status worst = Status.PASS;
        Set<String> observed = new LinkedHashSet<>();
        Set<String> expected = new LinkedHashSet<>();
        List<String> violations = new ArrayList<>();
        for (ConditionResult r : results) {
            observed.add(r.observed());
            expected.add(r.expected());
            if (r.status() != Status.PASS) {
                violations.add(r.observed() + " (" + r.status().name() + ": expected " + r.expected() + ")");
                if (r.status().rank() > worst.rank()) {
                    worst = r.status();
                }
            }
        }
        String reason = violations.isEmpty()
                ? (results.size() == 1 ? "the condition holds" : "all " + results.size() + " conditions hold")
                : String.join("; ", violations);
        return new Outcome(worst, String.join("; ", observed), String.join("; ", expected), reason);
    }
}
