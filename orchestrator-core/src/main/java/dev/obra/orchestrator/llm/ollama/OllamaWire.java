package dev.obra.orchestrator.llm.ollama;

import com.squareup.moshi.JsonReader;
import dev.obra.orchestrator.internal.llm.ChatProtocol;
import dev.obra.orchestrator.internal.llm.JsonBody;
import dev.obra.orchestrator.internal.llm.StructuredOutput;
import dev.obra.orchestrator.internal.llm.StructuredOutput.Mode;
import dev.obra.orchestrator.internal.llm.WireJson;
import dev.obra.orchestrator.llm.LlmRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Consumer;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;

/** Ollama's native wire format ({@code /api/chat}, {@code /api/tags}), written and read with Moshi's streams. */
final class OllamaWire implements ChatProtocol.Wire {
    private static final JsonReader.Options CHUNK_FIELDS = JsonReader.Options.of(
            "message", "done", "done_reason", "model", "prompt_eval_count", "eval_count", "error");
    private final Settings settings;

    OllamaWire(Settings settings) {
        this.settings = settings;
    }

    /** What the client adds to every request. */
    record Settings(
            String model, OptionalDouble temperature, Optional<Duration> keepAlive, OptionalInt contextWindow) {}

    /** Characters per token for sizing the window: code and JSON run about 3, so this errs on the large side. */
    private static final int CHARS_PER_TOKEN_HIGH = 3;
    /** Characters per token for spotting truncation: prose runs about 4, so this errs on the small side. */
    private static final int CHARS_PER_TOKEN_LOW = 4;
    /** The answer's room when the request sets no limit (Ollama's own num_predict default is unbounded). */
    private static final int DEFAULT_ANSWER_TOKENS = 1024;
    /** The smallest window asked for: Ollama's usual default, so short prompts do not make it reload the model. */
    static final int MIN_CONTEXT_WINDOW = 4096;

    /**
     * Returns the {@code num_ctx} to send: the user's when set, else a power of two that holds the prompt (estimated
     * generously) plus the answer, at least {@link #MIN_CONTEXT_WINDOW}. Powers of two keep the number of distinct
     * windows, each of which makes Ollama reload the model, small.
     */
    int contextWindow(LlmRequest request) {
        if (settings.contextWindow().isPresent()) {
            return settings.contextWindow().getAsInt();
        }
        long needed = promptChars(request) / CHARS_PER_TOKEN_HIGH
                + request.maxTokens().orElse(DEFAULT_ANSWER_TOKENS)
                + 64;
        long window = MIN_CONTEXT_WINDOW;
        while (window < needed && window < (1 << 30)) {
            window <<= 1;
        }
        return (int) window;
    }

    /** A prompt_eval_count under half the prompt's smallest plausible token count means Ollama dropped its start. */
    @Override
    public boolean promptTruncated(LlmRequest request, long promptTokens) {
        return promptTokens > 0 && promptTokens < promptChars(request) / CHARS_PER_TOKEN_LOW / 2;
    }

    private static long promptChars(LlmRequest request) {
        long chars = request.system().map(String::length).orElse(0);
        for (var m : request.messages()) {
            chars += m.content().length();
        }
        return chars;
    }

    Settings settings() {
        return settings;
    }

    @Override
    public ByteString chatBody(LlmRequest request, Mode mode, boolean stream) {
        JsonBody body = new JsonBody().name("model").value(settings.model());
        WireJson.messages(body, request);
        body.name("stream").value(stream);
        if (mode == Mode.SCHEMA) {
            body.name("format")
                    .raw(StructuredOutput.schema(request.responseFormat())
                            .orElseThrow()
                            .schema());
        } else if (mode == Mode.JSON) {
            body.name("format").value("json");
        }
        OptionalDouble temperature = request.temperature().isPresent() ? request.temperature() : settings.temperature();
        // Always a window: Ollama's default (often 2048 or 4096) silently drops the start of a longer prompt.
        body.name("options").beginObject();
        if (temperature.isPresent()) {
            body.name("temperature").value(temperature.getAsDouble());
        }
        if (request.maxTokens().isPresent()) {
            body.name("num_predict").value(request.maxTokens().getAsInt());
        }
        body.name("num_ctx").value(contextWindow(request));
        body.endObject();
        if (settings.keepAlive().isPresent()) {
            Duration keepAlive = settings.keepAlive().get();
            if (keepAlive.isNegative()) {
                body.name("keep_alive").value(-1);
            } else if (keepAlive.isZero()) {
                body.name("keep_alive").value(0);
            } else {
                body.name("keep_alive")
                        .value(
                                keepAlive.toMillis() % 1000 == 0
                                        ? keepAlive.getSeconds() + "s"
                                        : keepAlive.toMillis() + "ms");
            }
        }
        return body.toByteString();
    }

