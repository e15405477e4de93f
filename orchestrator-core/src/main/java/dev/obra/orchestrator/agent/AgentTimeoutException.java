package dev.obra.orchestrator.agent;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** The agent was stopped, with its whole process tree, after running too long or staying silent too long. */
public final class AgentTimeoutException extends AgentException {
    private static final long serialVersionUID = 1L;

    /** The timeout. */
    private final Duration timeout;
    /** The idle. */
    private final boolean idle;

    /**
     * @param message what timed out
     * @param timeout the limit that was reached
     * @param idle    true for the idle timeout (no output), false for the wall-clock timeout
     */
    public AgentTimeoutException(String message, Duration timeout, boolean idle) {
        super(Kind.TIMEOUT, message);
        this.timeout = requireNonNull(timeout, "timeout");
        this.idle = idle;
    }

    /**
     * Returns the limit that was reached.
     *
     * @return the limit that was reached
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Returns true for the idle timeout (no output for too long), false for the wall-clock timeout.
     *
     * @return true for the idle timeout (no output for too long), false for the wall-clock timeout
     */
    public boolean isIdle() {
        return idle;
    }
}
