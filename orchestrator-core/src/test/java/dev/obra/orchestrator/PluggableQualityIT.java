package dev.obra.orchestrator;

import static dev.obra.orchestrator.testing.ScriptedAgent.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obra.orchestrator.decision.DecisionContext;
import dev.obra.orchestrator.decision.DecisionEngine;
import dev.obra.orchestrator.decision.DefaultDecisionEngine;
import dev.obra.orchestrator.quality.JudgeUsage;
import dev.obra.orchestrator.quality.QualityController;
import dev.obra.orchestrator.quality.QualityInput;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.ResponseValidator;
import dev.obra.orchestrator.quality.Validation;
import dev.obra.orchestrator.store.InMemorySessionStore;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.testing.ScriptedAgent;
import dev.obra.orchestrator.testing.ScriptedLlm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's own quality controller and response validator, plugged in through the builder, drive the loop. */
class PluggableQualityIT {
    @TempDir
    Path workdir;

    private final InMemorySessionStore store = new InMemorySessionStore();
    private final List<DecisionContext> decided = new CopyOnWriteArrayList<>();
    private final DecisionEngine defaults = DefaultDecisionEngine.builder().build();
    private final DecisionEngine recording = context -> {
        decided.add(context);
        return defaults.decide(context);
    };

    @BeforeEach
    void project() throws IOException {
        Files.writeString(workdir.resolve("expected.txt"), "42\n");
    }

    private Task task() {
        return Task.of("Write the answer to answer.txt")
                .withWorkingDirectory(workdir)
                .withVerification(List.of("diff", "expected.txt", "answer.txt"));
    }

    /** Runs {@link #task()} with {@code agent}, the store and the recording engine, and what {@code plugIn} sets. */
    private TaskResult run(ScriptedAgent agent, UnaryOperator<Orchestrator.Builder> plugIn) {
        return plugIn.apply(
                        Orchestrator.builder().agent(agent).sessionStore(store).decisionEngine(recording))
                .build()
                .run(task());
    }

    @Test
    void aCustomQualityScoreReachesTheDecisionAndTheStore() {
        // given work that passes its verification, which heuristics alone would accept at once
        List<QualityInput> judged = new CopyOnWriteArrayList<>();
        QualityController stingy = input -> {
            judged.add(input);
            return new QualityScore(
                    0.2,
                    QualityScore.Source.COMBINED,
                    0.2,
                    "custom: not idiomatic",
                    List.of("uses a magic number"),
                    Optional.empty(),
                    JudgeUsage.NONE,
                    QualityScore.Verdict.NONE,
                    List.of());
        };
        ScriptedAgent agent = ScriptedAgent.repeating(succeed("Wrote 42", Map.of("answer.txt", "42\n")));

        // when
        TaskResult result = run(agent, builder -> builder.qualityController(stingy));

        // then the low score escalates after two iterations, as the default rules say for any low score
        assertThat(result.status()).isEqualTo(TaskStatus.ESCALATED);
        assertThat(judged).hasSize(2);
        assertThat(judged.get(0).responseText()).isEqualTo("Wrote 42");
        assertThat(judged.get(0).verification().orElseThrow().passed()).isTrue();
        assertThat(decided)
                .extracting(c -> c.quality().orElseThrow().summary())
                .containsExactly("custom: not idiomatic", "custom: not idiomatic");
        List<IterationRecord> stored = store.iterations(result.taskId());
        assertThat(stored).hasSize(2);
        assertThat(stored.get(0).quality().orElseThrow().score()).isEqualTo(0.2);
        assertThat(stored.get(0).quality().orElseThrow().issues()).containsExactly("uses a magic number");
    }

    @Test
    void aCustomValidatorsFindingsReachTheControllerTheDecisionAndTheStore() {
        // given a validator that adds a house rule to the standard findings
        ResponseValidator houseRules = (response, changes) -> {
            Validation standard = ResponseValidator.standard().validate(response, changes);
            List<String> issues = new ArrayList<>(standard.issues());
            if (!response.text().contains("CHANGELOG")) {
                issues.add("no CHANGELOG entry mentioned");
            }
            return new Validation(standard.passed() && issues.isEmpty(), standard.complete(), issues);
        };
        List<QualityInput> judged = new CopyOnWriteArrayList<>();
        QualityController heuristic = QualityController.heuristic();
        QualityController watching = input -> {
            judged.add(input);
            return heuristic.evaluate(input);
        };
        ScriptedAgent agent = ScriptedAgent.of(
                succeed("Wrote 42", Map.of("answer.txt", "42\n")),
                succeed("Wrote 42 and the CHANGELOG entry", Map.of("answer.txt", "42\n")));

        // when
        TaskResult result =
                run(agent, builder -> builder.responseValidator(houseRules).qualityController(watching));

        // then the first answer fails validation and the second passes
        assertThat(result.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(judged).extracting(i -> i.validation().passed()).containsExactly(false, true);
        assertThat(decided.get(0).validation().orElseThrow().issues()).containsExactly("no CHANGELOG entry mentioned");
        List<IterationRecord> stored = store.iterations(result.taskId());
        assertThat(stored)
                .extracting(i -> i.validation().orElseThrow().passed())
                .containsExactly(false, true);
        assertThat(stored.get(0).validation().orElseThrow().issues()).containsExactly("no CHANGELOG entry mentioned");
    }

    @Test
    void anLlmAndACustomControllerTogetherAreRefused() {
        Orchestrator.Builder both = Orchestrator.builder()
                .agent(ScriptedAgent.of())
                .llm(ScriptedLlm.answering(ScriptedLlm.verdict(0.9, true)))
                .qualityController(QualityController.heuristic());

        assertThatThrownBy(both::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("qualityController")
                .hasMessageContaining("llm");
    }
}
