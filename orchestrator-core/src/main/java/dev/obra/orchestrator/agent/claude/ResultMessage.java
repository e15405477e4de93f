package dev.obra.orchestrator.agent.claude;

import static java.util.Objects.requireNonNull;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import dev.obra.orchestrator.agent.Usage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The fields of Claude Code's {@code result} message that the agent uses (described in
 * {@code docs/claude-code.md}, "The result message"). Everything else in the
 * message is ignored. Costs are the JSON number literal as a decimal, rounded to {@link #COST_SCALE} places, so
 * {@code 0.014232000000000002} becomes {@code 0.014232}.
 *
 * @param subtype              {@code success}, {@code error_max_turns}, {@code error_max_budget_usd}, ...
 * @param isError              {@code is_error}; true also for API errors whose subtype is {@code success}
 * @param text                 {@code result}, absent on the {@code error_*} subtypes
 * @param errors               {@code errors}, empty when absent
 * @param sessionId            {@code session_id}
 * @param numTurns             {@code num_turns}
 * @param duration             {@code duration_ms}
 * @param totalCostUsd         {@code total_cost_usd}, cumulative over a resumed conversation
 * @param usage                {@code usage}: this invocation's main loop only
 * @param modelUsage           {@code modelUsage} summed over models: subagents included, cumulative when resumed
 * @param apiErrorStatus       {@code api_error_status}, the HTTP status of an API error
 * @param apiErrorType         {@code api_error_type}, e.g. {@code overloaded_error}
 * @param terminalReason       {@code terminal_reason}, e.g. {@code completed}, {@code api_error}
 * @param startupFailureReason {@code startup_failure_reason}, e.g. {@code bypass_root}
 */
record ResultMessage(
        String subtype,
        boolean isError,
        Optional<String> text,
        List<String> errors,
        Optional<String> sessionId,
        int numTurns,
        Optional<Duration> duration,
        BigDecimal totalCostUsd,
        Usage usage,
        Optional<Usage> modelUsage,
        OptionalInt apiErrorStatus,
        Optional<String> apiErrorType,
        Optional<String> terminalReason,
        Optional<String> startupFailureReason) {

    /** Decimal places kept of a reported cost: far below a cent, far above the float noise. */
    static final int COST_SCALE = 10;

    private static final JsonReader.Options FIELDS = JsonReader.Options.of("subtype", "is_error", "result", "errors",
            "session_id", "num_turns", "duration_ms", "total_cost_usd", "usage", "modelUsage", "api_error_status",
            "api_error_type", "terminal_reason", "startup_failure_reason");
    private static final JsonReader.Options USAGE_FIELDS = JsonReader.Options.of("input_tokens", "output_tokens",
            "cache_creation_input_tokens", "cache_read_input_tokens");
    private static final JsonReader.Options MODEL_USAGE_FIELDS = JsonReader.Options.of("inputTokens",
            "outputTokens", "cacheCreationInputTokens", "cacheReadInputTokens");

    ResultMessage {
        requireNonNull(subtype, "subtype");
        requireNonNull(text, "text");
        errors = List.copyOf(requireNonNull(errors, "errors"));
        requireNonNull(sessionId, "sessionId");
        requireNonNull(duration, "duration");
        requireNonNull(totalCostUsd, "totalCostUsd");
        requireNonNull(usage, "usage");
        requireNonNull(modelUsage, "modelUsage");
        requireNonNull(apiErrorStatus, "apiErrorStatus");
        requireNonNull(apiErrorType, "apiErrorType");
        requireNonNull(terminalReason, "terminalReason");
        requireNonNull(startupFailureReason, "startupFailureReason");
    }

    /**
     * Reads a result object; unknown fields are skipped, keys may come in any order.
     *
     * @throws IOException       on malformed JSON
     * @throws JsonDataException on a field of the wrong type
     */
    static ResultMessage read(JsonReader reader) throws IOException {
        String subtype = "";
        boolean isError = false;
        Optional<String> text = Optional.empty();
        List<String> errors = new ArrayList<>();
        Optional<String> sessionId = Optional.empty();
        int numTurns = 0;
        Optional<Duration> duration = Optional.empty();
        BigDecimal cost = BigDecimal.ZERO;
        Usage usage = Usage.ZERO;
        Optional<Usage> modelUsage = Optional.empty();
        OptionalInt status = OptionalInt.empty();
        Optional<String> errorType = Optional.empty();
        Optional<String> terminal = Optional.empty();
        Optional<String> startup = Optional.empty();
        reader.beginObject();
        while (reader.hasNext()) {
            int field = reader.selectName(FIELDS);
            if (field >= 0 && reader.peek() == JsonReader.Token.NULL) {
                reader.nextNull();
                continue;
            }
            switch (field) {
                case 0: subtype = reader.nextString(); break;
                case 1: isError = reader.nextBoolean(); break;
                case 2: text = Optional.of(reader.nextString()); break;
                case 3: errors = strings(reader); break;
                case 4: sessionId = Optional.of(reader.nextString()); break;
                case 5: numTurns = Math.max(0, reader.nextInt()); break;
                case 6: duration = Optional.of(Duration.ofMillis(Math.max(0, reader.nextLong()))); break;
                case 7: cost = cost(reader.nextString()); break;
                case 8: usage = usage(reader, USAGE_FIELDS); break;
                case 9: modelUsage = Optional.of(modelUsage(reader)); break;
                case 10: status = OptionalInt.of(reader.nextInt()); break;
                case 11: errorType = Optional.of(reader.nextString()); break;
                case 12: terminal = Optional.of(reader.nextString()); break;
                case 13: startup = Optional.of(reader.nextString()); break;
                default:
                    reader.skipName();
                    reader.skipValue();
            }
        }
        reader.endObject();
        return new ResultMessage(subtype, isError, text, errors, sessionId, numTurns, duration, cost, usage,
                modelUsage, status, errorType, terminal, startup);
    }

    /** Returns a reported cost literal as a decimal of at most {@link #COST_SCALE} places, never negative. */
    static BigDecimal cost(String literal) {
        BigDecimal exact;
        try {
            exact = new BigDecimal(literal.strip());
        } catch (NumberFormatException e) {
            throw new JsonDataException("total_cost_usd is not a number: '" + literal + "'", e);
        }
        if (exact.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal rounded = exact.setScale(COST_SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.signum() == 0 ? BigDecimal.ZERO : rounded;
    }

    private static List<String> strings(JsonReader reader) throws IOException {
        List<String> list = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
            if (reader.peek() == JsonReader.Token.STRING) {
                list.add(reader.nextString());
            } else {
                reader.skipValue();
            }
        }
        reader.endArray();
        return list;
    }

    private static Usage usage(JsonReader reader, JsonReader.Options fields) throws IOException {
        long[] tokens = new long[4];
        reader.beginObject();
        while (reader.hasNext()) {
            int field = reader.selectName(fields);
            if (field < 0) {
                reader.skipName();
                reader.skipValue();
            } else if (reader.peek() == JsonReader.Token.NULL) {
                reader.nextNull();
            } else {
                tokens[field] = Math.max(0, reader.nextLong());
            }
        }
        reader.endObject();
        return new Usage(tokens[0], tokens[1], tokens[2], tokens[3]);
    }

    private static Usage modelUsage(JsonReader reader) throws IOException {
        Usage sum = Usage.ZERO;
        reader.beginObject();
        while (reader.hasNext()) {
            reader.skipName();
            if (reader.peek() == JsonReader.Token.BEGIN_OBJECT) {
                sum = sum.plus(usage(reader, MODEL_USAGE_FIELDS));
            } else {
                reader.skipValue();
            }
        }
        reader.endObject();
        return sum;
    }
}
