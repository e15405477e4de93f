package dev.obra.orchestrator.llm.openai;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.obra.orchestrator.internal.llm.ChatProtocol;
import dev.obra.orchestrator.internal.llm.ErrorBodies;
import dev.obra.orchestrator.internal.llm.JsonBody;
import dev.obra.orchestrator.internal.llm.StructuredOutput;
import dev.obra.orchestrator.internal.llm.StructuredOutput.Mode;
import dev.obra.orchestrator.internal.llm.WireJson;
import dev.obra.orchestrator.llm.LlmRequest;
import dev.obra.orchestrator.llm.ResponseFormat;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;

/**
 * The OpenAI chat-completions wire format as llama.cpp's server, vLLM, LM Studio and Ollama's {@code /v1} serve it,
 * written and read with Moshi's streams. Unknown fields ({@code timings}) are
 * skipped; {@code reasoning_content} and {@code reasoning} are kept apart from the answer.
 */
final class OpenAiWire implements ChatProtocol.Wire {
    // Options match names on their bytes: no String per name, which matters at ~100 us a call.
    private static final JsonReader.Options COMPLETION_FIELDS =
            JsonReader.Options.of("choices", "model", "usage", "error", "object", "message");
    private static final JsonReader.Options CHOICE_FIELDS = JsonReader.Options.of("message", "delta", "finish_reason");
    private static final JsonReader.Options USAGE_FIELDS = JsonReader.Options.of("prompt_tokens", "completion_tokens");
    private final String model;
    private final OptionalDouble defaultTemperature;

    OpenAiWire(String model, OptionalDouble defaultTemperature) {
        this.model = model;
        this.defaultTemperature = defaultTemperature;
    }

    /**
     * A whole completion, or one chunk of a streamed one.
     *
     * @param reply   what it says: the text, {@code finish_reason} and reasoning of its first choice
     *                ({@code message} or {@code delta}), the model, {@code usage} (0 when absent) and the server's
     *                message when the object is an error; always finished
     * @param choices how many choices the object had; a usage-only chunk has none
     */
    record Completion(ChatProtocol.Reply reply, int choices) {}

    @Override
    public ByteString chatBody(LlmRequest request, Mode mode, boolean stream) {
        JsonBody body = new JsonBody().name("model").value(model);
        WireJson.messages(body, request);
        OptionalDouble temperature = request.temperature().isPresent() ? request.temperature() : defaultTemperature;
        if (temperature.isPresent()) {
            body.name("temperature").value(temperature.getAsDouble());
        }
        if (request.maxTokens().isPresent()) {
            body.name("max_tokens").value(request.maxTokens().getAsInt());
        }
        body.name("stream").value(stream);
        if (stream) {
            body.name("stream_options")
                    .beginObject()
                    .name("include_usage")
                    .value(true)
                    .endObject();
        }
        if (mode == Mode.SCHEMA) {
            ResponseFormat.JsonSchema schema =
                    StructuredOutput.schema(request.responseFormat()).orElseThrow();
            body.name("response_format")
                    .beginObject()
                    .name("type")
                    .value("json_schema")
                    .name("json_schema")
                    .beginObject()
                    .name("name")
                    .value(schema.name())
                    .name("strict")
                    .value(true)
                    .name("schema")
                    .raw(schema.schema())
                    .endObject()
                    .endObject();
        } else if (mode == Mode.JSON) {
            body.name("response_format")
                    .beginObject()
                    .name("type")
                    .value("json_object")
                    .endObject();
        }
        return body.toByteString();
    }

    /** Reads a completion or a stream chunk, or an error object of any of the servers' shapes. */
    static Completion readCompletion(JsonReader r) throws IOException {
        String content = "";
        String reasoning = "";
        int choices = 0;
        Optional<String> finishReason = Optional.empty();
        Optional<String> model = Optional.empty();
        long[] usage = {0, 0};
        Optional<String> error = Optional.empty();
        boolean errorObject = false;
        Optional<String> topMessage = Optional.empty();
        r.beginObject();
        while (r.hasNext()) {
            switch (r.selectName(COMPLETION_FIELDS)) {
                case 0 -> {
                    if (r.peek() != JsonReader.Token.BEGIN_ARRAY) {
                        r.skipValue();
                        break;
                    }
                    r.beginArray();
                    while (r.hasNext()) {
                        if (choices++ > 0) {
                            r.skipValue();
                            continue;
                        }
                        String[] read = readChoice(r);
                        content = read[0];
                        finishReason = Optional.ofNullable(read[1]);
                        reasoning = read[2];
                    }
                    r.endArray();
                }
                case 1 -> model = WireJson.string(r);
                case 2 -> readUsage(r, usage);
                case 3 -> error = Optional.of(WireJson.error(r));
                case 4 ->
                    errorObject = WireJson.string(r).filter("error"::equals).isPresent();
                case 5 -> topMessage = WireJson.string(r);
                default -> {
                    r.skipName();
                    r.skipValue();
                }
            }
        }
        r.endObject();
        if (error.isEmpty() && errorObject) {
            error = Optional.of(topMessage.orElse("an error without a message"));
        }
        return new Completion(
                new ChatProtocol.Reply(content, true, finishReason, model, usage[0], usage[1], error, reasoning),
                choices);
    }

