package dev.obra.orchestrator.agent.claude;

import static java.util.Objects.requireNonNull;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import dev.obra.orchestrator.agent.PermissionDenial;
import dev.obra.orchestrator.agent.Usage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * @param errors               {@code errors}, stripped, without blank or non-string entries; a bare string is one
 *                             entry, any other non-list value none; empty when absent
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
 * @param permissionDenials    {@code permission_denials}: the tool calls the permission rules refused
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
        Optional<String> startupFailureReason,
        List<PermissionDenial> permissionDenials) {

    /** Decimal places kept of a reported cost: far below a cent, far above the float noise. */
    static final int COST_SCALE = 10;
    /** The largest cost believed: far above any run's, far below what rounding cannot handle. */
    static final BigDecimal MAX_COST_USD = new BigDecimal("1e12");
    /** Below half the last kept place, a cost rounds to zero. */
    private static final BigDecimal NEGLIGIBLE_COST = new BigDecimal("5e-11");

    /** The result's fields this record reads, in the order of {@link #FIELDS}; the scanner keeps exactly these. */
    static final List<String> FIELD_NAMES = List.of(
            "subtype",
            "is_error",
            "result",
            "errors",
            "session_id",
            "num_turns",
            "duration_ms",
            "total_cost_usd",
            "usage",
            "modelUsage",
            "api_error_status",
            "api_error_type",
            "terminal_reason",
            "startup_failure_reason",
            "permission_denials");

    private static final JsonReader.Options FIELDS = JsonReader.Options.of(FIELD_NAMES.toArray(String[]::new));
    private static final JsonReader.Options USAGE_FIELDS = JsonReader.Options.of(
            "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens");
    private static final JsonReader.Options DENIAL_FIELDS =
            JsonReader.Options.of("tool_name", "tool_use_id", "tool_input");
    private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);
    private static final JsonReader.Options MODEL_USAGE_FIELDS =
            JsonReader.Options.of("inputTokens", "outputTokens", "cacheCreationInputTokens", "cacheReadInputTokens");

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
        permissionDenials = List.copyOf(requireNonNull(permissionDenials, "permissionDenials"));
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
        List<PermissionDenial> denials = List.of();
        reader.beginObject();
        while (reader.hasNext()) {
            int field = select(reader, FIELDS);
            if (field < 0) {
                continue;
            }
            if (reader.peek() == JsonReader.Token.NULL) {
                reader.nextNull();
                continue;
            }
            switch (field) {
                case 0 -> subtype = reader.nextString();
                case 1 -> isError = reader.nextBoolean();
                case 2 -> text = Optional.of(reader.nextString());
                case 3 -> errors = errors(reader);
                case 4 -> sessionId = Optional.of(reader.nextString());
                case 5 -> numTurns = Math.max(0, reader.nextInt());
                case 6 -> duration = Optional.of(Duration.ofMillis(Math.max(0, reader.nextLong())));
                case 7 -> cost = cost(reader.nextString());
                case 8 -> usage = usage(reader, USAGE_FIELDS);
                case 9 -> modelUsage = Optional.of(modelUsage(reader));
                case 10 -> status = status(reader);
                case 11 -> errorType = Optional.of(reader.nextString());
                case 12 -> terminal = Optional.of(reader.nextString());
                case 13 -> startup = Optional.of(reader.nextString());
                case 14 -> denials = denials(reader);
                default -> reader.skipValue();
            }
        }
        reader.endObject();
        return new ResultMessage(
                subtype,
                isError,
                text,
                errors,
                sessionId,
                numTurns,
                duration,
                cost,
                usage,
                modelUsage,
                status,
                errorType,
                terminal,
                startup,
                denials);
    }

    /**
     * Returns a reported cost literal as a decimal of at most {@link #COST_SCALE} places, never negative.
     *
     * @throws JsonDataException when the literal is no number, or one above {@link #MAX_COST_USD}
     */
    static BigDecimal cost(String literal) {
        BigDecimal exact;
        try {
            exact = new BigDecimal(literal.strip());
        } catch (NumberFormatException e) {
            throw new JsonDataException("total_cost_usd is not a number: '" + literal + "'", e);
        }
        // Compared before rounding: rounding 1e999999999 or 1e-999999999 to ten places would need a BigInteger
        // past its range (ArithmeticException), and comparing magnitudes costs nothing.
        if (exact.signum() <= 0 || exact.compareTo(NEGLIGIBLE_COST) < 0) {
            return BigDecimal.ZERO;
        }
        if (exact.compareTo(MAX_COST_USD) > 0) {
            throw new JsonDataException("total_cost_usd is out of range: '" + literal + "'");
        }
        BigDecimal rounded = exact.setScale(COST_SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.signum() == 0 ? BigDecimal.ZERO : rounded;
    }

    /** Reads {@code [{tool_name, tool_use_id, tool_input{}}]}; entries without a tool name are skipped. */
    private static List<PermissionDenial> denials(JsonReader reader) throws IOException {
        List<PermissionDenial> list = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
            if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
                reader.skipValue();
                continue;
            }
            String tool = "";
            String id = "";
            Object input = null;
            reader.beginObject();
            while (reader.hasNext()) {
                int field = select(reader, DENIAL_FIELDS);
                if (field < 0) {
                    continue;
                }
                if (field == 2) {
                    input = reader.readJsonValue();
                } else if (reader.peek() == JsonReader.Token.STRING) {
                    if (field == 0) {
                        tool = reader.nextString();
                    } else {
                        id = reader.nextString();
                    }
                } else {
                    reader.skipValue();
                }
            }
            reader.endObject();
            if (!tool.isBlank()) {
                list.add(new PermissionDenial(tool, id, input == null ? "" : JSON.toJson(input), rule(tool, input)));
            }
        }
        reader.endArray();
        return list;
    }

    /** Returns the CLI's rule that allows the call: {@code Bash(<command>)} for a command, else the tool's name. */
    static String rule(String tool, Object input) {
        if (tool.equals("Bash") && input instanceof Map<?, ?> map) {
            Object command = map.get("command");
            if (command instanceof String line && !line.isBlank() && line.indexOf('\n') < 0) {
                return "Bash(" + line.strip() + ")";
            }
        }
        return tool;
    }

    /**
     * Reads {@code errors} as the Agent SDKs do: a list keeps its non-blank strings, a bare string (older or buggy
     * emitters) is one message, and a number or object says nothing; none of them costs the rest of the result.
     */
    private static List<String> errors(JsonReader reader) throws IOException {
        List<String> list = new ArrayList<>();
        JsonReader.Token token = reader.peek();
        if (token == JsonReader.Token.STRING) {
            addNonBlank(list, reader.nextString());
            return list;
        }
        if (token != JsonReader.Token.BEGIN_ARRAY) {
            reader.skipValue();
            return list;
        }
        reader.beginArray();
        while (reader.hasNext()) {
            if (reader.peek() == JsonReader.Token.STRING) {
                addNonBlank(list, reader.nextString());
            } else {
                reader.skipValue();
            }
        }
        reader.endArray();
        return list;
    }

    private static void addNonBlank(List<String> list, String error) {
        String stripped = error.strip();
        if (!stripped.isEmpty()) {
            list.add(stripped);
        }
    }

    /** Reads {@code api_error_status}; a value that is no HTTP status (text, a fraction) is left out, not fatal. */
    private static OptionalInt status(JsonReader reader) throws IOException {
        if (reader.peek() != JsonReader.Token.NUMBER) {
            reader.skipValue();
            return OptionalInt.empty();
        }
        String literal = reader.nextString();
        try {
            int status = Integer.parseInt(literal);
            return status >= 100 && status <= 999 ? OptionalInt.of(status) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static Usage usage(JsonReader reader, JsonReader.Options fields) throws IOException {
        long[] tokens = new long[4];
        reader.beginObject();
        while (reader.hasNext()) {
            int field = select(reader, fields);
            if (field < 0) {
                continue;
            }
            if (reader.peek() == JsonReader.Token.NULL) {
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

    /**
     * Reads the next field's name and returns its index in {@code names}; a field not among them is skipped, name and
     * value, and gets -1.
     */
    private static int select(JsonReader reader, JsonReader.Options names) throws IOException {
        int field = reader.selectName(names);
        if (field < 0) {
            reader.skipName();
            reader.skipValue();
        }
        return field;
    }
}
