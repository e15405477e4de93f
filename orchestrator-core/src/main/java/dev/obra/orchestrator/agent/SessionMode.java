package dev.obra.orchestrator.agent;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.SessionId;
import java.math.BigDecimal;

/**
 * How an invocation relates to earlier ones. Either way the orchestrator owns the new id.
 */
public sealed interface SessionMode {

    /**
     * The id this invocation must run under.
     *
     * @return the id this invocation must run under
     */
    SessionId id();

    /**
     * A fresh conversation.
     *
     * @param id the new session's id
     */
    record New(SessionId id) implements SessionMode {
        /**
         * Creates the value, checking its components.
         *
         * @param id the new session's id
         */
        public New {
            requireNonNull(id, "id");
        }
    }

    /**
     * A new session that continues an earlier conversation, with its context (Claude Code:
     * {@code --resume=<previous> --fork-session --session-id=<id>}).
     *
     * @param previous                the session whose conversation is continued
     * @param id                      the new session's id, different from {@code previous}
     * @param previousReportedCostUsd the cumulative cost the agent reported for {@code previous}; agents that report
     *                                cumulative cost subtract it, so that each session counts only its own money
     */
    record Resume(SessionId previous, SessionId id, BigDecimal previousReportedCostUsd) implements SessionMode {
        /**
         * Creates the value, checking its components.
         *
         * @param previous the session whose conversation is continued
         * @param id the new session's id, different from {@code previous}
         * @param previousReportedCostUsd the cumulative cost the agent reported for {@code previous}; agents that report
         *                                cumulative cost subtract it, so that each session counts only its own money
         */
        public Resume {
            requireNonNull(previous, "previous");
            requireNonNull(id, "id");
            requireNonNull(previousReportedCostUsd, "previousReportedCostUsd");
            if (previous.equals(id)) {
                throw new IllegalArgumentException("a resumed session needs a new id, both were " + id);
            }
            if (previousReportedCostUsd.signum() < 0) {
                throw new IllegalArgumentException(
                        "previousReportedCostUsd must be >= 0, was " + previousReportedCostUsd);
            }
        }
    }
}
