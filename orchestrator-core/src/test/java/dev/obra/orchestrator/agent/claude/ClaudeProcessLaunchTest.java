package dev.obra.orchestrator.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaudeProcessLaunchTest {

    @Test
    void itsTextShowsNeitherTheEnvironmentsValuesNorThePrompt() {
        ClaudeProcess.Launch launch = new ClaudeProcess.Launch(
                List.of("claude", "-p", "--output-format", "stream-json"),
                Map.of("ANTHROPIC_API_KEY", "sk-ant-very-secret"),
                Path.of("/work/repo"),
                "Fix the bug; the token is hunter2",
                Duration.ofMinutes(30),
                Duration.ofMinutes(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(2));

        assertThat(launch.toString())
                .doesNotContain("sk-ant-very-secret")
                .doesNotContain("hunter2")
                .contains("ANTHROPIC_API_KEY")
                .contains("stream-json")
                .contains("stdin=33 chars");
    }
}
