package dev.obra.orchestrator.agent.claude;

import dev.obra.orchestrator.internal.llm.TestHttp;
import dev.obra.orchestrator.llm.ollama.OllamaClient;
import java.io.IOException;
import java.time.Duration;
import mockwebserver3.MockWebServer;

/** An Ollama judge (model {@code m}) whose server is a loopback {@link MockWebServer} the test scripts. */
record OllamaJudge(MockWebServer server, OllamaClient client) implements AutoCloseable {

    /** Starts the server and returns a judge that asks it, giving up after ten seconds without a first byte. */
    static OllamaJudge onLoopback() throws IOException {
        MockWebServer server = TestHttp.loopbackServer();
        return new OllamaJudge(
                server,
                OllamaClient.builder()
                        .baseUrl(TestHttp.url(server, ""))
                        .model("m")
                        .firstByteTimeout(Duration.ofSeconds(10))
                        .build());
    }

    /** Queues a chat reply whose message is {@code verdict} (a JSON object), read from {@code promptTokens}. */
    void answer(String verdict, int promptTokens) {
        server.enqueue(TestHttp.json(
                200,
                "{\"model\":\"m\",\"created_at\":\"2025-01-01T10:00:00Z\",\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"" + verdict.replace("\"", "\\\"")
                        + "\"},\"done\":true,\"done_reason\":\"stop\","
                        + "\"prompt_eval_count\":" + promptTokens + ",\"eval_count\":30}"));
    }

    /** Closes the client, then the server. */
    @Override
    public void close() throws IOException {
        client.close();
        server.close();
    }
}
