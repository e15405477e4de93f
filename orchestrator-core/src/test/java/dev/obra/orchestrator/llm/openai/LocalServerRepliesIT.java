package dev.obra.orchestrator.llm.openai;

import static dev.obra.orchestrator.internal.llm.TestHttp.body;
import static dev.obra.orchestrator.internal.llm.TestHttp.json;
import static dev.obra.orchestrator.llm.GradingRequest.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.obra.orchestrator.internal.llm.TestHttp;
import dev.obra.orchestrator.llm.GradingRequest;
import dev.obra.orchestrator.llm.LlmException;
import dev.obra.orchestrator.llm.LlmException.Kind;
import dev.obra.orchestrator.llm.LlmResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What llama.cpp's server, LM Studio and vLLM really answer in the corners their code, tests and issues show,
 * replayed byte for byte through {@link OpenAiCompatibleClient}, with what the client sent.
 */
class LocalServerRepliesIT {
    private static final String COMPLETION = "{\"id\":\"chatcmpl-abc\",\"object\":\"chat.completion\","
            + "\"created\":1735725600,\"model\":\"local-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
            + "\"assistant\",\"content\":\"{\\\"score\\\":0.8}\"},\"finish_reason\":\"stop\"}],\"usage\":{"
            + "\"prompt_tokens\":412,\"completion_tokens\":21,\"total_tokens\":433}}";
    /** An older llama.cpp (and forks): the server's params parser throws, its handler answers 500 server_error. */
    private static final String OLD_LLAMA_CPP_REJECTS_SCHEMA = "{\"error\":{\"code\":500,\"message\":"
            + "\"response_format type must be one of \\\"text\\\" or \\\"json_object\\\", but got: json_schema\","
            + "\"type\":\"server_error\"}}";
    /** llama-server's /health (and /v1/health) while the model loads. */
    private static final String LOADING =
            "{\"error\":{\"code\":503,\"message\":\"Loading model\"," + "\"type\":\"unavailable_error\"}}";
    /** llama-server's /v1/models while the model loads: 200, with no metadata yet. */
    private static final String LLAMA_MODELS_WHILE_LOADING = "{\"models\":[{\"name\":\"qwen2.5-coder-7b.gguf\","
            + "\"model\":\"qwen2.5-coder-7b.gguf\",\"modified_at\":\"\",\"size\":\"\",\"digest\":\"\",\"type\":\"model\","
            + "\"description\":\"\",\"tags\":[\"\"],\"capabilities\":[\"completion\"],\"parameters\":\"\","
            + "\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"\",\"families\":[\"\"],"
            + "\"parameter_size\":\"\",\"quantization_level\":\"\"}}],\"object\":\"list\",\"data\":[{\"id\":"
            + "\"qwen2.5-coder-7b.gguf\",\"object\":\"model\",\"created\":1735725600,\"owned_by\":\"llamacpp\","
            + "\"meta\":null}]}";

    private static final String NO_MODELS_LOADED =
            "No models loaded. Please load a model in the developer page or " + "use the `lms load` command.";
    private static final String LM_STUDIO_MODELS = "{\"data\":[{\"id\":\"qwen2.5-7b-instruct\",\"object\":\"model\","
            + "\"owned_by\":\"organization_owner\"}],\"object\":\"list\"}";
    /** vLLM when its engine aborts a request (preemption, shutdown): 200, part of the text, "abort". */
    private static final String VLLM_ABORTED = "{\"id\":\"chatcmpl-9f2c\",\"object\":\"chat.completion\","
            + "\"created\":1735725600,\"model\":\"Qwen/Qwen2.5-7B-Instruct\",\"choices\":[{\"index\":0,\"message\":{"
            + "\"role\":\"assistant\",\"reasoning_content\":null,\"content\":\"{\\\"score\\\": 0.\",\"tool_calls\":[]},"
            + "\"logprobs\":null,\"finish_reason\":\"abort\",\"stop_reason\":null}],\"usage\":{\"prompt_tokens\":412,"
            + "\"total_tokens\":419,\"completion_tokens\":7,\"prompt_tokens_details\":null},\"prompt_logprobs\":null}";

