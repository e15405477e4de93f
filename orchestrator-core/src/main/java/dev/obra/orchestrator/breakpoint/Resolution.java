package dev.obra.orchestrator.breakpoint;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What a {@link BreakpointHandler} decided. */
public sealed interface Resolution {

    /**
     * Returns a resolution that lets the task go on without guidance.
     *
     * @return a resolution that lets the task go on without guidance
     */
    static Resolution proceed() {
        return new Continue(Optional.empty());
    }

    /**
     * Returns a resolution that lets the task go on, with guidance that reaches the next prompt.
     *
     * @param guidance the guidance
     * @return a resolution that lets the task go on, with guidance that reaches the next prompt
     */
    static Resolution continueWith(String guidance) {
        return new Continue(Optional.of(guidance));
    }

    /**
     * Returns a resolution that stops the task; it ends {@code ESCALATED}.
     *
     * @param reason the reason
     * @return a resolution that stops the task; it ends {@code ESCALATED}
     */
    static Resolution stop(String reason) {
        return new Stop(reason);
    }

    /**
     * Go on.
     *
     * @param guidance a human's guidance, added to the next prompt
     */
    record Continue(Optional<String> guidance) implements Resolution {
        /**
         * Creates the value, checking its components.
         *
         * @param guidance a human's guidance, added to the next prompt
         */
        public Continue {
            requireNonNull(guidance, "guidance");
        }
    }

    /**
     * Stop the task; it ends {@code ESCALATED}.
     *
     * @param reason why
     */
    record Stop(String reason) implements Resolution {
        /**
         * Creates the value, checking its components.
         *
         * @param reason why
         */
        public Stop {
            requireNonNull(reason, "reason");
        }
    }
}
