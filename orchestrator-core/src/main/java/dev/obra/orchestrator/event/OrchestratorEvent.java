package dev.obra.orchestrator.event;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.agent.AgentResult;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.breakpoint.BreakpointEvent;
import dev.obra.orchestrator.breakpoint.Resolution;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.quality.Confidence;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.Validation;
import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import java.time.Instant;
import java.util.Optional;

/** Something that happened to a task. Each carries the task's id and when it happened. */
public sealed interface OrchestratorEvent {

    /**
     * Returns the task this event belongs to.
     *
     * @return the task this event belongs to
     */
    TaskId taskId();

    /**
     * Returns when it happened.
     *
     * @return when it happened
     */
    Instant at();

    /**
     * The task was recorded and its first iteration is about to start.
     *
     * @param task the task
     */
    record TaskStarted(TaskId taskId, Instant at, Task task) implements OrchestratorEvent {
        /**
         * Creates the value, checking its components.
         *
         * @param taskId the taskId
         * @param at when it happened
         * @param task the task
         */
        public TaskStarted {
            requireNonNull(taskId, "taskId");
            requireNonNull(at, "at");
            requireNonNull(task, "task");
        }
    }

    /**
     * An agent invocation is about to start: its session is open.
     *
     * @param iteration     1-based
     * @param maxIterations the iterations the task may use
     * @param attempt       1-based attempt within the iteration
     * @param mode          the session it runs under
     */
    record IterationStarted(TaskId taskId, Instant at, int iteration, int maxIterations, int attempt, SessionMode mode)
            implements OrchestratorEvent {
        /**
         * Creates the value, checking its components.
         *
         * @param taskId the taskId
         * @param at when it happened
         * @param iteration 1-based
         * @param maxIterations the iterations the task may use
         * @param attempt 1-based attempt within the iteration
         * @param mode the session it runs under
         */
        public IterationStarted {
            requireNonNull(taskId, "taskId");
            requireNonNull(at, "at");
            requireNonNull(mode, "mode");
        }
    }

    /**
     * The agent returned (or failed) and its session is closed; evaluation comes next.
     *
     * @param iteration 1-based
     * @param attempt   1-based
     * @param result    what the agent returned
     * @param metrics   what the task has used so far, this session included
     */
    record AgentFinished(TaskId taskId, Instant at, int iteration, int attempt, AgentResult result, TaskMetrics metrics)
            implements OrchestratorEvent {
        /**
         * Creates the value, checking its components.
         *
         * @param taskId the taskId
         * @param at when it happened
         * @param iteration 1-based
         * @param attempt 1-based
         * @param result what the agent returned
         * @param metrics what the task has used so far, this session included
         */
        public AgentFinished {
            requireNonNull(taskId, "taskId");
            requireNonNull(at, "at");
            requireNonNull(result, "result");
            requireNonNull(metrics, "metrics");
        }
    }

    /**
     * The result was evaluated.
     *
     * @param iteration    1-based
     * @param changes      what changed in the working directory
     * @param verification the verification command's outcome, when it ran
     * @param validation   the validator's findings
     * @param quality      the quality score
     * @param confidence   the confidence in it
     */
    record Evaluated(
            TaskId taskId,
            Instant at,
            int iteration,
            WorkspaceChanges changes,
            Optional<VerificationResult> verification,
            Validation validation,
            QualityScore quality,
            Confidence confidence)
            implements OrchestratorEvent {
        /**
         * Creates the value, checking its components.
         *
         * @param taskId the taskId
         * @param at when it happened
         * @param iteration 1-based
         * @param changes what changed in the working directory
         * @param verification the verification command's outcome, when it ran
         * @param validation the validator's findings
         * @param quality the quality score
         * @param confidence the confidence in it
         */
        public Evaluated {
            requireNonNull(taskId, "taskId");
            requireNonNull(at, "at");
            requireNonNull(changes, "changes");
            requireNonNull(verification, "verification");
            requireNonNull(validation, "validation");
            requireNonNull(quality, "quality");
            requireNonNull(confidence, "confidence");
        }
    }

    /**
     * The decision engine decided.
     *
     * @param iteration 1-based
     * @param attempt   1-based
     * @param decision  what it chose
     */
    record Decided(TaskId taskId, Instant at, int iteration, int attempt, Decision decision)
            implements OrchestratorEvent {
        /**
         * Creates the value, checking its components.
         *
         * @param taskId the taskId
         * @param at when it happened
         * @param iteration 1-based
         * @param attempt 1-based
         * @param decision what it chose
         */
        public Decided {
            requireNonNull(taskId, "taskId");
            requireNonNull(at, "at");
            requireNonNull(decision, "decision");
        }
    }

    /**
     * A breakpoint fired and its handler resolved it.
     *
     * @param iteration  1-based
     * @param event      the breakpoint and the task's state
     * @param resolution what the handler decided
     */
    record BreakpointHit(TaskId taskId, Instant at, int iteration, BreakpointEvent event, Resolution resolution)
            implements OrchestratorEvent {
        /**
         * Creates the value, checking its components.
         *
         * @param taskId the taskId
         * @param at when it happened
         * @param iteration 1-based
         * @param event the breakpoint and the task's state
         * @param resolution what the handler decided
         */
        public BreakpointHit {
            requireNonNull(taskId, "taskId");
            requireNonNull(at, "at");
            requireNonNull(event, "event");
            requireNonNull(resolution, "resolution");
        }
    }

    /**
     * The task ended and its final state is recorded.
     *
     * @param result the task's result
     */
    record TaskFinished(TaskId taskId, Instant at, TaskResult result) implements OrchestratorEvent {
        /**
         * Creates the value, checking its components.
         *
         * @param taskId the taskId
         * @param at when it happened
         * @param result the task's result
         */
        public TaskFinished {
            requireNonNull(taskId, "taskId");
            requireNonNull(at, "at");
            requireNonNull(result, "result");
        }
    }
}
