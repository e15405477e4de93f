package dev.obra.orchestrator.examples.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.obra.orchestrator.llm.LlmInterface;
import dev.obra.orchestrator.llm.LlmRequest;
import dev.obra.orchestrator.llm.LlmResponse;
import dev.obra.orchestrator.llm.ollama.OllamaClient;
import dev.obra.orchestrator.llm.openai.OpenAiCompatibleClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The cost of our LLM clients per call: {@link OllamaClient#complete} and {@link OpenAiCompatibleClient#complete}
 * against a raw OkHttp POST of the same JSON to the same local server, read as a string. The server is a minimal
 * {@code com.sun.net.httpserver} on loopback with canned answers, so the figures show the clients' own cost, not a
 * model's. Calls alternate between the client and the raw call so that both see the same machine noise.
 *
 * <p>The clients switch off OkHttp's read and write timeouts, which okio keeps with a watchdog thread woken on every
 * socket read and write, and keep their own. So a second raw call, on an OkHttp client with those timeouts off too,
 * shows what the client costs beyond that saving.
 */
final class LlmClientOverheadBench implements Benchmark {
    private static final int WARMUP_CALLS = 5_000;
    private static final int CALLS = 1_000;
    private static final MediaType JSON = MediaType.get("application/json");

    private static final String OLLAMA_ANSWER = "{\"model\":\"qwen2.5-coder:7b\",\"created_at\":"
            + "\"2025-01-01T10:00:00.000000Z\",\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"score\\\":0.82,"
            + "\\\"pass\\\":true,\\\"issues\\\":[\\\"no test for the 404 path\\\"],\\\"summary\\\":\\\"adds the "
            + "endpoint\\\"}\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":5300000000,"
            + "\"load_duration\":3900000,\"prompt_eval_count\":412,\"prompt_eval_duration\":700000000,"
            + "\"eval_count\":38,\"eval_duration\":650000000}";
    private static final String OPENAI_ANSWER = "{\"id\":\"chatcmpl-abc\",\"object\":\"chat.completion\","
            + "\"created\":1735725600,\"model\":\"local-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
            + "\"assistant\",\"content\":\"{\\\"score\\\":0.82,\\\"pass\\\":true,\\\"issues\\\":[\\\"no test for "
            + "the 404 path\\\"],\\\"summary\\\":\\\"adds the endpoint\\\"}\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":412,\"completion_tokens\":38,\"total_tokens\":450}}";
    private static final String PROMPT = "Grade this diff: +public int add(int a, int b) { return a + b; }";
    private static final String OLLAMA_BODY = "{\"model\":\"qwen2.5-coder:7b\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"" + PROMPT + "\"}],\"stream\":false,\"options\":{\"temperature\":0.0}}";
    private static final String OPENAI_BODY = "{\"model\":\"local-model\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"" + PROMPT + "\"}],\"temperature\":0.0,\"stream\":false}";

    @Override
    public String name() {
        return "llm-client-overhead";
    }

    @Override
    public String description() {
        return "per-call time of OllamaClient and OpenAiCompatibleClient against a raw OkHttp call of the same "
                + "request to the same local HTTP server";
    }

    @Override
    public void run(Report report, Effort effort) throws Exception {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs (~40 ms a call).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext("/api/chat", exchange -> answer(exchange, OLLAMA_ANSWER));
        server.createContext("/v1/chat/completions", exchange -> answer(exchange, OPENAI_ANSWER));
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            LlmRequest request = LlmRequest.of(PROMPT).withTemperature(0);
            AtomicInteger ollamaConnections = new AtomicInteger();
            try (OllamaClient ollama = OllamaClient.builder()
                    .baseUrl(base)
                    .model("qwen2.5-coder:7b")
                    .httpClient(counting(ollamaConnections))
                    .build()) {
                measure(report, "ollama", ollama, request, base + "/api/chat", OLLAMA_BODY, ollamaConnections, effort);
            }
            AtomicInteger openAiConnections = new AtomicInteger();
            try (OpenAiCompatibleClient openAi = OpenAiCompatibleClient.builder()
                    .baseUrl(base + "/v1")
                    .model("local-model")
                    .httpClient(counting(openAiConnections))
                    .build()) {
                measure(
                        report,
                        "openai",
                        openAi,
                        request,
                        base + "/v1/chat/completions",
                        OPENAI_BODY,
                        openAiConnections,
                        effort);
            }
        } finally {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private static void measure(
            Report report,
            String name,
            LlmInterface client,
            LlmRequest request,
            String url,
            String body,
            AtomicInteger clientConnections,
            Effort effort)
            throws IOException {
        int warmupCalls = effort.count(WARMUP_CALLS);
        int calls = effort.count(CALLS);
        AtomicInteger rawConnections = new AtomicInteger();
        OkHttpClient raw = counting(rawConnections);
        AtomicInteger untimedConnections = new AtomicInteger();
        OkHttpClient untimed = counting(untimedConnections)
                .newBuilder()
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .build();
        Request rawRequest = new Request.Builder()
                .url(url)
                .post(RequestBody.create(body, JSON))
                .build();
        long[] ours = new long[calls];
        long[] baseline = new long[calls];
        long[] untimedBaseline = new long[calls];
        int clientBefore = 0;
        int rawBefore = 0;
        int untimedBefore = 0;
        for (int i = -warmupCalls; i < calls; i++) {
            if (i == 0) {
                clientBefore = clientConnections.get();
                rawBefore = rawConnections.get();
                untimedBefore = untimedConnections.get();
            }
            // Rotate the order every call: whichever goes later finds the server's threads awake.
            long took = 0;
            long tookRaw = 0;
            long tookUntimed = 0;
            for (int k = 0; k < 3; k++) {
                switch (Math.floorMod(i + k, 3)) {
                    case 0 -> took = timeClient(client, request);
                    case 1 -> tookRaw = timeRaw(raw, rawRequest);
                    default -> tookUntimed = timeRaw(untimed, rawRequest);
                }
            }
            if (i >= 0) {
                ours[i] = took;
                baseline[i] = tookRaw;
                untimedBaseline[i] = tookUntimed;
            }
        }
        raw.connectionPool().evictAll();
        untimed.connectionPool().evictAll();
        Samples withClient = Samples.of(ours);
        Samples direct = Samples.of(baseline);
        Samples directUntimed = Samples.of(untimedBaseline);
        report.note(name + ": " + calls + " calls each after " + warmupCalls + " warm-up calls; connections opened "
                + "for the " + calls + " measured calls: client " + (clientConnections.get() - clientBefore)
                + ", raw OkHttp " + (rawConnections.get() - rawBefore) + ", untimed raw OkHttp "
                + (untimedConnections.get() - untimedBefore) + " (" + clientConnections.get() + ", "
                + rawConnections.get() + " and " + untimedConnections.get() + " in all)");
        report.figure(
                "llm-client-overhead." + name + ".call.median",
                withClient.median() / 1000.0,
                direct.median() / 1000.0,
                "us");
        report.figure(
                "llm-client-overhead." + name + ".call.p99", withClient.p99() / 1000.0, direct.p99() / 1000.0, "us");
        report.figure(
                "llm-client-overhead." + name + ".call-vs-untimed-raw.median",
                withClient.median() / 1000.0,
                directUntimed.median() / 1000.0,
                "us");
    }

    private static long timeClient(LlmInterface client, LlmRequest request) {
        long start = System.nanoTime();
        LlmResponse response = client.complete(request);
        long took = System.nanoTime() - start;
        if (response.completionTokens() != 38) {
            throw new IllegalStateException("unexpected answer: " + response);
        }
        return took;
    }

    private static long timeRaw(OkHttpClient raw, Request request) throws IOException {
        long start = System.nanoTime();
        try (Response response = raw.newCall(request).execute()) {
            if (response.body().string().length() < 100) {
                throw new IllegalStateException("unexpected raw answer");
            }
        }
        return System.nanoTime() - start;
    }

    private static OkHttpClient counting(AtomicInteger connections) {
        return new OkHttpClient.Builder()
                .eventListener(new EventListener() {
                    @Override
                    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
                        connections.incrementAndGet();
                    }
                })
                .build();
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