    /** Returns the choice's text, finish reason (null when not set) and reasoning. */
    private static String[] readChoice(JsonReader r) throws IOException {
        String content = "";
        String reasoning = "";
        String finishReason = null;
        r.beginObject();
        while (r.hasNext()) {
            int field = r.selectName(CHOICE_FIELDS);
            if (field == 0 || field == 1) {
                WireJson.MessageText message = WireJson.message(r);
                content = message.content();
                reasoning = message.reasoning();
            } else if (field == 2) {
                finishReason = WireJson.string(r).orElse(null);
            } else {
                r.skipName();
                r.skipValue();
            }
        }
        r.endObject();
        return new String[] {content, finishReason, reasoning};
    }

    private static void readUsage(JsonReader r, long[] usage) throws IOException {
        if (r.peek() != JsonReader.Token.BEGIN_OBJECT) {
            r.skipValue();
            return;
        }
        r.beginObject();
        while (r.hasNext()) {
            int field = r.selectName(USAGE_FIELDS);
            if (field == 0) {
                usage[0] = WireJson.count(r);
            } else if (field == 1) {
                usage[1] = WireJson.count(r);
            } else {
                r.skipName();
                r.skipValue();
            }
        }
        r.endObject();
    }

    @Override
    public ChatProtocol.Reply readWhole(BufferedSource body) throws IOException {
        Completion c = readCompletion(JsonReader.of(body));
        if (c.reply().error().isEmpty() && c.choices() == 0) {
            throw new JsonDataException("the completion has no choices");
        }
        return c.reply();
    }

    /**
     * Reads server-sent events until {@code data: [DONE]}. Comments ({@code :}) and blank lines are skipped; an
     * {@code error:} line, an {@code event: error} event or a chunk with an {@code error} field ends the stream as a
     * failure; usage comes in a last chunk with no choices.
     */
    @Override
    public ChatProtocol.Reply readStream(BufferedSource body, StringBuilder text, Consumer<String> onText)
            throws IOException {
        Optional<String> finishReason = Optional.empty();
        Optional<String> answeredBy = Optional.empty();
        long promptTokens = 0;
        long completionTokens = 0;
        boolean errorEvent = false;
        boolean done = false;
        StringBuilder reasoning = new StringBuilder();
        for (String line = body.readUtf8Line(); line != null; line = body.readUtf8Line()) {
            if (line.isEmpty()) {
                errorEvent = false;
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            value = value.startsWith(" ") ? value.substring(1) : value;
            if (field.equals("event")) {
                errorEvent = value.strip().equals("error");
                continue;
            }
            if (field.equals("error") || field.equals("data") && errorEvent) {
                return failed(ErrorBodies.message(value, "an error event without a message"));
            }
            if (!field.equals("data")) {
                continue; // a comment (keep-alive ping), id: or retry:
            }
            if (value.strip().equals("[DONE]")) {
                done = true;
                break;
            }
            ChatProtocol.Reply chunk =
                    readCompletion(JsonReader.of(new Buffer().writeUtf8(value))).reply();
            if (chunk.error().isPresent()) {
                return failed(chunk.error().get());
            }
            if (!chunk.text().isEmpty()) {
                text.append(chunk.text());
                onText.accept(chunk.text());
            }
            reasoning.append(chunk.reasoning());
            if (chunk.finishReason().isPresent()) {
                finishReason = chunk.finishReason();
            }
            if (chunk.model().isPresent()) {
                answeredBy = chunk.model();
            }
            promptTokens = Math.max(promptTokens, chunk.promptTokens());
            completionTokens = Math.max(completionTokens, chunk.completionTokens());
        }
        return new ChatProtocol.Reply(
                "",
                done,
                finishReason,
                answeredBy,
                promptTokens,
                completionTokens,
                Optional.empty(),
                reasoning.toString());
    }

    private static ChatProtocol.Reply failed(String message) {
        return new ChatProtocol.Reply("", true, Optional.empty(), Optional.empty(), 0, 0, Optional.of(message), "");
    }

    @Override
    public List<String> readModels(JsonReader reader) throws IOException {
        return WireJson.names(reader, "data", "id");
    }

    @Override
    public String endMarker() {
        return "data: [DONE]";
    }
}
