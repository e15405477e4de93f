package dev.obra.orchestrator.agent;

import static dev.obra.orchestrator.internal.argument.Arguments.requireAtLeast;
import static dev.obra.orchestrator.internal.argument.Arguments.requireNonBlank;
import static dev.obra.orchestrator.internal.argument.Arguments.requirePositive;
import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.SessionId;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * One invocation: the prompt, the session it runs under, where, and the limits for this call. Limits left empty
 * fall back to the agent's own configuration. The turn limit given here replaces the agent's default (a
 * continuation after a turn-limit stop needs more turns than the default); the time and cost limits, and
 * {@code turnsLeft}, are caps: the lower of the request's and the agent's applies.
 *
 * @param prompt           what the agent is asked, not blank
 * @param mode             a new session or the continuation of an earlier one, with the id to use
 * @param workingDirectory where the agent works; empty means the agent's default directory
 * @param maxTurns         the most model round-trips this call may take, instead of the agent's default
 * @param timeout          the longest this call may run
 * @param maxCostUsd       the most this call may cost
 * @param turnsLeft        a hard cap on this call's turns, whatever the other limits say: what is left of the
 *                         task's turn budget
 * @param allowedTools     permission rules allowed for this call on top of the agent's own, in the agent's syntax
 *                         (Claude Code: {@code Bash(python3 check.py)})
 */
public record AgentRequest(
        String prompt,
        SessionMode mode,
        Optional<Path> workingDirectory,
        OptionalInt maxTurns,
        Optional<Duration> timeout,
        Optional<BigDecimal> maxCostUsd,
        OptionalInt turnsLeft,
        List<String> allowedTools) {

    /**
     * Creates the value, checking its components.
     *
     * @param prompt what the agent is asked, not blank
     * @param mode a new session or the continuation of an earlier one, with the id to use
     * @param workingDirectory where the agent works; empty means the agent's default directory
     * @param maxTurns the most model round-trips this call may take
     * @param timeout the longest this call may run
     * @param maxCostUsd the most this call may cost
     * @param turnsLeft a hard cap on this call's turns: what is left of the task's turn budget; at least 1 when present
     * @param allowedTools permission rules allowed for this call on top of the agent's own, in the agent's syntax
     */
    public AgentRequest {
        requireNonBlank(prompt, "prompt");
        requireNonNull(mode, "mode");
        requireNonNull(workingDirectory, "workingDirectory");
        requireNonNull(maxTurns, "maxTurns");
        maxTurns.ifPresent(n -> requireAtLeast(n, 1, "maxTurns"));
        requireNonNull(timeout, "timeout");
        timeout.ifPresent(t -> requirePositive(t, "timeout"));
        requireNonNull(maxCostUsd, "maxCostUsd");
        maxCostUsd.ifPresent(c -> {
            if (c.signum() <= 0) {
                throw new IllegalArgumentException("maxCostUsd must be > 0, was " + c);
            }
        });
        requireNonNull(turnsLeft, "turnsLeft");
        turnsLeft.ifPresent(n -> requireAtLeast(n, 1, "turnsLeft"));
        allowedTools = List.copyOf(requireNonNull(allowedTools, "allowedTools"));
        for (String rule : allowedTools) {
            if (rule.isBlank()) {
                throw new IllegalArgumentException("allowedTools must not contain a blank rule");
            }
        }
    }

    /**
     * Returns a request for a new session with the given prompt and no limits of its own.
     *
     * @param prompt the prompt
     * @param mode the mode
     * @return a request for a new session with the given prompt and no limits of its own
     */
    public static AgentRequest of(String prompt, SessionMode mode) {
        return new AgentRequest(
                prompt,
                mode,
                Optional.empty(),
                OptionalInt.empty(),
                Optional.empty(),
                Optional.empty(),
                OptionalInt.empty(),
                List.of());
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
        return with(copy -> copy.workingDirectory = Optional.of(requireNonNull(directory, "directory")));
    }

    /**
     * Returns a copy whose turn limit replaces the agent's default.
     *
     * @param turns the most model round-trips the call may take, at least 1
     * @return a copy with {@code maxTurns} set to {@code turns}
     */
    public AgentRequest withMaxTurns(int turns) {
        return with(copy -> copy.maxTurns = OptionalInt.of(turns));
    }

    /**
     * Returns a copy limited to the given run time.
     *
     * @param limit the limit
     * @return a copy limited to the given run time
     */
    public AgentRequest withTimeout(Duration limit) {
        return with(copy -> copy.timeout = Optional.of(requireNonNull(limit, "limit")));
    }

    /**
     * Returns a copy limited to the given cost.
     *
     * @param usd an amount in US dollars
     * @return a copy limited to the given cost
     */
    public AgentRequest withMaxCostUsd(BigDecimal usd) {
        return with(copy -> copy.maxCostUsd = Optional.of(requireNonNull(usd, "usd")));
    }

    /**
     * Returns a copy whose turns are capped at {@code turns}, whatever the other limits say.
     *
     * @param turns the cap, at least 1
     * @return the copy
     */
    public AgentRequest withTurnsLeft(int turns) {
        return with(copy -> copy.turnsLeft = OptionalInt.of(turns));
    }

    /**
     * Returns a copy that allows the given permission rules on top of the agent's own.
     *
     * @param rules rules in the agent's syntax, e.g. {@code Bash(mvn -q test)}
     * @return the copy
     */
    public AgentRequest withAllowedTools(List<String> rules) {
        return with(copy -> copy.allowedTools = requireNonNull(rules, "rules"));
    }

    private AgentRequest with(Consumer<Components> change) {
        Components copy = new Components(this);
        change.accept(copy);
        return copy.request();
    }

    /** A request's components on their way to a copy: a wither changes one, then the new request checks them all. */
    private static final class Components {
        private String prompt;
        private SessionMode mode;
        private Optional<Path> workingDirectory;
        private OptionalInt maxTurns;
        private Optional<Duration> timeout;
        private Optional<BigDecimal> maxCostUsd;
        private OptionalInt turnsLeft;
        private List<String> allowedTools;

        private Components(AgentRequest request) {
            prompt = request.prompt;
            mode = request.mode;
            workingDirectory = request.workingDirectory;
            maxTurns = request.maxTurns;
            timeout = request.timeout;
            maxCostUsd = request.maxCostUsd;
            turnsLeft = request.turnsLeft;
            allowedTools = request.allowedTools;
        }

        private AgentRequest request() {
            return new AgentRequest(
                    prompt, mode, workingDirectory, maxTurns, timeout, maxCostUsd, turnsLeft, allowedTools);
        }
    }
}
