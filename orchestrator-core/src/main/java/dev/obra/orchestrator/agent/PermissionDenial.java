package dev.obra.orchestrator.agent;

import static dev.obra.orchestrator.internal.argument.Arguments.requireNonBlank;
import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A tool call the agent's permission rules refused. A headless agent cannot ask whether a call may run, so every
 * call its permission mode and allowed tools do not cover is refused (Claude Code: the result's
 * {@code permission_denials}).
 *
 * @param tool      the tool's name, e.g. {@code Bash}
 * @param toolUseId the id of the refused call; empty when the agent did not report one
 * @param input     the call's input as the agent reported it (for Claude Code the JSON object), possibly empty
 * @param rule      a permission rule in the agent's syntax that would allow this call, e.g. {@code Bash(mvn -q test)};
 *                  the bare tool name when the call has no narrower form
 */
public record PermissionDenial(String tool, String toolUseId, String input, String rule) {

    /**
     * Creates the value, checking its components.
     *
     * @param tool the tool's name, not blank
     * @param toolUseId the id of the refused call; empty when the agent did not report one
     * @param input the call's input as the agent reported it, possibly empty
     * @param rule a permission rule in the agent's syntax that would allow this call, not blank
     */
    public PermissionDenial {
        requireNonBlank(tool, "tool");
        requireNonNull(toolUseId, "toolUseId");
        requireNonNull(input, "input");
        requireNonBlank(rule, "rule");
    }

    /**
     * Returns the rules of {@code denials}, each once, in the order they first appear.
     *
     * @param denials refused calls
     * @return the distinct rules
     */
    public static List<String> rules(List<PermissionDenial> denials) {
        return denials.stream().map(PermissionDenial::rule).distinct().collect(Collectors.toList());
    }

    /**
     * Describes {@code denials} for people and judges, each rule once with how often it was refused:
     * {@code "Bash(mvn -q test) twice, WebFetch once"}; empty for no denials.
     *
     * @param denials refused calls
     * @return the description
     */
    public static String describe(List<PermissionDenial> denials) {
        Map<String, Long> counts = denials.stream()
                .collect(Collectors.groupingBy(PermissionDenial::rule, LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .map(e -> e.getKey() + " " + times(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String times(long n) {
        return n == 1 ? "once" : n == 2 ? "twice" : n + " times";
    }

    /**
     * Returns a denial whose rule is the bare tool name.
     *
     * @param tool the tool's name, e.g. {@code Bash}; also used as the rule
     * @param toolUseId the id of the refused call; empty when the agent did not report one
     * @param input the call's input as the agent reported it, possibly empty
     * @return a denial allowed by the rule {@code tool}
     */
    public static PermissionDenial of(String tool, String toolUseId, String input) {
        return new PermissionDenial(tool, toolUseId, input, requireNonNull(tool, "tool"));
    }
}
