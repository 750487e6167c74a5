package org.virtharden.catalog;

/** One condition, judged: its status, the value seen, and what was expected, for the finding's text. */
public record ConditionResult(Condition condition, Status status, String observed, String expected) {
}
