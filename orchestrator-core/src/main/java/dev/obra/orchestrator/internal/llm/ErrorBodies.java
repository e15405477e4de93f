package dev.obra.orchestrator.internal.llm;

import com.squareup.moshi.JsonReader;
import dev.obra.orchestrator.internal.text.Texts;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * Reads the server's own message out of an error body, whatever its shape: {@code {"error":"text"}} (Ollama, LM
 * Studio), {@code {"error":{"message":...}}} (OpenAI, llama.cpp, Ollama /v1), {@code {"object":"error",
 * "message":...}} (older vLLM), {@code {"detail":...}} (FastAPI), or plain text. Thread-safe.
 */
public final class ErrorBodies {
    static final int MAX_MESSAGE_CHARS = 500;

    private ErrorBodies() {}

    /**
     * Returns the message in {@code body}, or {@code fallback} when the body says nothing.
     *
     * @param body the body
     * @param fallback the fallback
     * @return the message in {@code body}, or {@code fallback} when the body says nothing
     */
    public static String message(String body, String fallback) {
        String text = body.strip();
        if (text.isEmpty()) {
            return fallback;
        }
        if (text.startsWith("{")) {
            try {
                Object value = JsonReader.of(new Buffer().writeUtf8(text)).readJsonValue();
                if (value instanceof Map<?, ?> map) {
                    String found = fromObject(map);
                    if (found != null && !found.isBlank()) {
                        return clip(found.strip());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Not JSON after all: the text itself is the best message there is.
                return clip(text);
            }
        }
        return clip(text);
    }

    /**
     * Returns {@code message} from an already parsed JSON object, when it has one of the known error shapes.
     *
     * @param object the object
     * @return {@code message} from an already parsed JSON object, when it has one of the known error shapes
     */
    public static String fromObject(Map<?, ?> object) {
        Object error = object.get("error");
        if (error instanceof String text) {
            return text;
        }
        if (error instanceof Map<?, ?> map) {
            Object message = map.get("message");
            return message == null ? String.valueOf(error) : String.valueOf(message);
        }
        Object message = object.get("message");
        if (message instanceof String text) {
            return text;
        }
        Object detail = object.get("detail");
        if (detail instanceof String text) {
            return text;
        }
        if (detail instanceof List<?> list && !list.isEmpty()) {
            Object first = list.get(0);
            return first instanceof Map<?, ?> map && map.get("msg") != null
                    ? String.valueOf(map.get("msg"))
                    : String.valueOf(first);
        }
        return null;
    }

    /** Returns {@code text} on one line of at most {@link #MAX_MESSAGE_CHARS} characters. */
    static String clip(String text) {
        return Texts.oneLine(text, MAX_MESSAGE_CHARS);
    }
}
