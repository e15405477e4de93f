package dev.obra.orchestrator;

import static dev.obra.orchestrator.testing.ScriptedAgent.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.store.InMemorySessionStore;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStatus;
import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.StoreException;
import dev.obra.orchestrator.store.TaskRecord;
import dev.obra.orchestrator.testing.ScriptedAgent;
import dev.obra.orchestrator.workspace.GitRepos;
import dev.obra.orchestrator.workspace.Workspace;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
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
        SessionStore store = failing(
                "recordIteration",
                IterationRecord.class,
                iteration ->
                        Optional.of("cannot record iteration " + iteration.iteration() + ": the database refused it"));
        Orchestrator orchestrator = doneWith(store).build();
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
        SessionStore store = failing(
                "finishTask",
                TaskRecord.class,
                finished -> finished.output().isEmpty()
                        ? Optional.empty()
                        : Optional.of("cannot finish task " + finished.id() + " as " + finished.status()
                                + ": the database refused its output"));
        Orchestrator orchestrator = doneWith(store)
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
        SessionStore store = failing(
                "closeSession",
                SessionRecord.class,
                closed -> Optional.of("cannot close session " + closed.sessionId() + ": the connection broke"));
        Orchestrator orchestrator = doneWith(store).build();
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
        Orchestrator orchestrator = doneWith(failing(
                        "createTask",
                        TaskRecord.class,
                        created -> Optional.of("cannot create task " + created.id() + ": the database refused it")))
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

    /** Returns a builder for an orchestrator on {@code store} whose agent answers "Done.". */
    private static Orchestrator.Builder doneWith(SessionStore store) {
        return Orchestrator.builder().agent(ScriptedAgent.of(succeed("Done."))).sessionStore(store);
    }

    /**
     * Returns {@link #memory} behind a store whose {@code write} fails as a database would fail it, with the message
     * {@code refusal} gives for the written record, or goes through when it gives none. Every other call reaches the
     * in-memory store unchanged.
     */
    private <T> SessionStore failing(String write, Class<T> record, Function<T, Optional<String>> refusal) {
        try {
            SessionStore.class.getMethod(write, record);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("SessionStore has no method " + write + "(" + record.getName() + ")", e);
        }
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals(write) && Arrays.equals(method.getParameterTypes(), new Class<?>[] {record})) {
                Optional<String> refused = refusal.apply(record.cast(args[0]));
                if (refused.isPresent()) {
                    throw new StoreException(refused.get());
                }
            }
            try {
                return method.invoke(memory, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (SessionStore) Proxy.newProxyInstance(
                SessionStore.class.getClassLoader(), new Class<?>[] {SessionStore.class}, handler);
    }
}
