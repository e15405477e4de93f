package dev.obra.orchestrator.agent.claude;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import okio.Buffer;

/**
 * Reads Claude Code's stdout as it comes: stream-json (one message per line), or json's single object or array.
 *
 * <p>Memory stays bounded whatever the output: bytes are scanned in a fixed buffer and only the top-level fields
 * the agent uses are kept (a result's text up to {@link #MAX_STRING_BYTES}); everything else, a tool result of tens
 * of megabytes or a {@code thinking} block included, is skipped without being held. Those kept fields are then read
 * with Moshi. Lines that are not JSON are skipped; a line that starts as JSON but breaks (a truncated last line,
 * garbage) is counted and skipped; a raw newline always ends a message, so one bad line never swallows the next.
 * Not thread-safe: one scanner reads one stream.
 */
final class StreamScanner {
    /** The longest string value kept; a longer one (a huge final text) is cut to this many bytes. */
    static final int MAX_STRING_BYTES = 4 * 1024 * 1024;
    /** The most kept of one message; fields past it are dropped. */
    static final int MAX_CAPTURE_BYTES = 8 * 1024 * 1024;

    private static final Set<String> KEPT = kept();
    /** The most the capture buffer grows to, a little past the cap; appends beyond it are only counted. */
    private static final int CAPTURE_CAPACITY = MAX_CAPTURE_BYTES + 16;

    private static final int MAX_KEY_BYTES = 64;
    private static final int MAX_DEPTH = 1024;

    /** Told how many bytes arrived, each time some do, and when a result was read; the agent's timeouts listen. */
    interface Activity {
        void read(int bytes);

        /** A result message was read. */
        default void result() {}
    }

    /** Ends the parse of the current line; {@code lineEnded} when its newline (or the end of input) was consumed. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean lineEnded;

        Malformed(boolean lineEnded) {
            super(null, null, false, false);
            this.lineEnded = lineEnded;
        }
    }

    private static final Malformed AT_LINE_END = new Malformed(true);
    private static final Malformed IN_LINE = new Malformed(false);

    private final InputStream in;
    private final Activity activity;
    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;

    private final byte[] keyBytes = new byte[MAX_KEY_BYTES];
    private byte[] capture = new byte[1024];
    private int captureLength;
    private String type;
    private boolean hasError;

    private ResultMessage result;
    private String assistantError;
    private long lines;
    private long nonJsonLines;
    private long malformedLines;
    private long bytes;

    StreamScanner(InputStream in, Activity activity) {
        this(in, activity, 64 * 1024);
    }

    StreamScanner(InputStream in, Activity activity, int bufferSize) {
        this.in = in;
        this.activity = activity;
        this.buf = new byte[bufferSize];
    }

    /** Reads to the end of the stream and returns what was found. */
    ScanSummary scan() throws IOException {
        while (!atEnd()) {
            line();
        }
        return summary();
    }

    /** Returns what was found so far. */
    ScanSummary summary() {
        return new ScanSummary(
                Optional.ofNullable(result),
                Optional.ofNullable(assistantError),
                lines,
                nonJsonLines,
                malformedLines,
                bytes);
    }

    /** Returns how many bytes of the stream have been consumed so far, read-ahead not counted. */
    long consumed() {
        return bytes - (limit - pos);
    }

