package dev.obra.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {
    private final Task task = Task.of("Add a --json flag").withAcceptanceCriteria(List.of("prints valid JSON"));

    @Test
    void theDefaultTemplateCarriesTheTaskAndEverythingLearnedSoFar() {
        String prompt = PromptTemplate.defaultTemplate()
                .build(new PromptContext(
                        task,
                        3,
                        5,
                        Optional.of(Path.of("/repo")),
                        false,
                        Optional.of("`mvn test` failed:\nexpected 1"),
                        List.of("no test for --json"),
                        List.of("use Jackson, it is already a dependency")));

        assertThat(prompt)
                .contains(
                        "Add a --json flag",
                        "prints valid JSON",
                        "/repo",
                        "iteration 3 of 5",
                        "## Feedback on your previous attempt\n`mvn test` failed:\nexpected 1",
                        "## Issues to address\n- no test for --json",
                        "## Guidance from a reviewer\n- use Jackson, it is already a dependency");
        assertThat(prompt).doesNotContain("{{");
    }

    @Test
    void emptySectionsRenderAsNothing() {
        String prompt = PromptTemplate.defaultTemplate()
                .build(new PromptContext(
                        Task.of("Do it"), 1, 1, Optional.empty(), false, Optional.empty(), List.of(), List.of()));

        assertThat(prompt)
                .doesNotContain("Feedback", "Issues to address", "Guidance", "Acceptance criteria")
                .contains("(the agent's current directory)");
    }

    @Test
    void anUnknownPlaceholderIsAnErrorWhenTheTemplateIsCreated() {
        assertThatThrownBy(() -> PromptTemplate.of("{{task}} and {{taks_title}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown placeholder(s) {{taks_title}}")
                .hasMessageContaining("known: [");
    }

    @Test
    void aTemplateWithoutTheTaskIsAnError() {
        assertThatThrownBy(() -> PromptTemplate.of("Iteration {{iteration}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no {{task}} placeholder");
    }

    @Test
    void anUnclosedPlaceholderIsAnError() {
        assertThatThrownBy(() -> PromptTemplate.of("{{task}} then {{feedback"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclosed or malformed");
    }

    @Test
    void aCustomTemplateRendersEveryPlaceholder() {
        PromptTemplate template = PromptTemplate.of(
                "[{{ iteration }}/{{max_iterations}}] {{task}} in " + "{{working_directory}}{{acceptance_criteria}}");

        assertThat(template.build(new PromptContext(
                        task, 2, 4, Optional.of(Path.of("/w")), true, Optional.empty(), List.of(), List.of())))
                .isEqualTo("[2/4] Add a --json flag in /w\n## Acceptance criteria\n- prints valid JSON\n");
    }
}
