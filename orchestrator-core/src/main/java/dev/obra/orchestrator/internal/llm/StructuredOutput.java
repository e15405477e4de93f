package dev.obra.orchestrator.internal.llm;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.llm.LlmException;
import dev.obra.orchestrator.llm.LlmRequest;
import dev.obra.orchestrator.llm.ResponseFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which structured-output mode a server accepts, learnt from its 400s and kept for the client's lifetime. A request
 * for a JSON schema is sent as a schema; when the server rejects that, as JSON mode with the schema in the system
 * prompt; when it rejects that too, as plain text with the instruction in the prompt. Thread-safe.
 */
public final class StructuredOutput {
    private static final Logger log = LoggerFactory.getLogger(StructuredOutput.class);

    /** How a format is sent, strongest first. */
    public enum Mode {
        /** A JSON schema the server enforces. */
        SCHEMA,
        /** JSON mode: any JSON, the schema in the prompt. */
        JSON,
        /** Nothing: the prompt asks for JSON. */
        NONE
    }

    /** One way to send a request, which may fail with a rejection of its mode. */
    @FunctionalInterface
    public interface Attempt<T> {
        /**
         * Returns the send.
         *
         * @param request the request
         * @param mode the mode
         * @return the send
         */
        T send(LlmRequest request, Mode mode);
    }

    private final String describe;
    private final AtomicBoolean schemaRejected = new AtomicBoolean();
    private final AtomicBoolean jsonRejected = new AtomicBoolean();

    /** @param describe names the server and model in log lines */
    public StructuredOutput(String describe) {
        this.describe = requireNonNull(describe, "describe");
    }

    /**
     * Sends {@code request} in the strongest mode the server has not rejected, and steps down one mode each time
     * the server answers 400 (or 422, or the 500 of an older llama.cpp naming {@code response_format}) about the
     * format. Every step down is remembered.
     *
     * @param <T> what a successful send returns
     * @param request the request to send, whose response format decides the strongest mode
     * @param attempt sends the request in one mode; called again with a weaker mode after each rejection
     * @return what the first attempt the server accepted returned
     */
    public <T> T send(LlmRequest request, Attempt<T> attempt) {
        requireNonNull(request, "request");
        requireNonNull(attempt, "attempt");
        Optional<HttpStatusException> stepDown = Optional.empty();
        AtomicBoolean stepped = null;
        while (true) {
            Mode mode = modeFor(request.responseFormat());
            try {
                return attempt.send(withInstruction(request, mode), mode);
            } catch (HttpStatusException e) {
                if (stepDown.isPresent() && stepDown.get().serverMessage().equals(e.serverMessage())) {
                    // The weaker mode fails the same way: the format was not the problem, so forget the step.
                    stepped.set(false);
                    throw e;
                }
                if (mode == Mode.NONE || !rejectsFormat(e)) {
                    throw e;
                }
                stepped = mode == Mode.SCHEMA ? schemaRejected : jsonRejected;
                stepped.set(true);
                stepDown = Optional.of(e);
                log.warn(
                        "{} rejected {} output ({}); using {} from now on",
                        describe,
                        name(mode),
                        ErrorBodies.clip(e.serverMessage()),
                        name(modeFor(request.responseFormat())));
            }
        }
    }

    /**
     * Returns the mode {@code format} is sent in now.
     *
     * @param format the format
     * @return the mode {@code format} is sent in now
     */
    public Mode modeFor(ResponseFormat format) {
        if (format instanceof ResponseFormat.Text) {
            return Mode.NONE;
        }
        if (format instanceof ResponseFormat.JsonSchema && !schemaRejected.get()) {
            return Mode.SCHEMA;
        }
        return jsonRejected.get() ? Mode.NONE : Mode.JSON;
    }

    /**
     * Returns the schema of {@code format}, if it has one.
     *
     * @param format the format
     * @return the schema of {@code format}, if it has one
     */
    public static Optional<ResponseFormat.JsonSchema> schema(ResponseFormat format) {
        return format instanceof ResponseFormat.JsonSchema jsonSchema ? Optional.of(jsonSchema) : Optional.empty();
    }

    private static boolean rejectsFormat(HttpStatusException e) {
        boolean rejected = e.status() == 400
                || e.status() == 422
                || e.status() == 500 && e.kind() == LlmException.Kind.BAD_REQUEST; // older llama.cpp says 500
        if (!rejected) {
            return false;
        }
        String message = e.serverMessage().toLowerCase(Locale.ROOT);
        return message.contains("format") || message.contains("schema") || message.contains("json_object");
    }

    /** Adds the instruction the server's enforcement no longer gives, to the end of the system prompt. */
    private static LlmRequest withInstruction(LlmRequest request, Mode mode) {
        ResponseFormat format = request.responseFormat();
        String instruction;
        if (format instanceof ResponseFormat.JsonSchema jsonSchema && mode != Mode.SCHEMA) {
            instruction = "Reply with only one JSON object that follows this JSON Schema:\n" + jsonSchema.schema();
        } else if (format instanceof ResponseFormat.Json && mode == Mode.NONE) {
            instruction = "Reply with only JSON.";
        } else {
            return request;
        }
        return request.withSystem(request.system().map(s -> s + "\n\n").orElse("") + instruction);
    }

    private static String name(Mode mode) {
        return mode == Mode.SCHEMA ? "JSON-schema" : mode == Mode.JSON ? "JSON-mode" : "prompt-only JSON";
    }
}
