package dev.obra.orchestrator.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessSpecTest {

    @Test
    void itsTextNamesTheEnvironmentsVariablesButShowsNeitherTheirValuesNorStdin() {
        ProcessSpec spec = new ProcessSpec(
                "claude",
                List.of("claude", "-p"),
                Optional.of(Path.of("/work/repo")),
                Map.of("ANTHROPIC_API_KEY", "sk-ant-very-secret", "PATH", "/usr/bin"),
                Optional.of("the prompt, which may quote a secret"),
                ProcessSpec.Stderr.SEPARATE);

        String shown = spec.toString();

        assertThat(shown)
                .doesNotContain("sk-ant-very-secret")
                .doesNotContain("/usr/bin")
                .doesNotContain("which may quote")
                .contains("ANTHROPIC_API_KEY")
                .contains("PATH")
                .contains("[claude, -p]")
                .contains("/work/repo")
                .contains("stdin=36 chars");
    }
}
