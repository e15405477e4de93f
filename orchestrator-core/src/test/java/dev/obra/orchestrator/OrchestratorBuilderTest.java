package dev.obra.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obra.orchestrator.decision.DefaultDecisionEngine;
import dev.obra.orchestrator.store.InMemorySessionStore;
import dev.obra.orchestrator.store.TaskQuery;
import dev.obra.orchestrator.testing.ScriptedAgent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a clear exception that names the problem, before anything is stored. */
class OrchestratorBuilderTest {
    private final ScriptedAgent agent = ScriptedAgent.of(ScriptedAgent.succeed("never called"));
    private final InMemorySessionStore store = new InMemorySessionStore();

    @TempDir
    Path workdir;

    @Test
    void aBlankTaskDescriptionIsRefused() {
        assertThatThrownBy(() -> Task.of("  \n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("task description must not be blank");
    }

    @Test
    void anAgentIsRequired() {
        assertThatThrownBy(() -> Orchestrator.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("an agent is required");
    }

    @Test
    void thresholdsMustBeBetweenZeroAndOne() {
        assertThatThrownBy(() -> Orchestrator.builder().qualityThreshold(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("qualityThreshold must be in 0..1, was 1.5");
        assertThatThrownBy(() -> Orchestrator.builder().confidenceThreshold(-0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("confidenceThreshold");
        assertThatThrownBy(() -> Orchestrator.builder().escalationThreshold(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("escalationThreshold");
    }

    @Test
    void thresholdsMustBeInOrder() {
        assertThatThrownBy(() -> Orchestrator.builder()
                        .agent(agent)
                        .qualityThreshold(0.4)
                        .escalationThreshold(0.6)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("escalationThreshold (0.6) must not be above qualityThreshold (0.4)");
    }

    @Test
    void thresholdsAndACustomEngineDoNotMix() {
        assertThatThrownBy(() -> Orchestrator.builder()
                        .agent(agent)
                        .qualityThreshold(0.8)
                        .decisionEngine(DefaultDecisionEngine.ofDefaults())
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("thresholds configure the default");
    }

    @Test
    void iterationsAndConcurrencyMustBePositive() {
        assertThatThrownBy(() -> Orchestrator.builder().maxIterations(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxIterations must be >= 1, was 0");
        assertThatThrownBy(() -> Orchestrator.builder().maxConcurrentTasks(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConcurrentTasks must be >= 1, was 0");
        assertThatThrownBy(() -> Task.of("x").withMaxIterations(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxIterations must be >= 1, was 0");
    }

    @Test
    void continuationsMayBeZeroButNotNegativeAndATurnBudgetMustBePositive() {
        assertThatThrownBy(() -> Orchestrator.builder().maxContinuationsPerIteration(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxContinuationsPerIteration must be >= 0, was -1");
        assertThat(Orchestrator.builder()
                        .agent(agent)
                        .maxContinuationsPerIteration(0)
                        .build()
                        .maxContinuationsPerIteration)
                .isZero();
        assertThatThrownBy(() -> Budget.UNLIMITED.withMaxTurns(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTurns must be > 0, was 0");
        assertThat(Budget.UNLIMITED.withMaxTurns(7).withMaxTokens(5).maxTurns()).hasValue(7);
    }

    @Test
    void aMissingWorkingDirectoryIsRefusedBeforeAnythingIsStored() {
        Orchestrator orchestrator =
                Orchestrator.builder().agent(agent).sessionStore(store).build();
        Path missing = workdir.resolve("does-not-exist");

        assertThatThrownBy(() -> orchestrator.run(Task.of("x").withWorkingDirectory(missing)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> orchestrator.submit(Task.of("x").withWorkingDirectory(missing)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.listTasks(TaskQuery.all())).isEmpty();
        assertThat(agent.requests()).isEmpty();
    }

    @Test
    void aMissingVerificationProgramIsRefusedBeforeAnythingIsStored() {
        Orchestrator orchestrator =
                Orchestrator.builder().agent(agent).sessionStore(store).build();

        assertThatThrownBy(() -> orchestrator.run(Task.of("x")
                        .withWorkingDirectory(workdir)
                        .withVerification(List.of("no-such-verifier-program", "--check"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("verification program 'no-such-verifier-program' was not found on PATH");
        assertThat(store.listTasks(TaskQuery.all())).isEmpty();
    }

    @Test
    void anEmptyVerificationCommandIsRefused() {
        assertThatThrownBy(() -> Task.of("x").withVerification(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("verification command");
    }

    @Test
    void aClosedOrchestratorRefusesWork() {
        Orchestrator orchestrator =
                Orchestrator.builder().agent(agent).sessionStore(store).build();
        orchestrator.close();

        assertThatThrownBy(() -> orchestrator.run(Task.of("x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the orchestrator is closed");
    }

    @Test
    void theSameTaskCannotRunTwice() {
        ScriptedAgent twice = ScriptedAgent.repeating(ScriptedAgent.succeed("done"));
        Orchestrator orchestrator =
                Orchestrator.builder().agent(twice).sessionStore(store).build();
        Task task = Task.of("once");
        orchestrator.run(task);

        assertThatThrownBy(() -> orchestrator.run(task))
                .isInstanceOf(dev.obra.orchestrator.store.StoreException.class)
                .hasMessageContaining("already exists");
        assertThat(twice.requests()).hasSize(1);
    }
}
