package dev.obra.orchestrator.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaudeEnvironmentTest {

    @Test
    void passesTheAllowListAddsTheBuildersVariablesAndDropsTheRest() {
        Map<String, String> parent = Map.of(
                "PATH",
                "/usr/bin",
                "HOME",
                "/home/me",
                "LC_ALL",
                "C.UTF-8",
                "ANTHROPIC_API_KEY",
                "sk-secret",
                "CLAUDE_CODE_OAUTH_TOKEN",
                "oauth",
                "HTTPS_PROXY",
                "http://proxy",
                "CLAUDECODE",
                "1",
                "NODE_OPTIONS",
                "--inspect",
                "AWS_SECRET_ACCESS_KEY",
                "aws",
                "DATABASE_PASSWORD",
                "hunter2");

        Map<String, String> env = ClaudeEnvironment.of(
                parent,
                Map.of("CLAUDE_CODE_MAX_RETRIES", "0", "CLAUDE_CONFIG_DIR", "/ignored"),
                Optional.of(Path.of("/cfg/worker-1")));

        assertThat(env)
                .containsOnlyKeys(
                        "PATH",
                        "HOME",
                        "LC_ALL",
                        "ANTHROPIC_API_KEY",
                        "CLAUDE_CODE_OAUTH_TOKEN",
                        "HTTPS_PROXY",
                        "AWS_SECRET_ACCESS_KEY",
                        "CLAUDE_CODE_MAX_RETRIES",
                        "CLAUDE_CONFIG_DIR");
        assertThat(env)
                .containsEntry("CLAUDE_CONFIG_DIR", "/cfg/worker-1")
                .containsEntry("ANTHROPIC_API_KEY", "sk-secret");
    }

    @Test
    void theClisOwnSettingsReachIt() {
        Map<String, String> parent = Map.of(
                "IS_SANDBOX",
                "1",
                "CLAUDE_CODE_MAX_RETRIES",
                "2",
                "API_TIMEOUT_MS",
                "60000",
                "BASH_DEFAULT_TIMEOUT_MS",
                "1000",
                "DISABLE_TELEMETRY",
                "1",
                "CLAUDE_CODE_USE_FOUNDRY",
                "1",
                "CI_JOB_TOKEN",
                "secret",
                "CLAUDEX",
                "1");

        Map<String, String> env = ClaudeEnvironment.of(parent, Map.of(), Optional.empty());

        assertThat(env)
                .containsOnlyKeys(
                        "IS_SANDBOX",
                        "CLAUDE_CODE_MAX_RETRIES",
                        "API_TIMEOUT_MS",
                        "BASH_DEFAULT_TIMEOUT_MS",
                        "DISABLE_TELEMETRY",
                        "CLAUDE_CODE_USE_FOUNDRY");
    }

    @Test
    void theBuilderMayStillSetARemovedVariableOnPurpose() {
        Map<String, String> env = ClaudeEnvironment.of(
                Map.of("NODE_OPTIONS", "--inspect"),
                Map.of("NODE_OPTIONS", "--max-old-space-size=4096"),
                Optional.empty());

        assertThat(env).containsExactly(Map.entry("NODE_OPTIONS", "--max-old-space-size=4096"));
    }
}
