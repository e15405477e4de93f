package dev.obra.orchestrator.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class LlmHttpTest {

    private static Response withRetryAfter(String value) {
        return new Response.Builder()
                .request(new Request.Builder().url("http://127.0.0.1/").build())
                .protocol(Protocol.HTTP_1_1)
                .code(429)
                .message("Too Many Requests")
                .header("Retry-After", value)
                .build();
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        assertThat(LlmHttp.retryAfter(withRetryAfter("3"))).contains(Duration.ofSeconds(3));
        assertThat(LlmHttp.retryAfter(withRetryAfter("0.25"))).contains(Duration.ofMillis(250));
        assertThat(LlmHttp.retryAfter(withRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")))
                .contains(Duration.ZERO);
        assertThat(LlmHttp.retryAfter(withRetryAfter("soon"))).isEmpty();
        assertThat(LlmHttp.retryAfter(withRetryAfter("-5"))).isEmpty();
    }

    @Test
    void backoffDoublesWithJitterUpToItsCap() {
        for (int i = 0; i < 50; i++) {
            assertThat(LlmHttp.jittered(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
            assertThat(LlmHttp.jittered(2)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
            assertThat(LlmHttp.jittered(30)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
        }
    }

    @Test
    void durationsAreShownForPeople() {
        assertThat(LlmHttp.show(Duration.ofMillis(300))).isEqualTo("300 ms");
        assertThat(LlmHttp.show(Duration.ofSeconds(5))).isEqualTo("5 s");
        assertThat(LlmHttp.show(Duration.ofMinutes(10))).isEqualTo("10 min");
        assertThat(LlmHttp.show(Duration.ofMillis(1500))).isEqualTo("1500 ms");
    }

    @Test
    void settingsRejectBadValuesByName() {
        LlmHttpSettings.Builder settings = LlmHttpSettings.builder("http://127.0.0.1:11434");
        assertThatThrownBy(() -> settings.baseUrl("localhost:11434")).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> settings.timeout(Duration.ZERO)).hasMessageContaining("timeout must be > 0");
        assertThatThrownBy(() -> settings.maxRetries(-1)).hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> settings.temperature(2.5)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> settings.apiKey(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("apiKey must not be blank");
        assertThatThrownBy(() -> settings.model("\t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model must not be blank");
        assertThatThrownBy(() -> settings.model(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("model");
        assertThatThrownBy(() -> new LlmHttp("Ollama", "", settings.build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("model is required");
    }

    @Test
    void theSettingsShowNeitherTheApiKeyNorTheBaseUrlsPassword() {
        LlmHttpSettings.Builder settings = LlmHttpSettings.builder("http://127.0.0.1:11434");
        settings.baseUrl("http://judge:hunter2@127.0.0.1:11434/v1");
        settings.apiKey("sk-very-secret");
        settings.model("qwen");

        String shown = settings.build().toString();

        assertThat(shown)
                .doesNotContain("sk-very-secret")
                .doesNotContain("hunter2")
                .contains("apiKey=<set>")
                .contains("127.0.0.1:11434/v1")
                .contains("model=qwen");
    }

    @Test
    void theBaseUrlShownInMessagesHasNoPasswordAndUrlsResolveUnderItsPath() {
        LlmHttpSettings.Builder settings = LlmHttpSettings.builder("http://user:secret@127.0.0.1:8080/v1");
        settings.model("m");
        try (LlmHttp http = new LlmHttp("llama.cpp", "", settings.build())) {
            assertThat(http.describe()).isEqualTo("llama.cpp at http://127.0.0.1:8080/v1, model m");
            assertThat(http.url("chat/completions").encodedPath()).isEqualTo("/v1/chat/completions");
            assertThat(Optional.of(http.settings().baseUrl())).contains("http://user:secret@127.0.0.1:8080/v1");
        }
    }
}
