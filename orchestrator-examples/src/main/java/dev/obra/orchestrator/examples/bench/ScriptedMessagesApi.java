package dev.obra.orchestrator.examples.bench;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scripted Anthropic Messages API on loopback for runs of the real CLI, safe for many runs at once: each
 * agent-loop request without a tool result yet gets a Write tool call of {@code out.txt}, and one with a tool result
 * gets a closing text. Side requests get a short answer. Thread-safe.
 */
final class ScriptedMessagesApi implements AutoCloseable {
    private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

    private final HttpServer server;
    private final AtomicLong calls = new AtomicLong();

    ScriptedMessagesApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "scripted-api");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::answer);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean messages = "POST".equals(exchange.getRequestMethod())
                && exchange.getRequestURI().getPath().startsWith("/v1/messages");
        boolean stream = body.contains("\"stream\":true");
        long call = calls.incrementAndGet();
        if (messages && stream) {
            String sse;
            if (body.contains("\"tools\"") && !body.contains("\"tool_result\"")) {
                sse = sse(
                        call,
                        Map.of("type", "tool_use", "id", "toolu_" + call, "name", "Write", "input", Map.of()),
                        Map.of(
                                "type",
                                "input_json_delta",
                                "partial_json",
                                JSON.toJson(Map.of("file_path", "out.txt", "content", "run " + call + "\n"))),
                        "tool_use");
            } else {
                sse = sse(
                        call,
                        Map.of("type", "text", "text", ""),
                        Map.of("type", "text_delta", "text", "Done."),
                        "end_turn");
            }
            send(exchange, "text/event-stream", sse);
            return;
        }
        send(
                exchange,
                "application/json",
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

    private static String sse(long call, Map<String, Object> block, Map<String, Object> delta, String stop) {
        StringBuilder out = new StringBuilder();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", "msg_" + call);
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", "claude-opus-5-5");
        message.put("content", List.of());
        message.put("stop_reason", null);
        message.put("stop_sequence", null);
        message.put("usage", Map.of("input_tokens", 100, "output_tokens", 1));
        event(out, "message_start", Map.of("type", "message_start", "message", message));
        event(out, "content_block_start", Map.of("type", "content_block_start", "index", 0, "content_block", block));
        event(out, "content_block_delta", Map.of("type", "content_block_delta", "index", 0, "delta", delta));
        event(out, "content_block_stop", Map.of("type", "content_block_stop", "index", 0));
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("stop_reason", stop);
        end.put("stop_sequence", null);
        event(
                out,
                "message_delta",
                Map.of("type", "message_delta", "delta", end, "usage", Map.of("output_tokens", 10)));
        event(out, "message_stop", Map.of("type", "message_stop"));
        return out.toString();
    }

    private static void event(StringBuilder out, String name, Map<String, Object> data) {
        out.append("event: ")
                .append(name)
                .append('\n')
                .append("data: ")
                .append(JSON.toJson(data))
                .append("\n\n");
    }

    private static void send(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
