package dev.obra.orchestrator;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.agent.AgentOutcome;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.decision.Decision;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the loop carries from one agent attempt to the next: where it is, how the next session starts, and what the
 * next prompt must say. Immutable; each step of the loop makes the next one.
 *
 * @param iteration    1-based
 * @param attempt      1-based within the iteration: every session of the iteration, continuations included
 * @param continuations how many of the iteration's sessions so far continued one that stopped at its turn limit
 * @param mode         how the next agent session starts
 * @param feedback     what went wrong last time, for the prompt of a fresh session
 * @param issues       the issues a resumed session must address
 * @param maxTurns     a raised turn limit for a continuation after the agent ran out of turns
 * @param lastResponse the last response recorded in an iteration, which a {@code Clarify} resumes
 */
record LoopState(
        int iteration,
        int attempt,
        int continuations,
        SessionMode mode,
        Optional<String> feedback,
        List<String> issues,
        OptionalInt maxTurns,
        Optional<AgentResponse> lastResponse) {

    LoopState {
        requireNonNull(mode, "mode");
        requireNonNull(feedback, "feedback");
        issues = List.copyOf(requireNonNull(issues, "issues"));
        requireNonNull(maxTurns, "maxTurns");
        requireNonNull(lastResponse, "lastResponse");
    }

    /** The state before the first attempt of the first iteration. */
    static LoopState first() {
        return new LoopState(
                1,
                1,
                0,
                new SessionMode.New(SessionId.random()),
                Optional.empty(),
                List.of(),
                OptionalInt.empty(),
                Optional.empty());
    }

    /** Whether the next session continues the previous conversation. */
    boolean resumes() {
        return mode instanceof SessionMode.Resume;
    }

    /** The attempt number that retries count: this iteration's sessions less its continuations. */
    int retryAttempt() {
        return attempt - continuations;
    }

    /** The same iteration again as a new attempt in a fresh session: a transient failure is retried. */
    LoopState nextAttempt() {
        return new LoopState(
                iteration,
                attempt + 1,
                continuations,
                new SessionMode.New(SessionId.random()),
                feedback,
                issues,
                maxTurns,
                lastResponse);
    }

    /**
     * The same iteration continued at once after the agent stopped at its turn limit: {@code stopped}'s conversation
     * is resumed under a new id, with twice the turns it was allowed (at least 2), so the raise reaches the agent.
     *
     * @param stopped the response that reported {@link AgentOutcome#MAX_TURNS}
     */
    LoopState continuation(AgentResponse stopped) {
        return new LoopState(
                iteration,
                attempt + 1,
                continuations + 1,
                resuming(stopped),
                Optional.empty(),
                List.of("You stopped at the turn " + "limit after " + allowedTurns(stopped)
                        + " turns. Continue the work from where you left off."),
                OptionalInt.of(raisedTurns(stopped)),
                lastResponse);
    }

    /**
     * The next iteration after {@code decision}: a {@code Clarify} resumes the last recorded response's conversation
     * with the decision's issues (and a raised turn limit when the agent ran out of turns); anything else starts a
     * fresh session with the decision's reason as feedback.
     *
     * @param response this iteration's response, when the agent gave one
     */
    LoopState nextIteration(Decision decision, Optional<AgentResponse> response) {
        Optional<AgentResponse> last = response.isPresent() ? response : lastResponse;
        if (decision instanceof Decision.Clarify clarify && last.isPresent()) {
            AgentResponse previous = last.get();
            OptionalInt turns = previous.outcome() == AgentOutcome.MAX_TURNS
                    ? OptionalInt.of(raisedTurns(previous))
                    : OptionalInt.empty();
            return new LoopState(
                    iteration + 1, 1, 0, resuming(previous), Optional.empty(), clarify.issues(), turns, last);
        }
        return new LoopState(
                iteration + 1,
                1,
                0,
                new SessionMode.New(SessionId.random()),
                Optional.of(decision.reason()),
                List.of(),
                OptionalInt.empty(),
                last);
    }

    /** The turns the agent was allowed when it stopped at its limit: the CLI reports one turn more than the limit. */
    private static int allowedTurns(AgentResponse stopped) {
        return Math.max(1, stopped.numTurns() - 1);
    }

    /** Twice the turns {@code stopped} was allowed, at least 2, so that the raise reaches the agent. */
    private static int raisedTurns(AgentResponse stopped) {
        return Math.max(2, 2 * allowedTurns(stopped));
    }

    /** Resumes {@code previous}'s conversation under a new session id, carrying its reported cost. */
    private static SessionMode.Resume resuming(AgentResponse previous) {
        return new SessionMode.Resume(previous.sessionId(), SessionId.random(), previous.reportedCostUsd());
    }
}
