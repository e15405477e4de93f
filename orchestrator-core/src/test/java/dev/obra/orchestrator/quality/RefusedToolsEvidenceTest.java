package dev.obra.orchestrator.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.agent.PermissionDenial;
import dev.obra.orchestrator.testing.ScriptedLlm;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tool calls the agent was refused reach the judge's prompt and the heuristics as evidence. */
class RefusedToolsEvidenceTest {
    private static final WorkspaceChanges CHANGED = new WorkspaceChanges(
            true, true, List.of("Report.java"), 1, 10, 2, "1 file changed (+10 -2): Report.java", List.of(), List.of());
    private static final PermissionDenial MVN =
            new PermissionDenial("Bash", "toolu_1", "{\"command\":\"mvn -q test\"}", "Bash(mvn -q test)");

    private static QualityInput input(List<PermissionDenial> denials) {
        return new QualityInput(
                Task.of("Add a --json flag"),
                "I could not run the tests, but the flag is added.",
                new Validation(true, true, List.of()),
                CHANGED,
                Optional.empty(),
                List.of(),
                denials);
    }

    @Test
    void theJudgeIsToldWhichToolsWereRefusedAndHowOften() {
        ScriptedLlm judge = ScriptedLlm.answering(ScriptedLlm.verdict(0.8, true));

        QualityController.judgedBy(judge)
                .evaluate(input(List.of(MVN, MVN, PermissionDenial.of("WebFetch", "t3", "{}"))));

        String prompt = judge.requests().get(0).messages().get(0).content();
        assertThat(prompt).contains("## Tools the agent was refused", "Bash(mvn -q test) twice, WebFetch once");
    }

    @Test
    void aPromptWithoutRefusalsHasNoSuchSection() {
        ScriptedLlm judge = ScriptedLlm.answering(ScriptedLlm.verdict(0.8, true));

        QualityController.judgedBy(judge).evaluate(input(List.of()));

        assertThat(judge.requests().get(0).messages().get(0).content()).doesNotContain("refused");
    }

    @Test
    void theHeuristicsNameTheRefusalsAndScoreThemLower() {
        QualityScore refused = QualityController.heuristic().evaluate(input(List.of(MVN, MVN)));
        QualityScore clean = QualityController.heuristic().evaluate(input(List.of()));

        assertThat(refused.issues()).contains("the agent was refused Bash(mvn -q test) twice");
        assertThat(refused.score()).isLessThan(clean.score());
    }
}
