package dev.obra.orchestrator.internal.llm;

import static java.util.Objects.requireNonNull;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.obra.orchestrator.internal.llm.LlmHttp.Deadline;
import dev.obra.orchestrator.internal.llm.LlmHttp.Exchange;
import dev.obra.orchestrator.internal.llm.StructuredOutput.Mode;
import dev.obra.orchestrator.llm.LlmException;
import dev.obra.orchestrator.llm.LlmException.Kind;
import dev.obra.orchestrator.llm.LlmRequest;
import dev.obra.orchestrator.llm.LlmResponse;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okio.BufferedSource;

/**
 * What both chat clients do around their wire format: structured-output fallback, sending with retries, reading a
 * whole or streamed answer, turning errors inside a 200 and {@code length} answers into exceptions, and naming the
 * server's models when the model is missing. Thread-safe.
 */
public final class ChatProtocol implements AutoCloseable {

    /** One server's wire format. Implementations are stateless. */
    public interface Wire {
        /**
         * Returns the JSON body of a chat request.
         *
         * @param request the request
         * @param mode the mode
         * @param stream the stream
         * @return the JSON body of a chat request
         */
        okio.ByteString chatBody(LlmRequest request, Mode mode, boolean stream);

        /**
         * Reads a whole (non-streamed) answer.
         *
         * @param body the body
         * @return the reply
         * @throws IOException when the JSON or the body cannot be read or written
         */
        Reply readWhole(BufferedSource body) throws IOException;

        /**
         * Reads a streamed answer, handing each piece to {@code onText} and appending it to {@code text}, until
         * the stream's end marker, an error, or the end of the body.
         *
         * @param body the body
         * @param text the text
         * @param onText called with each piece of text as it arrives
         * @return the reply
         * @throws IOException when the JSON or the body cannot be read or written
         */
        Reply readStream(BufferedSource body, StringBuilder text, Consumer<String> onText) throws IOException;

        /**
         * Reads the model list.
         *
         * @param reader the reader
         * @return the list
         * @throws IOException when the JSON or the body cannot be read or written
         */
        List<String> readModels(JsonReader reader) throws IOException;

        /**
         * Names the stream's end marker, for the message when a stream ends without it.
         *
         * @return the end marker
         */
        String endMarker();

        /**
         * Returns whether the server evidently read only part of {@code request}'s prompt, given the prompt tokens
         * it reported; by default the wire cannot tell.
         *
         * @param request the request whose prompt was sent
         * @param promptTokens the prompt tokens the server reported having read
         * @return true when the server evidently cut the prompt; false when it did not or the wire cannot tell
         */
        default boolean promptTruncated(LlmRequest request, long promptTokens) {
            return false;
        }
    }

    /**
     * What a wire format read.
     *
     * @param text             the whole answer; empty for a stream, whose pieces the wire appended as they came
     * @param finished         whether the answer ended properly (a stream reached its end marker)
     * @param finishReason     why generation stopped, as the server said
     * @param model            the model that answered, when the server said
     * @param promptTokens     input tokens, 0 when the server did not say
     * @param completionTokens output tokens, 0 when the server did not say
     * @param error            an error the server reported inside a 200 answer
     * @param reasoning        the reasoning trace sent apart from the answer, whole or streamed, or ""
     */
    public record Reply(
            String text,
            boolean finished,
            Optional<String> finishReason,
            Optional<String> model,
            long promptTokens,
            long completionTokens,
            Optional<String> error,
            String reasoning) {}

    private final LlmHttp http;
    private final Wire wire;
    private final StructuredOutput structured;
    private final HttpUrl chatUrl;
    private final HttpUrl modelsUrl;
    private final HttpUrl probeUrl;
    private final String missingModelHint;

    /**
     * @param http the http
     * @param wire the wire
     * @param chatPath the chat path
     * @param modelsPath the models path
     * @param probePath the probe path
     * @param missingModelHint added after the list of models when the model is missing, e.g. how to pull it
     */
    public ChatProtocol(
            LlmHttp http, Wire wire, String chatPath, String modelsPath, String probePath, String missingModelHint) {
        this.http = requireNonNull(http, "http");
        this.wire = requireNonNull(wire, "wire");
        this.structured = new StructuredOutput(http.describe());
        this.chatUrl = http.url(chatPath);
        this.modelsUrl = http.url(modelsPath);
        this.probeUrl = http.url(probePath);
        this.missingModelHint = requireNonNull(missingModelHint, "missingModelHint");
    }

    /**
     * Returns the HTTP engine, for {@code toBuilder()} and messages.
     *
     * @return the HTTP engine, for {@code toBuilder()} and messages
     */
    public LlmHttp http() {
        return http;
    }

    /**
     * Sends a chat request; streams it when {@code onText} is present.
     *
     * @param request the request
     * @param onText called with each piece of text as it arrives
     * @return the llm response
     */
    public LlmResponse chat(LlmRequest request, Optional<Consumer<String>> onText) {
        requireNonNull(request, "request");
        Deadline deadline = http.deadline();
        try {
            return structured.send(request, (r, mode) -> exchange(r, mode, onText, deadline));
        } catch (HttpStatusException e) {
            if (e.kind() != Kind.MODEL_NOT_FOUND) {
                throw e;
            }
            throw withAvailableModels(e, deadline);
        }
    }

