package dev.obra.orchestrator.decision;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What happens after an iteration. Handle it with an {@code instanceof} chain that ends in
 * {@code throw new IllegalStateException("unhandled " + decision)}, so a new variant cannot be missed.
 */
public sealed interface Decision {

    /**
     * Returns the human-readable why: the summary, the feedback, the issues (one per line) or the reason.
     *
     * @return the human-readable why: the summary, the feedback, the issues (one per line) or the reason
     */
    String reason();

    /**
     * Returns the variant's name in upper case ({@code PROCEED}, {@code RETRY}, ...), as stores record it.
     *
     * @return the variant's name in upper case ({@code PROCEED}, {@code RETRY}, ...), as stores record it
     */
    default String name() {
        return getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * Rebuilds a decision from what {@link #name()} and {@link #reason()} returned, for stores reading their rows.
     *
     * @param name the name
     * @param reason the reason
     * @return the decision
     * @throws IllegalArgumentException for an unknown name
     */
    static Decision of(String name, String reason) {
        requireNonNull(name, "name");
        requireNonNull(reason, "reason");
        return switch (name) {
            case "PROCEED" -> new Proceed(reason);
            case "RETRY" -> new Retry(reason);
            case "CLARIFY" -> new Clarify(reason.isEmpty() ? List.of() : List.of(reason.split("\n", -1)));
            case "ESCALATE" -> new Escalate(reason);
            case "ABORT" -> new Abort(reason);
            default -> throw new IllegalArgumentException("unknown decision '" + name + "'");
        };
    }

    /**
     * Accept the result: the task is complete.
     *
     * @param summary why it was accepted
     */
    record Proceed(String summary) implements Decision {
        /**
         * Creates the value, checking its components.
         *
         * @param summary why it was accepted
         */
        public Proceed {
            requireNonNull(summary, "summary");
        }

        @Override
        public String reason() {
            return summary;
        }
    }

    /**
     * Try again in a fresh session, with feedback in the prompt. After a transient agent failure it is a new attempt
     * of the same iteration; otherwise it starts the next iteration.
     *
     * @param feedback what went wrong, for the agent
     */
    record Retry(String feedback) implements Decision {
        /**
         * Creates the value, checking its components.
         *
         * @param feedback what went wrong, for the agent
         */
        public Retry {
            requireNonNull(feedback, "feedback");
        }

        @Override
        public String reason() {
            return feedback;
        }
    }

    /**
     * Continue the same conversation (the agent keeps its context) with the issues to address.
     *
     * @param issues what to address, one line each; a line break inside one becomes a space, and blank ones are
     *               dropped (they ask nothing, and a stored decision reads back exactly)
     */
    record Clarify(List<String> issues) implements Decision {
        /**
         * Creates the value, checking its components.
         *
         * @param issues what to address, one line each; a line break inside one becomes a space, and blank ones are
         *               dropped (they ask nothing, and a stored decision reads back exactly)
         */
        public Clarify {
            issues = requireNonNull(issues, "issues").stream()
                    .map(i -> i.replace('\n', ' '))
                    .filter(i -> !i.isBlank())
                    .toList();
        }

        @Override
        public String reason() {
            return String.join("\n", issues);
        }
    }

    /**
     * Stop and hand the task to a human: it ends {@code ESCALATED}.
     *
     * @param reason why
     */
    record Escalate(String reason) implements Decision {
        /**
         * Creates the value, checking its components.
         *
         * @param reason why
         */
        public Escalate {
            requireNonNull(reason, "reason");
        }
    }

    /**
     * Stop: retrying cannot help. The task ends {@code FAILED}, or {@code BUDGET_EXCEEDED} when the agent's budget
     * ran out.
     *
     * @param reason why
     */
    record Abort(String reason) implements Decision {
        /**
         * Creates the value, checking its components.
         *
         * @param reason why
         */
        public Abort {
            requireNonNull(reason, "reason");
        }
    }
}
