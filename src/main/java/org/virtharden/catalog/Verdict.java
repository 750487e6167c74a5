package org.virtharden.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what an evaluator saw and which items failed or only warned, and turns that into one
 * {@link Outcome}: FAIL if any item failed, else WARN if any warned, else PASS. Texts are short and
 * written for the operator ("passwordauthentication yes: password logins are possible").
 */
final class Verdict {
    private final List<String> observed = new ArrayList<>();
    private final List<String> fails = new ArrayList<>();
    private final List<String> warns = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Verdict seen(String s) {
        if (s != null && !s.isBlank()) {
            observed.add(s);
        }
        return this;
    }

    Verdict fail(String s) {
        fails.add(s);
        return this;
    }

    Verdict warn(String s) {
        warns.add(s);
        return this;
    }

    /** Context for a passing result ("assumed management address"), shown after the pass reason. */
    Verdict note(String s) {
        notes.add(s);
        return this;
    }

    boolean failed() {
        return !fails.isEmpty();
    }

    boolean clean() {
        return fails.isEmpty() && warns.isEmpty();
    }

    Status status() {
        return !fails.isEmpty() ? Status.FAIL : !warns.isEmpty() ? Status.WARN : Status.PASS;
    }

    Outcome outcome(String expected, String passReason) {
        StringBuilder reason = new StringBuilder();
        if (!fails.isEmpty()) {
            reason.append(String.join("; ", fails));
        }
        if (!warns.isEmpty()) {
            if (reason.length() > 0) {
                reason.append("; also: ");
            }
            reason.append(String.join("; ", warns));
        }
        if (reason.length() == 0) {
            reason.append(passReason);
        }
        if (!notes.isEmpty()) {
            reason.append(" (").append(String.join("; ", notes)).append(')');
        }
        return new Outcome(status(), String.join("; ", observed), expected, reason.toString());
    }
}
