package dev.obra.orchestrator.agent.claude;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.agent.AgentException;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.internal.process.Executables;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The command line of one invocation: the fixed headless flags, the session flags, then the configured ones, each
 * user-supplied value in the {@code --flag=value} form so that a value starting with a dash stays a value.
 *
 * @param model              {@code --model}
 * @param permissionMode     {@code --permission-mode}
 * @param allowedTools       {@code --allowedTools}, joined with commas, with the request's rules after them
 * @param disallowedTools    {@code --disallowedTools}, joined with commas
 * @param maxTurns           {@code --max-turns}, the default when the request names no limit of its own; the
 *                           request's {@code turnsLeft} caps either
 * @param maxBudgetUsd       {@code --max-budget-usd}, unless the request asks for less
 * @param appendSystemPrompt {@code --append-system-prompt}
 */
record ClaudeCommand(
        Optional<String> model,
        Optional<PermissionMode> permissionMode,
        List<String> allowedTools,
        List<String> disallowedTools,
        OptionalInt maxTurns,
        Optional<BigDecimal> maxBudgetUsd,
        Optional<String> appendSystemPrompt) {

    ClaudeCommand {
        requireNonNull(model, "model");
        requireNonNull(permissionMode, "permissionMode");
        allowedTools = List.copyOf(allowedTools);
        disallowedTools = List.copyOf(disallowedTools);
        requireNonNull(maxTurns, "maxTurns");
        requireNonNull(maxBudgetUsd, "maxBudgetUsd");
        requireNonNull(appendSystemPrompt, "appendSystemPrompt");
    }

    /** Returns the argument list for {@code request}: the executable, fixed flags, then the configured ones. */
    List<String> argv(Path program, AgentRequest request) {
        List<String> argv =
                new ArrayList<>(List.of(program.toString(), "-p", "--output-format", "stream-json", "--verbose"));
        SessionMode mode = request.mode();
        if (mode instanceof SessionMode.Resume resume) {
            argv.add("--resume=" + resume.previous());
            argv.add("--fork-session");
        } else if (!(mode instanceof SessionMode.New)) {
            throw new IllegalStateException("unhandled session mode " + mode);
        }
        argv.add("--session-id=" + mode.id());
        // The request's limit replaces the default: a continuation after a turn-limit stop must get more turns.
        OptionalInt turns = lower(request.maxTurns().isPresent() ? request.maxTurns() : maxTurns, request.turnsLeft());
        turns.ifPresent(n -> argv.add("--max-turns=" + n));
        model.ifPresent(m -> argv.add("--model=" + m));
        permissionMode.ifPresent(p -> argv.add("--permission-mode=" + p.cliValue()));
        Set<String> allowed = new LinkedHashSet<>(allowedTools);
        allowed.addAll(request.allowedTools());
        if (!allowed.isEmpty()) {
            argv.add("--allowedTools=" + String.join(",", allowed));
        }
        if (!disallowedTools.isEmpty()) {
            argv.add("--disallowedTools=" + String.join(",", disallowedTools));
        }
        Optional<BigDecimal> budget = request.maxCostUsd()
                .map(c -> maxBudgetUsd.filter(m -> m.compareTo(c) < 0).orElse(c))
                .or(() -> maxBudgetUsd);
        budget.ifPresent(
                b -> argv.add("--max-budget-usd=" + b.stripTrailingZeros().toPlainString()));
        appendSystemPrompt.ifPresent(p -> argv.add("--append-system-prompt=" + p));
        return argv;
    }

    private static OptionalInt lower(OptionalInt a, OptionalInt b) {
        if (a.isPresent() && b.isPresent()) {
            return OptionalInt.of(Math.min(a.getAsInt(), b.getAsInt()));
        }
        return a.isPresent() ? a : b;
    }

    /** Finds the executable: a path as given, a bare name on the child's PATH. */
    static Path resolve(Path executable, Map<String, String> env) {
        String name = executable.toString();
        return Executables.find(name, Path.of(""), env.getOrDefault("PATH", ""))
                .orElseThrow(() -> notInstalled(
                        Executables.isPath(name)
                                ? "the Claude Code CLI at " + executable.toAbsolutePath()
                                        + " does not exist or is not executable"
                                : "the Claude Code CLI '" + name + "' was not found on PATH"));
    }

    private static AgentException notInstalled(String problem) {
        return new AgentException(
                AgentException.Kind.NOT_INSTALLED,
                problem + "; install it with `" + ClaudeCodeAgent.INSTALL_HINT
                        + "` or set ClaudeCodeAgent.Builder.executable to its path");
    }
}
