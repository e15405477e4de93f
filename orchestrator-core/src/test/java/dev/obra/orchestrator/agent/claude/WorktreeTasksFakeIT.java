package dev.obra.orchestrator.agent.claude;

import static dev.obra.orchestrator.workspace.GitRepos.assertCleanWithOneWorktree;
import static dev.obra.orchestrator.workspace.GitRepos.fingerprint;
import static dev.obra.orchestrator.workspace.GitRepos.git;
import static dev.obra.orchestrator.workspace.GitRepos.repository;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskHandle;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.store.InMemorySessionStore;
import dev.obra.orchestrator.testing.Polling;
import dev.obra.orchestrator.testing.WorktreeTasks;
import dev.obra.orchestrator.workspace.Delivery;
import dev.obra.orchestrator.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tasks in git worktrees with the fake claude: parallel tasks on one repository, no change, cancellation. */
class WorktreeTasksFakeIT {

    @TempDir
    Path temp;

    private ClaudeCodeAgent agent(Path repo, String... variables) throws Exception {
        return FakeClaude.agent(repo, Files.createDirectories(temp.resolve("config")), "edit", variables)
                .timeout(Duration.ofMinutes(1))
                .build();
    }

    /** Runs one task of one iteration in a worktree of {@code workspace}, the fake's edit set by {@code variables}. */
    private TaskResult runOne(Path repo, Workspace workspace, String prompt, String... variables) throws Exception {
        try (Orchestrator orchestrator = Orchestrator.builder()
                .agent(agent(repo, variables))
                .maxIterations(1)
                .workspace(workspace)
                .build()) {
            return orchestrator.run(Task.of(prompt));
        }
    }

    @Test
    void fourTasksAtOnceOnOneRepositoryEachDeliverExactlyTheirOwnChange() throws Exception {
        // given
        Path repo = repository(temp.resolve("repo"));
        Files.writeString(repo.resolve("dirty.txt"), "the user's uncommitted work\n");
        String before = fingerprint(repo);
        String head = git(repo, "rev-parse", "HEAD").strip();
        List<String> words = List.of("alpha", "beta", "gamma", "delta");
        InMemorySessionStore store = new InMemorySessionStore();

        // when
        List<TaskResult> results = WorktreeTasks.writeEachWord(
                WorktreeTasks.orchestrator(agent(repo, "FAKE_CLAUDE_SLEEP_SECONDS", "0.5"), words.size())
                        .sessionStore(store),
                words,
                "shared.txt",
                Duration.ofSeconds(60));

        // then
        assertThat(fingerprint(repo)).as("the user's tree, index and HEAD").isEqualTo(before);
        assertThat(git(repo, "symbolic-ref", "HEAD").strip()).isEqualTo("refs/heads/main");
        assertThat(git(repo, "rev-parse", "HEAD").strip()).isEqualTo(head);
        for (int i = 0; i < words.size(); i++) {
            TaskResult result = results.get(i);
            Delivery delivery = result.delivery().orElseThrow();
            assertThat(delivery.branch()).startsWith("obra/").contains("write-" + words.get(i) + "-into-shared-txt");
            assertThat(delivery.baseCommit()).isEqualTo(head);
            assertThat(delivery.worktree()).isEmpty();
            assertThat(delivery.failure()).isEmpty();
            String commit = delivery.commit().orElseThrow();
            assertThat(git(repo, "rev-parse", delivery.branch()).strip()).isEqualTo(commit);
            assertThat(git(repo, "show", commit + ":shared.txt")).isEqualTo(words.get(i) + "\n");
            assertThat(git(repo, "diff", "--name-only", head, commit).strip()).isEqualTo("shared.txt");
            assertThat(git(repo, "log", "--format=%P", "-1", commit).strip()).isEqualTo(head);
            String message = git(repo, "log", "--format=%B", "-1", commit);
            assertThat(message)
                    .startsWith("Write " + words.get(i) + " into shared.txt\n")
                    .contains("Obra task ended " + result.status())
                    .contains("Iterations: 1")
                    .contains("Obra-Task: " + result.taskId().value());
            assertThat(git(repo, "log", "--format=%an <%ae>|%cn <%ce>", "-1", commit)
                            .strip())
                    .isEqualTo("Test User <test@example.com>|Test User <test@example.com>");
            assertThat(delivery.changes().changedFiles()).containsExactly("shared.txt");
            assertThat(store.findTask(result.taskId()).orElseThrow().delivery()).contains(delivery);
        }
        assertThat(results).extracting(r -> r.delivery().orElseThrow().branch()).doesNotHaveDuplicates();
        assertCleanWithOneWorktree(repo);
    }

    @Test
    void anAgentThatChangesNothingDeliversNoCommitAndItsBranchStaysAtTheBase() throws Exception {
        Path repo = repository(temp.resolve("repo"));
        String head = git(repo, "rev-parse", "HEAD").strip();

        TaskResult result = runOne(repo, Workspace.gitWorktree().build(), "Look but do not touch\nEDIT: nothing");

        Delivery delivery = result.delivery().orElseThrow();
        assertThat(delivery.commit()).isEmpty();
        assertThat(delivery.failure()).isEmpty();
        assertThat(delivery.changes().hasChanges()).isFalse();
        assertThat(delivery.changes().probed()).isTrue();
        assertThat(git(repo, "rev-parse", delivery.branch()).strip()).isEqualTo(head);
        assertCleanWithOneWorktree(repo);
    }

