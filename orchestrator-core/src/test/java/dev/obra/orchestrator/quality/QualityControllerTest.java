package dev.obra.orchestrator.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.llm.LlmException;
import dev.obra.orchestrator.llm.LlmMessage;
import dev.obra.orchestrator.llm.ResponseFormat;
import dev.obra.orchestrator.testing.FailingLlm;
import dev.obra.orchestrator.testing.ScriptedLlm;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QualityControllerTest {
    private static final WorkspaceChanges CHANGED = new WorkspaceChanges(
            true, true, List.of("Report.java"), 1, 10, 2, "1 file changed (+10 -2): Report.java", List.of(), List.of());
    private static final Validation VALID = new Validation(true, true, List.of());
    private static final VerificationResult PASSED =
            new VerificationResult(List.of("mvn", "test"), 0, false, "BUILD SUCCESS", Duration.ofSeconds(4));
    private static final VerificationResult FAILED = new VerificationResult(
            List.of("mvn", "test"), 1, false, "Tests run: 3, Failures: 1", Duration.ofSeconds(4));

    private static QualityInput input(WorkspaceChanges changes, Optional<VerificationResult> verification) {
        return new QualityInput(
                Task.of("Add a --json flag").withAcceptanceCriteria(List.of("valid JSON")),
                "Added the flag and a test.",
                VALID,
                changes,
                verification,
                List.of(),
                List.of());
    }

    @Test
    void heuristicsRewardChangesAndAPassingVerification() {
        QualityController heuristic = QualityController.heuristic();
        assertThat(heuristic.evaluate(input(CHANGED, Optional.of(PASSED))).score())
                .isEqualTo(1.0);
        assertThat(heuristic.evaluate(input(CHANGED, Optional.empty())).score()).isEqualTo(0.85);
        QualityScore failed = heuristic.evaluate(input(CHANGED, Optional.of(FAILED)));
        assertThat(failed.score()).isEqualTo(0.6);
        assertThat(failed.issues()).contains("the verification command failed with exit code 1");
        QualityScore unchanged = heuristic.evaluate(input(
                new WorkspaceChanges(true, false, List.of(), 0, 0, 0, "no files changed", List.of(), List.of()),
                Optional.empty()));
        assertThat(unchanged.score()).isEqualTo(0.55);
        assertThat(unchanged.issues()).contains("nothing changed in the working directory");
        assertThat(unchanged.source()).isEqualTo(QualityScore.Source.HEURISTIC);
        assertThat(unchanged.fallbackReason()).contains("no LLM judge is configured");
    }

    @Test
    void theJudgeIsAskedForAVerdictAgainstASchemaWithTheArtefacts() {
        ScriptedLlm judge = ScriptedLlm.answering(ScriptedLlm.verdict(0.8, true));
        QualityScore score = QualityController.judgedBy(judge).evaluate(input(CHANGED, Optional.of(PASSED)));

        assertThat(score.source()).isEqualTo(QualityScore.Source.LLM);
        assertThat(score.score()).isEqualTo(0.8);
        assertThat(score.heuristicScore()).isEqualTo(1.0);
        assertThat(score.summary()).isEqualTo("PASS: scripted verdict");
        assertThat(score.judge()).isEqualTo(new JudgeUsage(1, Duration.ofMillis(7), 300, 40));
        String prompt = judge.requests().get(0).messages().get(0).content();
        assertThat(prompt)
                .contains(
                        "Add a --json flag",
                        "valid JSON",
                        "Added the flag and a test.",
                        "Report.java",
                        "`mvn test` exited with code 0",
                        "BUILD SUCCESS");
        assertThat(judge.requests().get(0).responseFormat()).isInstanceOf(ResponseFormat.JsonSchema.class);
    }

    @Test
    void anUnusableAnswerIsRepairedOnceWithTheReason() {
        ScriptedLlm judge = ScriptedLlm.answering(
                "<think>hmm</think>Sure! {\"score\": 1e5762596119, \"pass\": true}",
                "```json\n" + ScriptedLlm.verdict(0.75, true, "docs missing") + "\n```");
        QualityScore score = QualityController.judgedBy(judge).evaluate(input(CHANGED, Optional.empty()));

        assertThat(score.source()).isEqualTo(QualityScore.Source.LLM);
        assertThat(score.score()).isEqualTo(0.75);
        assertThat(score.issues()).containsExactly("docs missing");
        assertThat(score.judge().calls()).isEqualTo(2);
        List<LlmMessage> repair = judge.requests().get(1).messages();
        assertThat(repair).hasSize(3);
        assertThat(repair.get(1).role()).isEqualTo(LlmMessage.Role.ASSISTANT);
        assertThat(repair.get(2).content()).contains("could not be used", "between 0 and 1; you answered 1e5762596119");
    }

    @Test
    void garbageTwiceFallsBackToHeuristicsWithTheReason() {
        ScriptedLlm judge = ScriptedLlm.answering("I think it is fine.", "{\"score\": 0.9, \"pass\": ");
        QualityScore score = QualityController.judgedBy(judge).evaluate(input(CHANGED, Optional.empty()));

        assertThat(score.source()).isEqualTo(QualityScore.Source.HEURISTIC);
        assertThat(score.score()).isEqualTo(0.85);
        assertThat(score.fallbackReason()).hasValueSatisfying(r -> assertThat(r).contains("truncated"));
        assertThat(score.judge().calls()).isEqualTo(2);
    }

    @Test
    void aDownServerIsNotRetriedByTheJudgeAndFallsBack() {
        FailingLlm down = new FailingLlm();
        QualityScore score = QualityController.judgedBy(down).evaluate(input(CHANGED, Optional.empty()));
        assertThat(down.calls()).isEqualTo(1);
        assertThat(score.source()).isEqualTo(QualityScore.Source.HEURISTIC);
        assertThat(score.fallbackReason()).hasValueSatisfying(r -> assertThat(r).contains("unreachable"));
    }

    @Test
    void aTruncatedAnswerIsRepairedOnce() {
        ScriptedLlm judge = ScriptedLlm.answering(
                new LlmException(LlmException.Kind.TRUNCATED, "answer cut off at 1024 tokens"),
                ScriptedLlm.verdict(0.9, true));
        QualityScore score = QualityController.judgedBy(judge).evaluate(input(CHANGED, Optional.empty()));
        assertThat(score.source()).isEqualTo(QualityScore.Source.LLM);
        assertThat(score.judge().calls()).isEqualTo(2);
    }

    @Test
    void aJudgeThatPassesWorkWhoseVerificationFailedIsCorrected() {
        ScriptedLlm judge = ScriptedLlm.answering(ScriptedLlm.verdict(0.95, true));
        QualityScore score = QualityController.judgedBy(judge).evaluate(input(CHANGED, Optional.of(FAILED)));
        assertThat(score.source()).isEqualTo(QualityScore.Source.COMBINED);
        assertThat(score.score()).isEqualTo(0.6);
        assertThat(score.issues()).contains("the judge scored 0.95 but the verification command failed");
    }

    @Test
    void confidenceCombinesAgreementAndEvidence() {
        QualityScore llm = new QualityScore(
                0.9,
                QualityScore.Source.LLM,
                1.0,
                "s",
                List.of(),
                Optional.empty(),
                JudgeUsage.NONE,
                QualityScore.Verdict.NONE,
                List.of());
        Confidence strong = Confidence.of(llm, VALID, CHANGED, Optional.of(PASSED));
        assertThat(strong.agreement()).isEqualTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(strong.evidence()).isEqualTo(1.0);
        assertThat(strong.value()).isEqualTo(0.95, org.assertj.core.data.Offset.offset(1e-9));
        Confidence weak = Confidence.of(
                QualityController.heuristic().evaluate(input(CHANGED, Optional.of(FAILED))),
                VALID,
                new WorkspaceChanges(true, false, List.of(), 0, 0, 0, "none", List.of(), List.of()),
                Optional.of(FAILED));
        assertThat(weak.agreement()).isEqualTo(0.5);
        assertThat(weak.evidence()).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
    }
}
