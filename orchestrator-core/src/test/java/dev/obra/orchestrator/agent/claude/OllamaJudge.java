package dev.obra.orchestrator.agent.claude;

import dev.obra.orchestrator.internal.llm.TestHttp;
import dev.obra.orchestrator.llm.ollama.OllamaClient;
import dev.obra.orchestrator.testing.LoopbackJudge;
import java.io.IOException;
import mockwebserver3.MockWebServer;

/** An Ollama judge (model {@code m}) whose server is a loopback {@link MockWebServer} the test scripts. */
record OllamaJudge(MockWebServer server, OllamaClient client) implements AutoCloseable {

    /** Starts the server and returns a judge that asks it, giving up as {@link LoopbackJudge}'s clients do. */
    static OllamaJudge onLoopback() throws IOException {
        MockWebServer server = TestHttp.loopbackServer();
        return new OllamaJudge(server, LoopbackJudge.ollama(server, "m"));
    }

    /** Queues a chat reply whose message is {@code verdict} (a JSON object), read from {@code promptTokens}. */
    void answer(String verdict, int promptTokens) {
        server.enqueue(TestHttp.json(
                200,
                LoopbackJudge.ollamaChatAnswer(
                        "m", LoopbackJudge.assistantMessage(verdict), "stop", promptTokens, 30)));
    }

    /** Closes the client, then the server. */
    @Override
    public void close() throws IOException {
        client.close();
        server.close();
    }
}
