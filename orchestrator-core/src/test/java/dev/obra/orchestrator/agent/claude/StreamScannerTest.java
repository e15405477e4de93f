package dev.obra.orchestrator.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.agent.PermissionDenial;
import dev.obra.orchestrator.agent.Usage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamScannerTest {

    private static ScanSummary scan(byte[] bytes) throws IOException {
        return new StreamScanner(new ByteArrayInputStream(bytes), n -> {}).scan();
    }

    private static ScanSummary scan(String text) throws IOException {
        return scan(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Feeds the stream in chunks of the given size, so every value can straddle a buffer boundary. */
    private static ScanSummary scanInChunks(byte[] bytes, int bufferSize) throws IOException {
        return new StreamScanner(new ByteArrayInputStream(bytes), n -> {}, bufferSize).scan();
    }

    @Test
    void readsTheRealStreamJsonSuccess() throws IOException {
        ScanSummary summary = scan(Fixtures.stdout("success-stream-json"));

        ResultMessage r = summary.result().orElseThrow();
        assertThat(r.subtype()).isEqualTo("success");
        assertThat(r.isError()).isFalse();
        assertThat(r.text()).contains("Created hello.txt.");
        assertThat(r.sessionId()).contains("4caad630-f0da-48f8-9d87-b7e3c48357e1");
        assertThat(r.numTurns()).isEqualTo(2);
        assertThat(r.totalCostUsd()).isEqualByComparingTo("0.014232");
        assertThat(r.totalCostUsd().toPlainString()).isEqualTo("0.014232");
        assertThat(r.usage()).isEqualTo(new Usage(2468, 112, 400, 600));
        assertThat(r.modelUsage()).contains(new Usage(2468, 112, 400, 600));
        assertThat(summary.lines()).isEqualTo(5);
        assertThat(summary.malformedLines()).isZero();
        assertThat(summary.nonJsonLines()).isZero();
    }

    @Test
    void readsTheJsonObjectAndTheVerboseJsonArrayAlike() throws IOException {
        ResultMessage object = scan(Fixtures.stdout("success-json")).result().orElseThrow();
        ResultMessage array =
                scan(Fixtures.stdout("success-json-verbose")).result().orElseThrow();

        assertThat(object.subtype()).isEqualTo("success");
        assertThat(object.totalCostUsd().toPlainString()).isEqualTo("0.014232");
        assertThat(object.duration()).contains(Duration.ofMillis(526));
        assertThat(array.subtype()).isEqualTo("success");
        assertThat(array.text()).isPresent();
        assertThat(array.numTurns()).isEqualTo(object.numTurns());
        assertThat(array.usage()).isEqualTo(object.usage());
    }

    @Test
    void readsErrorResults() throws IOException {
        ResultMessage maxTurns =
                scan(Fixtures.stdout("max-turns-stream-json")).result().orElseThrow();
        ResultMessage budget = scan(Fixtures.stdout("budget-json")).result().orElseThrow();
        ScanSummary overloaded = scan(Fixtures.stdout("api-529-stream-json"));
        ResultMessage unauthorized =
                scan(Fixtures.stdout("api-401-json")).result().orElseThrow();

        assertThat(maxTurns.subtype()).isEqualTo("error_max_turns");
        assertThat(maxTurns.text()).isEmpty();
        assertThat(maxTurns.errors()).singleElement().asString().startsWith("Reached maximum number of turns");
        assertThat(budget.subtype()).isEqualTo("error_max_budget_usd");
        assertThat(budget.usage()).isEqualTo(Usage.ZERO);
        assertThat(budget.modelUsage()).contains(new Usage(1234, 56, 200, 300));
        assertThat(budget.totalCostUsd().toPlainString()).isEqualTo("0.007116");
        assertThat(overloaded.result().orElseThrow().apiErrorStatus()).hasValue(529);
        assertThat(overloaded.assistantError()).isPresent();
        assertThat(unauthorized.apiErrorStatus()).hasValue(401);
        assertThat(unauthorized.apiErrorType()).contains("authentication_error");
        assertThat(unauthorized.totalCostUsd()).isSameAs(BigDecimal.ZERO);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, 1000})
    void findsTheSameResultWhateverTheReadSizes(int bufferSize) throws IOException {
        for (String fixture : List.of("success-stream-json", "success-json-verbose", "max-turns-stream-json")) {
            byte[] bytes = Fixtures.stdout(fixture);
            assertThat(scanInChunks(bytes, bufferSize)).as(fixture).isEqualTo(scan(bytes));
        }
    }

    @Test
    void skipsNonJsonAndBrokenLinesWithoutLosingTheNextOne() throws IOException {
        String stream = """
                [SandboxDebug] hello

                {not json
                {"type":"assistant","message":{"content":[{"type":"text","text":"unterminated
                ] stray
                {"type":"result","subtype":"success","is_error":false,"result":"ok","total_cost_usd":0.5}
                {"type":"result","subtype":"success","is_err\
                """;

        ScanSummary summary = scan(stream);

        assertThat(summary.result().orElseThrow().text()).contains("ok");
        // "[SandboxDebug]" starts like the json array form, so it counts as malformed rather than as non-JSON.
        assertThat(summary.nonJsonLines()).isEqualTo(1);
        assertThat(summary.malformedLines()).isEqualTo(4);
    }

    @Test
    void takesTheLastResultWhenThereAreSeveral() throws IOException {
        ScanSummary summary = scan("{\"type\":\"result\",\"subtype\":\"success\",\"result\":\"first\"}\n"
                + "{\"result\":\"second\",\"subtype\":\"success\",\"type\":\"result\"}"
                + "{\"type\":\"system\",\"subtype\":\"status\"}\n");

        assertThat(summary.result().orElseThrow().text()).contains("second");
    }

    @Test
    void toleratesUnknownTypesFieldsAndThinkingBlocks() throws IOException {
        ScanSummary summary = scan("{\"type\":\"brand_new_event\",\"payload\":{\"deep\":[1,2,{\"x\":\"}\"}]}}\n"
                + "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"thinking\","
                + "\"thinking\":\"hmm \\\"q\\\""
                + " \\\\\",\"signature\":\"c2ln\"}]}}\n"
                + "{\"new_field\":{\"a\":[true,false,null,-1.5e3]},\"type\":\"result\",\"num_turns\":3,"
                + "\"subtype\":\"success\",\"usage\":{\"input_tokens\":7,\"output_tokens\":8,\"brand_new\":1},"
                + "\"is_error\":false,\"api_error_status\":null,\"result\":\"caf\\u00e9 \\ud83d\\ude00\"}\n");

        ResultMessage r = summary.result().orElseThrow();
        assertThat(r.numTurns()).isEqualTo(3);
        assertThat(r.usage()).isEqualTo(new Usage(7, 8, 0, 0));
        assertThat(r.text()).contains("café \uD83D\uDE00");
        assertThat(r.apiErrorStatus()).isEmpty();
        assertThat(summary.malformedLines()).isZero();
    }

    @Test
    void readsThePermissionDenialsWithTheRuleThatWouldAllowEach() throws IOException {
        ScanSummary summary = scan("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,"
                + "\"result\":\"I could not run the tests.\",\"permission_denials\":["
                + "{\"tool_name\":\"Bash\",\"tool_use_id\":\"toulu_1\",\"tool_input\":{\"command\":"
                + "\"mvn -q test\",\"description\":\"run the tests\"}},"
                + "{\"tool_name\":\"WebFetch\",\"tool_use_id\":\"toolu_2\",\"tool_input\":{\"url\":"
                + "\"https://example.com\"}},{\"tool_use_id\":\"no name\"},7]}\n");

        assertThat(summary.result().orElseThrow().permissionDenials())
                .containsExactly(
                        new PermissionDenial(
                                "Bash",
                                "toulu_1",
                                "{\"command\":\"mvn -q test\",\"description\":" + "\"run the tests\"}",
                                "Bash(mvn -q test)"),
                        new PermissionDenial("WebFetch", "toolu_2", "{\"url\":\"https://example.com\"}", "WebFetch"));
        assertThat(summary.malformedLines()).isZero();
    }

    @Test
    void keepsTheExactDecimalOfTheCost() {
        assertThat(ResultMessage.cost("0.007116000000000001").toPlainString()).isEqualTo("0.007116");
        assertThat(ResultMessage.cost("0.028464000000000003").toPlainString()).isEqualTo("0.028464");
        assertThat(ResultMessage.cost("1e-3").toPlainString()).isEqualTo("0.001");
        assertThat(ResultMessage.cost("0.00000000004").toPlainString()).isEqualTo("0");
        assertThat(ResultMessage.cost("12.3456789012345").toPlainString()).isEqualTo("12.3456789012");
    }

    @Test
    void skipsALineOfTensOfMegabytesInBoundedMemory() throws IOException {
        // given: 40 MB in one string value, then the result; the scanner never holds the big line
        byte[] head = "{\"type\":\"user\",\"tool_use_result\":\"".getBytes(StandardCharsets.US_ASCII);
        InputStream body = new RepeatingStream((byte) 'A', 40L * 1024 * 1024);
        byte[] tail = ("\"}\n{\"type\":\"result\",\"subtype\":\"success\",\"result\":\"done\"}\n")
                .getBytes(StandardCharsets.US_ASCII);
        InputStream stream = new SequenceInputStream(
                Collections.enumeration(List.of(new ByteArrayInputStream(head), body, new ByteArrayInputStream(tail))));
        AtomicLong seen = new AtomicLong();

        ScanSummary summary = new StreamScanner(stream, seen::addAndGet).scan();

        assertThat(summary.result().orElseThrow().text()).contains("done");
        assertThat(summary.bytes()).isEqualTo(seen.get()).isGreaterThan(40L * 1024 * 1024);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void cutsAHugeResultTextAtAUtf8BoundaryAndStillParses(int shift) throws IOException {
        // A 13-byte unit: a two-byte character, a backslash-u escape, an escaped backslash and "uab" after it;
        // every shift puts the cut at another byte of it.
        String unit = "\u00e9\\u00e9\\\\uab";
        StringBuilder text = new StringBuilder("x".repeat(shift));
        while (text.length() < StreamScanner.MAX_STRING_BYTES + 100) {
            text.append(unit);
        }
        ScanSummary summary =
                scan("{\"type\":\"result\",\"subtype\":\"success\",\"result\":\"" + text + "\",\"num_turns\":4}\n");

        ResultMessage r = summary.result().orElseThrow();
        assertThat(r.numTurns()).isEqualTo(4);
        int expected = shift + (StreamScanner.MAX_STRING_BYTES - shift) / 13 * 6;
        assertThat(r.text().orElseThrow().length()).isBetween(expected - 6, expected + 6);
        assertThat(r.text().orElseThrow()).doesNotContain("\uFFFD").startsWith("x".repeat(shift) + "\u00e9\u00e9\\uab");
    }

    @Test
    void dropsKeptFieldsThatWouldPassTheMessageCapAndKeepsTheRest() throws IOException {
        // given: a result text cut to 4 MiB, then two error lists of 5 MiB each; either would pass the 8 MiB cap
        String text = "t".repeat(StreamScanner.MAX_STRING_BYTES + 100);
        String errors = "[\"" + "e".repeat(5 * 1024 * 1024) + "\"]";
        ScanSummary summary = scan("{\"type\":\"result\",\"subtype\":\"success\",\"result\":\"" + text
                + "\",\"errors\":" + errors + ",\"errors\":" + errors + ",\"num_turns\":4}\n");

        ResultMessage r = summary.result().orElseThrow();
        assertThat(r.text().orElseThrow().length())
                .isBetween(StreamScanner.MAX_STRING_BYTES - 1, StreamScanner.MAX_STRING_BYTES);
        assertThat(r.errors()).isEmpty();
        assertThat(r.numTurns()).isEqualTo(4);
        assertThat(summary.malformedLines()).isZero();
    }

    /** A stream of {@code length} copies of one byte, produced on the fly. */
    private static final class RepeatingStream extends InputStream {
        private final byte value;
        private long left;

        RepeatingStream(byte value, long length) {
            this.value = value;
            this.left = length;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return value;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, value);
            left -= n;
            return n;
        }
    }
}
