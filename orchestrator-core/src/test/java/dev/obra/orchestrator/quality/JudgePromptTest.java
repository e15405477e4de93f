package dev.obra.orchestrator.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the judge's prompt fits a change into its budget. */
class JudgePromptTest {
    private static FileDiff patch(String path, int lines) {
        StringBuilder p = new StringBuilder("--- a/" + path + "\n+++ b/" + path + "\n@@ -1 +1," + lines + " @@\n");
        for (int i = 0; i < lines; i++) {
            p.append("+").append(path).append(" line ").append(i).append('\n');
        }
        return new FileDiff(path, FileDiff.Kind.MODIFIED, p.toString(), false, true);
    }

    private static QualityInput input(List<FileDiff> diff) {
        List<String> names = new ArrayList<>();
        diff.forEach(d -> names.add(d.path()));
        return new QualityInput(
                Task.of("Change things"),
                "Changed things.",
                new Validation(true, true, List.of()),
                new WorkspaceChanges(
                        true, true, names, names.size(), 0, 0, names.size() + " files changed", List.of(), List.of()),
                Optional.empty(),
                diff,
                List.of());
    }

    @Test
    void smallFilesComeWholeBeforePiecesOfBigOnesAndTheListIsComplete() {
        List<FileDiff> diff = new ArrayList<>(List.of(
                patch("Big.java", 5_000),
                patch("small/A.java", 3),
                patch("small/B.java", 4),
                new FileDiff("logo.png", FileDiff.Kind.ADDED, "", true, false)));
        for (int i = 0; i < 30; i++) {
            diff.add(patch("many/F" + i + ".java", 1));
        }
        JudgeBudget budget = JudgeBudget.ofChars(12_000);

        JudgePrompt.Rendered rendered = JudgePrompt.render(input(diff), budget);

        String text = rendered.text();
        assertThat(text.length() + JudgePrompt.SYSTEM.length()).isLessThanOrEqualTo(budget.chars());
        assertThat(text)
                .contains("+small/A.java line 2\n")
                .contains("+small/B.java line 3\n")
                .contains("+many/F29.java line 0\n")
                .contains("+Big.java line 0\n")
                .contains("more lines (")
                .contains("of Big.java not shown]")
                .contains("- added logo.png (binary, content not shown)");
        for (FileDiff d : diff) {
            assertThat(text).contains(" " + d.path());
        }
        assertThat(rendered.omitted()).isEqualTo("shown in part: Big.java");
    }

    @Test
    void filesWithNoRoomLeftAreNamedAsNotShown() {
        List<FileDiff> diff = new ArrayList<>(List.of(patch("Ok.java", 2)));
        for (int i = 0; i < 20; i++) {
            diff.add(patch("Huge" + i + ".java", 3_000));
        }
        JudgeBudget budget = JudgeBudget.ofChars(JudgeBudget.MIN_CHARS);

        JudgePrompt.Rendered rendered = JudgePrompt.render(input(diff), budget);

        assertThat(rendered.text())
                .contains("+Ok.java line 1\n")
                .contains("[Huge0.java: diff of ")
                .contains("[Huge19.java: diff of ")
                .doesNotContain("+Huge3.java line 0");
        assertThat(rendered.omitted())
                .startsWith("not shown: Huge0.java, Huge1.java, ")
                .contains("Huge19.java");
        assertThat(rendered.text()).contains("The diff was cut to fit (not shown: Huge0.java");
    }

    @Test
    void aChangeThatFitsIsShownWholeWithoutACutNote() {
        JudgePrompt.Rendered rendered = JudgePrompt.render(input(List.of(patch("A.java", 10))), JudgeBudget.DEFAULT);

        assertThat(rendered.cut()).isFalse();
        assertThat(rendered.text()).contains("+A.java line 9\n").doesNotContain("cut");
    }
}