    /**
     * Reads one chat object: the whole answer when not streamed, one line when streamed. Unknown fields are skipped
     * and every metric is optional; {@code finished} is the object's {@code done}, {@code error} Ollama's way to fail
     * (also inside a 200 stream), and the token counts are 0 when absent (a prompt from the cache has none).
     */
    static ChatProtocol.Reply readChunk(JsonReader r) throws IOException {
        String content = "";
        String thinking = "";
        boolean done = false;
        Optional<String> doneReason = Optional.empty();
        Optional<String> model = Optional.empty();
        long promptTokens = 0;
        long outputTokens = 0;
        Optional<String> error = Optional.empty();
        r.beginObject();
        while (r.hasNext()) {
            // Options match names on their bytes: no String per name, which matters at ~100 us a call.
            switch (r.selectName(CHUNK_FIELDS)) {
                case 0 -> {
                    WireJson.MessageText message = WireJson.message(r);
                    content = message.content();
                    thinking = message.reasoning();
                }
                case 1 -> done = r.peek() == JsonReader.Token.BOOLEAN ? r.nextBoolean() : skip(r, false);
                case 2 -> doneReason = WireJson.string(r);
                case 3 -> model = WireJson.string(r);
                case 4 -> promptTokens = WireJson.count(r);
                case 5 -> outputTokens = WireJson.count(r);
                case 6 -> error = Optional.of(WireJson.error(r));
                default -> {
                    r.skipName();
                    r.skipValue();
                }
            }
        }
        r.endObject();
        return new ChatProtocol.Reply(content, done, doneReason, model, promptTokens, outputTokens, error, thinking);
    }

    @Override
    public ChatProtocol.Reply readWhole(BufferedSource body) throws IOException {
        ChatProtocol.Reply whole = readChunk(JsonReader.of(body));
        return ended(whole, whole.text(), whole.reasoning());
    }

    @Override
    public ChatProtocol.Reply readStream(BufferedSource body, StringBuilder text, Consumer<String> onText)
            throws IOException {
        StringBuilder thinking = new StringBuilder();
        for (String line = body.readUtf8Line(); line != null; line = body.readUtf8Line()) {
            if (line.isBlank()) {
                continue;
            }
            ChatProtocol.Reply chunk = readChunk(JsonReader.of(new Buffer().writeUtf8(line)));
            // An error line has no "done": check it first, or the client would wait for an end that never comes.
            if (chunk.error().isPresent()) {
                return ended(chunk, "", thinking.toString());
            }
            if (!chunk.text().isEmpty()) {
                text.append(chunk.text());
                onText.accept(chunk.text());
            }
            thinking.append(chunk.reasoning());
            if (chunk.finished()) {
                return ended(chunk, "", thinking.toString());
            }
        }
        return new ChatProtocol.Reply(
                "", false, Optional.empty(), Optional.empty(), 0, 0, Optional.empty(), thinking.toString());
    }

    /** Returns {@code last} as the answer's end, with {@code text} and {@code reasoning} in place of its own. */
    private static ChatProtocol.Reply ended(ChatProtocol.Reply last, String text, String reasoning) {
        return new ChatProtocol.Reply(
                text,
                true,
                last.finishReason(),
                last.model(),
                last.promptTokens(),
                last.completionTokens(),
                last.error(),
                reasoning);
    }

    @Override
    public List<String> readModels(JsonReader reader) throws IOException {
        return WireJson.names(reader, "models", "name");
    }

    @Override
    public String endMarker() {
        return "its final object (\"done\": true)";
    }

    private static <T> T skip(JsonReader r, T value) throws IOException {
        r.skipValue();
        return value;
    }
}
