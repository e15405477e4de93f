package dev.obra.orchestrator.workspace;

import static dev.obra.orchestrator.workspace.GitRepos.git;
import static dev.obra.orchestrator.workspace.GitRepos.repository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.store.InMemorySessionStore;
import dev.obra.orchestrator.store.TaskQuery;
import dev.obra.orchestrator.testing.ScriptedAgent;
import dev.obra.orchestrator.workspace.git.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is refused with a clear, typed error before anything is stored; branch names are always valid. */
class GitWorktreeIT {

    @TempDir
    Path temp;

    private final InMemorySessionStore store = new InMemorySessionStore();

    private void assertRefused(Workspace workspace, Path directory, WorkspaceException.Kind kind, String... words) {
        try (Orchestrator orchestrator = Orchestrator.builder()
                .agent(ScriptedAgent.repeating(ScriptedAgent.succeed("done")))
                .sessionStore(store)
                .workspace(workspace)
                .build()) {
            assertThatThrownBy(() -> orchestrator.run(Task.of("anything").withWorkingDirectory(directory)))
                    .isInstanceOfSatisfying(
                            WorkspaceException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                    .hasMessageContainingAll(words);
        }
        assertThat(store.listTasks(TaskQuery.all())).as("tasks stored").isEmpty();
    }

    @Test
    void aDirectoryOutsideAnyRepositoryIsRefused() throws Exception {
        Path plain = Files.createDirectories(temp.resolve("plain"));
        assertRefused(
                Workspace.gitWorktree().build(),
                plain,
                WorkspaceException.Kind.NOT_A_REPOSITORY,
                plain.toString(),
                "not in");
    }

    @Test
    void aMissingBaseRefIsRefusedByName() throws Exception {
        Path repo = repository(temp.resolve("repo"));
        assertRefused(
                Workspace.gitWorktree().baseRef("no-such-branch").build(),
                repo,
                WorkspaceException.Kind.BASE_REF_MISSING,
                "'no-such-branch'",
                repo.toString());
    }

    @Test
    void aRootInsideTheWorkTreeIsRefused() throws Exception {
        Path repo = repository(temp.resolve("repo"));
        assertRefused(
                Workspace.gitWorktree().root(repo.resolve("sub/worktrees")).build(),
                repo,
                WorkspaceException.Kind.ROOT_INSIDE_WORK_TREE,
                "sub/worktrees",
                "inside the work tree");
    }

    @Test
    void aRepositoryWithoutCommitsIsRefused() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("empty"));
        git(repo, "init", "--quiet");
        assertRefused(Workspace.gitWorktree().build(), repo, WorkspaceException.Kind.NO_COMMITS, "no commit yet");
    }

    @Test
    void gitMissingFromPathIsRefused() {
        assertThatThrownBy(() -> Repository.Git.onPath(temp.toString()))
                .isInstanceOfSatisfying(
                        WorkspaceException.class,
                        e -> assertThat(e.kind()).isEqualTo(WorkspaceException.Kind.GIT_MISSING))
                .hasMessageContainingAll("no executable 'git' on PATH", temp.toString());
    }

    @Test
    void branchNamesAreValidRefsWhateverTheDescriptionSays() throws Exception {
        Path repo = repository(temp.resolve("repo"));
        for (String description : new String[] {
            "Fix the ../../etc/passwd bug @{now}",
            "~^:?*[\\ control\u0001",
            "Ünïcödé only ✓✓✓",
            "   ",
            "a".repeat(300),
            "-leading dash.lock",
            "refs/heads/main"
        }) {
            String name = BranchNames.candidate("obra/", TaskId.of("Task_ID-1234-5678"), description, 2);
            assertThat(name).matches("obra/taskid12-[a-z0-9-]+-2");
            GitCli.Result check = GitRepos.run(repo, "check-ref-format", "--branch", name);
            assertThat(check.exitCode())
                    .as("%s from '%s': %s", name, description, check.stderr())
                    .isZero();
        }
    }

    @Test
    void anExistingBranchIsNeverReused() throws Exception {
        Path repo = repository(temp.resolve("repo"));
        TaskId id = TaskId.of("abcdef12-0000");
        git(repo, "branch", BranchNames.candidate("obra/", id, "Same name", 1));
        String taken = git(repo, "rev-parse", BranchNames.candidate("obra/", id, "Same name", 1))
                .strip();
        Files.writeString(repo.resolve("shared.txt"), "moved on\n");
        git(repo, "commit", "--quiet", "-am", "Second");

        WorkingCopy copy = Workspace.gitWorktree().build().open(id, "Same name", Optional.of(repo));
        Delivery started = copy.started().orElseThrow();
        Delivery delivered =
                copy.deliver(TaskStatus.COMPLETED, "done", TaskMetrics.ZERO).orElseThrow();

        assertThat(started.branch()).isEqualTo("obra/abcdef12-same-name-2");
        assertThat(git(repo, "rev-parse", "obra/abcdef12-same-name").strip()).isEqualTo(taken);
        assertThat(delivered.commit()).isEmpty();
        GitRepos.assertCleanWithOneWorktree(repo);
    }

    @Test
    void aBadBranchPrefixIsRefusedByTheBuilder() {
        assertThatThrownBy(() -> Workspace.gitWorktree().branchPrefix("bad..prefix/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad..prefix/");
        assertThatThrownBy(() -> Workspace.gitWorktree().branchPrefix("with space/"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commitsTheAgentMadeItselfAreTheDeliveryAndWorkLeftOverIsCommittedOnTop() throws Exception {
        Path repo = repository(temp.resolve("repo"));
        String head = git(repo, "rev-parse", "HEAD").strip();
        Workspace workspace = Workspace.gitWorktree().build();

        // An agent that committed everything itself.
        WorkingCopy clean = workspace.open(TaskId.of("aaaa1111"), "Commit it yourself", Optional.of(repo));
        Path dir = clean.directory().orElseThrow();
        Files.writeString(dir.resolve("own.txt"), "mine\n");
        git(dir, "add", "own.txt");
        git(dir, "commit", "--quiet", "-m", "The agent's own commit");
        String own = git(dir, "rev-parse", "HEAD").strip();
        Delivery first =
                clean.deliver(TaskStatus.COMPLETED, "done", TaskMetrics.ZERO).orElseThrow();

        assertThat(first.commit()).contains(own);
        assertThat(first.changes().changedFiles()).containsExactly("own.txt");
        assertThat(first.worktree()).isEmpty();

        // An agent that committed part and left the rest.
        WorkingCopy mixed = workspace.open(TaskId.of("bbbb2222"), "Commit part", Optional.of(repo));
        Path dir2 = mixed.directory().orElseThrow();
        Files.writeString(dir2.resolve("part.txt"), "committed\n");
        git(dir2, "add", "part.txt");
        git(dir2, "commit", "--quiet", "-m", "Part of it");
        Files.writeString(dir2.resolve("rest.txt"), "left over\n");
        Delivery second =
                mixed.deliver(TaskStatus.COMPLETED, "done", TaskMetrics.ZERO).orElseThrow();

        String commit = second.commit().orElseThrow();
        assertThat(git(repo, "log", "--format=%s", head + ".." + commit).lines())
                .containsExactly("Commit part", "Part of it");
        assertThat(second.changes().changedFiles()).containsExactly("part.txt", "rest.txt");
        GitRepos.assertCleanWithOneWorktree(repo);
    }
}
