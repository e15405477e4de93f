package dev.obra.orchestrator.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzz of {@link StreamScanner} against Moshi: generated stream-json lines (nesting, escapes, unicode,
 * big numbers, unknown fields and types, kept fields of the wrong type) with broken lines between them, fed at
 * random read and buffer sizes. For every valid line the scanner must find exactly the result Moshi's
 * {@link JsonReader} reads from the whole line (and the same assistant error), nothing on a broken line, and never
 * throw. {@code -Dobra.fuzz.lines=N} runs N lines (default {@value #DEFAULT_LINES}), {@code -Dobra.fuzz.seed=S}
 * replays a failure; the seed is in every failure message.
 */
class StreamScannerFuzzTest {
    static final int DEFAULT_LINES = 1_000_000;
    private static final int LINES_PER_STREAM = 2_000;
    private static final int MAX_DEPTH = 12;
    /**
     * The names the scanner keeps: a message's type, the result fields {@link ResultMessage} reads, and an
     * assistant message's error. The oracle is Moshi with {@link ResultMessage#read} on the whole line, so taking the
     * result's names from the record costs the comparison nothing and keeps a new field from going unfuzzed.
     */
    private static final String[] KEPT = kept();

    private static final String[] TYPES = {
        "result",
        "result",
        "result",
        "assistant",
        "assistant",
        "system",
        "user",
        "stream_event",
        "rate_limit_event",
        "Result",
        "result ",
        ""
    };
    private static final String[] UNKNOWN = {
        "uuid",
        "message",
        "parent_tool_use_id",
        "content",
        "stop_reason",
        "duration_api_ms",
        "x",
        "",
        "\u00e9t\u00e9",
        "\ud83d\ude00",
        "type_",
        "results",
        "a_key_that_is_longer_than_sixty_four_bytes_so_the_scanner_cannot_keep_it_at_all_0123456789"
    };
    private static final String[] NUMBERS = {
        "0",
        "-0",
        "1",
        "-1",
        "42",
        "60",
        "529",
        "2147483647",
        "2147483648",
        "-2147483649",
        "9223372036854775807",
        "9223372036854775808",
        "123456789012345678901234567890",
        "0.5",
        "1.0",
        "1e2",
        "1E+2",
        "2.5e-3",
        "0.014232000000000002",
        "1e400",
        "-1e400",
        "1e-400",
        "4.9e-324",
        "1.7976931348623157e308",
        "1e999999999",
        "-1e-999999999",
        "1e2147483648",
        "0e0",
        "100.0000000000001"
    };
    private static final String[] PIECES = {
        "a",
        "Z",
        "0",
        " ",
        "result",
        "\u00e9",
        "\u4e2d",
        "\ud83d\ude00",
        "\ufeff",
        "\u2028",
        "\u00bf",
        "\u00ff",
        "\\\"",
        "\\\\",
        "\\/",
        "\\b",
        "\\f",
        "\\n",
        "\\r",
        "\\t",
        "\\u00e9",
        "\\u0000",
        "\\ud83d\\ude00",
        "\\udc00",
        "\\uD800",
        "\\u0022",
        "\\u005c",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "'"
    };

    private static String[] kept() {
        List<String> names = new ArrayList<>();
        names.add("type");
        names.addAll(ResultMessage.FIELD_NAMES);
        names.add("error");
        return names.toArray(String[]::new);
    }

    @Test
    void findsExactlyWhatMoshiReadsOnEveryValidLineAndResynchronisesAfterBrokenOnes() throws Exception {
        long lines = Long.getLong("obra.fuzz.lines", DEFAULT_LINES);
        long seed = Long.getLong("obra.fuzz.seed", System.nanoTime());
        long started = System.nanoTime();
        long planned = 0;
        List<Callable<Long>> streams = new ArrayList<>();
        for (int stream = 0; planned < lines; stream++) {
            long streamSeed = new SplittableRandom(seed + stream).nextLong();
            Stream generated =
                    new Stream(streamSeed, "seed " + seed + ", stream " + stream + " (stream seed " + streamSeed + ")");
            // one-byte reads and buffers are slow; their streams are short
            int count = (int) Math.min(generated.slow() ? 100 : LINES_PER_STREAM, lines - planned);
            streams.add(() -> generated.run(count));
            planned += count;
        }
        // Streams are independent and seeded each on its own, so two threads find what one would.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        long results = 0;
        try {
            for (Future<Long> done : pool.invokeAll(streams)) {
                try {
                    results += done.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof AssertionError failure
                            ? failure
                            : new AssertionError("seed " + seed + ": " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(
                "StreamScannerFuzzTest: %d lines (%d results compared) in %d ms, seed %d%n",
                planned, results, (System.nanoTime() - started) / 1_000_000, seed);
        assertThat(results).as("results compared, seed %d", seed).isGreaterThan(lines / 10);
    }

    /** One generated stream: its lines, what Moshi reads from each, and what the scanner found where. */
    private static final class Stream {
        private final SplittableRandom random;
        private final String where;

        private final int bufferSize;
        private final int maxRead;

        Stream(long seed, String where) {
            this.random = new SplittableRandom(seed);
            this.where = where;
            // Tiny buffers and reads cost the most per byte: one stream in four gets them.
            this.bufferSize = random.nextInt(4) == 0 ? pick(1, 2, 3, 7) : pick(64, 1024, 64 * 1024);
            this.maxRead = random.nextInt(4) == 0 ? pick(1, 5) : pick(100, 4096, 1 << 20);
        }

        boolean slow() {
            return bufferSize == 1 || maxRead == 1;
        }

        /** Generates, scans and compares {@code count} lines; returns how many results were compared. */
        long run(int count) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(count * 200);
            long[] starts = new long[count];
            byte[][] lines = new byte[count][];
            Optional<?>[] expected = new Optional<?>[count];
            Optional<String> expectedAssistantError = Optional.empty();
            long compared = 0;
            for (int i = 0; i < count; i++) {
                starts[i] = out.size();
                boolean broken = random.nextInt(8) == 0;
                byte[] line = broken ? broken() : valid().getBytes(StandardCharsets.UTF_8);
                lines[i] = line;
                if (broken) {
                    expected[i] = Optional.empty();
                } else {
                    Moshi read = Moshi.read(line, where + ", line " + i);
                    expected[i] = read.result;
                    if (read.assistantError.isPresent()) {
                        expectedAssistantError = read.assistantError;
                    }
                    if (read.result.isPresent()) {
                        compared++;
                    }
                }
                out.write(line);
                if (random.nextInt(50) == 0) {
                    out.write('\r');
                }
                out.write('\n');
                if (random.nextInt(100) == 0) {
                    out.write('\n'); // an empty line
                }
            }
            byte[] bytes = out.toByteArray();
            ResultMessage[] found = new ResultMessage[count];
            StreamScanner[] scanner = new StreamScanner[1];
            int lineCount = count;
            StreamScanner.Activity activity = new StreamScanner.Activity() {
                @Override
                public void read(int n) {}

                @Override
                public void result() {
                    int line = lineOf(starts, lineCount, scanner[0].consumed() - 1);
                    if (found[line] != null) {
                        throw new AssertionError(where + ": two results on line " + line + ": " + show(lines[line]));
                    }
                    found[line] = scanner[0].summary().result().orElseThrow();
                }
            };
            scanner[0] = new StreamScanner(new ChoppyStream(bytes, maxRead, random.split()), activity, bufferSize);
            ScanSummary summary;
            try {
                summary = scanner[0].scan();
            } catch (RuntimeException | IOException e) {
                throw new AssertionError(
                        where + " (buffer " + bufferSize + ", reads <= " + maxRead + "): the scanner threw", e);
            }
            Optional<?> last = Optional.empty();
            for (int i = 0; i < count; i++) {
                Optional<ResultMessage> scanned = Optional.ofNullable(found[i]);
                if (!scanned.equals(expected[i])) {
                    // Built only on a failure: a message per line would cost more than the scan.
                    assertThat(scanned)
                            .as(
                                    "%s (buffer %d, reads <= %d), line %d: %s",
                                    where, bufferSize, maxRead, i, show(lines[i]))
                            .isEqualTo(expected[i]);
                }
                last = expected[i].isPresent() ? expected[i] : last;
            }
            assertThat(summary.result()).as("%s: last result", where).isEqualTo(last);
            assertThat(summary.assistantError())
                    .as("%s: last assistant error", where)
                    .isEqualTo(expectedAssistantError);
            return compared;
        }

        private static int lineOf(long[] starts, int count, long offset) {
            int index = Arrays.binarySearch(starts, 0, count, offset);
            return index >= 0 ? index : -index - 2;
        }

        private int pick(int... choices) {
            return choices[random.nextInt(choices.length)];
        }

        /** A line that is not one JSON message: a cut-off message, or bytes that cannot close an object. */
        private byte[] broken() {
            return switch (random.nextInt(4)) {
                case 0, 1 -> {
                    byte[] whole = valid().getBytes(StandardCharsets.UTF_8);
                    int end = whole.length - 1;
                    while (whole[end] != '}') {
                        end--;
                    }
                    yield Arrays.copyOf(whole, random.nextInt(end + 1));
                }
                case 2 ->
                    random.nextBoolean()
                            ? "[SandboxDebug] not json".getBytes(StandardCharsets.UTF_8)
                            : "{\"type\":\"result\",\"subtype\":\"success\",broken".getBytes(StandardCharsets.UTF_8);
                default -> {
                    byte[] garbage = new byte[random.nextInt(1, 200)];
                    for (int i = 0; i < garbage.length; i++) {
                        byte b;
                        do {
                            b = (byte) random.nextInt(256);
                        } while (b == '\n' || b == '}');
                        garbage[i] = b;
                    }
                    yield garbage;
                }
            };
        }

        /** A valid JSON object on one line, shaped like a stream-json message more often than not. */
        String valid() {
            StringBuilder s = new StringBuilder(512);
            s.append('{');
            Set<String> used = new HashSet<>();
            int fields = random.nextInt(0, 7);
            boolean first = true;
            if (random.nextInt(10) != 0) {
                first = field(s, "type", first, used);
                typeValue(s);
            }
            for (int f = 0; f < fields; f++) {
                String name = random.nextInt(3) == 0
                        ? UNKNOWN[random.nextInt(UNKNOWN.length)]
                        : KEPT[random.nextInt(KEPT.length)];
                if (used.contains(name)) {
                    continue;
                }
                first = field(s, name, first, used);
                if (random.nextInt(6) == 0) {
                    value(s, 0);
                } else {
                    keptValue(s, name);
                }
            }
            blanks(s);
            s.append('}');
            return s.toString();
        }

        private boolean field(StringBuilder s, String name, boolean first, Set<String> used) {
            used.add(name);
            blanks(s);
            if (!first) {
                s.append(',');
                blanks(s);
            }
            s.append('"');
            if (random.nextInt(40) == 0 && !name.isEmpty()) {
                int at = random.nextInt(name.length());
                s.append(name, 0, at)
                        .append(String.format("\\u%04x", (int) name.charAt(at)))
                        .append(name, at + 1, name.length());
            } else {
                escaped(s, name);
            }
            s.append('"');
            blanks(s);
            s.append(':');
            blanks(s);
            return false;
        }

        private void typeValue(StringBuilder s) {
            String type = TYPES[random.nextInt(TYPES.length)];
            if (random.nextInt(40) == 0) {
                s.append("\"res\\u0075lt\"");
            } else if (random.nextInt(40) == 0) {
                value(s, 0);
            } else {
                s.append('"').append(type).append('"');
            }
        }

        private void keptValue(StringBuilder s, String name) {
            switch (name) {
                case "is_error" -> s.append(random.nextBoolean());
                case "num_turns", "duration_ms", "api_error_status", "total_cost_usd" -> {
                    if (random.nextInt(3) == 0) {
                        s.append(NUMBERS[random.nextInt(NUMBERS.length)]);
                    } else {
                        s.append(random.nextInt(0, 100_000));
                        if (name.equals("total_cost_usd")) {
                            s.append('.').append(random.nextInt(0, 1_000_000));
                        }
                    }
                }
                case "usage" -> {
                    tokens(
                            s,
                            "input_tokens",
                            "output_tokens",
                            "cache_creation_input_tokens",
                            "cache_read_input_tokens");
                }
                case "modelUsage" ->
                    joined(s, '{', random.nextInt(0, 3), '}', m -> {
                        s.append("\"model-").append(m).append("\":");
                        if (random.nextInt(8) == 0) {
                            value(s, 1);
                        } else {
                            tokens(
                                    s,
                                    "inputTokens",
                                    "outputTokens",
                                    "cacheCreationInputTokens",
                                    "cacheReadInputTokens",
                                    "costUSD");
                        }
                    });
                case "errors" -> {
                    if (random.nextInt(4) == 0) {
                        value(s, 0);
                    } else {
                        joined(s, '[', random.nextInt(0, 4), ']', e -> string(s));
                    }
                }
                default -> string(s);
            }
        }

        private void tokens(StringBuilder s, String... names) {
            s.append('{');
            boolean first = true;
            for (String name : names) {
                if (random.nextInt(5) == 0) {
                    continue;
                }
                if (!first) {
                    s.append(',');
                }
                first = false;
                s.append('"').append(name).append("\":");
                if (random.nextInt(10) == 0) {
                    s.append(NUMBERS[random.nextInt(NUMBERS.length)]);
                } else {
                    s.append(random.nextInt(0, 1_000_000));
                }
            }
            s.append('}');
        }

        /** Any JSON value: the unknown fields and types, nested up to {@link #MAX_DEPTH}. */
        private void value(StringBuilder s, int depth) {
            int kind = random.nextInt(depth >= MAX_DEPTH ? 4 : 6);
            switch (kind) {
                case 0 -> string(s);
                case 1 -> s.append(NUMBERS[random.nextInt(NUMBERS.length)]);
                case 2 -> s.append(random.nextBoolean() ? "true" : "false");
                case 3 -> s.append("null");
                case 4 ->
                    joined(s, '[', random.nextInt(0, 4), ']', i -> {
                        blanks(s);
                        value(s, depth + 1);
                    });
                default ->
                    joined(s, '{', random.nextInt(0, 4), '}', i -> {
                        s.append("\"k").append(i).append("\":");
                        value(s, depth + 1);
                    });
            }
        }

        /** Appends {@code open}, then {@code count} elements separated by commas, then {@code close}. */
        private static void joined(StringBuilder s, char open, int count, char close, IntConsumer element) {
            s.append(open);
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    s.append(',');
                }
                element.accept(i);
            }
            s.append(close);
        }

        private void string(StringBuilder s) {
            s.append('"');
            int n = random.nextInt(0, random.nextInt(16) == 0 ? 200 : 9);
            for (int i = 0; i < n; i++) {
                if (random.nextInt(3) == 0) {
                    s.append(PIECES[random.nextInt(PIECES.length)]);
                } else {
                    s.append((char) random.nextInt('a', 'z' + 1));
                }
            }
            s.append('"');
        }

        private void blanks(StringBuilder s) {
            if (random.nextInt(6) == 0) {
                int n = random.nextInt(1, 4);
                for (int i = 0; i < n; i++) {
                    s.append(" \t\r".charAt(random.nextInt(3)));
                }
            }
        }

        private static void escaped(StringBuilder s, String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    s.append('\\');
                }
                s.append(c);
            }
        }
    }

    /** What Moshi reads from one whole line. */
    private static final class Moshi {
        final Optional<ResultMessage> result;
        final Optional<String> assistantError;

        private Moshi(Optional<ResultMessage> result, Optional<String> assistantError) {
            this.result = result;
            this.assistantError = assistantError;
        }

        static Moshi read(byte[] line, String where) throws IOException {
            Optional<String> type = Optional.empty();
            Optional<String> error = Optional.empty();
            try (JsonReader reader = JsonReader.of(new Buffer().write(line))) {
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (name.equals("type")) {
                        if (reader.peek() == JsonReader.Token.STRING) {
                            type = Optional.of(reader.nextString());
                        } else {
                            type = Optional.empty();
                            reader.skipValue();
                        }
                    } else if (name.equals("error") && reader.peek() == JsonReader.Token.STRING) {
                        error = Optional.of(reader.nextString());
                    } else {
                        reader.skipValue();
                    }
                }
                reader.endObject();
                if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
                    throw new AssertionError(where + ": the generator wrote more than one value: " + show(line));
                }
            } catch (JsonDataException | IOException e) {
                throw new AssertionError(where + ": the generator wrote invalid JSON: " + show(line), e);
            }
            if (type.filter("result"::equals).isPresent()) {
                try {
                    return new Moshi(
                            Optional.of(ResultMessage.read(JsonReader.of(new Buffer().write(line)))), Optional.empty());
                } catch (JsonDataException | IOException e) {
                    return new Moshi(Optional.empty(), Optional.empty());
                }
            }
            return new Moshi(Optional.empty(), type.filter("assistant"::equals).isPresent() ? error : Optional.empty());
        }
    }

    private static String show(byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8);
        return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
    }

    /** Hands out the bytes in reads of random sizes up to a maximum. */
    private static final class ChoppyStream extends InputStream {
        private final byte[] bytes;
        private final int maxRead;
        private final SplittableRandom random;
        private int pos;

        ChoppyStream(byte[] bytes, int maxRead, SplittableRandom random) {
            this.bytes = bytes;
            this.maxRead = maxRead;
            this.random = random;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int off, int len) {
            if (pos >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, bytes.length - pos), random.nextInt(1, maxRead + 1));
            System.arraycopy(bytes, pos, into, off, n);
            pos += n;
            return n;
        }
    }
}
