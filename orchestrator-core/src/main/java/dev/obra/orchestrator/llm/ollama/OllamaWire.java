package dev.obra.orchestrator.llm.ollama;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.obra.orchestrator.internal.ErrorBodies;
import dev.obra.orchestrator.internal.StructuredOutput;
import dev.obra.orchestrator.internal.StructuredOutput.Mode;
import dev.obra.orchestrator.llm.LlmMessage;
import dev.obra.orchestrator.llm.LlmRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import okio.Buffer;
import okio.BufferedSink;
import okio.ByteString;

/** Ollama's native wire format ({@code /api/chat}, {@code /api/tags}), written and read with Moshi's streams. */
final class OllamaWire {

    private OllamaWire() {
    }

    /** What the client adds to every request. */
    record Settings(String model, OptionalDouble temperature, Optional<Duration> keepAlive,
            OptionalInt contextWindow) {
    }

    /**
     * One object of a chat answer: the whole answer when not streamed, one line when streamed.
     *
     * @param content      this object's piece of the answer
     * @param done         whether this is the last object
     * @param doneReason   why generation stopped, on the last object
     * @param model        the model that answered, when the object says
     * @param promptTokens {@code prompt_eval_count}, 0 when absent (the prompt came from the cache)
     * @param outputTokens {@code eval_count}, 0 when absent
     * @param error        the {@code error} field: Ollama's way to fail, also inside a 200 stream
     */
    record Chunk(String content, boolean done, Optional<String> doneReason, Optional<String> model,
            long promptTokens, long outputTokens, Optional<String> error) {
    }

    static ByteString chatBody(Settings settings, LlmRequest request, Mode mode, boolean stream) {
        Buffer buffer = new Buffer();
        try (JsonWriter w = JsonWriter.of(buffer)) {
            w.beginObject();
            w.name("model").value(settings.model());
            w.name("messages").beginArray();
            if (request.system().isPresent()) {
                message(w, "system", request.system().get());
            }
            for (LlmMessage m : request.messages()) {
                message(w, m.role() == LlmMessage.Role.USER ? "user" : "assistant", m.content());
            }
            w.endArray();
            w.name("stream").value(stream);
            if (mode == Mode.SCHEMA) {
                w.name("format");
                try (BufferedSink sink = w.valueSink()) {
                    sink.writeUtf8(StructuredOutput.schema(request.responseFormat()).orElseThrow().schema().strip());
                }
            } else if (mode == Mode.JSON) {
                w.name("format").value("json");
            }
            OptionalDouble temperature = request.temperature().isPresent() ? request.temperature()
                    : settings.temperature();
            if (temperature.isPresent() || request.maxTokens().isPresent() || settings.contextWindow().isPresent()) {
                w.name("options").beginObject();
                if (temperature.isPresent()) {
                    w.name("temperature").value(temperature.getAsDouble());
                }
                if (request.maxTokens().isPresent()) {
                    w.name("num_predict").value(request.maxTokens().getAsInt());
                }
                if (settings.contextWindow().isPresent()) {
                    w.name("num_ctx").value(settings.contextWindow().getAsInt());
                }
                w.endObject();
            }
            if (settings.keepAlive().isPresent()) {
                Duration keepAlive = settings.keepAlive().get();
                if (keepAlive.isNegative()) {
                    w.name("keep_alive").value(-1);
                } else if (keepAlive.isZero()) {
                    w.name("keep_alive").value(0);
                } else {
                    w.name("keep_alive").value(keepAlive.toMillis() % 1000 == 0 ? keepAlive.getSeconds() + "s"
                            : keepAlive.toMillis() + "ms");
                }
            }
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a memory buffer failed", e);
        }
        return buffer.readByteString();
    }

    private static void message(JsonWriter w, String role, String content) throws IOException {
        w.beginObject().name("role").value(role).name("content").value(content).endObject();
    }

    /** Reads one chat object; unknown fields are skipped and every metric is optional. */
    static Chunk readChunk(JsonReader r) throws IOException {
        String content = "";
        boolean done = false;
        Optional<String> doneReason = Optional.empty();
        Optional<String> model = Optional.empty();
        long promptTokens = 0;
        long outputTokens = 0;
        Optional<String> error = Optional.empty();
        r.beginObject();
        while (r.hasNext()) {
            switch (r.nextName()) {
                case "message":
                    if (r.peek() == JsonReader.Token.BEGIN_OBJECT) {
                        r.beginObject();
                        while (r.hasNext()) {
                            if (r.nextName().equals("content") && r.peek() == JsonReader.Token.STRING) {
                                content = r.nextString();
                            } else {
                                r.skipValue();
                            }
                        }
                        r.endObject();
                    } else {
                        r.skipValue();
                    }
                    break;
                case "done":
                    done = r.peek() == JsonReader.Token.BOOLEAN ? r.nextBoolean() : skip(r, false);
                    break;
                case "done_reason":
                    doneReason = string(r);
                    break;
                case "model":
                    model = string(r);
                    break;
                case "prompt_eval_count":
                    promptTokens = count(r);
                    break;
                case "eval_count":
                    outputTokens = count(r);
                    break;
                case "error":
                    Object value = r.readJsonValue();
                    error = Optional.of(value instanceof String ? (String) value
                            : String.valueOf(ErrorBodies.fromObject(Map.of("error", value == null ? "" : value))));
                    break;
                default:
                    r.skipValue();
            }
        }
        r.endObject();
        return new Chunk(content, done, doneReason, model, promptTokens, outputTokens, error);
    }

    /** Reads {@code /api/tags}: the names of the models the server has. */
    static List<String> readTags(JsonReader r) throws IOException {
        List<String> names = new ArrayList<>();
        r.beginObject();
        while (r.hasNext()) {
            if (r.nextName().equals("models") && r.peek() == JsonReader.Token.BEGIN_ARRAY) {
                r.beginArray();
                while (r.hasNext()) {
                    r.beginObject();
                    while (r.hasNext()) {
                        if (r.nextName().equals("name") && r.peek() == JsonReader.Token.STRING) {
                            names.add(r.nextString());
                        } else {
                            r.skipValue();
                        }
                    }
                    r.endObject();
                }
                r.endArray();
            } else {
                r.skipValue();
            }
        }
        r.endObject();
        return names;
    }

    private static Optional<String> string(JsonReader r) throws IOException {
        return r.peek() == JsonReader.Token.STRING ? Optional.of(r.nextString()) : skip(r, Optional.empty());
    }

    private static long count(JsonReader r) throws IOException {
        if (r.peek() != JsonReader.Token.NUMBER) {
            return skip(r, 0L);
        }
        double value = r.nextDouble();
        return value >= 0 && value < Long.MAX_VALUE ? (long) value : 0;
    }

    private static <T> T skip(JsonReader r, T value) throws IOException {
        r.skipValue();
        return value;
    }
}
