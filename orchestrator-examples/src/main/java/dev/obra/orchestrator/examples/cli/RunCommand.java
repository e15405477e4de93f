package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.Budget;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.agent.claude.ClaudeCodeAgent;
import dev.obra.orchestrator.agent.claude.PermissionMode;
import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.workspace.GitWorktree;
import dev.obra.orchestrator.workspace.Workspace;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code obra run}: one supervised task with the real Claude Code CLI. */
@Command(
        name = "run",
        description = "Run a task with the Claude Code CLI, judged and recorded.",
        footer = ExitCodes.HELP)
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TASK", description = "What the agent should do.")
    String description;

    @Option(
            names = "--workdir",
            paramLabel = "DIR",
            description = "Where the agent works (default: the current " + "directory).")
    Path workdir;

    @Option(
            names = "--verify",
            paramLabel = "CMD",
            arity = "1..*",
            description = "A command that exits 0 when the work is right, run after every iteration, e.g. "
                    + "--verify mvn -q test (an argument list, never a shell; put it last).")
    List<String> verify;

    @Option(names = "--max-iterations", paramLabel = "N", description = "Iterations before giving up (default 5).")
    Integer maxIterations;

    @Option(names = "--model", paramLabel = "M", description = "Claude model alias or name (default: the CLI's).")
    String model;

    @Option(
            names = "--permission-mode",
            paramLabel = "P",
            converter = PermissionModes.class,
            description = "acceptEdits (default), auto, bypassPermissions, manual, dontAsk or plan.")
    PermissionMode permissionMode = PermissionMode.ACCEPT_EDITS;

    @Option(
            names = "--allow-tool",
            paramLabel = "PATTERN",
            description = "Let the agent use a tool without asking (repeatable), in the CLI's rule syntax: Bash, "
                    + "'Bash(mvn *)', Edit, 'WebFetch(domain:example.com)'. A headless agent cannot answer a "
                    + "permission prompt, so under acceptEdits every Bash call is refused unless a rule allows it.")
    List<String> allowTools = new ArrayList<>();

    @Option(
            names = "--deny-tool",
            paramLabel = "PATTERN",
            description = "Refuse a tool to the agent (repeatable), same syntax; a denial wins over an allowance.")
    List<String> denyTools = new ArrayList<>();

    @Option(
            names = "--no-allow-verify",
            description = "Do not let the agent run the --verify command itself (by default that exact command is "
                    + "allowed, e.g. 'Bash(mvn -q test)', so it can check its work the way obra will).")
    boolean noAllowVerify;

    @Option(names = "--budget-usd", paramLabel = "X", description = "Stop when the task has cost this much.")
    BigDecimal budgetUsd;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = Durations.class,
            description = "Stop the task after this long, e.g. 30m, 2h, 90s or PT1H.")
    Duration timeout;

    @Option(
            names = "--worktree",
            description = "Work in a new git worktree and branch made from the base, and "
                    + "commit the result there; your working tree, index and branch are left alone.")
    boolean worktree;

    @Option(
            names = "--base",
            paramLabel = "REF",
            description = "With --worktree: the branch, tag or commit to " + "start from (default HEAD).")
    String base;

    @Option(
            names = "--keep-worktree",
            description =
                    "With --worktree: keep the worktree folder when the task ends " + "(the branch is always kept).")
    boolean keepWorktree;

    @Mixin
    ClaudeOptions claude;

    @Mixin
    LlmOptions llm;

    @Mixin
    StoreOptions store;

    private Workspace workspace() {
        if (!worktree) {
            return Workspace.inPlace();
        }
        GitWorktree.Builder builder = Workspace.gitWorktree().keepWorktree(keepWorktree);
        if (base != null) {
            try {
                builder.baseRef(base);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, "--base: " + e.getMessage(), e);
            }
        }
        return builder.build();
    }

    @Override
    public Integer call() {
        Terminal out = Terminal.stdout();
        Path dir = (workdir != null ? workdir : Path.of("")).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new CliException(ExitCodes.USAGE, "working directory does not exist: " + dir);
        }
        if (budgetUsd != null && budgetUsd.signum() <= 0) {
            throw new CliException(ExitCodes.USAGE, "--budget-usd must be > 0, was " + budgetUsd.toPlainString());
        }
        if (!worktree && (base != null || keepWorktree)) {
            throw new CliException(ExitCodes.USAGE, "--base and --keep-worktree need --worktree");
        }
        if (maxIterations != null && maxIterations < 1) {
            throw new CliException(ExitCodes.USAGE, "--max-iterations must be >= 1, was " + maxIterations);
        }
        ClaudeCodeAgent.Builder agentBuilder =
                claude.builder().workingDirectory(dir).permissionMode(permissionMode);
        if (model != null) {
            agentBuilder.model(model);
        }
        agentBuilder.allowedTools(rules(allowTools, "--allow-tool")).disallowedTools(rules(denyTools, "--deny-tool"));
        Task task = Task.of(description).withWorkingDirectory(dir);
        if (verify != null) {
            task = task.withVerification(verify);
        }
        if (maxIterations != null) {
            task = task.withMaxIterations(maxIterations);
        }
        Budget budget = Budget.UNLIMITED;
        if (budgetUsd != null) {
            budget = budget.withMaxCostUsd(budgetUsd);
        }
        if (timeout != null) {
            budget = budget.withMaxWallTime(timeout);
        }
        task = task.withBudget(budget);
        StoreOptions.Location dbFile = store.location(null);
        try (ClaudeCodeAgent agent = agentBuilder.build()) {
            String version = ClaudeOptions.version(agent)
                    .orElseThrow(() -> new CliException(ExitCodes.UNAVAILABLE, claude.notFound()));
            try (LlmOptions.Judge judge = llm.resolve();
                    SessionStore sessions = StoreOptions.open(dbFile)) {
                out.println("agent: Claude Code " + version + " (" + permissionMode.cliValue()
                        + (allowTools.isEmpty() ? "" : ", allowed " + String.join(" ", allowTools))
                        + (denyTools.isEmpty() ? "" : ", denied " + String.join(" ", denyTools)) + ")");
                out.println("judge: " + judge.description);
                out.println("store: " + dbFile);
                return ExitCodes.of(TaskRunner.run(agent, judge, sessions, task, workspace(), out, !noAllowVerify)
                        .status());
            }
        }
    }

    private static List<String> rules(List<String> patterns, String option) {
        for (String pattern : patterns) {
            if (pattern.isBlank()) {
                throw new CliException(ExitCodes.USAGE, option + " needs a tool or rule, e.g. 'Bash(mvn *)'");
            }
        }
        return patterns;
    }
}
