package dev.obra.orchestrator.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorBodiesTest {

    @Test
    void readsAStringError() {
        assertThat(ErrorBodies.message("{\"error\":\"model 'llama3.2' not found\"}", "Not Found"))
                .isEqualTo("model 'llama3.2' not found");
    }

    @Test
    void readsTheMessageOfAnErrorObject() {
        assertThat(ErrorBodies.message(
                        "{\"error\":{\"code\":503,\"message\":\"Loading model\"," + "\"type\":\"unavailable_error\"}}",
                        "Service Unavailable"))
                .isEqualTo("Loading model");
        assertThat(ErrorBodies.message(
                        "{\"error\":{\"message\":\"model \\\"x\\\" not found\","
                                + "\"type\":\"not_found_error\",\"param\":null,\"code\":null}}",
                        ""))
                .isEqualTo("model \"x\" not found");
    }

    @Test
    void readsTheTopLevelMessageOfAnOlderVllmError() {
        assertThat(ErrorBodies.message(
                        "{\"object\":\"error\",\"message\":\"Extra inputs are not permitted\","
                                + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}",
                        "Bad Request"))
                .isEqualTo("Extra inputs are not permitted");
    }

    @Test
    void readsTheFirstFastApiValidationDetail() {
        assertThat(ErrorBodies.message(
                        "{\"detail\":[{\"loc\":[\"body\",\"messages\"],\"msg\":\"field required\"}]}",
                        "Unprocessable Entity"))
                .isEqualTo("field required");
    }

    @Test
    void keepsPlainTextAndFallsBackOnAnEmptyBody() {
        assertThat(ErrorBodies.message("File Not Found\n", "Not Found")).isEqualTo("File Not Found");
        assertThat(ErrorBodies.message("  ", "Bad Gateway")).isEqualTo("Bad Gateway");
        assertThat(ErrorBodies.message("{not json", "Bad Request")).isEqualTo("{not json");
    }

    @Test
    void clipsALongMessageToOneLine() {
        String message = ErrorBodies.message("{\"error\":\"" + "x\\n".repeat(400) + "\"}", "");
        assertThat(message).doesNotContain("\n").endsWith("...");
        assertThat(message.length()).isEqualTo(ErrorBodies.MAX_MESSAGE_CHARS + 3);
    }
}
