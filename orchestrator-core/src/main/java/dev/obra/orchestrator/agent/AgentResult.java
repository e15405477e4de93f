package dev.obra.orchestrator.agent;

import static java.util.Objects.requireNonNull;

/** What became of one invocation: a response, or the exception that stood in for one. */
public sealed interface AgentResult {

    /**
     * Returns whether a new attempt of the same work, under a new session id, may succeed.
     *
     * @return whether a new attempt of the same work, under a new session id, may succeed
     */
    boolean isRetriable();

    /**
     * The agent reported a result, successful or not.
     *
     * @param response what it reported
     */
    record Responded(AgentResponse response) implements AgentResult {
        /**
         * Creates the value, checking its components.
         *
         * @param response what it reported
         */
        public Responded {
            requireNonNull(response, "response");
        }

        @Override
        public boolean isRetriable() {
            return response.outcome().isRetriable();
        }
    }

    /**
     * The invocation produced no result.
     *
     * @param error why
     */
    record Failed(AgentException error) implements AgentResult {
        /**
         * Creates the value, checking its components.
         *
         * @param error why
         */
        public Failed {
            requireNonNull(error, "error");
        }

        @Override
        public boolean isRetriable() {
            return error.isRetriable();
        }
    }
}
