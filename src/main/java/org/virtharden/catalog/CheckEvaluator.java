package org.virtharden.catalog;

/** A reviewed piece of code for a check whose criteria the declarative conditions cannot express. */
@FunctionalInterface
public interface CheckEvaluator {
    Outcome evaluate(Check check, EvaluationContext ctx);
}
