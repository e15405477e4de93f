package dev.obra.orchestrator.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.SessionMode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaudeCodeAgentTest {
    private static final Path CLAUDE = Path.of("/opt/claude");

    @Test
    void theRequestsTurnLimitWinsOverTheAgentsDefaultAndTheLowerCostApplies() {
        ClaudeCodeAgent agent = ClaudeCodeAgent.builder()
                .maxTurns(10)
                .maxBudgetUsd(new BigDecimal("1.00"))
                .build();
        SessionId id = SessionId.random();

        List<String> lower = agent.command(
                CLAUDE,
                AgentRequest.of("x", new SessionMode.New(id)).withMaxTurns(4).withMaxCostUsd(new BigDecimal("0.25")));
        List<String> higher = agent.command(
                CLAUDE,
                AgentRequest.of("x", new SessionMode.New(id)).withMaxTurns(40).withMaxCostUsd(new BigDecimal("7")));
        List<String> none = agent.command(CLAUDE, AgentRequest.of("x", new SessionMode.New(id)));

        assertThat(lower).contains("--max-turns=4", "--max-budget-usd=0.25");
        assertThat(higher).contains("--max-turns=40", "--max-budget-usd=1").doesNotContain("--max-turns=10");
        assertThat(none).contains("--max-turns=10", "--max-budget-usd=1");
    }

    @Test
    void aContinuationOfAOneTurnAgentGetsTheRaisedLimitUpToWhatTheTurnBudgetLeaves() {
        ClaudeCodeAgent agent = ClaudeCodeAgent.builder().maxTurns(1).build();
        SessionMode resume = new SessionMode.Resume(SessionId.random(), SessionId.random(), BigDecimal.ONE);

        List<String> raised =
                agent.command(CLAUDE, AgentRequest.of("go on", resume).withMaxTurns(2));
        List<String> capped = agent.command(
                CLAUDE, AgentRequest.of("go on", resume).withMaxTurns(8).withTurnsLeft(3));
        List<String> cappedDefault = ClaudeCodeAgent.builder()
                .maxTurns(10)
                .build()
                .command(CLAUDE, AgentRequest.of("x", resume).withTurnsLeft(3));

        assertThat(raised).contains("--max-turns=2").doesNotContain("--max-turns=1");
        assertThat(capped).contains("--max-turns=3");
        assertThat(cappedDefault).contains("--max-turns=3");
    }

    @Test
    void theRequestsAllowedToolsJoinTheAgentsOnce() {
        ClaudeCodeAgent agent = ClaudeCodeAgent.builder()
                .allowedTools(List.of("Read", "Bash(git *)"))
                .build();

        List<String> argv = agent.command(
                CLAUDE,
                AgentRequest.of("x", new SessionMode.New(SessionId.random()))
                        .withAllowedTools(List.of("Bash(python3 check.py)", "Read")));

        assertThat(argv).contains("--allowedTools=Read,Bash(git *),Bash(python3 check.py)");
    }

    @Test
    void aResumeForksTheEarlierSessionUnderTheNewId() {
        SessionId previous = SessionId.random();
        SessionId next = SessionId.random();

        List<String> argv = ClaudeCodeAgent.builder()
                .build()
                .command(CLAUDE, AgentRequest.of("x", new SessionMode.Resume(previous, next, BigDecimal.ONE)));

        assertThat(argv)
                .containsExactly(
                        "/opt/claude",
                        "-p",
                        "--output-format",
                        "stream-json",
                        "--verbose",
                        "--resume=" + previous,
                        "--fork-session",
                        "--session-id=" + next);
    }

    @Test
    void toBuilderKeepsEverySetting() {
        ClaudeCodeAgent agent = ClaudeCodeAgent.builder()
                .executable(CLAUDE)
                .workingDirectory(Path.of("/w"))
                .model("opus")
                .permissionMode(PermissionMode.PLAN)
                .allowedTools(List.of("Read"))
                .disallowedTools(List.of("Bash"))
                .maxTurns(3)
                .maxBudgetUsd(BigDecimal.TEN)
                .appendSystemPrompt("be brief")
                .timeout(Duration.ofMinutes(2))
                .idleTimeout(Duration.ofMinutes(1))
                .configDirectory(Path.of("/c"))
                .environment(Map.of("A", "1"))
                .build();
        AgentRequest request = AgentRequest.of("x", new SessionMode.New(SessionId.random()));

        ClaudeCodeAgent copy = agent.toBuilder().build();

        assertThat(copy.command(CLAUDE, request)).isEqualTo(agent.command(CLAUDE, request));
        assertThat(copy.defaultWorkingDirectory()).contains(Path.of("/w"));
        assertThat(copy.childEnvironment())
                .isEqualTo(agent.childEnvironment())
                .containsEntry("A", "1")
                .containsEntry("CLAUDE_CONFIG_DIR", "/c");
        assertThat(copy.toString()).isEqualTo(agent.toString());
    }

    @Test
    void theBuilderRejectsBadValues() {
        ClaudeCodeAgent.Builder b = ClaudeCodeAgent.builder();

        assertThatThrownBy(() -> b.maxTurns(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxBudgetUsd(BigDecimal.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.allowedTools(List.of(" "))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.model(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThatThrownBy(() -> b.model(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model must not be blank");
        assertThatThrownBy(() -> b.build().execute(AgentRequest.of("x", new SessionMode.New(SessionId.random()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("working directory");
    }
}