    private boolean atEnd() throws IOException {
        return pos == limit && !fill();
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        while (n == 0) {
            n = in.read(buf, 0, buf.length);
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        bytes += n;
        activity.read(n);
        return true;
    }

    /** Returns the next byte without consuming it, or -1 at the end of input. */
    private int peek() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos] & 0xff;
    }

    private int next() throws IOException, Malformed {
        if (pos == limit && !fill()) {
            throw AT_LINE_END;
        }
        return buf[pos++] & 0xff;
    }

    private void line() throws IOException {
        int c = skipBlanks();
        if (c == -1) {
            return;
        }
        lines++;
        if (c == '\n') {
            pos++;
            return;
        }
        if (c != '{' && c != '[') {
            nonJsonLines++;
            skipLine();
            return;
        }
        try {
            // Several messages on one line are read one after the other.
            while (c == '{' || c == '[') {
                if (c == '{') {
                    message();
                } else {
                    array();
                }
                c = skipBlanks();
            }
            if (c == '\n') {
                pos++;
            } else if (c != -1) {
                throw IN_LINE;
            }
        } catch (Malformed m) {
            malformedLines++;
            if (!m.lineEnded) {
                skipLine();
            }
        }
    }

    private void array() throws IOException, Malformed {
        pos++;
        int c = skipBlanks();
        if (c == ']') {
            pos++;
            return;
        }
        while (true) {
            if (c == '{') {
                message();
            } else {
                skipValue();
            }
            c = skipBlanks();
            if (c == ']') {
                pos++;
                return;
            }
            if (c != ',') {
                throw malformedAt(c);
            }
            pos++;
            c = skipBlanks();
        }
    }

    /** Reads one object: kept fields are copied, the rest skipped; a result is then read with Moshi. */
    private void message() throws IOException, Malformed {
        pos++;
        captureLength = 0;
        type = null;
        hasError = false;
        append('{');
        int c = skipBlanks();
        if (c == '}') {
            pos++;
            return;
        }
        while (true) {
            if (c != '"') {
                throw malformedAt(c);
            }
            pos++;
            String key = key();
            expect(':');
            if (key != null && KEPT.contains(key)) {
                keep(key);
            } else {
                skipValue();
            }
            c = skipBlanks();
            if (c == '}') {
                pos++;
                break;
            }
            if (c != ',') {
                throw malformedAt(c);
            }
            pos++;
            c = skipBlanks();
        }
        append('}');
        if ("result".equals(type)) {
            ResultMessage parsed = read();
            if (parsed != null) {
                result = parsed;
                activity.result();
            }
        } else if ("assistant".equals(type) && hasError) {
            readAssistantError();
        }
    }

    private ResultMessage read() {
        try {
            return ResultMessage.read(JsonReader.of(new Buffer().write(capture, 0, captureLength)));
        } catch (IOException | JsonDataException e) {
            malformedLines++;
            return null;
        }
    }

    private void readAssistantError() {
        try (JsonReader reader = JsonReader.of(new Buffer().write(capture, 0, captureLength))) {
            reader.beginObject();
            while (reader.hasNext()) {
                if (reader.nextName().equals("error") && reader.peek() == JsonReader.Token.STRING) {
                    assistantError = reader.nextString();
                } else {
                    reader.skipValue();
                }
            }
        } catch (IOException | JsonDataException e) {
            malformedLines++;
        }
    }

    /** Copies the value of a kept field; drops it when the message would grow past {@link #MAX_CAPTURE_BYTES}. */
    private void keep(String key) throws IOException, Malformed {
        int before = captureLength;
        if (captureLength > 1) {
            append(',');
        }
        append('"');
        for (int i = 0; i < key.length(); i++) {
            append(key.charAt(i));
        }
        append('"');
        append(':');
        int valueStart = captureLength;
        copyValue();
        if (captureLength > MAX_CAPTURE_BYTES) {
            captureLength = before;
            return;
        }
        if (key.equals("type")) {
            type = typeName(valueStart);
        } else if (key.equals("error")) {
            hasError = true;
        }
    }

    /** Returns the captured {@code type} value from {@code start} as a string, escapes decoded; null if none. */
    private String typeName(int start) {
        int length = captureLength - start;
        if (length < 2 || capture[start] != '"') {
            return null;
        }
        boolean escapes = false;
        for (int i = start; i < captureLength && !escapes; i++) {
            escapes = capture[i] == '\\';
        }
        if (!escapes) {
            return new String(capture, start + 1, length - 2, StandardCharsets.UTF_8);
        }
        try {
            return JsonReader.of(new Buffer().write(capture, start, length)).nextString();
        } catch (IOException | JsonDataException e) {
            return null;
        }
    }

    private void copyValue() throws IOException, Malformed {
        int c = skipBlanks();
        if (c == '"') {
            pos++;
            append('"');
            copyString();
        } else if (c == '{' || c == '[') {
            copyContainer();
        } else {
            copyLiteral();
        }
    }

    private void copyString() throws IOException, Malformed {
        int start = captureLength;
        int safe = captureLength;
        boolean cut = false;
        while (true) {
            int b = next();
            if (b == '\n') {
                throw AT_LINE_END;
            }
            if (b == '"') {
                break;
            }
            if (!cut) {
                append(b);
            }
            if (b == '\\') {
                int escaped = next();
                if (escaped == '\n') {
                    throw AT_LINE_END;
                }
                if (!cut) {
                    append(escaped);
                }
            }
            if (!cut && captureLength - start >= MAX_STRING_BYTES) {
                captureLength = utf8Boundary(safe, start);
                cut = true;
            }
            if (!cut) {
                safe = captureLength;
            }
        }
        append('"');
    }

    /**
     * Moves a cut back so that it splits no {@code \\uXXXX} escape, leaves no lone backslash and splits no UTF-8
     * sequence (a whole last character may go too).
     */
    private int utf8Boundary(int at, int start) {
        if (at > capture.length) {
            return at; // already past the message cap: keep() drops the whole field
        }
        int end = at;
        for (int k = Math.max(start, end - 5); k < end - 1; k++) {
            if (capture[k] == '\\' && capture[k + 1] == 'u') {
                end = k;
                break;
            }
        }
        int backslashes = 0;
        for (int u = end - 1; u >= start && capture[u] == '\\'; u--) {
            backslashes++;
        }
        if (backslashes % 2 == 1) {
            end--;
        }
        while (end > start && (capture[end - 1] & 0xC0) == 0x80) {
            end--;
        }
        if (end > start && (capture[end - 1] & 0xC0) == 0xC0) {
            end--;
        }
        return end;
    }

    private void copyContainer() throws IOException, Malformed {
        int depth = 0;
        while (true) {
            int b = next();
            if (b == '\n') {
                throw AT_LINE_END;
            }
            if (b == '"') {
                append('"');
                copyString();
                continue;
            }
            append(b);
            if (b == '{' || b == '[') {
                if (++depth > MAX_DEPTH) {
                    throw IN_LINE;
                }
            } else if (b == '}' || b == ']') {
                if (--depth == 0) {
                    return;
                }
            }
        }
    }

    private void copyLiteral() throws IOException, Malformed {
        int start = captureLength;
        for (int c = peek(); c != -1 && !isDelimiter(c); c = peek()) {
            append(c);
            pos++;
        }
        if (captureLength == start) {
            throw malformedAt(peek());
        }
    }

    private void skipValue() throws IOException, Malformed {
        int c = skipBlanks();
        if (c == '"') {
            pos++;
            skipString();
        } else if (c == '{' || c == '[') {
            skipContainer();
        } else {
            int n = 0;
            for (c = peek(); c != -1 && !isDelimiter(c); c = peek()) {
                pos++;
                n++;
            }
            if (n == 0) {
                throw malformedAt(c);
            }
        }
    }

    /** Skips a string's body and its closing quote; the hot loop of the scanner. */
    private void skipString() throws IOException, Malformed {
        while (true) {
            byte[] b = buf;
            int p = pos;
            int l = limit;
            while (p < l) {
                byte x = b[p++];
                if (x == '"') {
                    pos = p;
                    return;
                }
                if (x == '\\') {
                    if (p == l) {
                        pos = p;
                        if (next() == '\n') {
                            throw AT_LINE_END;
                        }
                        p = pos;
                        l = limit;
                        continue;
                    }
                    if (b[p++] == '\n') {
                        pos = p;
                        throw AT_LINE_END;
                    }
                } else if (x == '\n') {
                    pos = p;
                    throw AT_LINE_END;
                }
            }
            pos = p;
            if (!fill()) {
                throw AT_LINE_END;
            }
        }
    }

    private void skipContainer() throws IOException, Malformed {
        int depth = 0;
        while (true) {
            byte[] b = buf;
            int p = pos;
            int l = limit;
            while (p < l) {
                byte x = b[p++];
                if (x == '"') {
                    pos = p;
                    skipString();
                    p = pos;
                    l = limit;
                } else if (x == '{' || x == '[') {
                    if (++depth > MAX_DEPTH) {
                        pos = p;
                        throw IN_LINE;
                    }
                } else if (x == '}' || x == ']') {
                    if (--depth == 0) {
                        pos = p;
                        return;
                    }
                } else if (x == '\n') {
                    pos = p;
                    throw AT_LINE_END;
                }
            }
            pos = p;
            if (!fill()) {
                throw AT_LINE_END;
            }
        }
    }

    /**
     * Reads a key after its opening quote, escapes decoded as Moshi decodes them ({@code "t\\u0079pe"} is
     * {@code type}); returns null for a key that cannot be one we keep (too long, or escaping a non-ASCII char).
     */
    private String key() throws IOException, Malformed {
        byte[] k = keyBytes;
        int n = 0;
        boolean tooLong = false;
        while (true) {
            int b = next();
            if (b == '"') {
                break;
            }
            if (b == '\n') {
                throw AT_LINE_END;
            }
            if (b == '\\') {
                b = escaped();
                if (b < 0) {
                    tooLong = true;
                    continue;
                }
            }
            if (n < k.length) {
                k[n++] = (byte) b;
            } else {
                tooLong = true;
            }
        }
        return tooLong ? null : new String(k, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Reads an escape after its backslash; returns the ASCII char it stands for, or -1 for any other char. */
    private int escaped() throws IOException, Malformed {
        int e = next();
        return switch (e) {
            case '\n' -> throw AT_LINE_END;
            case '"', '\\', '/' -> e;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int h = next();
                    int digit = Character.digit(h, 16);
                    if (h == '\n') {
                        throw AT_LINE_END;
                    }
                    if (digit < 0) {
                        throw IN_LINE;
                    }
                    code = code * 16 + digit;
                }
                yield code < 0x80 ? code : -1;
            }
            default -> throw IN_LINE;
        };
    }

    private void expect(char expected) throws IOException, Malformed {
        int c = skipBlanks();
        if (c != expected) {
            throw malformedAt(c);
        }
        pos++;
    }

    /** Skips spaces, tabs and carriage returns (not newlines); returns the next byte unconsumed, or -1. */
    private int skipBlanks() throws IOException {
        while (true) {
            int c = peek();
            if (c == ' ' || c == '\t' || c == '\r' || c == 0xEF || c == 0xBB || c == 0xBF) {
                pos++;
            } else {
                return c;
            }
        }
    }

    private void skipLine() throws IOException {
        while (true) {
            for (int p = pos; p < limit; p++) {
                if (buf[p] == '\n') {
                    pos = p + 1;
                    return;
                }
            }
            pos = limit;
            if (!fill()) {
                return;
            }
        }
    }

    private Malformed malformedAt(int c) {
        if (c == '\n') {
            pos++;
            return AT_LINE_END;
        }
        return c == -1 ? AT_LINE_END : IN_LINE;
    }

    private static boolean isDelimiter(int c) {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private void append(int b) {
        if (captureLength >= capture.length) {
            if (capture.length >= CAPTURE_CAPACITY) {
                // Past the cap: keep counting so keep() drops the field, without growing further.
                captureLength++;
                return;
            }
            capture = Arrays.copyOf(capture, Math.min(capture.length * 2, CAPTURE_CAPACITY));
        }
        capture[captureLength++] = (byte) b;
    }

    /** The fields of a line the scanner keeps: the message's type, a result's fields, and an error's. */
    private static Set<String> kept() {
        Set<String> kept = new HashSet<>(ResultMessage.FIELD_NAMES);
        kept.add("type");
        kept.add("error");
        return Set.copyOf(kept);
    }
}
