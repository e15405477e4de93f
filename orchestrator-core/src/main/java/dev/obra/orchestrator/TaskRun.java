package dev.obra.orchestrator;

import dev.obra.orchestrator.agent.AgentCancelledException;
import dev.obra.orchestrator.agent.AgentException;
import dev.obra.orchestrator.agent.AgentOutcome;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.AgentResult;
import dev.obra.orchestrator.agent.AgentTimeoutException;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.breakpoint.Breakpoint;
import dev.obra.orchestrator.breakpoint.BreakpointContext;
import dev.obra.orchestrator.breakpoint.BreakpointEvent;
import dev.obra.orchestrator.breakpoint.Resolution;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.decision.DecisionContext;
import dev.obra.orchestrator.event.OrchestratorEvent;
import dev.obra.orchestrator.event.OrchestratorListener;
import dev.obra.orchestrator.internal.evidence.WorkspaceProbe;
import dev.obra.orchestrator.quality.Confidence;
import dev.obra.orchestrator.quality.QualityInput;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.Validation;
import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import dev.obra.orchestrator.store.BreakpointRecord;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionError;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStatus;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One task's run through the loop. Used by one thread; {@link #cancel()} may be called from any. */
final class TaskRun {
    private static final Logger log = LoggerFactory.getLogger(TaskRun.class);
    private static final Duration MIN_LEFT = Duration.ofMillis(1);
    private static final BigDecimal MIN_COST = new BigDecimal("0.000001");

    private final Orchestrator o;
    private final Task task;
    private final Optional<Path> directory;
    private final WorkingCopy copy;
    private final int maxIterations;

    private final Object lock = new Object();
    private volatile boolean cancelled;
    private volatile boolean cancelRequested;
    private Thread runner;
    private boolean interruptible;

    // Loop state, touched only by the runner thread.
    private long startNanos;
    private TaskRecord record;
    private final List<IterationRecord> iterations = new ArrayList<>();
    /** What the task has spent: read from the store after each agent session closes, the only writes that change it. */
    private TaskMetrics spent = TaskMetrics.ZERO;
    private final List<String> guidance = new ArrayList<>();
    private String output = "";

