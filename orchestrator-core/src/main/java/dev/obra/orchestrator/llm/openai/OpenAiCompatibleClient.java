package dev.obra.orchestrator.llm.openai;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.internal.llm.ChatProtocol;
import dev.obra.orchestrator.internal.llm.LlmClientBuilder;
import dev.obra.orchestrator.internal.llm.LlmHttp;
import dev.obra.orchestrator.internal.llm.LlmHttpSettings;
import dev.obra.orchestrator.internal.llm.Sleeper;
import dev.obra.orchestrator.llm.LlmException;
import dev.obra.orchestrator.llm.LlmInterface;
import dev.obra.orchestrator.llm.LlmRequest;
import dev.obra.orchestrator.llm.LlmResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An {@link LlmInterface} for servers of the OpenAI chat-completions API on your machine or network: llama.cpp's
 * {@code llama-server}, vLLM, LM Studio, and Ollama's {@code /v1}.
 *
 * <pre>{@code
 * try (OpenAiCompatibleClient judge = OpenAiCompatibleClient.builder()
 *         .baseUrl("http://127.0.0.1:1234/v1").model("qwen2.5-coder-7b-instruct").build()) {
 *     String answer = judge.generate("Say hello");
 * }
 * }</pre>
 *
 * <p>A JSON-schema request is sent as {@code response_format} {@code json_schema}; a server that rejects it with a
 * 400 gets {@code json_object} with the schema in the system prompt, and one that rejects that too gets the
 * instruction alone. The client remembers each step down for its lifetime. Calls are retried on connection
 * failures, 429, 500, 502 and 503 (honouring {@code Retry-After}); other 4xx fail at once, a missing model with the
 * list from {@code /v1/models}. The API key, when set, is sent as a bearer token and never logged. See
 * {@link Builder} for the timeouts. Built clients are immutable and thread-safe; close one to release the
 * connections of the HTTP client it made.
 */
public final class OpenAiCompatibleClient implements LlmInterface, AutoCloseable {
    /** {@code http://127.0.0.1:8080/v1}, where {@code llama-server --port 8080} serves the API. */
    public static final String DEFAULT_BASE_URL = "http://127.0.0.1:8080/v1";
    /** 5 seconds: a local server accepts a connection at once or is not running. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = LlmHttpSettings.DEFAULT_CONNECT_TIMEOUT;
    /** 5 minutes: a server that loads the model on demand sends nothing until it has. */
    public static final Duration DEFAULT_FIRST_BYTE_TIMEOUT = LlmHttpSettings.DEFAULT_FIRST_BYTE_TIMEOUT;
    /** 10 minutes for a whole call, retries included. */
    public static final Duration DEFAULT_TIMEOUT = LlmHttpSettings.DEFAULT_TIMEOUT;
    /** 2 retries after the first attempt. */
    public static final int DEFAULT_MAX_RETRIES = LlmHttpSettings.DEFAULT_MAX_RETRIES;

    private final ChatProtocol engine;

    private OpenAiCompatibleClient(LlmHttpSettings settings) {
        LlmHttp http = new LlmHttp(
                "OpenAI-compatible server",
                "is the server (llama-server, vLLM, LM Studio, "
                        + "ollama serve) running, and does the base URL end in /v1?",
                settings);
        engine = new ChatProtocol(
                http,
                new OpenAiWire(http.model(), settings.temperature()),
                "chat/completions",
                "models",
                "models",
                "set model to one the server serves");
    }

    /**
     * Returns a builder with the defaults; {@link Builder#model(String)} is required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder(LlmHttpSettings.builder(DEFAULT_BASE_URL));
    }

    /**
     * Returns a builder with this client's settings, including its API key and the HTTP client it was given.
     *
     * @return this builder
     */
    public Builder toBuilder() {
        return new Builder(engine.http().settings().toBuilder());
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
        return engine.chat(requireNonNull(request, "request"), Optional.empty());
    }

    /**
     * Streams the answer over server-sent events: {@code onText} gets each piece as it arrives, on the calling
     * thread, and the complete answer is returned at the end. A failure after some pieces were delivered is not
     * retried.
     *
     * @param request the request
     * @param onText called with each piece of text as it arrives
     * @return the llm response
     * @throws LlmException as {@link #complete(LlmRequest)} does, and also for an error event inside the stream or
     *                      a stream that ends without {@code data: [DONE]}
     */
    public LlmResponse stream(LlmRequest request, Consumer<String> onText) {
        return engine.chat(requireNonNull(request, "request"), Optional.of(requireNonNull(onText, "onText")));
    }

    /**
     * Returns whether {@code GET /v1/models} answers 2xx and {@code GET /v1/health} does not answer 503, each within
     * the connect timeout plus 5 s. llama-server lists its models while it is still loading one, and only its
     * health endpoint says so; servers without that endpoint are judged by the models alone.
     */
    @Override
    public boolean isAvailable() {
        return engine.isAvailable() && !engine.isLoading("health");
    }

    /**
     * Returns the ids of the models the server offers ({@code GET /v1/models}).
     *
     * @return the ids of the models the server offers ({@code GET /v1/models})
     * @throws LlmException when the server cannot be reached or answers with an error
     */
    public List<String> listModels() {
        return engine.listModels();
    }

    /** Releases the connections of the HTTP client this client made; one passed to the builder stays open. */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleClient[" + engine.http().describe() + "]";
    }

    /**
     * Configures an {@link OpenAiCompatibleClient}. Not thread-safe; the built client copies everything.
     *
     * <p>Timeouts: {@link #connectTimeout} bounds opening a connection; {@link #firstByteTimeout} bounds the wait
     * for the first byte of the answer, which covers loading a model on demand and, for {@link #complete}, the whole
     * generation, and also any later silence inside a stream; {@link #timeout} bounds the whole call, retries and
     * the waits between them included. First-byte timeouts are not retried. Time your code spends on a streamed
     * piece does not count. Both timeouts are kept to within 50 ms.
     *
     * <p>The base URL, up to and including {@code /v1}, defaults to
     * {@value OpenAiCompatibleClient#DEFAULT_BASE_URL}. The model is required: llama-server with one model ignores
     * it; LM Studio, vLLM and Ollama need the name they list under {@code /v1/models}. Without a temperature the
     * server's applies.
     */
    public static final class Builder extends LlmClientBuilder<Builder, OpenAiCompatibleClient> {
        private Builder(LlmHttpSettings.Builder settings) {
            super(settings);
        }

        /**
         * Sets the API key, sent as {@code Authorization: Bearer} (default: none, and no header is sent).
         *
         * @param key the key
         * @return this builder
         */
        public Builder apiKey(String key) {
            settings().apiKey(key);
            return this;
        }

        Builder sleeper(Sleeper sleeper) {
            settings().sleeper(sleeper);
            return this;
        }

        @Override
        public OpenAiCompatibleClient build() {
            return new OpenAiCompatibleClient(settings().build());
        }
    }
}
