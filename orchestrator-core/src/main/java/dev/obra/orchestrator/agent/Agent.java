package dev.obra.orchestrator.agent;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A coding agent that carries out one prompt per call.
 *
 * <p>An agent is stateless between calls and thread-safe: everything a call needs, the session id included, is in
 * its {@link AgentRequest}. It must use exactly the session id it is given.
 *
 * <p>Cancellation is by thread interruption: when the calling thread is interrupted, the agent stops what it runs
 * (for a process, the whole process tree), restores the interrupt flag and throws {@link AgentCancelledException}.
 */
public interface Agent extends AutoCloseable {

    /**
     * Runs one invocation and returns what the agent reported. An invocation that produced a result, even a failed
     * one (turn limit, API error), returns an {@link AgentResponse} whose {@link AgentResponse#outcome()} says so.
     *
     * @param request the request
     * @return the agent response
     * @throws AgentException when no result could be had: the agent is missing, timed out, was cancelled, crashed,
     *                        or broke its protocol
     */
    AgentResponse execute(AgentRequest request);

    /**
     * Returns the directory this agent works in when a task names none. The orchestrator probes it for changes.
     * The default is empty: the agent has no directory of its own.
     *
     * @return the directory this agent works in when a task names none
     */
    default Optional<Path> defaultWorkingDirectory() {
        return Optional.empty();
    }

    /** Releases what the agent holds and stops what it still runs. The default does nothing. */
    @Override
    default void close() {}
}
