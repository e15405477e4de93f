package dev.obra.orchestrator.internal.llm;

import com.squareup.moshi.JsonReader;
import dev.obra.orchestrator.llm.LlmMessage;
import dev.obra.orchestrator.llm.LlmRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What both wire formats share: the {@code messages} array, and tolerant field readers for which a field of an
 * unexpected type is skipped, not an error.
 */
public final class WireJson {
    private static final JsonReader.Options MESSAGE_FIELDS =
            JsonReader.Options.of("content", "thinking", "reasoning_content", "reasoning");

    private WireJson() {}

    /**
     * Returns the string value, or empty (and skips the value) when it is not a string.
     *
     * @param r the reader, positioned at the value
     * @return the string value, or empty (and skips the value) when it is not a string
     * @throws IOException when the JSON or the body cannot be read or written
     */
    public static Optional<String> string(JsonReader r) throws IOException {
        if (r.peek() == JsonReader.Token.STRING) {
            return Optional.of(r.nextString());
        }
        r.skipValue();
        return Optional.empty();
    }

    /**
     * Returns a token count, or 0 (and skips the value) when it is not a non-negative number.
     *
     * @param r the reader, positioned at the value
     * @return a token count, or 0 (and skips the value) when it is not a non-negative number
     * @throws IOException when the JSON or the body cannot be read or written
     */
    public static long count(JsonReader r) throws IOException {
        if (r.peek() != JsonReader.Token.NUMBER) {
            r.skipValue();
            return 0;
        }
        double value = r.nextDouble();
        return value >= 0 && value < Long.MAX_VALUE ? (long) value : 0;
    }

    /**
     * A message object's text: its answer and, apart from it, the reasoning trace some servers send.
     *
     * @param content   the {@code content} string, or ""
     * @param reasoning {@code thinking} (Ollama), {@code reasoning_content} (llama.cpp, DeepSeek) or
     *                  {@code reasoning} (Ollama's {@code /v1}), or ""
     */
    public record MessageText(String content, String reasoning) {
        /** No text. */
        public static final MessageText EMPTY = new MessageText("", "");
    }

    /**
     * Returns the text of a message object ({@code message} or {@code delta}); a non-object has none.
     *
     * @param r a reader positioned at the message value
     * @return the message's content and reasoning, or {@link MessageText#EMPTY} (and skips the value) for a
     *         non-object
     * @throws IOException when the JSON or the body cannot be read or written
     */
    public static MessageText message(JsonReader r) throws IOException {
        if (r.peek() != JsonReader.Token.BEGIN_OBJECT) {
            r.skipValue();
            return MessageText.EMPTY;
        }
        String content = "";
        String reasoning = "";
        r.beginObject();
        while (r.hasNext()) {
            int field = r.selectName(MESSAGE_FIELDS);
            if (field == 0) {
                content = string(r).orElse("");
            } else if (field > 0) {
                String trace = string(r).orElse("");
                reasoning = trace.isEmpty() ? reasoning : trace;
            } else {
                r.skipName();
                r.skipValue();
            }
        }
        r.endObject();
        return content.isEmpty() && reasoning.isEmpty() ? MessageText.EMPTY : new MessageText(content, reasoning);
    }

    /**
     * Reads {@code {"<list>": [{"<name>": "..."}, ...]}}, the shape of Ollama's {@code /api/tags} ({@code models},
     * {@code name}) and of {@code /v1/models} ({@code data}, {@code id}), and returns the names.
     *
     * @param r the reader, positioned at the value
     * @param list the list
     * @param name the name
     * @return the list
     * @throws IOException when the JSON or the body cannot be read or written
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

    /**
     * Writes {@code "messages": [...]}: the system prompt first, then the conversation.
     *
     * @param body the body
     * @param request the request
     */
    public static void messages(JsonBody body, LlmRequest request) {
        body.name("messages").beginArray();
        if (request.system().isPresent()) {
            message(body, "system", request.system().get());
        }
        for (LlmMessage m : request.messages()) {
            message(body, m.role() == LlmMessage.Role.USER ? "user" : "assistant", m.content());
        }
        body.endArray();
    }

    private static void message(JsonBody body, String role, String content) {
        body.beginObject()
                .name("role")
                .value(role)
                .name("content")
                .value(content)
                .endObject();
    }

    /**
     * Reads an {@code error} field's value, a string or an object with a message, and returns the message.
     *
     * @param r the reader, positioned at the value
     * @return the error
     * @throws IOException when the JSON or the body cannot be read or written
     */
    public static String error(JsonReader r) throws IOException {
        Object value = r.readJsonValue();
        if (value instanceof String text) {
            return text;
        }
        String message = value == null ? null : ErrorBodies.fromObject(Map.of("error", value));
        return message == null ? "an error without a message" : message;
    }
}
