package dev.obra.orchestrator.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Whether a response is a usable, finished answer, before anyone judges its quality.
 *
 * @param passed   no blocking issue was found
 * @param complete the agent finished its turn (it did not stop at a limit or on an error)
 * @param issues   what is wrong, one line each; empty when nothing is
 */
public record Validation(boolean passed, boolean complete, List<String> issues) {
    /**
     * Creates the value, checking its components.
     *
     * @param passed no blocking issue was found
     * @param complete the agent finished its turn (it did not stop at a limit or on an error)
     * @param issues what is wrong, one line each; empty when nothing is
     */
    public Validation {
        issues = List.copyOf(requireNonNull(issues, "issues"));
        if (passed && !complete) {
            throw new IllegalArgumentException("an incomplete response cannot pass validation");
        }
    }
}
