package dev.obra.orchestrator;

import static dev.obra.orchestrator.testing.ScriptedAgent.blockUntilInterrupted;
import static dev.obra.orchestrator.testing.ScriptedAgent.succeed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.testing.ScriptedAgent;
import dev.obra.orchestrator.testing.WorktreeTasks;
import dev.obra.orchestrator.workspace.GitRepos;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task waiting in the orchestrator's queue holds no worktree: it gets one when it starts. */
class QueuedWorktreeIT {

    @Test
    void aQueuedTaskGetsItsWorktreeOnlyWhenItStarts(@TempDir Path temp) throws Exception {
        // given: one task at a time, the first one's agent blocks until it is cancelled
        Path repo = GitRepos.repository(temp.resolve("repo"));
        CountDownLatch firstStarted = new CountDownLatch(1);
        ScriptedAgent agent = ScriptedAgent.of(
                blockUntilInterrupted(firstStarted), succeed("Wrote done.txt.", Map.of("done.txt", "done\n")));
        try (Orchestrator orchestrator = WorktreeTasks.orchestrator(agent, 1).build()) {
            TaskHandle first = orchestrator.submit(Task.of("first").withWorkingDirectory(repo));
            assertThat(firstStarted.await(60, TimeUnit.SECONDS)).isTrue();

            // when: a second task is queued behind it
            TaskHandle second = orchestrator.submit(Task.of("second").withWorkingDirectory(repo));

            // then: only the user's and the running task's worktrees exist
            assertThat(GitRepos.worktrees(repo)).hasSize(2);
            first.cancel();
            assertThat(first.result().get(60, TimeUnit.SECONDS).status()).isEqualTo(TaskStatus.CANCELLED);
            TaskResult done = second.result().get(60, TimeUnit.SECONDS);
            assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(done.delivery())
                    .hasValueSatisfying(d -> assertThat(d.commit()).isPresent());
        }
        GitRepos.assertCleanWithOneWorktree(repo);
    }
}
