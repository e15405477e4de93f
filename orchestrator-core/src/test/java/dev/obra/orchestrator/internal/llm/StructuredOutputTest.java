package dev.obra.orchestrator.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obra.orchestrator.internal.llm.StructuredOutput.Mode;
import dev.obra.orchestrator.llm.LlmException.Kind;
import dev.obra.orchestrator.llm.LlmRequest;
import dev.obra.orchestrator.llm.ResponseFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructuredOutputTest {
    private static final String SCHEMA = "{\"type\":\"object\"}";
    private static final LlmRequest SCHEMA_REQUEST = LlmRequest.of("grade")
            .withSystem("Judge.")
            .withResponseFormat(ResponseFormat.jsonSchema("verdict", SCHEMA));

    private final StructuredOutput structured = new StructuredOutput("test server");
    private final List<Mode> sent = new ArrayList<>();
    private final List<String> systems = new ArrayList<>();

    private static HttpStatusException badRequest(String serverMessage) {
        return new HttpStatusException(Kind.BAD_REQUEST, "HTTP 400: " + serverMessage, 400, serverMessage, null);
    }

    /** A server that answers 400 with the given message for each listed mode, and "ok" otherwise. */
    private String sendTo(LlmRequest request, Map<Mode, String> rejections) {
        return structured.send(request, (r, mode) -> {
            sent.add(mode);
            systems.add(r.system().orElse(""));
            if (rejections.containsKey(mode)) {
                throw badRequest(rejections.get(mode));
            }
            return "ok";
        });
    }

    @Test
    void stepsDownOneModeAtATimeAndRemembersEachStep() {
        Map<Mode, String> server = Map.of(
                Mode.SCHEMA,
                "response_format json_schema is not supported",
                Mode.JSON,
                "'response_format.type' must be 'json_schema' or 'text'");

        sendTo(SCHEMA_REQUEST, server);
        sendTo(SCHEMA_REQUEST, server);

        assertThat(sent).containsExactly(Mode.SCHEMA, Mode.JSON, Mode.NONE, Mode.NONE);
        assertThat(systems.get(0)).isEqualTo("Judge.");
        assertThat(systems.get(1))
                .isEqualTo("Judge.\n\nReply with only one JSON object that follows this JSON " + "Schema:\n" + SCHEMA);
        assertThat(systems.get(3)).isEqualTo(systems.get(1));
        assertThat(structured.modeFor(ResponseFormat.JSON)).isEqualTo(Mode.NONE);
    }

    @Test
    void aWeakerModeFailingTheSameWayUndoesTheStepAndReportsTheError() {
        Map<Mode, String> server =
                Map.of(Mode.SCHEMA, "invalid format of messages", Mode.JSON, "invalid format of messages");

        assertThatThrownBy(() -> sendTo(SCHEMA_REQUEST, server))
                .isInstanceOf(HttpStatusException.class)
                .hasMessageContaining("invalid format of messages");

        assertThat(sent).containsExactly(Mode.SCHEMA, Mode.JSON);
        assertThat(structured.modeFor(SCHEMA_REQUEST.responseFormat())).isEqualTo(Mode.SCHEMA);
    }

    @Test
    void a400AboutSomethingElseIsThrownWithoutSteppingDown() {
        assertThatThrownBy(() -> sendTo(SCHEMA_REQUEST, Map.of(Mode.SCHEMA, "prompt is too long")))
                .isInstanceOf(HttpStatusException.class);

        assertThat(sent).containsExactly(Mode.SCHEMA);
        assertThat(structured.modeFor(SCHEMA_REQUEST.responseFormat())).isEqualTo(Mode.SCHEMA);
    }

    @Test
    void textRequestsAreSentAsTheyAre() {
        sendTo(LlmRequest.of("hi"), Map.of());

        assertThat(sent).containsExactly(Mode.NONE);
        assertThat(systems).containsExactly("");
    }
}
