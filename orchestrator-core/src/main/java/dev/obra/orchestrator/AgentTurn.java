package dev.obra.orchestrator;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.agent.AgentCancelledException;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.AgentResult;
import dev.obra.orchestrator.store.SessionRecord;
import java.util.Optional;

/**
 * One agent session of the loop: the prompt it was given, its session record as opened, and what came back.
 *
 * @param prompt  the prompt sent
 * @param session the session record opened before the agent started
 * @param result  what the agent returned
 */
record AgentTurn(String prompt, SessionRecord session, AgentResult result) {

    AgentTurn {
        requireNonNull(prompt, "prompt");
        requireNonNull(session, "session");
        requireNonNull(result, "result");
    }

    /** The agent's response, when it gave one (successful or not). */
    Optional<AgentResponse> response() {
        return result instanceof AgentResult.Responded responded ? Optional.of(responded.response())
                : Optional.empty();
    }

    /** The response, when the agent reported success: only then is the work evaluated. */
    Optional<AgentResponse> success() {
        return response().filter(AgentResponse::isSuccess);
    }

    /** Whether the session ended because the task was cancelled. */
    boolean wasCancelled() {
        return result instanceof AgentResult.Failed failed && failed.error() instanceof AgentCancelledException;
    }
}
