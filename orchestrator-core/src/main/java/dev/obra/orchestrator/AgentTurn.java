package dev.obra.orchestrator;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.agent.AgentCancelledException;
import dev.obra.orchestrator.agent.AgentOutcome;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.AgentResult;
import dev.obra.orchestrator.agent.PermissionDenial;
import dev.obra.orchestrator.store.SessionRecord;
import java.util.List;
import java.util.Optional;

/**
 * The agent step of one attempt: its last session's prompt, session record as opened and result, the loop state that
 * session ran under (a continuation after a turn-limit stop is a later attempt of the same iteration), and the tool
 * calls refused in every session of the step.
 *
 * @param prompt            the prompt sent
 * @param session           the session record opened before the agent started
 * @param result            what the agent returned
 * @param state             the loop state the last session ran under
 * @param permissionDenials the tool calls refused in this step's sessions, continuations included, in order
 */
record AgentTurn(
        String prompt,
        SessionRecord session,
        AgentResult result,
        LoopState state,
        List<PermissionDenial> permissionDenials) {

    AgentTurn {
        requireNonNull(prompt, "prompt");
        requireNonNull(session, "session");
        requireNonNull(result, "result");
        requireNonNull(state, "state");
        permissionDenials = List.copyOf(requireNonNull(permissionDenials, "permissionDenials"));
    }

    /** Whether the agent stopped at its turn limit, so that resuming with more turns continues the work. */
    boolean stoppedAtTurnLimit() {
        return response().filter(r -> r.outcome() == AgentOutcome.MAX_TURNS).isPresent();
    }

    /** The agent's response, when it gave one (successful or not). */
    Optional<AgentResponse> response() {
        return result instanceof AgentResult.Responded responded ? Optional.of(responded.response()) : Optional.empty();
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