    TaskRun(Orchestrator orchestrator, Task task, WorkingCopy copy) {
        this.o = orchestrator;
        this.task = task;
        this.copy = copy;
        this.directory = copy.directory();
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
        synchronized (lock) {
            runner = Thread.currentThread();
        }
        startNanos = System.nanoTime();
        record = TaskRecord.running(task.id(), task.description(), directory, maxIterations, Instant.now())
                .withDelivery(copy.started());
        o.store.createTask(record);
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

    private TaskResult loop() {
        int iteration = 1;
        int attempt = 1;
        SessionMode mode = new SessionMode.New(SessionId.random());
        Optional<String> feedback = Optional.empty();
        List<String> issues = List.of();
        OptionalInt maxTurns = OptionalInt.empty();
        Optional<AgentResponse> lastResponse = Optional.empty();
        WorkspaceProbe probe = directory.map(WorkspaceProbe::of).orElse(null);
        while (true) {
            if (cancelled) {
                return finish(TaskStatus.CANCELLED, Optional.empty(), "cancelled before iteration " + iteration);
            }
            Optional<String> overBudget = overBudget(spent);
            if (overBudget.isPresent()) {
                return finish(TaskStatus.BUDGET_EXCEEDED, Optional.empty(), overBudget.get());
            }
            String prompt = o.promptBuilder.build(new PromptContext(task, iteration, maxIterations, directory,
                    mode instanceof SessionMode.Resume, feedback, issues, guidance));
            AgentRequest request = request(prompt, mode, maxTurns);
            WorkspaceProbe.Snapshot before = probe == null ? null : probe.snapshot();

            SessionRecord session = SessionRecord.open(task.id(), iteration, attempt, mode, Instant.now());
            o.store.openSession(session);
            emit(new OrchestratorEvent.IterationStarted(task.id(), Instant.now(), iteration, maxIterations, attempt,
                    mode));
            AgentResult result = invoke(request, session);
            spent = o.store.taskMetrics(task.id());
            emit(new OrchestratorEvent.AgentFinished(task.id(), Instant.now(), iteration, attempt, result, spent));
            if (cancelled || isCancellation(result)) {
                return finish(TaskStatus.CANCELLED, Optional.empty(),
                        "cancelled while the agent ran (iteration " + iteration + ", attempt " + attempt + ")");
            }

            WorkspaceChanges changes = probe == null ? WorkspaceChanges.notProbed() : probe.changesSince(before);
            Optional<VerificationResult> verification = Optional.empty();
            Optional<Validation> validation = Optional.empty();
            Optional<QualityScore> quality = Optional.empty();
            Optional<Confidence> confidence = Optional.empty();
            Optional<AgentResponse> response = result instanceof AgentResult.Responded
                    ? Optional.of(((AgentResult.Responded) result).response()) : Optional.empty();
            if (response.isPresent() && response.get().isSuccess()) {
                verification = task.verification().map(command -> interruptibly(
                        () -> o.verifier.run(command, directory)));
                if (cancelled) {
                    return finish(TaskStatus.CANCELLED, Optional.empty(), "cancelled during verification");
                }
                Validation v = o.validator.validate(response.get(), changes);
                QualityInput input = new QualityInput(task, response.get().text(), v, changes, verification);
                QualityScore q = interruptibly(() -> o.quality.evaluate(input));
                if (cancelled) {
                    return finish(TaskStatus.CANCELLED, Optional.empty(), "cancelled while judging");
                }
                Confidence c = Confidence.of(q, v, changes, verification);
                validation = Optional.of(v);
                quality = Optional.of(q);
                confidence = Optional.of(c);
                emit(new OrchestratorEvent.Evaluated(task.id(), Instant.now(), iteration, changes, verification, v, q,
                        c));
            }
            response.filter(r -> !r.text().isBlank()).ifPresent(r -> output = r.text());

            Decision decision = o.decisionEngine.decide(new DecisionContext(task, iteration, maxIterations, attempt,
                    o.maxAttemptsPerIteration, result, changes, verification, validation, quality, confidence,
                    qualityScores()));
            emit(new OrchestratorEvent.Decided(task.id(), Instant.now(), iteration, attempt, decision));
            log.info("Task {} iteration {} attempt {}: {}", task.id(), iteration, attempt, oneLine(decision.name()
                    + " " + decision.reason()));

            if (decision instanceof Decision.Retry && result.isRetriable() && attempt < o.maxAttemptsPerIteration) {
                attempt++;
                mode = new SessionMode.New(SessionId.random());
                continue;
            }

            iterations.add(new IterationRecord(task.id(), iteration, session.sessionId(), attempt, prompt,
                    response.map(AgentResponse::text).orElse(""), validation, quality, confidence, decision, changes,
                    verification, Instant.now()));
            o.store.recordIteration(iterations.get(iterations.size() - 1));
            if (response.isPresent()) {
                lastResponse = response;
            }

            if (decision instanceof Decision.Proceed) {
                return finish(TaskStatus.COMPLETED, Optional.of(decision), decision.reason());
            }
            if (decision instanceof Decision.Escalate) {
                return finish(TaskStatus.ESCALATED, Optional.of(decision), decision.reason());
            }
            if (decision instanceof Decision.Abort) {
                boolean budget = response.map(r -> r.outcome() == AgentOutcome.BUDGET_EXCEEDED).orElse(false);
                return finish(budget ? TaskStatus.BUDGET_EXCEEDED : TaskStatus.FAILED, Optional.of(decision),
                        decision.reason());
            }
            if (!(decision instanceof Decision.Retry) && !(decision instanceof Decision.Clarify)) {
                throw new IllegalStateException("unhandled decision " + decision);
            }
            if (iteration >= maxIterations) {
                return finish(TaskStatus.MAX_ITERATIONS, Optional.of(decision), "no accepted result after "
                        + maxIterations + " iteration" + (maxIterations == 1 ? "" : "s") + "; the last decision was "
                        + decision.name() + ": " + decision.reason());
            }
            // Every iteration so far ended without an accepted result: as many failures in a row as iterations.
            Optional<Resolution.Stop> stop = breakpoints(iteration, quality, iteration, decision);
            if (stop.isPresent()) {
                return finish(TaskStatus.ESCALATED, Optional.of(decision), stop.get().reason());
            }

            iteration++;
            attempt = 1;
            maxTurns = OptionalInt.empty();
            if (decision instanceof Decision.Clarify && lastResponse.isPresent()) {
                AgentResponse previous = lastResponse.get();
                mode = new SessionMode.Resume(previous.sessionId(), SessionId.random(), previous.reportedCostUsd());
                feedback = Optional.empty();
                issues = ((Decision.Clarify) decision).issues();
                if (previous.outcome() == AgentOutcome.MAX_TURNS) {
                    maxTurns = OptionalInt.of(Math.max(2, 2 * Math.max(1, previous.numTurns() - 1)));
                }
            } else {
                mode = new SessionMode.New(SessionId.random());
                feedback = Optional.of(decision.reason());
                issues = List.of();
            }
        }
    }

    private AgentRequest request(String prompt, SessionMode mode, OptionalInt maxTurns) {
        // What is left of the budget; at least a sliver, since the budget check just before found some left.
        Optional<Duration> timeout = task.budget().maxWallTime()
                .map(max -> max.minus(elapsedSince(startNanos)))
                .map(left -> left.compareTo(MIN_LEFT) < 0 ? MIN_LEFT : left);
        Optional<BigDecimal> cost = task.budget().maxCostUsd()
                .map(max -> max.subtract(spent.costUsd()).max(MIN_COST));
        return new AgentRequest(prompt, mode, directory, maxTurns, timeout, cost);
    }

    private Optional<String> overBudget(TaskMetrics metrics) {
        Duration elapsed = elapsedSince(startNanos);
        if (task.budget().maxWallTime().isPresent() && elapsed.compareTo(task.budget().maxWallTime().get()) >= 0) {
            return Optional.of("wall time " + elapsed + " reached the budget of " + task.budget().maxWallTime().get());
        }
        if (task.budget().maxCostUsd().isPresent()
                && metrics.costUsd().compareTo(task.budget().maxCostUsd().get()) >= 0) {
            return Optional.of("cost $" + metrics.costUsd().toPlainString() + " reached the budget of $"
                    + task.budget().maxCostUsd().get().toPlainString());
        }
        if (task.budget().maxTokens().isPresent() && metrics.totalTokens() >= task.budget().maxTokens().getAsLong()) {
            return Optional.of(metrics.totalTokens() + " tokens reached the budget of "
                    + task.budget().maxTokens().getAsLong());
        }
        return Optional.empty();
    }

    /** Runs the agent; the session is closed whatever happens, a programming error included. */
    private AgentResult invoke(AgentRequest request, SessionRecord session) {
        long start = System.nanoTime();
        AgentResult result;
        try {
            result = interruptibly(() -> {
                try {
                    AgentResponse response = o.agent.execute(request);
                    if (!response.sessionId().equals(request.sessionId())) {
                        return new AgentResult.Failed(new AgentException(AgentException.Kind.PROTOCOL,
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
                o.store.closeSession(session.close(SessionStatus.FAILED, Instant.now(), Usage.ZERO, 0,
                        BigDecimal.ZERO, BigDecimal.ZERO, elapsedSince(start), Optional.of(new SessionError(
                                "PROGRAMMING_ERROR", String.valueOf(e)))));
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        o.store.closeSession(closed(session, result, elapsedSince(start)));
        return result;
    }

    private static SessionRecord closed(SessionRecord session, AgentResult result, Duration took) {
        Instant now = Instant.now();
        if (result instanceof AgentResult.Responded) {
            AgentResponse r = ((AgentResult.Responded) result).response();
            SessionStatus status = r.outcome() == AgentOutcome.SUCCESS ? SessionStatus.COMPLETED
                    : r.outcome() == AgentOutcome.CANCELLED ? SessionStatus.CANCELLED : SessionStatus.FAILED;
            Optional<SessionError> error = r.isSuccess() ? Optional.empty()
                    : Optional.of(new SessionError(r.outcome().name(), r.errors().isEmpty()
                            ? oneLine(r.text()) : String.join("; ", r.errors())));
            return session.close(status, now, r.usage(), r.numTurns(), r.costUsd(), r.reportedCostUsd(), took,
                    error);
        }
        AgentException e = ((AgentResult.Failed) result).error();
        SessionStatus status = e instanceof AgentTimeoutException ? SessionStatus.TIMED_OUT
                : e instanceof AgentCancelledException ? SessionStatus.CANCELLED : SessionStatus.FAILED;
        return session.close(status, now, Usage.ZERO, 0, BigDecimal.ZERO, BigDecimal.ZERO, took,
                Optional.of(new SessionError(e.kind().name(), String.valueOf(e.getMessage()))));
    }

    private static boolean isCancellation(AgentResult result) {
        return result instanceof AgentResult.Failed
                && ((AgentResult.Failed) result).error() instanceof AgentCancelledException;
    }

    private Optional<Resolution.Stop> breakpoints(int iteration, Optional<QualityScore> quality,
            int consecutiveFailures, Decision decision) {
        if (o.breakpoints.isEmpty()) {
            return Optional.empty();
        }
        BreakpointContext context = new BreakpointContext(task, iteration, spent, elapsedSince(startNanos), quality,
                consecutiveFailures, decision);
        for (Breakpoint breakpoint : o.breakpoints) {
            if (!breakpoint.test(context)) {
                continue;
            }
            Instant occurred = Instant.now();
            BreakpointEvent event = new BreakpointEvent(breakpoint, context);
            Resolution resolution = o.breakpointHandler.onBreakpoint(event);
            if (resolution == null) {
                throw new IllegalStateException("the breakpoint handler returned null for " + breakpoint.name());
            }
            o.store.recordBreakpoint(new BreakpointRecord(task.id(), iteration, breakpoint.name(),
                    breakpoint.description(), resolution, occurred, Instant.now()));
            emit(new OrchestratorEvent.BreakpointHit(task.id(), Instant.now(), iteration, event, resolution));
            log.info("Task {} breakpoint {} after iteration {}: {}", task.id(), breakpoint.name(), iteration,
                    resolution);
            if (resolution instanceof Resolution.Stop) {
                return Optional.of((Resolution.Stop) resolution);
            }
            ((Resolution.Continue) resolution).guidance().ifPresent(guidance::add);
        }
        return Optional.empty();
    }

    private TaskResult finish(TaskStatus status, Optional<Decision> decision, String reason) {
        Optional<Delivery> delivery = copy.deliver(status, reason, spent);
        record = record.finish(status, decision, reason, output, Instant.now()).withDelivery(delivery);
        o.store.finishTask(record);
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
        try {
            record = record.finish(TaskStatus.FAILED, Optional.empty(), "failed by " + e, output, Instant.now())
                    .withDelivery(copy.deliver(TaskStatus.FAILED, "failed by " + e, spent));
            o.store.finishTask(record);
        } catch (RuntimeException storeFailure) {
            e.addSuppressed(storeFailure);
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
        for (OrchestratorListener listener : o.listeners) {
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

    private static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
