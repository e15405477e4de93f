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
        return new StreamScanner(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), n -> { }).scan();
    }

    @Test
    void aCostWithAHugeExponentIsMalformedNotAnArithmeticException() throws IOException {
        // Rounding 1e999999999 to ten places threw ArithmeticException out of the scanner, and so out of the agent.
        ScanSummary summary = scan("{\"type\":\"result\",\"subtype\":\"success\",\"total_cost_usd\":1e999999999}\n"
                + "{\"type\":\"result\",\"subtype\":\"success\",\"total_cost_usd\":-1e999999999}\n");

        assertThat(summary.malformedLines()).isEqualTo(1);
        assertThat(summary.result().orElseThrow().totalCostUsd()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThatThrownBy(() -> ResultMessage.cost("1e13")).isInstanceOf(JsonDataException.class)
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
}
