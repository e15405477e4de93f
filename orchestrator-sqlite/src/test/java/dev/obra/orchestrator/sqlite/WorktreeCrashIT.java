package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.sqlite.JooqSessionStoreContract.awaitTrue;
import static dev.obra.orchestrator.workspace.GitRepos.assertCleanWithOneWorktree;
import static dev.obra.orchestrator.workspace.GitRepos.fingerprint;
import static dev.obra.orchestrator.workspace.GitRepos.git;
import static dev.obra.orchestrator.workspace.GitRepos.repository;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.store.TaskQuery;
import dev.obra.orchestrator.store.TaskRecord;
import dev.obra.orchestrator.testing.ScriptedAgent;
import dev.obra.orchestrator.workspace.Delivery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM killed mid-task leaves its worktree; the next orchestrator on the store commits it as WIP and removes it. */
class WorktreeCrashIT {
    @TempDir
    Path dir;

    @Test
    void theWorktreeOfATaskKilledMidwayIsCommittedAsWorkInProgressAndRemoved() throws Exception {
        // given: a child JVM whose task wrote wip.txt in its worktree and then hangs
        Path file = dir.resolve("obra.db");
        Path repo = repository(dir.resolve("repo"));
        String before = fingerprint(repo);
        String head = git(repo, "rev-parse", "HEAD").strip();
        Path marker = dir.resolve("marker.txt");
        Process child = ChildJvm.start(
                WorktreeCrasher.class, dir.resolve("child.log"), file.toString(), repo.toString(), marker.toString());
        try {
            awaitTrue(() -> Files.exists(marker) || !child.isAlive());
            assertThat(child.isAlive())
                    .as(
                            "the child runs; its log: %s",
                            Files.exists(dir.resolve("child.log")) ? Files.readString(dir.resolve("child.log")) : "")
                    .isTrue();
        } finally {
            // when: it is killed with SIGKILL
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        try (JooqSessionStore store = CrashStores.open(file)) {
            TaskRecord abandoned = store.listTasks(TaskQuery.all()).get(0).task();
            Path worktree = abandoned.delivery().orElseThrow().worktree().orElseThrow();
            assertThat(worktree.resolve("wip.txt")).hasContent("half done");
            awaitTrue(() -> store.findTask(abandoned.id()).orElseThrow().status() == TaskStatus.FAILED);
            assertThat(store.pendingDeliveries()).extracting(TaskRecord::id).containsExactly(abandoned.id());

            // then: the next orchestrator opened on the store salvages it
            Orchestrator.builder()
                    .agent(ScriptedAgent.repeating(ScriptedAgent.succeed("unused")))
                    .sessionStore(store)
                    .build()
                    .close();

            Delivery delivery =
                    store.findTask(abandoned.id()).orElseThrow().delivery().orElseThrow();
            assertThat(delivery.isPending()).isFalse();
            assertThat(delivery.worktree()).isEmpty();
            assertThat(worktree).doesNotExist();
            String commit = delivery.commit().orElseThrow();
            assertThat(git(repo, "rev-parse", delivery.branch()).strip()).isEqualTo(commit);
            assertThat(git(repo, "show", commit + ":wip.txt")).isEqualTo("half done\n");
            assertThat(git(repo, "log", "--format=%P", "-1", commit).strip()).isEqualTo(head);
            assertThat(git(repo, "log", "--format=%B", "-1", commit))
                    .startsWith("WIP: Crash half-way through")
                    .contains("Obra-Task: " + abandoned.id().value());
            assertThat(delivery.changes().changedFiles()).containsExactly("wip.txt");
            assertThat(store.pendingDeliveries()).isEmpty();
        }
        assertThat(fingerprint(repo)).isEqualTo(before);
        assertCleanWithOneWorktree(repo);
    }
}
