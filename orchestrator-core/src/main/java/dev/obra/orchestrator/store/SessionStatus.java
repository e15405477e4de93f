package dev.obra.orchestrator.store;

/** Where an agent session stands. Every status but {@link #RUNNING} is final. */
public enum SessionStatus {
    /** The agent is running (or its process died without the session being closed). */
    RUNNING,
    /** The agent returned a successful result. */
    COMPLETED,
    /** The agent returned an unsuccessful result or none. */
    FAILED,
    /** The agent was stopped at its timeout. */
    TIMED_OUT,
    /** The task was cancelled while the agent ran. */
    CANCELLED,
    /** The process that ran the session stopped without closing it; found by recovery. */
    ABANDONED
}
