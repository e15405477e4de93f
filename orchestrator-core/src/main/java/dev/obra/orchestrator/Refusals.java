package dev.obra.orchestrator;

import dev.obra.orchestrator.agent.PermissionDenial;
import java.util.List;
import java.util.stream.Collectors;

/** What the loop says about the tool calls an agent was refused, and the rule that lets it run a verification. */
final class Refusals {
    private Refusals() {}

    /** Returns the permission rule that allows exactly {@code command}, as the prompt shows it to the agent. */
    static String verificationRule(List<String> command) {
        return "Bash(" + String.join(" ", command) + ")";
    }

    /**
     * Returns {@code reason}, followed, when the agent was refused tool calls, by which ones and the exact options
     * that would allow them.
     */
    static String explain(String reason, List<PermissionDenial> denials) {
        if (denials.isEmpty()) {
            return reason;
        }
        List<String> rules = PermissionDenial.rules(denials);
        return reason + "\nThe agent was refused " + PermissionDenial.describe(denials) + ". To allow "
                + (rules.size() == 1 ? "it" : "them") + ": obra run "
                + rules.stream()
                        .map(r -> "--allow-tool '" + r.replace("'", "'\\''") + "'")
                        .collect(Collectors.joining(" "))
                + ", or ClaudeCodeAgent.Builder.allowedTools(List.of("
                + rules.stream()
                        .map(r -> '"' + r.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                        .collect(Collectors.joining(", "))
                + ")).";
    }
}
