package dev.obra.orchestrator.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonDataException;
import dev.obra.orchestrator.agent.Usage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Regression tests for what {@link StreamScannerFuzzTest} found, one per finding. */
class StreamScannerFuzzFindingsTest {

    private static ScanSummary scan(String text) throws IOException {
        return new StreamScanner(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), n -> {}).scan();
    }

    @Test
    void aCostWithAHugeExponentIsMalformedNotAnArithmeticException() throws IOException {
        // Rounding 1e999999999 to ten places threw ArithmeticException out of the scanner, and so out of the agent.
        ScanSummary summary = scan("{\"type\":\"result\",\"subtype\":\"success\",\"total_cost_usd\":1e999999999}\n"
                + "{\"type\":\"result\",\"subtype\":\"success\",\"total_cost_usd\":-1e999999999}\n");

        assertThat(summary.malformedLines()).isEqualTo(1);
        assertThat(summary.result().orElseThrow().totalCostUsd()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThatThrownBy(() -> ResultMessage.cost("1e13"))
                .isInstanceOf(JsonDataException.class)
                .hasMessageContaining("out of range");
        assertThat(ResultMessage.cost("1e-999999999")).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(ResultMessage.cost("4e-11")).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(ResultMessage.cost("6e-11").toPlainString()).isEqualTo("0.0000000001");
        assertThat(ResultMessage.cost("1e12").toPlainString()).isEqualTo("1000000000000");
    }

    @Test
    void modelUsageWhoseSumOverflowsStopsAtTheLargestCountInsteadOfThrowing() throws IOException {
        // Summing two models' 9223372036854775807 input tokens overflowed, and Usage threw IllegalArgumentException.
        ScanSummary summary = scan("{\"type\":\"result\",\"subtype\":\"success\",\"modelUsage\":{"
                + "\"a\":{\"inputTokens\":9223372036854775807,\"outputTokens\":1},"
                + "\"b\":{\"inputTokens\":5,\"outputTokens\":2}}}\n");

        assertThat(summary.result().orElseThrow().modelUsage()).contains(new Usage(Long.MAX_VALUE, 3, 0, 0));
    }

    @Test
    void escapedKeysAndAnEscapedTypeAreReadAsMoshiDecodesThem() throws IOException {
        // "res\u0075lt" is "result" to Moshi; the scanner compared the raw bytes and skipped every escaped key.
        ScanSummary summary = scan("{\"type\":\"res\\u0075lt\",\"sub\\u0074ype\":\"success\",\"\\u0072esult\":"
                + "\"ok\",\"num_turns\":2}\n{\"t\\u0079pe\":\"assistant\",\"err\\u006Fr\":\"rate_limit\"}\n"
                + "{\"type\":\"system\",\"\\u00e9\":1,\"a\\\"b\\\\\\/\\n\":2}\n");

        ResultMessage r = summary.result().orElseThrow();
        assertThat(r.subtype()).isEqualTo("success");
        assertThat(r.text()).contains("ok");
        assertThat(r.numTurns()).isEqualTo(2);
        assertThat(summary.assistantError()).contains("rate_limit");
        assertThat(summary.malformedLines()).isZero();
    }

    @Test
    void anInvalidEscapeInAKeyIsAMalformedLineAndTheNextLineStillCounts() throws IOException {
        ScanSummary summary =
                scan("{\"ty\\xpe\":\"result\"}\n{\"t\\u00\n{\"type\":\"result\",\"subtype\":\"success\"}\n");

        assertThat(summary.malformedLines()).isEqualTo(2);
        assertThat(summary.result().orElseThrow().subtype()).isEqualTo("success");
    }
}
