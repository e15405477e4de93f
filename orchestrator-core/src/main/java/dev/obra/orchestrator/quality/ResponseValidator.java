package dev.obra.orchestrator.quality;

import dev.obra.orchestrator.agent.AgentResponse;

/**
 * Checks that an agent's response is a usable, finished answer, before its quality is judged. The built-in one is
 * {@link #standard()}; a custom one goes in through {@code Orchestrator.Builder.responseValidator(..)}, and may
 * add its own issues to the standard findings. Implementations must be thread-safe: concurrent tasks share one.
 */
@FunctionalInterface
public interface ResponseValidator {
    /**
     * Returns the findings for a successful {@code response}, given what changed in the working directory.
     *
     * @param response the agent's response
     * @param changes  what changed in the working directory during the session
     * @return whether the response passed, whether it was complete, and the issues found
     */
    Validation validate(AgentResponse response, WorkspaceChanges changes);

    /**
     * Returns the built-in validator: a finished answer rather than a question, a refusal or an error. An answer
     * that only asks questions and changed nothing is not done; one that asks a question after changing files is.
     *
     * @return the thread-safe built-in validator
     */
    static ResponseValidator standard() {
        return DefaultResponseValidator.INSTANCE;
    }
}
