package dev.obra.orchestrator;

import static dev.obra.orchestrator.internal.llm.TestHttp.body;
import static dev.obra.orchestrator.internal.llm.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.internal.llm.TestHttp;
import dev.obra.orchestrator.llm.ollama.OllamaClient;
import dev.obra.orchestrator.quality.QualityController;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.testing.LoopbackJudge;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the judge cost reaches the iteration record, through the orchestrator with the real Ollama client: one call,
 * or an answer cut off at the token limit and then repaired, which costs both calls' tokens.
 */
class JudgeCostIT {
    private final MockWebServer server = TestHttp.loopbackServer();

    @AfterEach
    void stop() {
        server.close();
    }

    /** Runs one iteration of a task, judged by {@code model} on the server, and returns its result. */
    private TaskResult runJudgedBy(String model) {
        try (OllamaClient judge = LoopbackJudge.ollama(server, model);
                Orchestrator orchestrator = Orchestrator.builder()
                        .llm(judge)
                        .maxIterations(1)
                        .agent(request -> AgentResponse.success(
                                request.sessionId(),
                                "Done: wrote the function.",
                                new Usage(100, 20, 0, 0),
                                1,
                                new BigDecimal("0.001"),
                                Duration.ofMillis(5)))
                        .build()) {
            return orchestrator.run(Task.of("Write a function"));
        }
    }

    @Test
    void theIterationRecordCarriesTheJudgesCallsTimeAndTokens() {
        server.enqueue(json(
                200,
                "{\"model\":\"qwen2.5-coder:7b\",\"message\":{\"role\":\"assistant\",\"content\":"
                        + "\"{\\\"score\\\":0.85,\\\"pass\\\":true,\\\"issues\\\":[],\\\"summary\\\":\\\"done\\\"}\"},"
                        + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":512,\"eval_count\":27}"));

        TaskResult result = runJudgedBy("qwen2.5-coder:7b");

        assertThat(result.iterations()).hasSize(1);
        IterationRecord iteration = result.iterations().get(0);
        QualityScore quality = iteration.quality().orElseThrow();
        assertThat(quality.source()).isEqualTo(QualityScore.Source.LLM);
        assertThat(quality.score()).isEqualTo(0.85);
        assertThat(quality.judge().calls()).isEqualTo(1);
        assertThat(quality.judge().promptTokens()).isEqualTo(512);
        assertThat(quality.judge().completionTokens()).isEqualTo(27);
        assertThat(quality.judge().duration()).isLessThan(Duration.ofSeconds(10));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aJudgeAnswerCutAtTheTokenLimitCountsItsTokensWithTheRepairs() throws Exception {
        // Ollama's /api/chat when num_predict runs out: done, done_reason "length", and the half-written JSON.
        server.enqueue(json(
                200,
                "{\"model\":\"qwen3:8b\",\"created_at\":\"2026-01-01T00:00:00Z\",\"message\":{"
                        + "\"role\":\"assistant\",\"content\":\"{\\\"score\\\":0.9,\\\"pass\\\":true,\\\"issues\\\":[\\\"\"},"
                        + "\"done\":true,\"done_reason\":\"length\",\"total_duration\":9000000000,\"prompt_eval_count\":512,"
                        + "\"eval_count\":1024}"));
        server.enqueue(json(
                200,
                "{\"model\":\"qwen3:8b\",\"created_at\":\"2026-01-01T00:00:09Z\",\"message\":{"
                        + "\"role\":\"assistant\",\"content\":\"{\\\"score\\\":0.85,\\\"pass\\\":true,\\\"issues\\\":[],"
                        + "\\\"summary\\\":\\\"done\\\"}\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":540,"
                        + "\"eval_count\":27}"));

        TaskResult result = runJudgedBy("qwen3:8b");

        QualityScore quality = result.iterations().get(0).quality().orElseThrow();
        assertThat(quality.source()).isEqualTo(QualityScore.Source.LLM);
        assertThat(quality.score()).isEqualTo(0.85);
        assertThat(quality.judge().calls()).isEqualTo(2);
        assertThat(quality.judge().promptTokens()).isEqualTo(512 + 540);
        assertThat(quality.judge().completionTokens()).isEqualTo(1024 + 27);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(options(server.takeRequest()))
                .containsEntry("num_predict", (double) QualityController.JUDGE_MAX_TOKENS);
        RecordedRequest repair = server.takeRequest();
        assertThat(options(repair)).containsEntry("num_predict", (double) QualityController.REPAIR_MAX_TOKENS);
        assertThat(lastMessage(repair)).containsEntry("role", "user");
        assertThat(String.valueOf(lastMessage(repair).get("content"))).contains("cut off at the token limit");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> options(RecordedRequest request) {
        return (Map<String, Object>) body(request).get("options");
    }

    private static Map<String, Object> lastMessage(RecordedRequest request) {
        List<Map<String, Object>> messages = TestHttp.messages(request);
        return messages.get(messages.size() - 1);
    }
}