    private final MockWebServer server = TestHttp.loopbackServer();
    /** The waits the client asked for, in order: its sleeper, so no test waits. */
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    private final List<OpenAiCompatibleClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(OpenAiCompatibleClient::close);
        server.close();
    }

    private OpenAiCompatibleClient client() {
        OpenAiCompatibleClient client = OpenAiCompatibleClient.builder()
                .baseUrl(TestHttp.url(server, "/v1"))
                .model("local-model")
                .sleeper(sleeps::add)
                .firstByteTimeout(Duration.ofSeconds(10))
                .build();
        clients.add(client);
        return client;
    }

    @SuppressWarnings("unchecked")
    private static String formatType(RecordedRequest request) {
        return String.valueOf(((Map<String, Object>) body(request).get("response_format")).get("type"));
    }

    private static String systemPrompt(RecordedRequest request) {
        return String.valueOf(TestHttp.messages(request).get(0).get("content"));
    }

    @Test
    void anOldLlamaCppRejectingJsonSchemaWith500StepsDownToJsonObjectWithoutRetrying() throws Exception {
        server.enqueue(json(500, OLD_LLAMA_CPP_REJECTS_SCHEMA));
        server.enqueue(json(200, COMPLETION));
        server.enqueue(json(200, COMPLETION));
        OpenAiCompatibleClient client = client();

        LlmResponse first = client.complete(GradingRequest.of());
        LlmResponse second = client.complete(GradingRequest.of());

        assertThat(first.text()).isEqualTo("{\"score\":0.8}");
        assertThat(second.text()).isEqualTo("{\"score\":0.8}");
        assertThat(sleeps).as("a rejection is not retried").isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(3);
        RecordedRequest rejected = server.takeRequest();
        assertThat(formatType(rejected)).isEqualTo("json_schema");
        RecordedRequest stepped = server.takeRequest();
        assertThat(formatType(stepped)).isEqualTo("json_object");
        assertThat(systemPrompt(stepped)).startsWith("You grade code.").contains(SCHEMA);
        assertThat(formatType(server.takeRequest()))
                .as("the step down is remembered")
                .isEqualTo("json_object");
    }

    @Test
    void aPlain500IsStillRetriedTwiceAndNeverStepsDown() throws Exception {
        String crash = "{\"error\":{\"code\":500,\"message\":\"llama_decode failed: out of memory\","
                + "\"type\":\"server_error\"}}";
        server.enqueue(json(500, crash));
        server.enqueue(json(500, crash));
        server.enqueue(json(500, crash));
        OpenAiCompatibleClient client = client();

        LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(GradingRequest.of()));

        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.getMessage()).contains("out of memory").contains("after 2 retries");
        assertThat(sleeps).hasSize(2);
        for (int i = 0; i < 3; i++) {
            assertThat(formatType(server.takeRequest())).isEqualTo("json_schema");
        }
    }

    @Test
    void llamaServerStillLoadingIsNotAvailableAlthoughItListsItsModels() throws Exception {
        server.enqueue(json(200, LLAMA_MODELS_WHILE_LOADING));
        server.enqueue(json(503, LOADING));
        server.enqueue(json(
                200, LLAMA_MODELS_WHILE_LOADING.replace("\"meta\":null", "\"meta\":{\"n_ctx_train\":" + "32768}")));
        server.enqueue(json(200, "{\"status\":\"ok\"}"));
        OpenAiCompatibleClient client = client();

        assertThat(client.isAvailable()).as("while loading").isFalse();
        assertThat(client.isAvailable()).as("once loaded").isTrue();

        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/models");
        RecordedRequest health = server.takeRequest();
        assertThat(health.getMethod()).isEqualTo("GET");
        assertThat(health.getUrl().encodedPath()).isEqualTo("/v1/health");
    }

    @Test
    void aServerWithoutAHealthEndpointIsJudgedByItsModels() throws Exception {
        server.enqueue(json(200, LM_STUDIO_MODELS));
        server.enqueue(json(404, "{\"error\":\"Unexpected endpoint or method. (GET /v1/health)\"}"));
        OpenAiCompatibleClient client = client();

        assertThat(client.isAvailable()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void lmStudioWithNoModelLoadedIsAMissingModelWithoutTheBaseUrlHint() throws Exception {
        // Current LM Studio answers 400; older versions 404, which read as a wrong base URL.
        String[] bodies = {
            "{\"error\":{\"message\":\"" + NO_MODELS_LOADED + "\",\"type\":"
                    + "\"invalid_request_error\",\"param\":\"model\",\"code\":\"model_not_found\"}}",
            "{\"error\":\"" + NO_MODELS_LOADED + "\"}"
        };
        int[] statuses = {400, 404};
        for (int i = 0; i < 2; i++) {
            server.enqueue(json(statuses[i], bodies[i]));
            server.enqueue(json(200, LM_STUDIO_MODELS));
            OpenAiCompatibleClient client = client();

            LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(GradingRequest.of()));

            assertThat(e.kind()).as("HTTP %d", statuses[i]).isEqualTo(Kind.MODEL_NOT_FOUND);
            assertThat(e.httpStatus()).hasValue(statuses[i]);
            assertThat(e.getMessage())
                    .contains(NO_MODELS_LOADED)
                    .contains("qwen2.5-7b-instruct")
                    .doesNotContain("base URL");
            RecordedRequest chat = server.takeRequest();
            assertThat(chat.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
            assertThat(formatType(chat)).as("not taken for a format rejection").isEqualTo("json_schema");
            assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/models");
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void vllmAbortingAnAnswerIsAServerErrorNotAPartialSuccess() throws Exception {
        server.enqueue(json(200, VLLM_ABORTED));
        OpenAiCompatibleClient client = client();

        LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(GradingRequest.of()));

        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.getMessage()).contains("aborted").contains("\"abort\"").contains("7 tokens");
        assertThat(e.promptTokens()).isEqualTo(412);
        assertThat(e.completionTokens()).isEqualTo(7);
        assertThat(body(server.takeRequest())).containsEntry("stream", false);
    }

    @Test
    void vllmAbortingAStreamIsAServerErrorAfterThePiecesAlreadyGiven() throws Exception {
        String stream = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"{\\\"score\\\"\"},"
                + "\"logprobs\":null,\"finish_reason\":null}]}\n\n"
                + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\": 0.\"},\"logprobs\":null,"
                + "\"finish_reason\":\"abort\",\"stop_reason\":null}]}\n\ndata: [DONE]\n\n";
        server.enqueue(new MockResponse.Builder()
                .setHeader("Content-Type", "text/event-stream")
                .body(stream)
                .build());
        OpenAiCompatibleClient client = client();
        StringBuilder pieces = new StringBuilder();

        LlmException e =
                catchThrowableOfType(LlmException.class, () -> client.stream(GradingRequest.of(), pieces::append));

        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.getMessage()).contains("aborted");
        assertThat(pieces.toString()).isEqualTo("{\"score\": 0.");
        assertThat(body(server.takeRequest())).containsEntry("stream", true);
    }
}