    /**
     * Returns whether the probe URL answers 2xx now.
     *
     * @return whether the probe URL answers 2xx now
     */
    public boolean isAvailable() {
        return http.probe(probeUrl);
    }

    /**
     * Returns whether {@code GET healthPath} answers 503, as llama-server's {@code /health} does while it loads its
     * model (its {@code /v1/models} answers 200 by then); a server without that path is not loading.
     *
     * @param healthPath the health endpoint, relative to the base URL
     * @return true only when the server answered 503 there
     */
    public boolean isLoading(String healthPath) {
        return http.probeStatus(http.url(requireNonNull(healthPath, "healthPath")))
                .equals(OptionalInt.of(503));
    }

    /**
     * Returns the models the server offers.
     *
     * @return the names of the models the server lists, in its order
     */
    public List<String> listModels() {
        return listModels(http.deadline());
    }

    @Override
    public void close() {
        http.close();
    }

    private LlmResponse exchange(LlmRequest request, Mode mode, Optional<Consumer<String>> onText, Deadline deadline) {
        try (Exchange exchange =
                http.send(http.post(chatUrl, wire.chatBody(request, mode, onText.isPresent())), deadline)) {
            StringBuilder text = onText.isPresent() ? new StringBuilder() : null;
            Reply reply;
            try {
                reply = text != null
                        ? wire.readStream(exchange.body(), text, onText.get())
                        : wire.readWhole(exchange.body());
            } catch (JsonEncodingException | JsonDataException | EOFException e) {
                // Moshi's EOFException means the body ended cleanly inside the JSON; a broken connection is a
                // ProtocolException from OkHttp.
                throw malformed(exchange, e);
            } catch (IOException e) {
                throw exchange.failure(e);
            }
            String answer = text != null ? text.toString() : reply.text();
            if (reply.error().isPresent()) {
                throw new LlmException(
                        Kind.SERVER_ERROR,
                        http.describe() + ": the server reported an error"
                                + (answer.isEmpty() ? "" : " after " + answer.length() + " characters of the answer")
                                + ": " + reply.error().get());
            }
            if (!reply.finished()) {
                throw new LlmException(
                        Kind.MALFORMED_RESPONSE,
                        http.describe() + ": the answer to "
                                + exchange.what() + " ended without " + wire.endMarker() + " after " + answer.length()
                                + " characters");
            }
            Optional<LlmException> cut = reply.finishReason().flatMap(reason -> cutShort(reason, reply, answer));
            if (cut.isPresent()) {
                throw cut.get();
            }
            return new LlmResponse(
                    answer,
                    reply.model().orElse(http.model()),
                    reply.finishReason().orElse(""),
                    reply.promptTokens(),
                    reply.completionTokens(),
                    deadline.elapsed(),
                    reply.reasoning(),
                    wire.promptTruncated(request, reply.promptTokens()));
        }
    }

    /**
     * Returns the failure for an answer whose finish reason says it stopped early: {@code length} at the token limit,
     * or {@code abort}, with which vLLM ends a request its engine aborted (preempted, shut down), so that the text is
     * only a part. The message names the reason, the tokens and characters so far; the token counts are kept.
     */
    private Optional<LlmException> cutShort(String reason, Reply reply, String answer) {
        Kind kind;
        String what;
        String advice;
        switch (reason) {
            case "length" -> {
                kind = Kind.TRUNCATED;
                what = "the answer was cut off at the token limit";
                advice = "raise maxTokens or ask for a shorter answer";
            }
            case "abort" -> {
                kind = Kind.SERVER_ERROR;
                what = "the server aborted the answer";
                advice = "the partial answer is not used";
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new LlmException(
                kind,
                http.describe() + ": " + what + " (finish reason \"" + reason + "\" after " + reply.completionTokens()
                        + " tokens, " + answer.length() + " characters); " + advice,
                -1,
                null,
                reply.promptTokens(),
                reply.completionTokens()));
    }

    private LlmException malformed(Exchange exchange, Exception e) {
        return new LlmException(
                Kind.MALFORMED_RESPONSE,
                http.describe() + ": the answer to " + exchange.what() + " is not the JSON this server sends: "
                        + e.getMessage(),
                e);
    }

    private List<String> listModels(Deadline deadline) {
        try (Exchange exchange = http.send(http.get(modelsUrl), deadline)) {
            try {
                return List.copyOf(wire.readModels(JsonReader.of(exchange.body())));
            } catch (JsonEncodingException | JsonDataException | EOFException e) {
                throw malformed(exchange, e);
            } catch (IOException e) {
                throw exchange.failure(e);
            }
        }
    }

    private HttpStatusException withAvailableModels(HttpStatusException e, Deadline deadline) {
        try {
            List<String> models = listModels(deadline);
            return e.withNote(
                    models.isEmpty()
                            ? ". The server has no models; " + missingModelHint
                            : ". The server has: " + String.join(", ", models) + "; " + missingModelHint);
        } catch (LlmException listFailure) {
            e.addSuppressed(listFailure);
            return e;
        }
    }
}
