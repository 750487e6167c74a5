package org.virtharden.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One declarative test on the facts a probe collected. The evaluator set is closed: see {@link #TYPES}.
 *
 * <ul>
 *   <li>{@code key-value}: the fact equals one of {@code in}, none of {@code not-in}, or {@code equals}.</li>
 *   <li>{@code numeric}: the fact is a number within {@code min}..{@code max}.</li>
 *   <li>{@code regex}: the fact matches {@code pattern} ({@code forbid: true}: must not match).</li>
 *   <li>{@code list-subset}: every token of the fact (split on commas/space) is in {@code in}, and
 *       no token matches a {@code forbid-tokens} regex.</li>
 *   <li>{@code exit-code}: the exit code of command {@code key} is one of {@code codes}.</li>
 *   <li>{@code line-count}: the number of non-empty lines of the fact is within {@code min}..{@code max}.</li>
 *   <li>{@code xpath}: the XPath 1.0 expression {@code xpath} is evaluated on the fact as XML (e.g. a
 *       domain's XML); its string value is then compared with {@code min}/{@code max} when given,
 *       else with {@code pattern}, else with {@code in}/{@code not-in}/{@code equals}. Prefixed
 *       elements are matched by name: {@code //*[name()='qemu:commandline']}.</li>
 * </ul>
 *
 * A missing fact uses {@code default} when given; otherwise the condition gives {@code absent}
 * (pass, warn, fail, na or error; default fail).
 */
public record Condition(
        String type,
        String key,
        String name,
        List<String> in,
        @JsonProperty("not-in") List<String> notIn,
        @JsonProperty("equals") String equalTo,
        Double min,
        Double max,
        String pattern,
        Boolean forbid,
        @JsonProperty("forbid-tokens") List<String> forbidTokens,
        List<Integer> codes,
        @JsonProperty("default") String defaultValue,
        String absent,
        String level,
        String message,
        String xpath) {

    public static final List<String> TYPES =
            List.of("key-value", "numeric", "regex", "list-subset", "exit-code", "line-count", "xpath");

    /** The status a violated condition gives: FAIL unless {@code level: warn}. */
    public Status violationStatus() {
        return level == null ? Status.FAIL : Status.parse(level);
    }

    public String label() {
        return name != null ? name : key;
    }
}
