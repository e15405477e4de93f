package dev.obra.orchestrator.llm.ollama;

import static dev.obra.orchestrator.internal.argument.Arguments.requireAtLeast;
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
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * An {@link LlmInterface} for Ollama's native API ({@code POST /api/chat}).
 *
 * <pre>{@code
 * try (OllamaClient judge = OllamaClient.builder().model("qwen2.5-coder:7b").build()) {
 *     String answer = judge.generate("Say hello");
 * }
 * }</pre>
 *
 * <p>A JSON-schema request is sent as Ollama's {@code format} schema; a server too old for schemas gets
 * {@code "json"} and then a prompt instruction, and the client remembers that. Calls are retried on connection
 * failures, 429, 500, 502 and 503 (honouring {@code Retry-After}); a model the server lacks fails at once with the
 * list of models it has. See {@link Builder} for the timeouts. Built clients are immutable and thread-safe; close
 * one to release the connections of the HTTP client it made.
 */
public final class OllamaClient implements LlmInterface, AutoCloseable {
    /** {@code http://127.0.0.1:11434}, where {@code ollama serve} listens by default. */
    public static final String DEFAULT_BASE_URL = "http://127.0.0.1:11434";
    /** 5 seconds: a local server accepts a connection at once or is not running. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = LlmHttpSettings.DEFAULT_CONNECT_TIMEOUT;
    /** 5 minutes: Ollama sends nothing until a cold model has loaded, and a disconnect aborts the load. */
    public static final Duration DEFAULT_FIRST_BYTE_TIMEOUT = LlmHttpSettings.DEFAULT_FIRST_BYTE_TIMEOUT;
    /** 10 minutes for a whole call, retries included. */
    public static final Duration DEFAULT_TIMEOUT = LlmHttpSettings.DEFAULT_TIMEOUT;
    /** 2 retries after the first attempt. */
    public static final int DEFAULT_MAX_RETRIES = LlmHttpSettings.DEFAULT_MAX_RETRIES;

    private final ChatProtocol engine;
    private final OllamaWire wire;

    private OllamaClient(Builder b, LlmHttpSettings settings) {
        LlmHttp http = new LlmHttp("Ollama", "is `ollama serve` running, and is the base URL right?", settings);
        wire = new OllamaWire(
                new OllamaWire.Settings(http.model(), settings.temperature(), b.keepAlive, b.contextWindow));
        engine = new ChatProtocol(
                http,
                wire,
                "api/chat",
                "api/tags",
                "api/version",
                "pull the model with `ollama pull " + http.model() + "`");
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
     * Returns a builder with this client's settings, including the HTTP client it was given, if any.
     *
     * @return this builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(engine.http().settings().toBuilder());
        b.keepAlive = wire.settings().keepAlive();
        b.contextWindow = wire.settings().contextWindow();
        return b;
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
        return engine.chat(requireNonNull(request, "request"), Optional.empty());
    }

    /**
     * Streams the answer: {@code onText} gets each piece as it arrives, on the calling thread, and the complete
     * answer is returned at the end. A failure after some pieces were delivered is not retried.
     *
     * @param request the request
     * @param onText called with each piece of text as it arrives
     * @return the llm response
     * @throws LlmException as {@link #complete(LlmRequest)} does, and also for an error inside the stream
     */
    public LlmResponse stream(LlmRequest request, Consumer<String> onText) {
        return engine.chat(requireNonNull(request, "request"), Optional.of(requireNonNull(onText, "onText")));
    }

    /** Returns whether {@code GET /api/version} answers within the connect timeout plus 5 s. */
    @Override
    public boolean isAvailable() {
        return engine.isAvailable();
    }

    /**
     * Returns the names of the models the server has ({@code GET /api/tags}), for example {@code llama3:latest}.
     *
     * @return the names of the models the server has ({@code GET /api/tags}), for example {@code llama3:latest}
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
        return "OllamaClient[" + engine.http().describe() + "]";
    }

    /**
     * Configures an {@link OllamaClient}. Not thread-safe; the built client copies everything.
     *
     * <p>Timeouts: {@link #connectTimeout} bounds opening a connection; {@link #firstByteTimeout} bounds the wait
     * for the first byte of the answer, which covers loading a cold model and, for {@link #complete}, the whole
     * generation (Ollama sends a non-streamed answer at the end), and also any later silence inside a stream;
     * {@link #timeout} bounds the whole call, retries and the waits between them included. First-byte timeouts are
     * not retried, because disconnecting aborts a model load. Time your code spends on a streamed piece does not
     * count. Both timeouts are kept to within 50 ms.
     */
    public static final class Builder extends LlmClientBuilder<Builder, OllamaClient> {
        private Optional<Duration> keepAlive = Optional.empty();
        private OptionalInt contextWindow = OptionalInt.empty();

        private Builder(LlmHttpSettings.Builder settings) {
            super(settings);
        }

        /**
         * Sets how long Ollama keeps the model loaded after a call (default: the server's, 5 minutes). Zero unloads
         * it at once; a negative duration keeps it loaded until the server stops.
         *
         * @param value how long Ollama keeps the model loaded after a call
         * @return this builder
         */
        public Builder keepAlive(Duration value) {
            keepAlive = Optional.of(requireNonNull(value, "keepAlive"));
            return this;
        }

        /**
         * Sets the context window in tokens ({@code num_ctx}). By default each request asks for a power of two, at
         * least 4096, that holds its prompt (estimated at 3 characters a token) and its answer: Ollama's own default
         * (often 2048 or 4096) silently drops the beginning of a longer prompt. A response whose
         * {@code prompt_eval_count} is under half the prompt's size says {@link LlmResponse#promptTruncated()}.
         *
         * @param tokens the context window every request asks for, in tokens, at least 1
         * @return this builder
         */
        public Builder contextWindow(int tokens) {
            contextWindow = OptionalInt.of(requireAtLeast(tokens, 1, "contextWindow"));
            return this;
        }

        Builder sleeper(Sleeper sleeper) {
            settings().sleeper(sleeper);
            return this;
        }

        @Override
        public OllamaClient build() {
            return new OllamaClient(this, settings().build());
        }
    }
}
