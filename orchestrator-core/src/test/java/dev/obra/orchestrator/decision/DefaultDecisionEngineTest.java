package dev.obra.orchestrator.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.agent.AgentException;
import dev.obra.orchestrator.agent.AgentOutcome;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.AgentResult;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.quality.Confidence;
import dev.obra.orchestrator.quality.JudgeUsage;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.Validation;
import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DefaultDecisionEngineTest {
    private final DefaultDecisionEngine engine = DefaultDecisionEngine.ofDefaults();
    private static final WorkspaceChanges CHANGED = new WorkspaceChanges(
            true, false, List.of("A.java"), 1, 0, 0, "1 file changed: A.java", List.of(), List.of());
    private static final WorkspaceChanges UNCHANGED =
            new WorkspaceChanges(true, false, List.of(), 0, 0, 0, "no files changed", List.of(), List.of());

    private static AgentResult responded(AgentOutcome outcome, String... errors) {
        return new AgentResult.Responded(new AgentResponse(
                "text",
                SessionId.random(),
                outcome,
                Usage.ZERO,
                3,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                Duration.ZERO,
                List.of(errors),
                List.of()));
    }

    private static DecisionContext context(
            AgentResult result,
            int attempt,
            WorkspaceChanges changes,
            Optional<VerificationResult> verification,
            double quality,
            double confidence,
            List<Double> previous,
            boolean valid) {
        boolean evaluated = result instanceof AgentResult.Responded responded
                && responded.response().isSuccess();
        Validation validation = new Validation(valid, true, valid ? List.of() : List.of("asked questions"));
        QualityScore score = new QualityScore(
                quality,
                QualityScore.Source.LLM,
                quality,
                "summary",
                List.of("missing test"),
                Optional.empty(),
                JudgeUsage.NONE,
                QualityScore.Verdict.NONE,
                List.of());
        return new DecisionContext(
                Task.of("t"),
                1,
                5,
                attempt,
                3,
                result,
                changes,
                verification,
                evaluated ? Optional.of(validation) : Optional.empty(),
                evaluated ? Optional.of(score) : Optional.empty(),
                evaluated ? Optional.of(new Confidence(confidence, confidence, confidence)) : Optional.empty(),
                previous);
    }

    private Decision decide(AgentResult result) {
        return engine.decide(context(result, 1, CHANGED, Optional.empty(), 0.9, 0.9, List.of(), true));
    }

    @Test
    void transientFailuresRetryWhileAttemptsRemainThenAbort() {
        assertThat(decide(responded(AgentOutcome.API_ERROR, "529"))).isInstanceOf(Decision.Retry.class);
        assertThat(engine.decide(context(
                        responded(AgentOutcome.API_ERROR, "529"), 3, CHANGED, Optional.empty(), 0, 0, List.of(), true)))
                .isInstanceOf(Decision.Abort.class);
        assertThat(decide(new AgentResult.Failed(new AgentException(AgentException.Kind.PROCESS_FAILED, "exit 1"))))
                .isInstanceOf(Decision.Retry.class);
    }

    @Test
    void authenticationConfigurationAndMissingAgentAbort() {
        assertThat(decide(responded(AgentOutcome.AUTH_ERROR, "401"))).isInstanceOf(Decision.Abort.class);
        assertThat(decide(responded(AgentOutcome.REQUEST_ERROR, "400"))).isInstanceOf(Decision.Abort.class);
        assertThat(decide(new AgentResult.Failed(new AgentException(AgentException.Kind.NOT_INSTALLED, "no claude"))))
                .isEqualTo(new Decision.Abort("no claude"));
        assertThat(decide(new AgentResult.Failed(new AgentException(AgentException.Kind.CONFIGURATION, "root"))))
                .isInstanceOf(Decision.Abort.class);
    }

    @Test
    void aTurnLimitContinuesTheConversation() {
        Decision decision = decide(responded(AgentOutcome.MAX_TURNS));
        assertThat(decision).isInstanceOf(Decision.Clarify.class);
        assertThat(decision.reason()).contains("turn limit after 3 turns", "Continue");
    }

    @Test
    void anExhaustedBudgetAborts() {
        assertThat(decide(responded(AgentOutcome.BUDGET_EXCEEDED, "Reached maximum budget ($0.001)")))
                .isEqualTo(new Decision.Abort("the agent's budget ran out: Reached maximum budget ($0.001)"));
    }

    @Test
    void aFailingVerificationRetriesWithItsOutputEvenWhenTheJudgeIsHappy() {
        VerificationResult failed =
                new VerificationResult(List.of("mvn", "test"), 1, false, "FAIL: expected 2\n", Duration.ofSeconds(3));
        Decision decision = engine.decide(
                context(responded(AgentOutcome.SUCCESS), 1, CHANGED, Optional.of(failed), 0.95, 0.9, List.of(), true));
        assertThat(decision)
                .isEqualTo(
                        new Decision.Retry(
                                "The verification command `mvn test` failed with exit code 1. Its output ended with:\nFAIL: expected 2"));
    }

    @Test
    void goodQualityAndConfidenceProceed() {
        assertThat(decide(responded(AgentOutcome.SUCCESS))).isInstanceOf(Decision.Proceed.class);
    }

    @Test
    void proceedingNeedsQualityConfidenceAndValidationTogether() {
        AgentResult ok = responded(AgentOutcome.SUCCESS);
        assertThat(engine.decide(context(ok, 1, CHANGED, Optional.empty(), 0.69, 0.9, List.of(), true)))
                .isInstanceOf(Decision.Clarify.class);
        assertThat(engine.decide(context(ok, 1, CHANGED, Optional.empty(), 0.9, 0.49, List.of(), true)))
                .isInstanceOf(Decision.Clarify.class);
        assertThat(engine.decide(context(ok, 1, CHANGED, Optional.empty(), 0.9, 0.9, List.of(), false)))
                .isInstanceOf(Decision.Clarify.class);
        assertThat(engine.decide(context(ok, 1, CHANGED, Optional.empty(), 0.7, 0.5, List.of(), true)))
                .isInstanceOf(Decision.Proceed.class);
    }

    @Test
    void lowQualityTwiceInARowEscalatesButOnceDoesNot() {
        AgentResult ok = responded(AgentOutcome.SUCCESS);
        assertThat(engine.decide(context(ok, 1, CHANGED, Optional.empty(), 0.3, 0.6, List.of(), true)))
                .isInstanceOf(Decision.Clarify.class);
        assertThat(engine.decide(context(ok, 1, CHANGED, Optional.empty(), 0.3, 0.6, List.of(0.4), true)))
                .isInstanceOf(Decision.Escalate.class);
        assertThat(engine.decide(context(ok, 1, CHANGED, Optional.empty(), 0.3, 0.6, List.of(0.4, 0.8), true)))
                .as("the streak was broken")
                .isInstanceOf(Decision.Clarify.class);
    }

    @Test
    void veryLowConfidenceEscalates() {
        assertThat(engine.decide(context(
                        responded(AgentOutcome.SUCCESS), 1, CHANGED, Optional.empty(), 0.6, 0.2, List.of(), true)))
                .isInstanceOf(Decision.Escalate.class);
    }

    @Test
    void nothingChangedRetriesInsteadOfClarifying() {
        Decision decision = engine.decide(
                context(responded(AgentOutcome.SUCCESS), 1, UNCHANGED, Optional.empty(), 0.6, 0.6, List.of(), false));
        assertThat(decision).isInstanceOf(Decision.Retry.class);
        assertThat(decision.reason()).contains("Nothing changed", "asked questions", "missing test");
    }

    @Test
    void thresholdsAreConfigurable() {
        DefaultDecisionEngine strict =
                DefaultDecisionEngine.builder().qualityThreshold(0.95).build();
        assertThat(strict.decide(context(
                        responded(AgentOutcome.SUCCESS), 1, CHANGED, Optional.empty(), 0.9, 0.9, List.of(), true)))
                .isInstanceOf(Decision.Clarify.class);
        assertThat(strict.toBuilder().build().qualityThreshold()).isEqualTo(0.95);
    }

    @Test
    void aDecisionIsRebuiltFromItsNameAndReason() {
        for (Decision d : List.of(
                new Decision.Proceed("p"),
                new Decision.Retry("r\nline"),
                new Decision.Clarify(List.of("a", "b")),
                new Decision.Escalate("e"),
                new Decision.Abort("x"))) {
            assertThat(Decision.of(d.name(), d.reason())).isEqualTo(d);
        }
    }
}