    @Test
    void aCancelledTaskHasItsPartialWorkCommittedOnItsBranch() throws Exception {
        Path repo = repository(temp.resolve("repo"));
        Path root = temp.resolve("worktrees");
        String before = fingerprint(repo);

        TaskResult result;
        try (Orchestrator orchestrator = Orchestrator.builder()
                .agent(agent(repo, "FAKE_CLAUDE_SLEEP_AFTER_SECONDS", "60", "FAKE_CLAUDE_EDIT_FILE", "partial.txt"))
                .maxIterations(1)
                .workspace(Workspace.gitWorktree().root(root).build())
                .build()) {
            TaskHandle handle = orchestrator.submit(Task.of("Start something long\nEDIT: half done"));
            awaitFileUnder(root, "partial.txt");
            handle.cancel();
            result = handle.result().get(60, TimeUnit.SECONDS);
        }

        assertThat(result.status()).isEqualTo(TaskStatus.CANCELLED);
        Delivery delivery = result.delivery().orElseThrow();
        String commit = delivery.commit().orElseThrow();
        assertThat(git(repo, "show", commit + ":partial.txt")).isEqualTo("half done\n");
        assertThat(git(repo, "log", "--format=%B", "-1", commit)).contains("Obra task ended CANCELLED");
        assertThat(fingerprint(repo)).isEqualTo(before);
        assertThat(root).isEmptyDirectory();
        assertCleanWithOneWorktree(repo);
    }

    @Test
    void aKeptWorktreeStaysWithTheCommitCheckedOutAndIgnoredFilesAreNotCommitted() throws Exception {
        Path repo = repository(temp.resolve("repo"));

        TaskResult result = runOne(
                repo,
                Workspace.gitWorktree().keepWorktree(true).build(),
                "Write a log only\nEDIT: ignored",
                "FAKE_CLAUDE_EDIT_FILE",
                "build.log");

        Delivery delivery = result.delivery().orElseThrow();
        assertThat(delivery.commit()).as("only an ignored file changed").isEmpty();
        Path worktree = delivery.worktree().orElseThrow();
        assertThat(worktree.resolve("build.log")).hasContent("ignored");
        assertThat(worktree)
                .isEqualTo(repo.resolveSibling("repo.obra-worktrees")
                        .resolve(delivery.branch().substring("obra/".length())));
        git(repo, "worktree", "remove", "--force", worktree.toString());
        assertCleanWithOneWorktree(repo);
    }

    @Test
    void aCommitHookThatRefusesIsRecordedOnTheDeliveryAndTheWorktreeKept() throws Exception {
        Path repo = repository(temp.resolve("repo"));
        Path hook = repo.resolve(".git/hooks/pre-commit");
        Files.writeString(hook, "#!/bin/sh\necho 'pre-commit: no commits on Fridays' >&2\nexit 1\n");
        hook.toFile().setExecutable(true);

        TaskResult result = runOne(repo, Workspace.gitWorktree().build(), "Edit something\nEDIT: refused");

        Delivery delivery = result.delivery().orElseThrow();
        assertThat(delivery.commit()).isEmpty();
        assertThat(delivery.failure()).hasValueSatisfying(f -> assertThat(f).contains("no commits on Fridays"));
        assertThat(delivery.changes().changedFiles()).containsExactly("shared.txt");
        Path worktree = delivery.worktree().orElseThrow();
        assertThat(worktree.resolve("shared.txt")).hasContent("refused");
        git(repo, "worktree", "remove", "--force", worktree.toString());
        assertCleanWithOneWorktree(repo);
    }

    @Test
    void whenTheGitConfigNamesNobodyTheFallbackIdentityCommits() throws Exception {
        Path repo = repository(temp.resolve("repo"));
        // Empty values in the repository's config override any global identity.
        git(repo, "config", "user.name", "");
        git(repo, "config", "user.email", "");

        TaskResult result = runOne(repo, Workspace.gitWorktree().build(), "Edit\nEDIT: anonymous");

        String commit = result.delivery().orElseThrow().commit().orElseThrow();
        assertThat(git(repo, "log", "--format=%an <%ae>|%cn <%ce>", "-1", commit)
                        .strip())
                .isEqualTo("Obra <obra@localhost.invalid>|Obra <obra@localhost.invalid>");
        assertCleanWithOneWorktree(repo);
    }

    private static void awaitFileUnder(Path root, String name) {
        Polling.await(() -> fileUnder(root, name), Duration.ofSeconds(30), name + " did not appear under " + root);
    }

    private static boolean fileUnder(Path root, String name) {
        if (!Files.isDirectory(root)) {
            return false;
        }
        try (var dirs = Files.list(root)) {
            return dirs.anyMatch(d -> Files.exists(d.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
