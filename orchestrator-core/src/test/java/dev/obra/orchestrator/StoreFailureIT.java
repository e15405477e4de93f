package dev.obra.orchestrator;

import static dev.obra.orchestrator.testing.ScriptedAgent.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.store.BreakpointRecord;
import dev.obra.orchestrator.store.InMemorySessionStore;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStatus;
import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.StoreException;
import dev.obra.orchestrator.store.TaskQuery;
import dev.obra.orchestrator.store.TaskRecord;
import dev.obra.orchestrator.store.TaskSummary;
import dev.obra.orchestrator.testing.ScriptedAgent;
import dev.obra.orchestrator.workspace.GitRepos;
import dev.obra.orchestrator.workspace.Workspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store write that fails during a task: the exception reaches the caller, and the task ends FAILED in the store
 * with a reason that names the store failure wherever the store still answers, never left RUNNING.
 */
class StoreFailureIT {
    private final InMemorySessionStore memory = new InMemorySessionStore();

    @Test
    void aFailedIterationWriteEndsTheTaskFailedWithTheStoreFailureAsItsReason() {
        FaultyStore store = new FaultyStore(memory).failingIterations();
        Orchestrator orchestrator = Orchestrator.builder()
                .agent(ScriptedAgent.of(succeed("Done.")))
                .sessionStore(store)
                .build();
        Task task = Task.of("record me");

        assertThatThrownBy(() -> orchestrator.run(task))
                .isInstanceOf(StoreException.class)
                .hasMessage("cannot record iteration 1: the database refused it");

        TaskRecord recorded = memory.findTask(task.id()).orElseThrow();
        assertThat(recorded.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(recorded.statusReason())
                .isEqualTo("the store failed: cannot record iteration 1: the database refused it");
        assertThat(recorded.output()).isEqualTo("Done.");
        assertThat(memory.sessions(task.id()))
                .extracting(SessionRecord::status)
                .containsExactly(SessionStatus.COMPLETED);
    }

    @Test
    void aFinishWriteThatTheOutputBreaksIsRetriedWithoutTheOutput() {
        // The store refuses any task end that carries the agent's answer, as PostgreSQL refused a NUL in it.
        FaultyStore store = new FaultyStore(memory)
                .refusingFinishes(finished -> !finished.output().isEmpty());
        Orchestrator orchestrator = Orchestrator.builder()
                .agent(ScriptedAgent.of(succeed("Done.")))
                .sessionStore(store)
                .decisionEngine(context -> new Decision.Proceed("accepted"))
                .build();
        Task task = Task.of("finish me");

        assertThatThrownBy(() -> orchestrator.run(task))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot finish task")
                .satisfies(e -> assertThat(e.getSuppressed())
                        .as("the FAILED write with the output, which failed too")
                        .hasSize(1));

        TaskRecord recorded = memory.findTask(task.id()).orElseThrow();
        assertThat(recorded.status())
                .as("not COMPLETED, which the store refused, nor RUNNING")
                .isEqualTo(TaskStatus.FAILED);
        assertThat(recorded.statusReason())
                .startsWith("the store failed: cannot finish task")
                .endsWith("(recorded without the task's output, since recording it failed)");
        assertThat(recorded.output()).isEmpty();
        assertThat(memory.iterations(task.id())).hasSize(1);
    }

    @Test
    void aFailedSessionCloseEndsTheTaskFailed() {
        FaultyStore store = new FaultyStore(memory).failingCloses();
        Orchestrator orchestrator = Orchestrator.builder()
                .agent(ScriptedAgent.of(succeed("Done.")))
                .sessionStore(store)
                .build();
        Task task = Task.of("close me");

        assertThatThrownBy(() -> orchestrator.run(task))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot close session");

        TaskRecord recorded = memory.findTask(task.id()).orElseThrow();
        assertThat(recorded.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(recorded.statusReason()).startsWith("the store failed: cannot close session");
        assertThat(memory.iterations(task.id())).isEmpty();
    }

    @Test
    void aTaskTheStoreCannotCreateLeavesNoWorktreeBehind(@TempDir Path temp) throws Exception {
        Path repo = GitRepos.repository(temp.resolve("repo"));
        String fingerprint = GitRepos.fingerprint(repo);
        Orchestrator orchestrator = Orchestrator.builder()
                .agent(ScriptedAgent.of(succeed("Done.")))
                .sessionStore(new FaultyStore(memory).failingCreates())
                .workspace(Workspace.gitWorktree().build())
                .build();
        Task task = Task.of("never recorded").withWorkingDirectory(repo);

        assertThatThrownBy(() -> orchestrator.run(task))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot create task");

        assertThat(memory.findTask(task.id())).isEmpty();
        GitRepos.assertCleanWithOneWorktree(repo);
        assertThat(GitRepos.fingerprint(repo)).isEqualTo(fingerprint);
    }

    /** The in-memory store, with chosen writes failing as a database would fail them. */
    private static final class FaultyStore implements SessionStore {
        private final SessionStore delegate;
        private boolean iterations;
        private boolean closes;
        private boolean creates;
        private Predicate<TaskRecord> refusedFinish = finished -> false;

        FaultyStore(SessionStore delegate) {
            this.delegate = delegate;
        }

        FaultyStore failingIterations() {
            iterations = true;
            return this;
        }

        FaultyStore failingCreates() {
            creates = true;
            return this;
        }

        FaultyStore failingCloses() {
            closes = true;
            return this;
        }

        FaultyStore refusingFinishes(Predicate<TaskRecord> refused) {
            refusedFinish = refused;
            return this;
        }

        @Override
        public void createTask(TaskRecord task) {
            if (creates) {
                throw new StoreException("cannot create task " + task.id() + ": the database refused it");
            }
            delegate.createTask(task);
        }

        @Override
        public void recordDelivery(TaskId id, dev.obra.orchestrator.workspace.Delivery delivery) {
            delegate.recordDelivery(id, delivery);
        }

        @Override
        public List<TaskRecord> pendingDeliveries() {
            return delegate.pendingDeliveries();
        }

        @Override
        public void finishTask(TaskRecord finished) {
            if (refusedFinish.test(finished)) {
                throw new StoreException("cannot finish task " + finished.id() + " as " + finished.status()
                        + ": the database refused its output");
            }
            delegate.finishTask(finished);
        }

        @Override
        public void openSession(SessionRecord session) {
            delegate.openSession(session);
        }

        @Override
        public void closeSession(SessionRecord closed) {
            if (closes) {
                throw new StoreException("cannot close session " + closed.sessionId() + ": the connection broke");
            }
            delegate.closeSession(closed);
        }

        @Override
        public void recordIteration(IterationRecord iteration) {
            if (iterations) {
                throw new StoreException(
                        "cannot record iteration " + iteration.iteration() + ": the database refused it");
            }
            delegate.recordIteration(iteration);
        }

        @Override
        public void recordBreakpoint(BreakpointRecord breakpoint) {
            delegate.recordBreakpoint(breakpoint);
        }

        @Override
        public Optional<TaskRecord> findTask(TaskId id) {
            return delegate.findTask(id);
        }

        @Override
        public List<TaskSummary> listTasks(TaskQuery query) {
            return delegate.listTasks(query);
        }

        @Override
        public List<SessionRecord> sessions(TaskId id) {
            return delegate.sessions(id);
        }

        @Override
        public List<IterationRecord> iterations(TaskId id) {
            return delegate.iterations(id);
        }

        @Override
        public List<BreakpointRecord> breakpoints(TaskId id) {
            return delegate.breakpoints(id);
        }

        @Override
        public TaskMetrics taskMetrics(TaskId id) {
            return delegate.taskMetrics(id);
        }

        @Override
        public int recoverAbandonedSessions() {
            return delegate.recoverAbandonedSessions();
        }
    }
}
