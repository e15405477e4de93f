package dev.obra.orchestrator.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.agent.AgentOutcome;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseValidatorTest {
    private final ResponseValidator validator = ResponseValidator.standard();
    private static final WorkspaceChanges CHANGED =
            new WorkspaceChanges(true, false, List.of("a"), 1, 0, 0, "a", List.of(), List.of());
    private static final WorkspaceChanges NONE =
            new WorkspaceChanges(true, false, List.of(), 0, 0, 0, "none", List.of(), List.of());

    private static AgentResponse response(String text) {
        return AgentResponse.success(SessionId.random(), text, Usage.ZERO, 1, BigDecimal.ZERO, Duration.ZERO);
    }

    @Test
    void aFinishedAnswerWithChangesPasses() {
        assertThat(validator.validate(response("Added the flag. Run it with --json."), CHANGED))
                .isEqualTo(new Validation(true, true, List.of()));
    }

    @Test
    void onlyAskingQuestionsWithoutChangingAnythingIsNotDone() {
        Validation v = validator.validate(response("I looked at the code.\n\nShould I use Jackson or Gson?"), NONE);
        assertThat(v.passed()).isFalse();
        assertThat(v.issues())
                .containsExactly("the agent asked questions instead of doing the work, and changed " + "nothing");
        assertThat(validator
                        .validate(response("Done. Want me to add docs too?"), CHANGED)
                        .passed())
                .isTrue();
    }

    @Test
    void anUnfinishedTurnIsIncomplete() {
        AgentResponse maxTurns = new AgentResponse(
                "",
                SessionId.random(),
                AgentOutcome.MAX_TURNS,
                Usage.ZERO,
                3,
                BigDecimal.ZERO,
                BigDecimal.ZERO,
                Duration.ZERO,
                List.of("Reached maximum number of turns (2)"),
                List.of());
        Validation v = validator.validate(maxTurns, CHANGED);
        assertThat(v.complete()).isFalse();
        assertThat(v.passed()).isFalse();
        assertThat(v.issues().get(0)).contains("max_turns", "Reached maximum number of turns (2)");
    }

    @Test
    void anEmptyAnswerThatChangedNothingAndARefusalAreIssues() {
        assertThat(validator.validate(response(""), NONE).issues())
                .contains("the agent's final message is empty and nothing changed in the working directory");
        assertThat(validator.validate(response(""), CHANGED).passed())
                .as("empty text, but work was done")
                .isTrue();
        assertThat(validator
                        .validate(response("I cannot modify files in this directory."), CHANGED)
                        .issues())
                .contains("the agent's final message reports that it could not do the work");
    }
}
