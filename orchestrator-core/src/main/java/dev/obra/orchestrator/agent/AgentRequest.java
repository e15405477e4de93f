package dev.obra.orchestrator.agent;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.SessionId;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One invocation: the prompt, the session it runs under, where, and the limits for this call. Limits left empty
 * fall back to the agent's own configuration; limits given here are the lower of the two.
 *
 * @param prompt           what the agent is asked, not blank
 * @param mode             a new session or the continuation of an earlier one, with the id to use
 * @param workingDirectory where the agent works; empty means the agent's default directory
 * @param maxTurns         the most model round-trips this call may take
 * @param timeout          the longest this call may run
 * @param maxCostUsd       the most this call may cost
 */
public record AgentRequest(
        String prompt,
        SessionMode mode,
        Optional<Path> workingDirectory,
        OptionalInt maxTurns,
        Optional<Duration> timeout,
        Optional<BigDecimal> maxCostUsd) {

    /**
     * Creates the value, checking its components.
     *
     * @param prompt what the agent is asked, not blank
     * @param mode a new session or the continuation of an earlier one, with the id to use
     * @param workingDirectory where the agent works; empty means the agent's default directory
     * @param maxTurns the most model round-trips this call may take
     * @param timeout the longest this call may run
     * @param maxCostUsd the most this call may cost
     */
    public AgentRequest {
        requireNonNull(prompt, "prompt");
        if (prompt.isBlank()) {
            throw new IllegalArgumentException("prompt must not be blank");
        }
        requireNonNull(mode, "mode");
        requireNonNull(workingDirectory, "workingDirectory");
        requireNonNull(maxTurns, "maxTurns");
        if (maxTurns.isPresent() && maxTurns.getAsInt() < 1) {
            throw new IllegalArgumentException("maxTurns must be >= 1, was " + maxTurns.getAsInt());
        }
        requireNonNull(timeout, "timeout");
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("timeout must be > 0, was " + t);
            }
        });
        requireNonNull(maxCostUsd, "maxCostUsd");
        maxCostUsd.ifPresent(c -> {
            if (c.signum() <= 0) {
                throw new IllegalArgumentException("maxCostUsd must be > 0, was " + c);
            }
        });
    }

    /**
     * Returns a request for a new session with the given prompt and no limits of its own.
     *
     * @param prompt the prompt
     * @param mode the mode
     * @return a request for a new session with the given prompt and no limits of its own
     */
    public static AgentRequest of(String prompt, SessionMode mode) {
        return new AgentRequest(prompt, mode, Optional.empty(), OptionalInt.empty(), Optional.empty(),
                Optional.empty());
    }

    /**
     * Returns the id this invocation must run under; a shortcut for {@code mode().id()}.
     *
     * @return the id this invocation must run under; a shortcut for {@code mode().id()}
     */
    public SessionId sessionId() {
        return mode.id();
    }

    /**
     * Returns a copy that runs in the given directory.
     *
     * @param directory the directory
     * @return a copy that runs in the given directory
     */
    public AgentRequest withWorkingDirectory(Path directory) {
        return new AgentRequest(prompt, mode, Optional.of(requireNonNull(directory, "directory")), maxTurns, timeout,
                maxCostUsd);
    }

    /**
     * Returns a copy limited to the given number of turns.
     *
     * @param turns the turns
     * @return a copy limited to the given number of turns
     */
    public AgentRequest withMaxTurns(int turns) {
        return new AgentRequest(prompt, mode, workingDirectory, OptionalInt.of(turns), timeout, maxCostUsd);
    }

    /**
     * Returns a copy limited to the given run time.
     *
     * @param limit the limit
     * @return a copy limited to the given run time
     */
    public AgentRequest withTimeout(Duration limit) {
        return new AgentRequest(prompt, mode, workingDirectory, maxTurns, Optional.of(requireNonNull(limit, "limit")),
                maxCostUsd);
    }

    /**
     * Returns a copy limited to the given cost.
     *
     * @param usd an amount in US dollars
     * @return a copy limited to the given cost
     */
    public AgentRequest withMaxCostUsd(BigDecimal usd) {
        return new AgentRequest(prompt, mode, workingDirectory, maxTurns, timeout,
                Optional.of(requireNonNull(usd, "usd")));
    }
}
