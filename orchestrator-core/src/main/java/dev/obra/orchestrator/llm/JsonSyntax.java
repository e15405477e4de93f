package dev.obra.orchestrator.llm;

/**
 * Checks that a text is exactly one JSON object (RFC 8259, strict: no comments, no single quotes, no trailing
 * commas, nothing after the value), so that a client can put it into a request body as it is. A problem is an
 * {@link IllegalArgumentException} naming it and where it is. One pass, no tree is built.
 */
final class JsonSyntax {
    /** Deeper nesting than this is refused rather than risking the stack. */
    static final int MAX_DEPTH = 256;

    private final String text;
    private final String what;
    private int pos;

    private JsonSyntax(String text, String what) {
        this.text = text;
        this.what = what;
    }

    /**
     * Checks {@code text}.
     *
     * @param text the JSON text
     * @param what what the text is, for the message (for example {@code "schema 'verdict'"})
     * @throws IllegalArgumentException when {@code text} is not exactly one JSON object
     */
    static void checkObject(String text, String what) {
        JsonSyntax s = new JsonSyntax(text, what);
        s.skipWhitespace();
        if (s.pos >= text.length() || text.charAt(s.pos) != '{') {
            throw s.problem(
                    s.pos >= text.length() ? "is empty" : "must be a JSON object, starts with " + s.describe(s.pos));
        }
        s.value(1);
        s.skipWhitespace();
        if (s.pos < text.length()) {
            throw s.problem("has " + s.describe(s.pos) + " after the end of the JSON object");
        }
    }

    private void value(int depth) {
        if (depth > MAX_DEPTH) {
            throw problem("is nested deeper than " + MAX_DEPTH + " levels");
        }
        skipWhitespace();
        if (pos >= text.length()) {
            throw problem("ends where a value is expected");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw problem("has " + describe(pos) + " where a value is expected");
                }
            }
        }
    }

    private void object(int depth) {
        if (opensEmpty('}')) {
            return;
        }
        do {
            skipWhitespace();
            if (peek() != '"') {
                throw problem(
                        pos >= text.length()
                                ? "ends inside an object"
                                : "has " + describe(pos) + " where a member name in double quotes is expected");
            }
            string();
            skipWhitespace();
            expect(':', "after a member name");
            value(depth + 1);
        } while (another('}', "after a member's value"));
    }

    private void array(int depth) {
        if (opensEmpty(']')) {
            return;
        }
        do {
            value(depth + 1);
        } while (another(']', "after an array element"));
    }

    /** Steps over an opening bracket; returns whether {@code close} follows at once, stepping over it too. */
    private boolean opensEmpty(char close) {
        pos++;
        skipWhitespace();
        if (peek() == close) {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * After an element: steps over a comma and returns true, or else expects {@code close}, steps over it and returns
     * false.
     */
    private boolean another(char close, String where) {
        skipWhitespace();
        if (peek() == ',') {
            pos++;
            return true;
        }
        expect(close, where);
        return false;
    }

    private void string() {
        int start = pos;
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c < 0x20) {
                throw problem("has an unescaped control character U+%04X in a string".formatted((int) c));
            }
            if (c == '\\') {
                escape();
            } else {
                pos++;
            }
        }
        pos = start;
        throw problem("has a string that is never closed");
    }

    private void escape() {
        int start = pos;
        pos++;
        if (pos >= text.length()) {
            pos = start;
            throw problem("ends inside an escape sequence");
        }
        char c = text.charAt(pos);
        if ("\"\\/bfnrt".indexOf(c) >= 0) {
            pos++;
            return;
        }
        if (c == 'u') {
            for (int i = 1; i <= 4; i++) {
                if (pos + i >= text.length() || Character.digit(text.charAt(pos + i), 16) < 0) {
                    pos = start;
                    throw problem("has a \\u escape without four hex digits");
                }
            }
            pos += 5;
            return;
        }
        pos = start;
        throw problem("has an invalid escape \\" + c);
    }

    private void number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                pos = start;
                throw problem("has a number with a leading zero");
            }
        } else if (!digits()) {
            pos = start;
            throw problem("has a malformed number");
        }
        if (peek() == '.') {
            pos++;
            if (!digits()) {
                pos = start;
                throw problem("has a number without digits after its decimal point");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digits()) {
                pos = start;
                throw problem("has a number without digits in its exponent");
            }
        }
    }

    private boolean digits() {
        int start = pos;
        while (isDigit(peek())) {
            pos++;
        }
        return pos > start;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) {
        if (!text.startsWith(word, pos)) {
            throw problem("has " + describe(pos) + " where a value is expected");
        }
        pos += word.length();
    }

    private void expect(char c, String where) {
        if (peek() != c) {
            throw problem(
                    pos >= text.length()
                            ? "ends " + where + ", where '" + c + "' is expected"
                            : "has " + describe(pos) + " " + where + ", where '" + c + "' is expected");
        }
        pos++;
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String describe(int at) {
        char c = text.charAt(at);
        return c < 0x20 || c == 0x7f ? "U+%04X".formatted((int) c) : "'" + c + "'";
    }

    private IllegalArgumentException problem(String message) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new IllegalArgumentException(
                "%s is not valid JSON: it %s (line %d, column %d)".formatted(what, message, line, column));
    }
}
