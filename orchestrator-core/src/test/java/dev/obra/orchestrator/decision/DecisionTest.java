package dev.obra.orchestrator.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTest {

    @Test
    void clarifyKeepsOneLinePerIssueAndDropsBlankOnes() {
        Decision.Clarify clarify = new Decision.Clarify(List.of("", "Which port?", "  ", "Keep the\nold flag?"));

        assertThat(clarify.issues()).containsExactly("Which port?", "Keep the old flag?");
        assertThat(clarify.reason()).isEqualTo("Which port?\nKeep the old flag?");
    }

    @Test
    void everyDecisionReadsBackFromItsNameAndReason() {
        List<Decision> decisions = List.of(
                new Decision.Proceed("done"),
                new Decision.Retry("tests fail"),
                new Decision.Clarify(List.of()),
                new Decision.Clarify(List.of("")),
                new Decision.Clarify(List.of("a", "", "b")),
                new Decision.Escalate("stuck"),
                new Decision.Abort("budget"));

        for (Decision d : decisions) {
            assertThat(Decision.of(d.name(), d.reason())).isEqualTo(d);
        }
    }

    @Test
    void anUnknownNameIsRefusedByName() {
        assertThatThrownBy(() -> Decision.of("MAYBE", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAYBE");
    }
}
