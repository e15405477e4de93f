package dev.obra.orchestrator.workspace;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import dev.obra.orchestrator.workspace.git.GitCli;
import dev.obra.orchestrator.workspace.git.Numstat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The one commit a task's work becomes: staging, identity, message, and what it changed. */
final class Commits {
    /** Who commits when the repository's git config names nobody. */
    static final String FALLBACK_NAME = "Obra";

    static final String FALLBACK_EMAIL = "obra@localhost.invalid";
    private static final int SUBJECT_LIMIT = 72;

    private Commits() {}

    /** What committing did: the commit, or why there is none although something changed. */
    record Outcome(Optional<String> commit, Optional<String> failure) {}

    /**
     * Stages everything in the worktree (untracked files too, ignored ones not) and commits it with the repository's
     * hooks; nothing when nothing changed.
     */
    static Outcome commitAll(Repository.Git git, Path commonDir, Path worktree, String message) {
        GitCli.Result status = git.run(worktree, List.of("status", "--porcelain=v1", "-z", "--untracked-files=all"));
        if (!status.ok()) {
            return new Outcome(
                    Optional.empty(), Optional.of("git status failed in " + worktree + ": " + status.message()));
        }
        if (status.stdout().isEmpty()) {
            return new Outcome(Optional.empty(), Optional.empty());
        }
        GitCli.Result added = git.run(worktree, List.of("add", "--all"));
        if (!added.ok()) {
            return new Outcome(Optional.empty(), Optional.of("git add failed in " + worktree + ": " + added.message()));
        }
        Map<String, String> identity = identity(git, worktree);
        GitCli.Result committed = RepositoryLocks.holding(
                commonDir,
                () -> git.run(
                        worktree,
                        List.of("-c", "gc.auto=0", "commit", "--quiet", "--file=-"),
                        Optional.of(message),
                        identity));
        if (!committed.ok()) {
            return new Outcome(
                    Optional.empty(),
                    Optional.of("the commit was refused (exit " + committed.exitCode() + "): " + committed.message()));
        }
        GitCli.Result head = git.run(worktree, List.of("rev-parse", "HEAD"));
        if (!head.ok()) {
            return new Outcome(Optional.empty(), Optional.of("cannot read the new commit: " + head.message()));
        }
        return new Outcome(Optional.of(head.stdout().strip()), Optional.empty());
    }

    /** The author and committer: the repository's git config when it names one, else {@value #FALLBACK_NAME}. */
    private static Map<String, String> identity(Repository.Git git, Path worktree) {
        GitCli.Result config = git.run(worktree, List.of("config", "--get-regexp", "^user\\.(name|email)$"));
        boolean name = false;
        boolean email = false;
        // Every level's value is listed, the one that counts (the most specific) last.
        for (String line : config.stdout().split("\n")) {
            if (line.startsWith("user.name")) {
                name = !line.substring("user.name".length()).isBlank();
            } else if (line.startsWith("user.email")) {
                email = !line.substring("user.email".length()).isBlank();
            }
        }
        Map<String, String> env = new HashMap<>();
        if (!name) {
            env.put("GIT_AUTHOR_NAME", FALLBACK_NAME);
            env.put("GIT_COMMITTER_NAME", FALLBACK_NAME);
        }
        if (!email) {
            env.put("GIT_AUTHOR_EMAIL", FALLBACK_EMAIL);
            env.put("GIT_COMMITTER_EMAIL", FALLBACK_EMAIL);
        }
        return env;
    }

    /** Returns what changed from {@code base} to {@code commit}, asked of the repository's common git directory. */
    static WorkspaceChanges changes(Repository.Git git, Path commonDir, String base, String commit) {
        return numstat(
                git,
                commonDir,
                List.of("--git-dir=" + commonDir, "diff", "--numstat", "-z", "--no-renames", base, commit));
    }

    /** Returns what is staged in {@code worktree}'s index against {@code base}: the work a refused commit held. */
    static WorkspaceChanges stagedChanges(Repository.Git git, Path worktree, String base) {
        return numstat(git, worktree, List.of("diff", "--numstat", "-z", "--no-renames", "--cached", base));
    }

    private static WorkspaceChanges numstat(Repository.Git git, Path directory, List<String> args) {
        GitCli.Result diff = git.run(directory, args);
        if (!diff.ok()) {
            return noChanges();
        }
        Numstat numstat = Numstat.parse(diff.stdout());
        return of(numstat.files(), numstat.insertions(), numstat.deletions());
    }

    /** Returns the changes of a delivery in which nothing changed. */
    static WorkspaceChanges noChanges() {
        return of(List.of(), 0, 0);
    }

    private static WorkspaceChanges of(List<String> files, long insertions, long deletions) {
        List<String> sorted = new ArrayList<>(files);
        sorted.sort(null);
        String summary = Numstat.summary(sorted, true, insertions, deletions);
        return new WorkspaceChanges(
                true, true, sorted, sorted.size(), insertions, deletions, summary, List.of(), List.of());
    }

    /** The commit message of a task that ended: subject from the task, status and metrics, the trailer. */
    static String message(TaskId task, String description, TaskStatus status, String reason, TaskMetrics metrics) {
        return subject("", description) + "\n\n"
                + "Obra task ended " + status + ": " + oneLine(reason) + "\n\n"
                + "Iterations: " + metrics.iterations() + "\n"
                + "Tokens: " + metrics.inputTokens() + " in, " + metrics.outputTokens() + " out\n"
                + "Cost: $" + metrics.costUsd().toPlainString() + "\n\n"
                + "Obra-Task: " + task.value() + "\n";
    }

    /** The commit message of work salvaged from an abandoned task's worktree. */
    static String salvageMessage(TaskId task, String description, String reason) {
        return subject("WIP: ", description) + "\n\n"
                + "Work in progress: the process that ran this task stopped before it ended (" + oneLine(reason)
                + "), and this commit holds what its worktree had.\n\n"
                + "Obra-Task: " + task.value() + "\n";
    }

    private static String subject(String lead, String description) {
        String first = description
                .strip()
                .lines()
                .filter(l -> !l.isBlank())
                .findFirst()
                .orElse("Obra task");
        String subject = lead + oneLine(first);
        return subject.length() > SUBJECT_LIMIT
                ? subject.substring(0, SUBJECT_LIMIT - 3).strip() + "..."
                : subject;
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\p{Cntrl}", " ").strip().replaceAll("\\s+", " ");
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }
}
