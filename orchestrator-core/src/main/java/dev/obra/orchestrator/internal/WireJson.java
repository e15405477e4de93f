package dev.obra.orchestrator.internal;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.obra.orchestrator.llm.LlmMessage;
import dev.obra.orchestrator.llm.LlmRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okio.Buffer;
import okio.BufferedSink;
import okio.ByteString;

/**
 * What both wire formats share: the {@code messages} array, and tolerant field readers for which a field of an
 * unexpected type is skipped, not an error.
 */
public final class WireJson {
    private WireJson() {
    }

    /** Returns the string value, or empty (and skips the value) when it is not a string. */
    public static Optional<String> string(JsonReader r) throws IOException {
        if (r.peek() == JsonReader.Token.STRING) {
            return Optional.of(r.nextString());
        }
        r.skipValue();
        return Optional.empty();
    }

    /** Returns a token count, or 0 (and skips the value) when it is not a non-negative number. */
    public static long count(JsonReader r) throws IOException {
        if (r.peek() != JsonReader.Token.NUMBER) {
            r.skipValue();
            return 0;
        }
        double value = r.nextDouble();
        return value >= 0 && value < Long.MAX_VALUE ? (long) value : 0;
    }

    /** Returns the {@code content} string of a message object ({@code message} or {@code delta}), or "". */
    public static String content(JsonReader r) throws IOException {
        if (r.peek() != JsonReader.Token.BEGIN_OBJECT) {
            r.skipValue();
            return "";
        }
        String content = "";
        r.beginObject();
        while (r.hasNext()) {
            if (r.nextName().equals("content") && r.peek() == JsonReader.Token.STRING) {
                content = r.nextString();
            } else {
                r.skipValue();
            }
        }
        r.endObject();
        return content;
    }

    /**
     * Reads {@code {"<list>": [{"<name>": "..."}, ...]}}, the shape of Ollama's {@code /api/tags} ({@code models},
     * {@code name}) and of {@code /v1/models} ({@code data}, {@code id}), and returns the names.
     */
    public static List<String> names(JsonReader r, String list, String name) throws IOException {
        List<String> names = new ArrayList<>();
        r.beginObject();
        while (r.hasNext()) {
            if (!r.nextName().equals(list) || r.peek() != JsonReader.Token.BEGIN_ARRAY) {
                r.skipValue();
                continue;
            }
            r.beginArray();
            while (r.hasNext()) {
                r.beginObject();
                while (r.hasNext()) {
                    if (r.nextName().equals(name) && r.peek() == JsonReader.Token.STRING) {
                        names.add(r.nextString());
                    } else {
                        r.skipValue();
                    }
                }
                r.endObject();
            }
            r.endArray();
        }
        r.endObject();
        return names;
    }

    /** Writes the fields of one JSON object. */
    @FunctionalInterface
    public interface Fields {
        void write(JsonWriter w) throws IOException;
    }

    /** Returns the bytes of a JSON object with the given fields. */
    public static ByteString object(Fields fields) {
        Buffer buffer = new Buffer();
        try (JsonWriter w = JsonWriter.of(buffer)) {
            w.beginObject();
            fields.write(w);
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a memory buffer failed", e);
        }
        return buffer.readByteString();
    }

    /** Writes {@code "name": <json>} with {@code json} copied as it is, such as a JSON Schema the caller gave. */
    public static void raw(JsonWriter w, String name, String json) throws IOException {
        w.name(name);
        try (BufferedSink sink = w.valueSink()) {
            sink.writeUtf8(json.strip());
        }
    }

    /** Writes {@code "messages": [...]}: the system prompt first, then the conversation. */
    public static void messages(JsonWriter w, LlmRequest request) throws IOException {
        w.name("messages").beginArray();
        if (request.system().isPresent()) {
            message(w, "system", request.system().get());
        }
        for (LlmMessage m : request.messages()) {
            message(w, m.role() == LlmMessage.Role.USER ? "user" : "assistant", m.content());
        }
        w.endArray();
    }

    private static void message(JsonWriter w, String role, String content) throws IOException {
        w.beginObject().name("role").value(role).name("content").value(content).endObject();
    }

    /** Reads an {@code error} field's value, a string or an object with a message, and returns the message. */
    public static String error(JsonReader r) throws IOException {
        Object value = r.readJsonValue();
        if (value instanceof String) {
            return (String) value;
        }
        String message = value == null ? null : ErrorBodies.fromObject(Map.of("error", value));
        return message == null ? "an error without a message" : message;
    }
}
