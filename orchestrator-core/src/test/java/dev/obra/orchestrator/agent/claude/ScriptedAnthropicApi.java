package dev.obra.orchestrator.agent.claude;

import static java.util.Objects.requireNonNull;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.obra.orchestrator.internal.llm.TestHttp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A scripted Anthropic Messages API on loopback for the real CLI ({@code ANTHROPIC_BASE_URL}). Each request of the
 * agent loop (a streaming {@code POST /v1/messages} with tools) gets the next step of the script as SSE; once the
 * script is used up the last step repeats. Other requests (probes, side queries) get a short answer. Every call
 * reports the usage of the recorded fixtures: 1234 input, 56 output, 200 cache-creation and 300 cache-read tokens.
 */
public final class ScriptedAnthropicApi implements AutoCloseable {
    public static final long INPUT = 1234;
    public static final long OUTPUT = 56;
    public static final long CACHE_CREATION = 200;
    public static final long CACHE_READ = 300;

    private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

    /** What the scripted model does on one call. */
    public sealed interface Step {}

    /** Calls one tool. */
    public record ToolUse(String name, Map<String, Object> input) implements Step {}

    /** Answers with text and ends its turn. */
    public record Text(String text) implements Step {}

    /** Fails the HTTP call. */
    public record Failure(int status, String type) implements Step {}

    private final MockWebServer server = TestHttp.loopbackServer();
    private final List<Step> script;
    /** When set, decides each agent-loop step from the request body instead of the script. */
    private final java.util.function.Function<String, Step> responder;

    private final List<String> loopRequests = new ArrayList<>();
    private int next;

    public ScriptedAnthropicApi(List<Step> script) {
        this(script, null);
    }

    /** An API whose every agent-loop step is {@code responder} applied to the request body: safe for parallel runs. */
    ScriptedAnthropicApi(java.util.function.Function<String, Step> responder) {
        this(List.of(new Text("unused")), requireNonNull(responder, "responder"));
    }

    private ScriptedAnthropicApi(List<Step> script, java.util.function.Function<String, Step> responder) {
        this.script = List.copyOf(script);
        this.responder = responder;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer(request);
            }
        });
    }

    public String baseUrl() {
        return TestHttp.url(server, "");
    }

    /** Returns the bodies of the agent-loop requests so far. */
    public synchronized List<String> loopRequests() {
        return List.copyOf(loopRequests);
    }

    private synchronized MockResponse answer(RecordedRequest request) {
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        boolean loop = "POST".equals(request.getMethod())
                && request.getTarget().startsWith("/v1/messages")
                && body.contains("\"tools\"")
                && body.contains("\"stream\":true");
        if (!loop) {
            if ("POST".equals(request.getMethod())
                    && request.getTarget().startsWith("/v1/messages")
                    && body.contains("\"stream\":true")) {
                return sse(new Text("ok"), 0);
            }
            return TestHttp.json(
                    200,
                    JSON.toJson(Map.of(
                            "id",
                            "msg_side",
                            "type",
                            "message",
                            "role",
                            "assistant",
                            "content",
                            List.of(Map.of("type", "text", "text", "ok")),
                            "stop_reason",
                            "end_turn",
                            "usage",
                            Map.of("input_tokens", 1, "output_tokens", 1))));
        }
        loopRequests.add(body);
        Step step = responder != null ? responder.apply(body) : script.get(Math.min(next, script.size() - 1));
        next++;
        if (step instanceof Failure f) {
            return TestHttp.json(
                    f.status(),
                    JSON.toJson(Map.of(
                            "type", "error", "error", Map.of("type", f.type(), "message", "scripted " + f.status()))));
        }
        return sse(step, next);
    }

    private static MockResponse sse(Step step, int call) {
        StringBuilder out = new StringBuilder();
        event(
                out,
                "message_start",
                Map.of(
                        "type",
                        "message_start",
                        "message",
                        ordered(
                                "id",
                                "msg_" + call,
                                "type",
                                "message",
                                "role",
                                "assistant",
                                "model",
                                "claude-opus-5-5",
                                "content",
                                List.of(),
                                "stop_reason",
                                null,
                                "stop_sequence",
                                null,
                                "usage",
                                Map.of(
                                        "input_tokens",
                                        INPUT,
                                        "output_tokens",
                                        1,
                                        "cache_creation_input_tokens",
                                        CACHE_CREATION,
                                        "cache_read_input_tokens",
                                        CACHE_READ))));
        Map<String, Object> block;
        Map<String, Object> delta;
        String stop;
        if (step instanceof ToolUse use) {
            block = Map.of("type", "tool_use", "id", "toolu_" + call, "name", use.name(), "input", Map.of());
            delta = Map.of("type", "input_json_delta", "partial_json", JSON.toJson(use.input()));
            stop = "tool_use";
        } else if (step instanceof Text text) {
            block = Map.of("type", "text", "text", "");
            delta = Map.of("type", "text_delta", "text", text.text());
            stop = "end_turn";
        } else {
            throw new IllegalStateException("unhandled " + step);
        }
        event(out, "content_block_start", Map.of("type", "content_block_start", "index", 0, "content_block", block));
        event(out, "content_block_delta", Map.of("type", "content_block_delta", "index", 0, "delta", delta));
        event(out, "content_block_stop", Map.of("type", "content_block_stop", "index", 0));
        event(
                out,
                "message_delta",
                Map.of(
                        "type",
                        "message_delta",
                        "delta",
                        ordered("stop_reason", stop, "stop_sequence", null),
                        "usage",
                        Map.of("output_tokens", OUTPUT)));
        event(out, "message_stop", Map.of("type", "message_stop"));
        return new MockResponse.Builder()
                .code(200)
                .setHeader("content-type", "text/event-stream")
                .setHeader("cache-control", "no-cache")
                .body(out.toString())
                .build();
    }

    private static void event(StringBuilder out, String name, Map<String, Object> data) {
        out.append("event: ")
                .append(name)
                .append('\n')
                .append("data: ")
                .append(JSON.toJson(data))
                .append("\n\n");
    }

    /** A map that keeps its order and allows null values, which {@link Map#of} does not. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) requireNonNull(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return map;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
