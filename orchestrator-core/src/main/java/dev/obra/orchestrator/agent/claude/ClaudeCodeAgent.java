package dev.obra.orchestrator.agent.claude;

import static dev.obra.orchestrator.internal.argument.Arguments.requireAtLeast;
import static dev.obra.orchestrator.internal.argument.Arguments.requireNonBlank;
import static dev.obra.orchestrator.internal.argument.Arguments.requirePositive;
import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.agent.Agent;
import dev.obra.orchestrator.agent.AgentCancelledException;
import dev.obra.orchestrator.agent.AgentException;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.internal.process.ChildProcess;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Claude Code CLI ({@code claude -p}) headless as a child process, one invocation per call.
 *
 * <pre>{@code
 * Agent agent = ClaudeCodeAgent.builder()
 *         .workingDirectory(repo)
 *         .permissionMode(PermissionMode.ACCEPT_EDITS)
 *         .allowedTools(List.of("Bash"))
 *         .configDirectory(Path.of("/var/obra/claude-worker-1"))
 *         .build();
 * }</pre>
 *
 * <p>Each call runs {@code claude -p --output-format stream-json --verbose --session-id=<id>} (with
 * {@code --resume=<previous> --fork-session} for {@link SessionMode.Resume}) plus the configured flags, with no
 * shell, the prompt on stdin and the working directory of the request or of this agent. The output is read as a
 * stream in bounded memory; the last {@code result} message decides the {@link AgentResponse}. A run that reports
 * no usable result throws an {@link AgentException} whose kind says why and whose message carries the exit code
 * and the end of stderr. A wall-clock timeout, an idle timeout (no output) and an interrupt of the calling thread
 * each stop the whole process tree: SIGTERM, a grace period, then SIGKILL for every descendant seen and the root.
 * Descendants that outlive a normal exit are killed too, and a JVM shutdown hook stops whatever still runs.
 *
 * <p>The child's environment is an allow-list of this JVM's variables plus {@link Builder#environment(Map)} (see
 * docs/claude-code.md); values are never logged. Run one {@link Builder#configDirectory(Path) configDirectory} per
 * concurrently running agent: parallel CLIs corrupt a shared {@code ~/.claude.json}.
 *
 * <p>Immutable and thread-safe; calls may run concurrently. {@link #close()} stops the runs in progress and makes
 * later calls fail.
 */
public final class ClaudeCodeAgent implements Agent {
    /** Default wall-clock limit of one invocation. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    /**
     * Default idle limit: the longest an invocation may write nothing. The CLI is silent while a Bash command runs
     * (up to 10 minutes by default) and while it retries the API, so this is generous.
     */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(15);
    /** How long SIGTERM is given to end the CLI before SIGKILL (it flushes its transcript in that time). */
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);
    /** How long the CLI may live on after it reported its result (it normally exits at once) before it is stopped. */
    public static final Duration DEFAULT_AFTER_RESULT_GRACE = Duration.ofSeconds(10);
    /** The command users run to install the CLI. */
    public static final String INSTALL_HINT = "npm install -g @anthropic-ai/claude-code";

    private static final Logger log = LoggerFactory.getLogger(ClaudeCodeAgent.class);
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);

    private final Path executable;
    private final Optional<Path> workingDirectory;
    private final ClaudeCommand flags;
    private final Duration timeout;
    private final Duration idleTimeout;
    private final Duration killGrace;
    private final Duration afterResultGrace;
    private final Optional<Path> configDirectory;
    private final Map<String, String> environment;
    /** Computed once: this JVM's environment cannot change, and neither can the rest. */
    private final Map<String, String> childEnvironment;

    private final Set<ChildProcess> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ClaudeCodeAgent(Builder b) {
        executable = b.executable;
        workingDirectory = b.workingDirectory;
        flags = new ClaudeCommand(
                b.model,
                b.permissionMode,
                b.allowedTools,
                b.disallowedTools,
                b.maxTurns,
                b.maxBudgetUsd,
                b.appendSystemPrompt);
        timeout = b.timeout;
        idleTimeout = b.idleTimeout;
        killGrace = b.killGrace;
        afterResultGrace = b.afterResultGrace;
        configDirectory = b.configDirectory;
        environment = Map.copyOf(b.environment);
        childEnvironment =
                Collections.unmodifiableMap(ClaudeEnvironment.of(System.getenv(), environment, configDirectory));
    }

    /**
     * Returns a builder with the defaults: {@code claude} on PATH, no flags beyond the required ones.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this agent's configuration.
     *
     * @return this builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.executable = executable;
        b.workingDirectory = workingDirectory;
        b.model = flags.model();
        b.permissionMode = flags.permissionMode();
        b.allowedTools = new ArrayList<>(flags.allowedTools());
        b.disallowedTools = new ArrayList<>(flags.disallowedTools());
        b.maxTurns = flags.maxTurns();
        b.maxBudgetUsd = flags.maxBudgetUsd();
        b.appendSystemPrompt = flags.appendSystemPrompt();
        b.timeout = timeout;
        b.idleTimeout = idleTimeout;
        b.killGrace = killGrace;
        b.afterResultGrace = afterResultGrace;
        b.configDirectory = configDirectory;
        b.environment = new LinkedHashMap<>(environment);
        return b;
    }

    /** Returns the builder's working directory. */
    @Override
    public Optional<Path> defaultWorkingDirectory() {
        return workingDirectory;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The request's timeout and cost limits apply where they are lower than this agent's; its turn limit replaces
     * this agent's default, and its {@code turnsLeft} caps either. Its allowed tools are added to this agent's.
     *
     * @throws IllegalArgumentException when neither the request nor this agent names a working directory
     * @throws IllegalStateException    after {@link #close()}
     */
    @Override
    public AgentResponse execute(AgentRequest request) {
        requireNonNull(request, "request");
        if (closed) {
            throw new IllegalStateException("this ClaudeCodeAgent is closed");
        }
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new AgentCancelledException("cancelled before claude was started for session " + request.sessionId());
        }
        Path directory = request.workingDirectory()
                .or(() -> workingDirectory)
                .orElseThrow(() -> new IllegalArgumentException("no working directory: set ClaudeCodeAgent.Builder"
                        + ".workingDirectory or give the request one"));
        if (!Files.isDirectory(directory)) {
            throw new AgentException(
                    AgentException.Kind.CONFIGURATION,
                    "the working directory " + directory + " does not exist or is not a directory");
        }
        Map<String, String> env = childEnvironment();
        Path program = ClaudeCommand.resolve(executable, env);
        Duration limit = request.timeout().filter(t -> t.compareTo(timeout) < 0).orElse(timeout);
        List<String> command = command(program, request);
        log.debug(
                "Starting claude for session {} in {}: {} (environment names {})",
                request.sessionId(),
                directory,
                command,
                env.keySet());
        ClaudeProcess.Launch launch = new ClaudeProcess.Launch(
                command, env, directory, request.prompt(), limit, idleTimeout, killGrace, afterResultGrace);
        ClaudeProcess.Finished run;
        try {
            run = ClaudeProcess.run(launch, running, () -> closed);
        } catch (IOException e) {
            throw new AgentException(
                    AgentException.Kind.NOT_INSTALLED,
                    "could not run the Claude Code CLI at "
                            + program + " (" + e.getMessage() + "); install it with `" + INSTALL_HINT + "` or set "
                            + "ClaudeCodeAgent.Builder.executable",
                    e);
        }
        log.debug(
                "claude session {} ended {} with exit code {} after {} ({} lines, {} bytes, {} malformed)",
                request.sessionId(),
                run.ending(),
                run.exitCode(),
                run.took(),
                run.scan().lines(),
                run.scan().bytes(),
                run.scan().malformedLines());
        if (run.ending() != ClaudeProcess.Ending.EXITED
                && run.ending() != ClaudeProcess.Ending.CANCELLED
                && run.scan().result().isPresent()) {
            log.warn(
                    "claude session {} reported its result but had to be stopped ({}); the result stands",
                    request.sessionId(),
                    run.ending());
        }
        return Classifier.classify(run, request, limit, idleTimeout);
    }

    /** Returns the argument list for {@code request}: the executable, fixed flags, then the configured ones. */
    List<String> command(Path program, AgentRequest request) {
        return flags.argv(program, request);
    }

    /** Returns the child's environment: the allow-listed part of this JVM's, plus the builder's additions. */
    Map<String, String> childEnvironment() {
        return childEnvironment;
    }

    /**
     * Returns the version the CLI reports, e.g. {@code 2.1.330}, by running {@code claude --version} with a short
     * timeout.
     *
     * @return the version the CLI reports, e.g
     * @throws AgentException {@link AgentException.Kind#NOT_INSTALLED} when the executable cannot be run, another
     *                        kind when it fails or prints no version
     */
    public String version() {
        Map<String, String> env = childEnvironment();
        return VersionProbe.version(ClaudeCommand.resolve(executable, env), env, workingDirectory, VERSION_TIMEOUT);
    }

    /**
     * Returns whether the executable can be run and reports a version.
     *
     * @return whether the executable can be run and reports a version
     */
    public boolean isAvailable() {
        try {
            version();
            return true;
        } catch (AgentException e) {
            log.debug("Claude Code CLI not available: {}", e.getMessage());
            return false;
        }
    }

    /** Stops every run in progress, with its process tree; later calls to {@link #execute} fail. */
    @Override
    public void close() {
        closed = true;
        for (ChildProcess process : running) {
            process.killTree(killGrace, List.of());
        }
    }

    @Override
    public String toString() {
        return "ClaudeCodeAgent[" + executable + ", "
                + workingDirectory.map(Path::toString).orElse("no directory") + "]";
    }

    /**
     * Configures a {@link ClaudeCodeAgent}. Not thread-safe; {@link #build()} copies everything, so a builder can
     * be reused.
     */
    public static final class Builder {
        private Path executable = Path.of("claude");
        private Optional<Path> workingDirectory = Optional.empty();
        private Optional<String> model = Optional.empty();
        private Optional<PermissionMode> permissionMode = Optional.empty();
        private List<String> allowedTools = new ArrayList<>();
        private List<String> disallowedTools = new ArrayList<>();
        private OptionalInt maxTurns = OptionalInt.empty();
        private Optional<BigDecimal> maxBudgetUsd = Optional.empty();
        private Optional<String> appendSystemPrompt = Optional.empty();
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private Duration killGrace = DEFAULT_KILL_GRACE;
        private Duration afterResultGrace = DEFAULT_AFTER_RESULT_GRACE;
        private Optional<Path> configDirectory = Optional.empty();
        private Map<String, String> environment = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Sets the CLI to run: a path, or a bare name looked up on PATH. Default {@code claude}.
         *
         * @param path the path
         * @return this builder
         */
        public Builder executable(Path path) {
            executable = requireNonNull(path, "path");
            return this;
        }

        /**
         * Sets the directory the agent works in when a request names none.
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder workingDirectory(Path directory) {
            workingDirectory =
                    Optional.of(requireNonNull(directory, "directory").toAbsolutePath());
            return this;
        }

        /**
         * Sets the model, an alias ({@code sonnet}) or a full name ({@code --model}). Default: the CLI's.
         *
         * @param name the name
         * @return this builder
         */
        public Builder model(String name) {
            model = Optional.of(requireNonBlank(name, "name", "model"));
            return this;
        }

        /**
         * Sets {@code --permission-mode}. Default: none (the CLI asks, so headless runs cannot edit).
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder permissionMode(PermissionMode mode) {
            permissionMode = Optional.of(requireNonNull(mode, "mode"));
            return this;
        }

        /**
         * Sets the tools allowed without asking, e.g. {@code Bash(git *)} ({@code --allowedTools}).
         *
         * @param tools the tools
         * @return this builder
         */
        public Builder allowedTools(List<String> tools) {
            allowedTools = tools(tools, "tools");
            return this;
        }

        /**
         * Sets the tools denied ({@code --disallowedTools}).
         *
         * @param tools the tools
         * @return this builder
         */
        public Builder disallowedTools(List<String> tools) {
            disallowedTools = tools(tools, "tools");
            return this;
        }

        /**
         * Sets the default most model round-trips per invocation ({@code --max-turns}); a request's own limit replaces
         * it (a continuation after a turn-limit stop asks for more). For a hard cap on a task, use
         * {@code Budget.withMaxTurns}.
         *
         * @param turns the default most model round-trips per invocation, at least 1
         * @return this builder
         */
        public Builder maxTurns(int turns) {
            maxTurns = OptionalInt.of(requireAtLeast(turns, 1, "maxTurns"));
            return this;
        }

        /**
         * Sets the most one invocation may spend ({@code --max-budget-usd}); a request may ask for less.
         *
         * @param usd an amount in US dollars
         * @return this builder
         */
        public Builder maxBudgetUsd(BigDecimal usd) {
            if (requireNonNull(usd, "usd").signum() <= 0) {
                throw new IllegalArgumentException("maxBudgetUsd must be > 0, was " + usd);
            }
            maxBudgetUsd = Optional.of(usd);
            return this;
        }

        /**
         * Sets text appended to the CLI's system prompt ({@code --append-system-prompt}), at most 100,000 chars.
         *
         * @param text the text
         * @return this builder
         */
        public Builder appendSystemPrompt(String text) {
            requireNonNull(text, "text");
            if (text.length() > 100_000) {
                // One argv entry may not exceed 128 KiB on Linux.
                throw new IllegalArgumentException(
                        "appendSystemPrompt must be at most 100000 chars, was " + text.length());
            }
            appendSystemPrompt = Optional.of(text);
            return this;
        }

        /**
         * Sets the wall-clock limit of one invocation. Default {@link #DEFAULT_TIMEOUT}.
         *
         * @param limit the limit
         * @return this builder
         */
        public Builder timeout(Duration limit) {
            timeout = requirePositive(limit, "timeout");
            return this;
        }

        /**
         * Sets the longest one invocation may write nothing. Default {@link #DEFAULT_IDLE_TIMEOUT}.
         *
         * @param limit the limit
         * @return this builder
         */
        public Builder idleTimeout(Duration limit) {
            idleTimeout = requirePositive(limit, "idleTimeout");
            return this;
        }

        /** Sets how long SIGTERM is given before SIGKILL; for tests. */
        Builder killGrace(Duration grace) {
            killGrace = requireNonNull(grace, "grace");
            return this;
        }

        /** Sets how long the CLI may live on after its result before it is stopped; for tests. */
        Builder afterResultGrace(Duration grace) {
            afterResultGrace = requireNonNull(grace, "grace");
            return this;
        }

        /**
         * Sets {@code CLAUDE_CONFIG_DIR}, where the CLI keeps its settings, login and transcripts. Give each agent
         * that runs concurrently with others its own: parallel CLIs corrupt a shared {@code ~/.claude.json}.
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder configDirectory(Path directory) {
            configDirectory = Optional.of(requireNonNull(directory, "directory").toAbsolutePath());
            return this;
        }

        /**
         * Adds variables to the child's environment, on top of the allow-listed variables inherited from this JVM
         * (e.g. {@code ANTHROPIC_BASE_URL}, {@code CLAUDE_CODE_MAX_RETRIES}, {@code IS_SANDBOX}). Replaces what an
         * earlier call added.
         *
         * @param variables the variables
         * @return this builder
         */
        public Builder environment(Map<String, String> variables) {
            requireNonNull(variables, "variables");
            variables.forEach((k, v) -> {
                requireNonNull(k, "variable name");
                requireNonNull(v, "value of " + k);
            });
            environment = new LinkedHashMap<>(variables);
            return this;
        }

        /**
         * Returns an agent with this configuration.
         *
         * @return the new {@code ClaudeCodeAgent}
         */
        public ClaudeCodeAgent build() {
            return new ClaudeCodeAgent(this);
        }

        private static List<String> tools(List<String> tools, String name) {
            List<String> copy = List.copyOf(requireNonNull(tools, name));
            for (String tool : copy) {
                if (tool.isBlank()) {
                    throw new IllegalArgumentException(name + " must not contain a blank name");
                }
            }
            return new ArrayList<>(copy);
        }
    }
}
