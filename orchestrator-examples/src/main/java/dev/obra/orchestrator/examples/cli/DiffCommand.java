package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.examples.report.GitDiff;
import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.TaskRecord;
import dev.obra.orchestrator.workspace.Delivery;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code obra diff}: what a task that worked in a git worktree changed, against its base commit. */
@Command(
        name = "diff",
        description = "Print the diff of a task's commit against its base (tasks run with " + "--worktree).",
        footer = ExitCodes.HELP)
final class DiffCommand extends TaskCommand {
    @Option(names = "--stat", description = "Print the diffstat only.")
    boolean stat;

    @Option(
            names = "--repo",
            paramLabel = "DIR",
            description = "The task's git repository (default: the current " + "directory).")
    Path repo;

    @Override
    int call(SessionStore sessions, TaskRecord task) {
        Delivery delivery = task.delivery()
                .orElseThrow(() -> new CliException(
                        ExitCodes.USAGE,
                        "task " + task.id()
                                + " worked in place and has no branch or commit to diff; run tasks with --worktree"));
        if (delivery.isPending()) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "task " + task.id() + " has not delivered yet (it runs, or "
                            + "its process stopped; the next obra run on this store salvages it)");
        }
        GitDiff.Result diff = GitDiff.of((repo != null ? repo : Path.of("")).toAbsolutePath(), delivery, stat);
        if (diff instanceof GitDiff.Result.Problem problem) {
            throw new CliException(ExitCodes.USAGE, problem.reason());
        }
        if (diff instanceof GitDiff.Result.Diff text) {
            Terminal.stdout().print(text.text());
        } else if (diff instanceof GitDiff.Result.NothingCommitted) {
            new Terminal(System.err)
                    .println("task " + task.id() + " on branch " + delivery.branch() + " changed nothing");
        } else if (!(diff instanceof GitDiff.Result.WorktreeGone)) {
            throw new IllegalStateException("unhandled " + diff);
        }
        return ExitCodes.OK;
    }
}
