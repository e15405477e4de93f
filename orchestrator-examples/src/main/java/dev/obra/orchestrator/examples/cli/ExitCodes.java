package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.TaskStatus;

/** The exit codes of {@code obra}, documented in docs/configuration.md and in {@code obra --help}. */
final class ExitCodes {
    /** The task completed, or the command did what it was asked. */
    static final int OK = 0;
    /** The task failed (aborted by rule or by an error), or an unexpected internal error occurred. */
    static final int FAILED = 1;
    /** Bad command line: an unknown option, a bad value, an unknown task id, a missing directory. */
    static final int USAGE = 2;
    /** The task was escalated to a human (low quality or confidence, or a breakpoint stopped it). */
    static final int ESCALATED = 3;
    /** The task used every iteration without an accepted result. */
    static final int MAX_ITERATIONS = 4;
    /** The task's budget (cost, tokens or time) ran out. */
    static final int BUDGET_EXCEEDED = 5;
    /** Something the command needs is missing or unreachable (Claude Code, the LLM server, the store). */
    static final int UNAVAILABLE = 6;
    /** The task was cancelled (Ctrl-C). */
    static final int CANCELLED = 130;

    static final String HELP = "Exit codes: 0 completed/ok, 1 failed, 2 usage error, 3 escalated, "
            + "4 max iterations, 5 budget exceeded, 6 tool/server/store unavailable, 130 cancelled.";

    private ExitCodes() {}

    static int of(TaskStatus status) {
        return switch (status) {
            case COMPLETED -> OK;
            case ESCALATED -> ESCALATED;
            case MAX_ITERATIONS -> MAX_ITERATIONS;
            case BUDGET_EXCEEDED -> BUDGET_EXCEEDED;
            case CANCELLED -> CANCELLED;
            case FAILED -> FAILED;
            default -> throw new IllegalStateException("not a final status: " + status);
        };
    }
}
