package dev.obra.orchestrator.internal.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obra.orchestrator.internal.judge.JudgeVerdictParser.UnusableAnswerException;
import org.junit.jupiter.api.Test;

class JudgeVerdictParserTest {
    private static final String VERDICT = "{\"score\": 0.8, \"pass\": true, \"issues\": [\"no test for {}\"], "
            + "\"summary\": \"adds the endpoint\"}";

    private final JudgeVerdictParser parser = new JudgeVerdictParser();

    @Test
    void readsAPlainVerdict() throws Exception {
        JudgeVerdict verdict = parser.parse(VERDICT);

        assertThat(verdict.score()).hasValue(0.8);
        assertThat(verdict.pass()).isTrue();
        assertThat(verdict.issues()).containsExactly("no test for {}");
        assertThat(verdict.summary()).isEqualTo("adds the endpoint");
    }

    @Test
    void stripsThinkBlocksEvenWhenTheyContainJson() throws Exception {
        String answer = "<think>\nMaybe {\"score\": 0.1, \"pass\": false}? No.\n</think>\n" + VERDICT;

        assertThat(parser.parse(answer).score()).hasValue(0.8);
        assertThat(parser.parse("<THINKING>hmm</THINKING>" + VERDICT).pass()).isTrue();
    }

    @Test
    void anUnclosedThinkBlockIsUnusable() {
        assertThatThrownBy(() -> parser.parse("<think>Let me weigh the diff. The score should be"))
                .isInstanceOf(UnusableAnswerException.class)
                .hasMessageContaining("unclosed <think>");
    }

    @Test
    void takesTheJsonOutOfACodeFence() throws Exception {
        assertThat(parser.parse("Here is my verdict:\n```json\n" + VERDICT + "\n```\nHope this helps.")
                        .score())
                .hasValue(0.8);
    }

    @Test
    void looksPastACodeFenceThatHoldsNoVerdict() throws Exception {
        String answer = "The agent wrote:\n```java\nclass A { void run() { } }\n```\nVerdict: " + VERDICT;

        assertThat(parser.parse(answer).summary()).isEqualTo("adds the endpoint");
    }

    @Test
    void looksPastBracesInProseBeforeTheVerdict() throws Exception {
        assertThat(parser.parse("The config {port: 80} is fine. {\"note\": 1} " + VERDICT)
                        .score())
                .hasValue(0.8);
    }

    @Test
    void aScoreThatOverflowsIsUnknownInsteadOfReadAsInfinityOrOne() throws Exception {
        JudgeVerdict verdict = parser.parse(VERDICT.replace("0.8", "1e5762596119"));

        assertThat(verdict.score()).isEmpty();
        assertThat(verdict.scoreProblem()).hasValueSatisfying(p -> assertThat(p).contains("1e5762596119"));
        assertThat(verdict.pass()).isTrue();
    }

    @Test
    void aScoreOutsideZeroToOneIsUnknownButThePassAndIssuesStand() throws Exception {
        JudgeVerdict verdict = parser.parse(VERDICT.replace("0.8", "85").replace("true", "false"));

        assertThat(verdict.score()).isEmpty();
        assertThat(verdict.scoreProblem()).hasValue("score must be between 0 and 1; you answered 85");
        assertThat(verdict.pass()).isFalse();
        assertThat(verdict.issues()).containsExactly("no test for {}");
        assertThat(parser.parse(VERDICT.replace("0.8", "-0.1")).scoreProblem())
                .hasValueSatisfying(p -> assertThat(p).contains("between 0 and 1"));
        assertThatThrownBy(() -> parser.parse(VERDICT.replace("0.8", "NaN")))
                .isInstanceOf(UnusableAnswerException.class);
        assertThat(parser.parse(VERDICT.replace("0.8", "[1]")).scoreProblem())
                .hasValueSatisfying(p -> assertThat(p).contains("must be a number"));
    }

    @Test
    void readsTheShapesLocalModelsWrite() throws Exception {
        JudgeVerdict verdict = parser.parse("{\"score\": \"0.8\", \"pass\": \"false\", \"issues\": ["
                + "{\"file\": \"src/App.java\", \"line\": 12, \"problem\": \"no test\"}, "
                + "{\"severity\": \"high\"}, \"plain text\"], \"summary\": \"close\"}");

        assertThat(verdict.score()).hasValue(0.8);
        assertThat(verdict.pass()).isFalse();
        assertThat(verdict.issues()).containsExactly("src/App.java:12: no test", "severity: high", "plain text");
    }

    @Test
    void theFirstVerdictWinsEvenWithAnUnusableScore() throws Exception {
        JudgeVerdict verdict = parser.parse(VERDICT.replace("0.8", "7") + " " + VERDICT);

        assertThat(verdict.scoreProblem()).hasValue("score must be between 0 and 1; you answered 7");
    }

    @Test
    void truncatedJsonIsUnusable() {
        assertThatThrownBy(() -> parser.parse("{\"score\": 0.8, \"pass\": true, \"issues\": [\"the te"))
                .isInstanceOf(UnusableAnswerException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void aVerdictWithoutPassOrWithoutAnyObjectIsUnusable() {
        assertThatThrownBy(() -> parser.parse("{\"score\": 0.8}")).hasMessageContaining("no \"pass\"");
        assertThatThrownBy(() -> parser.parse("Looks good to me.")).hasMessageContaining("no JSON object");
        assertThatThrownBy(() -> parser.parse("{\"verdict\": \"fine\"}")).hasMessageContaining("no \"score\"");
    }
}
