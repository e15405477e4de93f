// Shows: the real thing. The Claude Code CLI does the work in your repository, a local Ollama model judges each
// result, and a SQLite file records it all. Needs `claude` installed and logged in (npm install -g
// @anthropic-ai/claude-code) and Ollama with a model (ollama pull qwen2.5-coder:7b). Costs real money: the budget
// below stops the task at $2.
package dev.obra.orchestrator.examples;

import dev.obra.orchestrator.Budget;
import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.agent.claude.ClaudeCodeAgent;
import dev.obra.orchestrator.agent.claude.PermissionMode;
import dev.obra.orchestrator.llm.ollama.OllamaClient;
import dev.obra.orchestrator.sqlite.JooqSessionStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Claude Code with an Ollama judge. Arguments: the repository, then the task. */
public final class ClaudeWithOllama {
    private ClaudeWithOllama() {}

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ClaudeWithOllama REPOSITORY \"TASK\"");
            System.exit(2);
        }
        Path repo = Path.of(args[0]).toAbsolutePath();
        try (ClaudeCodeAgent agent = ClaudeCodeAgent.builder()
                        .workingDirectory(repo)
                        .permissionMode(PermissionMode.ACCEPT_EDITS)
                        .maxTurns(40)
                        .timeout(Duration.ofMinutes(30))
                        .idleTimeout(Duration.ofMinutes(10))
                        .build();
                OllamaClient judge =
                        OllamaClient.builder().model("qwen2.5-coder:7b").build();
                JooqSessionStore store = JooqSessionStore.sqlite(Path.of("obra.db"))) {
            if (!judge.isAvailable()) {
                System.err.println("Ollama does not answer at " + OllamaClient.DEFAULT_BASE_URL
                        + "; quality will be scored by heuristics");
            }
            TaskResult result = Orchestrator.builder()
                    .agent(agent)
                    .llm(judge)
                    .sessionStore(store)
                    .listener(event -> System.out.println(event.getClass().getSimpleName() + " " + event.taskId()))
                    .run(Task.of(args[1])
                            .withWorkingDirectory(repo)
                            .withVerification(List.of("mvn", "-q", "test"))
                            .withBudget(Budget.ofCost(new BigDecimal("2.00"))));
            System.out.println(result.status() + ": " + result.reason());
            System.out.println(result.metrics().totalTokens() + " tokens, $"
                    + result.metrics().costUsd().toPlainString());
        }
    }
}
