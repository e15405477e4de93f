package dev.obra.orchestrator;

import static dev.obra.orchestrator.internal.argument.Arguments.requireAtLeast;
import static dev.obra.orchestrator.internal.argument.Arguments.requirePositive;
import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.agent.Agent;
import dev.obra.orchestrator.breakpoint.Breakpoint;
import dev.obra.orchestrator.breakpoint.BreakpointHandler;
import dev.obra.orchestrator.decision.DecisionEngine;
import dev.obra.orchestrator.decision.DefaultDecisionEngine;
import dev.obra.orchestrator.event.OrchestratorListener;
import dev.obra.orchestrator.internal.evidence.Verifier;
import dev.obra.orchestrator.llm.LlmInterface;
import dev.obra.orchestrator.quality.JudgeBudget;
import dev.obra.orchestrator.quality.QualityController;
import dev.obra.orchestrator.quality.ResponseValidator;
import dev.obra.orchestrator.store.InMemorySessionStore;
import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks: the agent works, the evidence is judged, the decision engine chooses what happens next, and every
 * session and iteration is recorded.
 *
 * <pre>{@code
 * try (Orchestrator orchestrator = Orchestrator.builder()
 *         .agent(ClaudeCodeAgent.builder().workingDirectory(repo).build())
 *         .llm(OllamaClient.builder().model("qwen2.5-coder:7b").build())
 *         .sessionStore(JooqSessionStore.sqlite(Path.of("obra.db")))
 *         .build()) {
 *     TaskResult result = orchestrator.run(Task.of("Add a --json flag to the report command"));
 * }
 * }</pre>
 *
 * <p>Immutable configuration, thread-safe. {@link #run(Task)} runs on the caller's thread; {@link #submit(Task)} on
 * a pool of {@code maxConcurrentTasks} threads. The agent, judge and store given to the builder stay the caller's:
 * {@link #close()} does not close them.
 */
public final class Orchestrator implements AutoCloseable {
    /** Default iterations per task. */
    public static final int DEFAULT_MAX_ITERATIONS = 5;
    /** Default attempts per iteration (a new attempt follows a transient agent failure). */
    public static final int DEFAULT_MAX_ATTEMPTS_PER_ITERATION = 3;
    /** Default turn-limit continuations per iteration (each resumes the stopped session with more turns). */
    public static final int DEFAULT_MAX_CONTINUATIONS_PER_ITERATION = 2;
    /** Default timeout of a task's verification command. */
    public static final Duration DEFAULT_VERIFICATION_TIMEOUT = Duration.ofMinutes(10);

    final Agent agent;
    final SessionStore store;
    final QualityController quality;
    /**
     * Whether the quality controller may read {@code QualityInput.diff()}: the built-in judge and any controller of
     * the user's do; the built-in heuristics, used without either, never do, so the diff is not made for them.
     */
    final boolean qualityReadsDiff;

    final ResponseValidator validator;
    final DecisionEngine decisionEngine;
    final PromptBuilder promptBuilder;
    final int maxIterations;
    final int maxAttemptsPerIteration;
    final int maxContinuationsPerIteration;
    final boolean allowVerificationCommand;
    final List<OrchestratorListener> listeners;
    final List<Breakpoint> breakpoints;
    final BreakpointHandler breakpointHandler;
    final Verifier verifier;
    final Workspace workspace;
    private final int maxConcurrentTasks;
    private final Set<TaskRun> active = ConcurrentHashMap.newKeySet();
    private final ExecutorService pool;
    private volatile boolean closed;

    private Orchestrator(Builder b) {
        agent = b.agent;
        store = b.store != null ? b.store : new InMemorySessionStore();
        qualityReadsDiff = b.qualityController.isPresent() || b.llm.isPresent();
        quality = b.qualityController.orElseGet(() ->
                b.llm.map(l -> QualityController.judgedBy(l, b.judgeBudget)).orElseGet(QualityController::heuristic));
        validator = b.responseValidator;
        decisionEngine = b.decisionEngine != null
                ? b.decisionEngine
                : (b.thresholds != null ? b.thresholds : DefaultDecisionEngine.builder()).build();
        promptBuilder = b.promptBuilder;
        maxIterations = b.maxIterations;
        maxAttemptsPerIteration = b.maxAttemptsPerIteration;
        maxContinuationsPerIteration = b.maxContinuationsPerIteration;
        allowVerificationCommand = b.allowVerificationCommand;
        listeners = List.copyOf(b.listeners);
        breakpoints = List.copyOf(b.breakpoints);
        breakpointHandler = b.breakpointHandler;
        verifier = new Verifier(b.verificationTimeout);
        workspace = b.workspace;
        AbandonedWorktrees.salvage(store);
        maxConcurrentTasks = b.maxConcurrentTasks;
        AtomicInteger threads = new AtomicInteger();
        pool = new ThreadPoolExecutor(
                maxConcurrentTasks, maxConcurrentTasks, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "obra-task-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the store that records this orchestrator's tasks.
     *
     * @return the store that records this orchestrator's tasks
     */
    public SessionStore sessionStore() {
        return store;
    }

    /**
     * Returns how many tasks {@link #submit(Task)} runs at once.
     *
     * @return how many tasks {@link #submit(Task)} runs at once
     */
    public int maxConcurrentTasks() {
        return maxConcurrentTasks;
    }

    /**
     * Runs {@code task} on the calling thread and returns how it ended. Interrupting the calling thread cancels the
     * task (it ends {@link TaskStatus#CANCELLED}, and the interrupt flag is set again).
     *
     * @param task the task
     * @return the task result
     * @throws IllegalArgumentException when the task's working directory or verification program does not exist
     * @throws IllegalStateException    after {@link #close()}
     * @throws dev.obra.orchestrator.workspace.WorkspaceException when the workspace cannot make the task's copy
     * @throws dev.obra.orchestrator.store.StoreException when the store fails
     */
    public TaskResult run(Task task) {
        TaskRun run = prepare(task);
        active.add(run);
        try {
            return run.run();
        } finally {
            active.remove(run);
        }
    }

    /**
     * Queues {@code task} to run on the orchestrator's pool and returns at once.
     *
     * @param task the task
     * @return the task handle
     * @throws IllegalArgumentException when the task's working directory or verification program does not exist
     * @throws IllegalStateException    after {@link #close()}
     * @throws dev.obra.orchestrator.workspace.WorkspaceException when the workspace's checks refuse the task's
     *     directory; a copy that cannot be made when the task starts fails its {@link TaskHandle#result()}
     */
    public TaskHandle submit(Task task) {
        TaskRun run = prepare(task);
        CompletableFuture<TaskResult> result = new CompletableFuture<>();
        active.add(run);
        pool.execute(() -> {
            try {
                result.complete(run.run());
            } catch (Throwable t) {
                result.completeExceptionally(t);
                if (t instanceof Error error) {
                    throw error;
                }
            } finally {
                active.remove(run);
            }
        });
        return new TaskHandle(task.id(), result, run);
    }

    private TaskRun prepare(Task task) {
        requireNonNull(task, "task");
        if (closed) {
            throw new IllegalStateException("the orchestrator is closed");
        }
        Optional<Path> directory = task.workingDirectory()
                .or(agent::defaultWorkingDirectory)
                .map(p -> p.toAbsolutePath().normalize());
        directory.ifPresent(d -> {
            if (!Files.isDirectory(d)) {
                throw new IllegalArgumentException("working directory does not exist or is not a directory: " + d);
            }
        });
        task.verification()
                .flatMap(c -> Verifier.findProblem(c.get(0), directory))
                .ifPresent(problem -> {
                    throw new IllegalArgumentException(problem);
                });
        // Checked now, made when the task starts: a queued task holds no worktree.
        workspace.check(task.id(), directory);
        return new TaskRun(this, task, directory);
    }

    /**
     * Cancels every running and queued task, waits up to a minute for them to record their end, and stops the pool.
     * Does not close the agent, judge or store.
     */
    @Override
    public void close() {
        closed = true;
        active.forEach(TaskRun::cancel);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Not thread-safe. The built orchestrator is immutable and thread-safe. */
    public static final class Builder {
        private Agent agent;
        private Optional<LlmInterface> llm = Optional.empty();
        private Optional<QualityController> qualityController = Optional.empty();
        private ResponseValidator responseValidator = ResponseValidator.standard();
        private SessionStore store;
        private DecisionEngine decisionEngine;
        private DefaultDecisionEngine.Builder thresholds;
        private PromptBuilder promptBuilder = PromptTemplate.defaultTemplate();
        private int maxIterations = DEFAULT_MAX_ITERATIONS;
        private int maxAttemptsPerIteration = DEFAULT_MAX_ATTEMPTS_PER_ITERATION;
        private int maxContinuationsPerIteration = DEFAULT_MAX_CONTINUATIONS_PER_ITERATION;
        private boolean allowVerificationCommand = true;
        private int maxConcurrentTasks = 1;
        private Duration verificationTimeout = DEFAULT_VERIFICATION_TIMEOUT;
        private final List<OrchestratorListener> listeners = new ArrayList<>();
        private final List<Breakpoint> breakpoints = new ArrayList<>();
        private BreakpointHandler breakpointHandler = BreakpointHandler.STOP;
        private Workspace workspace = Workspace.inPlace();
        private JudgeBudget judgeBudget = JudgeBudget.DEFAULT;

        private Builder() {}

        /**
         * Sets the agent that does the work (required).
         *
         * @param value the agent
         * @return this builder
         */
        public Builder agent(Agent value) {
            agent = requireNonNull(value, "agent");
            return this;
        }

        /**
         * Sets the LLM judge, for the built-in {@link QualityController#judgedBy(LlmInterface)}; without one (and
         * without a {@link #qualityController(QualityController)}), quality is scored by heuristics only.
         *
         * @param value the LLM that judges each iteration's result
         * @return this builder
         */
        public Builder llm(LlmInterface value) {
            llm = Optional.of(requireNonNull(value, "llm"));
            return this;
        }

        /**
         * Bounds the built-in judge's prompt, so that it fits the judge model's context with room for the answer (default
         * {@link JudgeBudget#DEFAULT}, for an 8k-token model): the change's diff gets what the rest leaves, whole
         * small files first, and every cut is marked and noted in the {@code QualityScore}.
         *
         * @param value the size limits of the built-in judge's prompt
         * @return this builder
         */
        public Builder judgeBudget(JudgeBudget value) {
            judgeBudget = requireNonNull(value, "judgeBudget");
            return this;
        }

        /**
         * Sets what scores each iteration's quality, instead of the built-in one that {@link #llm(LlmInterface)}
         * configures; not together with {@code llm(..)} (a custom controller that wants the built-in judge calls
         * {@link QualityController#judgedBy(LlmInterface)} itself).
         *
         * @param value the quality controller to score every iteration with
         * @return this builder
         */
        public Builder qualityController(QualityController value) {
            qualityController = Optional.of(requireNonNull(value, "qualityController"));
            return this;
        }

        /**
         * Sets what checks each response before it is judged (default: {@link ResponseValidator#standard()}).
         *
         * @param value the validator each agent response goes through before judging
         * @return this builder
         */
        public Builder responseValidator(ResponseValidator value) {
            responseValidator = requireNonNull(value, "responseValidator");
            return this;
        }

        /**
         * Sets where tasks are recorded (default: a new {@link InMemorySessionStore}).
         *
         * @param value the store that records every task and its iterations
         * @return this builder
         */
        public Builder sessionStore(SessionStore value) {
            store = requireNonNull(value, "sessionStore");
            return this;
        }

        /**
         * Sets the decision engine (default: {@link DefaultDecisionEngine} with the thresholds set here).
         *
         * @param value the decision engine
         * @return this builder
         */
        public Builder decisionEngine(DecisionEngine value) {
            decisionEngine = requireNonNull(value, "decisionEngine");
            return this;
        }

        /**
         * Sets what writes the prompts (default: {@link PromptTemplate#defaultTemplate()}).
         *
         * @param value what writes the prompts
         * @return this builder
         */
        public Builder promptBuilder(PromptBuilder value) {
            promptBuilder = requireNonNull(value, "promptBuilder");
            return this;
        }

        /**
         * Sets the iterations per task, at least 1 (default 5); a task can override it.
         *
         * @param value the iterations per task
         * @return this builder
         */
        public Builder maxIterations(int value) {
            maxIterations = requireAtLeast(value, 1, "maxIterations");
            return this;
        }

        /**
         * Sets the attempts per iteration after transient agent failures, at least 1 (default 3).
         *
         * @param value the attempts per iteration after transient agent failures
         * @return this builder
         */
        public Builder maxAttemptsPerIteration(int value) {
            maxAttemptsPerIteration = requireAtLeast(value, 1, "maxAttemptsPerIteration");
            return this;
        }

        /**
         * Sets how often one iteration continues an agent that stopped at its turn limit, at least 0 (default
         * {@value #DEFAULT_MAX_CONTINUATIONS_PER_ITERATION}). A continuation resumes the stopped conversation at once
         * under a new session id with a raised turn limit; verification and judging wait for a turn that finished.
         * For a hard cap on a task's turns use {@link Budget#withMaxTurns(int)}.
         *
         * @param value the most continuations per iteration
         * @return this builder
         * @throws IllegalArgumentException when {@code value} is negative
         */
        public Builder maxContinuationsPerIteration(int value) {
            maxContinuationsPerIteration = requireAtLeast(value, 0, "maxContinuationsPerIteration");
            return this;
        }

        /**
         * Sets whether the agent may run the task's own verification command (default true): each invocation then
         * allows exactly that command as a rule (Claude Code: {@code Bash(python3 check.py)}), so that the agent can
         * check its work the way the orchestrator will even where its permission mode refuses other commands.
         *
         * @param value false to leave the agent's permissions as they are
         * @return this builder
         */
        public Builder allowVerificationCommand(boolean value) {
            allowVerificationCommand = value;
            return this;
        }

        /**
         * Sets the default decision engine's minimum quality to proceed, 0..1 (default 0.70).
         *
         * @param value the lowest quality score, 0..1, at which the default decision engine proceeds
         * @return this builder
         */
        public Builder qualityThreshold(double value) {
            thresholds().qualityThreshold(value);
            return this;
        }

        /**
         * Sets the default decision engine's minimum confidence to proceed, 0..1 (default 0.50).
         *
         * @param value the default decision engine's minimum confidence
         * @return this builder
         */
        public Builder confidenceThreshold(double value) {
            thresholds().confidenceThreshold(value);
            return this;
        }

        /**
         * Sets the default decision engine's escalation threshold, 0..1, not above the quality threshold (0.50).
         *
         * @param value the default decision engine's escalation threshold
         * @return this builder
         */
        public Builder escalationThreshold(double value) {
            thresholds().escalationThreshold(value);
            return this;
        }

        /**
         * Sets how many tasks {@link #submit(Task)} runs at once, at least 1 (default 1).
         *
         * @param value how many tasks run at once, at least 1
         * @return this builder
         */
        public Builder maxConcurrentTasks(int value) {
            maxConcurrentTasks = requireAtLeast(value, 1, "maxConcurrentTasks");
            return this;
        }

        /**
         * Sets the timeout of a task's verification command (default 10 minutes).
         *
         * @param value the timeout of a task's verification command
         * @return this builder
         */
        public Builder verificationTimeout(Duration value) {
            verificationTimeout = requirePositive(value, "verificationTimeout");
            return this;
        }

        /**
         * Sets where each task works and what it hands back (default {@link Workspace#inPlace()}: the working
         * directory as it is). With {@link Workspace#gitWorktree()} every task gets a worktree and branch of its own
         * and delivers one commit ({@link TaskResult#delivery()}).
         *
         * @param value the workspace
         * @return this builder
         */
        public Builder workspace(Workspace value) {
            workspace = requireNonNull(value, "workspace");
            return this;
        }

        /**
         * Adds a listener that receives every event.
         *
         * @param value a listener
         * @return this builder
         */
        public Builder listener(OrchestratorListener value) {
            listeners.add(requireNonNull(value, "listener"));
            return this;
        }

        /**
         * Adds a breakpoint, checked after every iteration that would go on.
         *
         * @param value a breakpoint
         * @return this builder
         */
        public Builder breakpoint(Breakpoint value) {
            breakpoints.add(requireNonNull(value, "breakpoint"));
            return this;
        }

        /**
         * Sets what decides at a breakpoint (default {@link BreakpointHandler#STOP}).
         *
         * @param value what decides at a breakpoint
         * @return this builder
         */
        public Builder breakpointHandler(BreakpointHandler value) {
            breakpointHandler = requireNonNull(value, "breakpointHandler");
            return this;
        }

        /**
         * Returns the orchestrator.
         *
         * @return a new orchestrator with this builder's configuration
         * @throws IllegalStateException without an agent, with thresholds in the wrong order, with thresholds and
         *                               a custom decision engine together, or with an LLM and a custom quality
         *                               controller together
         */
        public Orchestrator build() {
            if (agent == null) {
                throw new IllegalStateException("an agent is required: call agent(...) before build()");
            }
            if (decisionEngine != null && thresholds != null) {
                throw new IllegalStateException("thresholds configure the default decision engine; configure them "
                        + "on your own decision engine instead");
            }
            if (qualityController.isPresent() && llm.isPresent()) {
                throw new IllegalStateException("llm(...) configures the built-in quality controller; with your own "
                        + "qualityController(...), give it the LLM instead (QualityController.judgedBy(llm))");
            }
            return new Orchestrator(this);
        }

        /**
         * Builds a throwaway orchestrator, runs {@code task} on the calling thread, and closes it.
         *
         * @param task the task
         * @return the task result
         */
        public TaskResult run(Task task) {
            try (Orchestrator orchestrator = build()) {
                return orchestrator.run(task);
            }
        }

        private DefaultDecisionEngine.Builder thresholds() {
            if (thresholds == null) {
                thresholds = DefaultDecisionEngine.builder();
            }
            return thresholds;
        }
    }
}
