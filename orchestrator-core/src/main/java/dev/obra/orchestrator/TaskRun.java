package dev.obra.orchestrator;

import dev.obra.orchestrator.agent.AgentException;
import dev.obra.orchestrator.agent.AgentOutcome;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.AgentResult;
import dev.obra.orchestrator.agent.PermissionDenial;
import dev.obra.orchestrator.breakpoint.BreakpointContext;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.decision.DecisionContext;
import dev.obra.orchestrator.event.OrchestratorEvent;
import dev.obra.orchestrator.event.OrchestratorListener;
import dev.obra.orchestrator.internal.evidence.WorkspaceProbe;
import dev.obra.orchestrator.internal.text.Texts;
import dev.obra.orchestrator.quality.Confidence;
import dev.obra.orchestrator.quality.FileDiff;
import dev.obra.orchestrator.quality.QualityInput;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.Validation;
import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.TaskRecord;
import dev.obra.orchestrator.workspace.Delivery;
import dev.obra.orchestrator.workspace.WorkingCopy;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's run through the loop docs/architecture.md draws, as named steps: {@link #agentStep}, {@link #evaluate},
 * {@link #decide}, then {@link #next} (a new attempt, the next iteration, or the {@link #ending}). Used by one
 * thread; {@link #cancel()} may be called from any.
 */
final class TaskRun {
    private static final Logger log = LoggerFactory.getLogger(TaskRun.class);
    private static final Duration MIN_LEFT = Duration.ofMillis(1);
    private static final BigDecimal MIN_COST = new BigDecimal("0.000001");

    private final Orchestrator orchestrator;
    private final Task task;
    /** The working directory the task was given; the agent works in {@link #directory}, its working copy. */
    private final Optional<Path> configuredDirectory;

    private Optional<Path> directory = Optional.empty();
    /** The task's working copy, made when the run starts. */
    private WorkingCopy copy;
    /** What the working copy delivered, once the task has ended; null before. */
    private Optional<Delivery> delivered;

    private final int maxIterations;

    private final BreakpointStep breakpoints;
    private final Object lock = new Object();
    private volatile boolean cancelled;
    private volatile boolean cancelRequested;
    private Thread runner;
    private boolean interruptible;

    // Touched only by the runner thread.
    private long startNanos;
    private TaskRecord record;
    private final List<IterationRecord> iterations = new ArrayList<>();
    /** What the task has spent: read from the store after each agent session closes, the only writes that change it. */
    private TaskMetrics spent = TaskMetrics.ZERO;

    private final List<String> guidance = new ArrayList<>();
    /** Every tool call the agent was refused in this task, for the reason of a task that does not complete. */
    private final List<PermissionDenial> refusals = new ArrayList<>();

    private String output = "";

    /** The next step of the loop: go on with a new state, or the task is over. */
    private sealed interface Next {
        record Again(LoopState state) implements Next {}

        record Done(TaskResult result) implements Next {}
    }

    /** The task was cancelled at a checkpoint of the loop; the message says where. */
    private static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled(String where) {
            super(where, null, false, false);
        }
    }

    /** The task's budget is spent, before an iteration or a continuation; the message says which limit. */
    private static final class OutOfBudget extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutOfBudget(String why) {
            super(why, null, false, false);
        }
    }

    TaskRun(Orchestrator orchestrator, Task task, Optional<Path> configuredDirectory) {
        this.orchestrator = orchestrator;
        this.task = task;
        this.configuredDirectory = configuredDirectory;
        this.breakpoints = new BreakpointStep(
                orchestrator.breakpoints, orchestrator.breakpointHandler, orchestrator.store, this::emit);
        this.maxIterations = task.maxIterations().orElse(orchestrator.maxIterations);
    }

    /** Asks the run to stop; interrupts the runner only while it waits on the agent or a command. */
    boolean cancel() {
        synchronized (lock) {
            cancelRequested = true;
            cancelled = true;
            if (interruptible && runner != null) {
                runner.interrupt();
            }
        }
        return true;
    }

    TaskResult run() {
        // Made when the task starts, not when it is queued; a failure here stores nothing and leaves nothing behind.
        copy = orchestrator.workspace.open(task.id(), task.description(), configuredDirectory);
        directory = copy.directory();
        synchronized (lock) {
            runner = Thread.currentThread();
        }
        startNanos = System.nanoTime();
        record = TaskRecord.running(task.id(), task.description(), directory, maxIterations, Instant.now())
                .withDelivery(copy.started());
        try {
            orchestrator.store.createTask(record);
        } catch (RuntimeException | Error e) {
            // Nothing is stored, so nothing would find the task's worktree later: give it back now.
            try {
                deliverOnce(TaskStatus.FAILED, "the store could not record the task: " + e.getMessage());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        log.info("Task {} started: {}", task.id(), oneLine(task.description()));
        boolean externallyInterrupted = false;
        try {
            emit(new OrchestratorEvent.TaskStarted(task.id(), Instant.now(), task));
            TaskResult result = loop();
            // An interrupt of the caller's thread cancelled the task: the caller should still see it.
            externallyInterrupted = result.status() == TaskStatus.CANCELLED && !cancelRequested;
            return result;
        } catch (RuntimeException | Error e) {
            failLoudly(e);
            throw e;
        } finally {
            synchronized (lock) {
                runner = null;
            }
            if (externallyInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Iterations until an ending: each is an agent step, its evaluation, a decision, and what follows from it. */
    private TaskResult loop() {
        Optional<WorkspaceProbe> probe = directory.map(WorkspaceProbe::of);
        // Where the task started: the judge sees the whole change since then, not one iteration's.
        Optional<WorkspaceProbe.Snapshot> taskStart = probe.map(WorkspaceProbe::snapshot);
        LoopState state = LoopState.first();
        try {
            while (true) {
                checkpoint("cancelled before iteration " + state.iteration());
                checkBudget();
                // The first attempt starts where the task did: nothing ran in between to look at again.
                Optional<WorkspaceProbe.Snapshot> before = state.iteration() == 1 && state.attempt() == 1
                        ? taskStart
                        : probe.map(WorkspaceProbe::snapshot);
                AgentTurn turn = agentStep(state);
                state = turn.state();
                // One look at the directory after the agent serves both this iteration's changes and the judge's diff.
                Optional<WorkspaceProbe.Snapshot> after = probe.map(WorkspaceProbe::snapshot);
                WorkspaceChanges changes = probe.map(p -> p.changesSince(before.get(), after.get()))
                        .orElseGet(WorkspaceChanges::notProbed);
                Evaluation evaluation = evaluate(
                        turn,
                        changes,
                        () -> probe.filter(p -> orchestrator.qualityReadsDiff)
                                .map(p -> p.diffSince(taskStart.get(), after.get(), changes))
                                .orElse(List.of()));
                turn.response().filter(r -> !r.text().isBlank()).ifPresent(r -> output = r.text());
                Decision decision = decide(state, turn, evaluation);
                Next next = next(state, turn, evaluation, decision);
                if (next instanceof Next.Again again) {
                    state = again.state();
                } else if (next instanceof Next.Done done) {
                    return done.result();
                } else {
                    throw new IllegalStateException("unhandled " + next);
                }
            }
        } catch (Cancelled c) {
            return finish(TaskStatus.CANCELLED, Optional.empty(), c.getMessage());
        } catch (OutOfBudget b) {
            return finish(TaskStatus.BUDGET_EXCEEDED, Optional.empty(), b.getMessage());
        }
    }

    /**
     * The agent step with its continuations: a session that stops at its turn limit is resumed at once, in the same
     * iteration, as the next attempt with a raised limit (up to {@code maxContinuationsPerIteration} times), so that
     * only a finished turn is verified and judged.
     *
     * @throws OutOfBudget when a continuation is due but the task's budget is spent
     */
    private AgentTurn agentStep(LoopState state) {
        AgentTurn turn = session(state, List.of());
        while (turn.stoppedAtTurnLimit() && turn.state().continuations() < orchestrator.maxContinuationsPerIteration) {
            checkBudget();
            checkpoint("cancelled before continuing the agent (iteration " + state.iteration() + ")");
            turn = session(turn.state().continuation(turn.response().orElseThrow()), turn.permissionDenials());
        }
        return turn;
    }

    /**
     * Checks the task's budget against what it has spent so far.
     *
     * @throws OutOfBudget when a limit is reached, with the limit as the message
     */
    private void checkBudget() {
        Optional<String> overBudget = task.budget().exceededBy(spent, elapsedSince(startNanos));
        if (overBudget.isPresent()) {
            throw new OutOfBudget(overBudget.get());
        }
    }

    /** One session: writes the prompt, opens the session record, runs the agent, closes the record. */
    private AgentTurn session(LoopState state, List<PermissionDenial> earlierDenials) {
        String prompt = orchestrator.promptBuilder.build(new PromptContext(
                task,
                state.iteration(),
                maxIterations,
                directory,
                state.resumes(),
                state.feedback(),
                state.issues(),
                guidance));
        AgentRequest request = request(prompt, state);
        SessionRecord session =
                SessionRecord.open(task.id(), state.iteration(), state.attempt(), state.mode(), Instant.now());
        orchestrator.store.openSession(session);
        emit(new OrchestratorEvent.IterationStarted(
                task.id(), Instant.now(), state.iteration(), maxIterations, state.attempt(), state.mode()));
        AgentResult result = invoke(request, session);
        List<PermissionDenial> denials = new ArrayList<>(earlierDenials);
        if (result instanceof AgentResult.Responded responded) {
            denials.addAll(responded.response().permissionDenials());
            refusals.addAll(responded.response().permissionDenials());
        }
        AgentTurn turn = new AgentTurn(prompt, session, result, state, denials);
        spent = orchestrator.store.taskMetrics(task.id());
        emit(new OrchestratorEvent.AgentFinished(
                task.id(), Instant.now(), state.iteration(), state.attempt(), turn.result(), spent));
        if (cancelled || turn.wasCancelled()) {
            throw new Cancelled("cancelled while the agent ran (iteration " + state.iteration() + ", attempt "
                    + state.attempt() + ")");
        }
        return turn;
    }

    /** The request for one agent session, with what is left of the task's budget as its limits. */
    private AgentRequest request(String prompt, LoopState state) {
        // At least a sliver of each: the budget check just before found some left.
        Optional<Duration> timeout = task.budget()
                .maxWallTime()
                .map(max -> max.minus(elapsedSince(startNanos)))
                .map(left -> left.compareTo(MIN_LEFT) < 0 ? MIN_LEFT : left);
        Optional<BigDecimal> cost = task.budget()
                .maxCostUsd()
                .map(max -> max.subtract(spent.costUsd()).max(MIN_COST));
        OptionalInt turnsLeft = task.budget().maxTurns().isPresent()
                ? OptionalInt.of((int) Math.max(1, task.budget().maxTurns().getAsInt() - spent.turns()))
                : OptionalInt.empty();
        List<String> allowed = orchestrator.allowVerificationCommand
                ? task.verification().map(Refusals::verificationRule).stream().collect(Collectors.toList())
                : List.of();
        return new AgentRequest(prompt, state.mode(), directory, state.maxTurns(), timeout, cost, turnsLeft, allowed);
    }

    /** Runs the agent; the session is closed whatever happens, a programming error included. */
    private AgentResult invoke(AgentRequest request, SessionRecord session) {
        long start = System.nanoTime();
        AgentResult result;
        try {
            result = interruptibly(() -> {
                try {
                    AgentResponse response = orchestrator.agent.execute(request);
                    if (!response.sessionId().equals(request.sessionId())) {
                        return new AgentResult.Failed(new AgentException(
                                AgentException.Kind.PROTOCOL,
                                "the agent reported session " + response.sessionId() + " but was given "
                                        + request.sessionId()));
                    }
                    return new AgentResult.Responded(response);
                } catch (AgentException e) {
                    return new AgentResult.Failed(e);
                }
            });
        } catch (RuntimeException | Error e) {
            try {
                orchestrator.store.closeSession(SessionOutcomes.failedBy(session, e, elapsedSince(start)));
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        orchestrator.store.closeSession(SessionOutcomes.closed(session, result, elapsedSince(start)));
        return result;
    }

    /** Evaluation of a successful session: verify, validate, judge, then the confidence in that judgement. */
    private Evaluation evaluate(AgentTurn turn, WorkspaceChanges changes, Supplier<List<FileDiff>> diff) {
        Optional<AgentResponse> success = turn.success();
        if (success.isEmpty()) {
            return Evaluation.notEvaluated(changes);
        }
        AgentResponse response = success.get();
        Optional<VerificationResult> verification =
                task.verification().map(command -> interruptibly(() -> orchestrator.verifier.run(command, directory)));
        checkpoint("cancelled during verification");
        Validation validation = orchestrator.validator.validate(response, changes);
        QualityInput input = new QualityInput(
                task, response.text(), validation, changes, verification, diff.get(), turn.permissionDenials());
        QualityScore quality = interruptibly(() -> orchestrator.quality.evaluate(input));
        checkpoint("cancelled while judging");
        Confidence confidence = Confidence.of(quality, validation, changes, verification);
        emit(new OrchestratorEvent.Evaluated(
                task.id(),
                Instant.now(),
                turn.session().iteration(),
                changes,
                verification,
                validation,
                quality,
                confidence));
        return Evaluation.of(changes, verification, validation, quality, confidence);
    }

    /** The decision engine's choice for this session. */
    private Decision decide(LoopState state, AgentTurn turn, Evaluation evaluation) {
        Decision decision = orchestrator.decisionEngine.decide(new DecisionContext(
                task,
                state.iteration(),
                maxIterations,
                state.retryAttempt(),
                orchestrator.maxAttemptsPerIteration,
                turn.result(),
                evaluation.changes(),
                evaluation.verification(),
                evaluation.validation(),
                evaluation.quality(),
                evaluation.confidence(),
                qualityScores()));
        emit(new OrchestratorEvent.Decided(task.id(), Instant.now(), state.iteration(), state.attempt(), decision));
        log.info(
                "Task {} iteration {} attempt {}: {}",
                task.id(),
                state.iteration(),
                state.attempt(),
                oneLine(decision.name() + " " + decision.reason()));
        return decision;
    }

    /**
     * What follows a decision, the one place decisions are handled: a retriable failure gets another attempt in the
     * same iteration (nothing recorded for the failed one but its session); otherwise the iteration is recorded, and
     * either the task ends or the next iteration starts.
     */
    private Next next(LoopState state, AgentTurn turn, Evaluation evaluation, Decision decision) {
        if (decision instanceof Decision.Retry
                && turn.result().isRetriable()
                && state.retryAttempt() < orchestrator.maxAttemptsPerIteration) {
            return new Next.Again(state.nextAttempt());
        }
        IterationRecord iteration = iterationRecord(state, turn, evaluation, decision);
        iterations.add(iteration);
        orchestrator.store.recordIteration(iteration);
        Optional<TaskResult> ending = ending(state.iteration(), turn, evaluation.quality(), decision);
        if (ending.isPresent()) {
            return new Next.Done(ending.get());
        }
        return new Next.Again(state.nextIteration(decision, turn.response()));
    }

    /**
     * How the task ends after a recorded iteration, if it does: the decision ends it, the iterations ran out, or a
     * breakpoint stops it.
     */
    private Optional<TaskResult> ending(
            int iteration, AgentTurn turn, Optional<QualityScore> quality, Decision decision) {
        if (decision instanceof Decision.Proceed) {
            return Optional.of(finish(TaskStatus.COMPLETED, Optional.of(decision), decision.reason()));
        }
        if (decision instanceof Decision.Escalate) {
            return Optional.of(finish(TaskStatus.ESCALATED, Optional.of(decision), decision.reason()));
        }
        if (decision instanceof Decision.Abort) {
            boolean budget = turn.response()
                    .map(r -> r.outcome() == AgentOutcome.BUDGET_EXCEEDED)
                    .orElse(false);
            return Optional.of(finish(
                    budget ? TaskStatus.BUDGET_EXCEEDED : TaskStatus.FAILED, Optional.of(decision), decision.reason()));
        }
        if (!(decision instanceof Decision.Retry) && !(decision instanceof Decision.Clarify)) {
            throw new IllegalStateException("unhandled decision " + decision);
        }
        if (iteration >= maxIterations) {
            return Optional.of(finish(
                    TaskStatus.MAX_ITERATIONS,
                    Optional.of(decision),
                    "no accepted result after "
                            + maxIterations + " iteration" + (maxIterations == 1 ? "" : "s")
                            + "; the last decision was "
                            + decision.name() + ": " + decision.reason()));
        }
        // Every iteration so far ended without an accepted result: as many failures in a row as iterations.
        BreakpointContext context =
                new BreakpointContext(task, iteration, spent, elapsedSince(startNanos), quality, iteration, decision);
        return breakpoints
                .check(context, guidance::add)
                .map(stop -> finish(TaskStatus.ESCALATED, Optional.of(decision), stop.reason()));
    }

    private IterationRecord iterationRecord(LoopState state, AgentTurn turn, Evaluation evaluation, Decision decision) {
        return new IterationRecord(
                task.id(),
                state.iteration(),
                turn.session().sessionId(),
                state.attempt(),
                turn.prompt(),
                turn.response().map(AgentResponse::text).orElse(""),
                evaluation.validation(),
                evaluation.quality(),
                evaluation.confidence(),
                decision,
                evaluation.changes(),
                evaluation.verification(),
                Instant.now());
    }

    /** Delivers the working copy at the task's first ending; a later one (a failed store write) reuses it. */
    private Optional<Delivery> deliverOnce(TaskStatus status, String reason) {
        if (delivered == null) {
            delivered = copy.deliver(status, reason, spent);
        }
        return delivered;
    }

    private TaskResult finish(TaskStatus status, Optional<Decision> decision, String why) {
        String reason = status == TaskStatus.COMPLETED ? why : Refusals.explain(why, refusals);
        // Kept only once the store holds it, so that a failed write still ends the task FAILED (failLoudly).
        Optional<Delivery> delivery = deliverOnce(status, reason);
        TaskRecord finished =
                record.finish(status, decision, reason, output, Instant.now()).withDelivery(delivery);
        orchestrator.store.finishTask(finished);
        record = finished;
        TaskResult result = new TaskResult(task.id(), status, output, iterations, spent, decision, reason, delivery);
        log.info("Task {} ended {}: {}", task.id(), status, oneLine(reason));
        emit(new OrchestratorEvent.TaskFinished(task.id(), Instant.now(), result));
        return result;
    }

    /** Records the task as failed by an exception that is about to escape; never hides that exception. */
    private void failLoudly(Throwable e) {
        if (record.status().isFinal()) {
            return;
        }
        // The working copy is delivered once: at the ending whose store write failed, or now.
        record = FailedEnding.record(
                orchestrator.store,
                record.withDelivery(deliverOnce(TaskStatus.FAILED, FailedEnding.reason(e))),
                output,
                e);
    }

    /** Ends the loop as cancelled, saying {@code where}, when the task was cancelled. */
    private void checkpoint(String where) {
        if (cancelled) {
            throw new Cancelled(where);
        }
    }

    private <T> T interruptibly(Supplier<T> work) {
        synchronized (lock) {
            interruptible = true;
            if (cancelled) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            return work.get();
        } finally {
            synchronized (lock) {
                interruptible = false;
                // An interrupt meant for this call must not reach the store writes that follow.
                if (Thread.interrupted()) {
                    cancelled = true;
                }
            }
        }
    }

    private void emit(OrchestratorEvent event) {
        for (OrchestratorListener listener : orchestrator.listeners) {
            listener.onEvent(event);
        }
    }

    /** The quality scores of the recorded iterations, oldest first. */
    private List<Double> qualityScores() {
        List<Double> scores = new ArrayList<>(iterations.size());
        for (IterationRecord it : iterations) {
            it.quality().ifPresent(q -> scores.add(q.score()));
        }
        return scores;
    }

    private static Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Returns {@code text} on one line of at most 200 characters, for the log. */
    static String oneLine(String text) {
        return Texts.oneLine(text, 200);
    }
}
