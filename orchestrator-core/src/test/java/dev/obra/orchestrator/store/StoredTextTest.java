package dev.obra.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.quality.JudgeUsage;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoredTextTest {
    @Test
    void cleaningKeepsTheJudgesVerdictItsNotesAndTheAgentsCommits() {
        QualityScore q = new QualityScore(
                0.9,
                QualityScore.Source.LLM,
                0.8,
                "FAIL: bad\0byte",
                List.of("no test"),
                Optional.empty(),
                JudgeUsage.NONE,
                QualityScore.Verdict.FAIL,
                List.of("cut\0note"));
        WorkspaceChanges w = new WorkspaceChanges(
                true,
                true,
                List.of("a.txt"),
                1,
                1,
                0,
                "1 file\0changed",
                List.of("1a2b3c4 Add\0a.txt"),
                List.of("HEAD moved"));

        QualityScore cleanQ = StoredText.clean(q);
        WorkspaceChanges cleanW = StoredText.clean(w);

        assertThat(cleanQ.verdict()).isEqualTo(QualityScore.Verdict.FAIL);
        assertThat(cleanQ.notes()).containsExactly("cut\uFFFDnote");
        assertThat(cleanW.commits()).containsExactly("1a2b3c4 Add\uFFFDa.txt");
        assertThat(cleanW.notes()).containsExactly("HEAD moved");
    }

    @Test
    void cleanTextIsTheSameInstance() {
        String clean = "plain, ü, ✓ and an emoji \uD83D\uDE00 at the end \uD83D\uDE00";
        assertThat(StoredText.clean(clean)).isSameAs(clean);
        List<String> list = List.of("a", clean);
        assertThat(StoredText.clean(list)).isSameAs(list);
    }

    @Test
    void nulAndEachUnpairedSurrogateBecomeOneReplacementCharacter() {
        assertThat(StoredText.clean("\u0000")).isEqualTo("\uFFFD");
        assertThat(StoredText.clean("a\u0000\u0000b")).isEqualTo("a\uFFFD\uFFFDb");
        assertThat(StoredText.clean("\uD83D")).as("a high surrogate at the end").isEqualTo("\uFFFD");
        assertThat(StoredText.clean("\uDE00x")).as("a low surrogate first").isEqualTo("\uFFFDx");
        assertThat(StoredText.clean("\uDE00\uD83D"))
                .as("a pair in the wrong order")
                .isEqualTo("\uFFFD\uFFFD");
        assertThat(StoredText.clean("\uD83D\uD83D\uDE00"))
                .as("a high one before a pair")
                .isEqualTo("\uFFFD\uD83D\uDE00");
        assertThat(StoredText.clean("\uD83D\uDE00\u0000\uD83D\uDE00")).isEqualTo("\uD83D\uDE00\uFFFD\uD83D\uDE00");
    }

    @Test
    void aListIsCleanedFromItsFirstBadElementOn() {
        assertThat(StoredText.clean(List.of("ok", "x\u0000", "\uDE00"))).containsExactly("ok", "x\uFFFD", "\uFFFD");
    }
}
