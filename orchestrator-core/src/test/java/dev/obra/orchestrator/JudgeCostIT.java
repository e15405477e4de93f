package dev.obra.orchestrator;

import static dev.obra.orchestrator.internal.llm.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.internal.llm.TestHttp;
import dev.obra.orchestrator.llm.ollama.OllamaClient;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.store.IterationRecord;
import java.math.BigDecimal;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the judge cost reaches the iteration record, through the orchestrator with the real Ollama client. */
class JudgeCostIT {
    private final MockWebServer server = TestHttp.loopbackServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theIterationRecordCarriesTheJudgesCallsTimeAndTokens() {
        server.enqueue(json(
                200,
                "{\"model\":\"qwen2.5-coder:7b\",\"message\":{\"role\":\"assistant\",\"content\":"
                        + "\"{\\\"score\\\":0.85,\\\"pass\\\":true,\\\"issues\\\":[],\\\"summary\\\":\\\"done\\\"}\"},"
                        + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":512,\"eval_count\":27}"));
        TaskResult result;
        try (OllamaClient judge = OllamaClient.builder()
                        .baseUrl(TestHttp.url(server, ""))
                        .model("qwen2.5-coder:7b")
                        .firstByteTimeout(Duration.ofSeconds(10))
                        .build();
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
            result = orchestrator.run(Task.of("Write a function"));
        }

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
}
