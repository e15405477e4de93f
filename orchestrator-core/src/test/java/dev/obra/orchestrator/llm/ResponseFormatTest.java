package dev.obra.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.squareup.moshi.JsonReader;
import dev.obra.orchestrator.internal.judge.JudgeVerdictParser;
import java.io.IOException;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A user's JSON schema is checked once, when the format is made, and never reaches a server malformed. */
class ResponseFormatTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "  {\n  \"type\": \"object\" }\r\n",
                "{\"a\":[1,-0,0.5,1e3,-2.5E-7,true,false,null,\"\\u00e9\\n\\\"\\\\\\/\"],\"b\":{\"c\":{}},\"d\":[]}",
                "{\"grüße\":\"🎉\"}",
            })
    void acceptsStrictJsonObjects(String schema) {
        assertThat(ResponseFormat.jsonSchema("s", schema)).isEqualTo(new ResponseFormat.JsonSchema("s", schema));
    }

    @Test
    void acceptsTheJudgesOwnSchema() {
        assertThatCode(() -> ResponseFormat.jsonSchema("verdict", JudgeVerdictParser.SCHEMA))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "``                                   | is empty",
                "`   `                                | is empty",
                "[1]                                  | must be a JSON object, starts with '['",
                "{\"type\":\"object\"                 | ends after a member's value, where '}' is expected",
                "{\"type\":\"object\",}               | has '}' where a member name in double quotes is expected (line 1, column 18)",
                "{'type':'object'}                    | has ''' where a member name in double quotes is expected",
                "{\"a\":1} {}                         | has '{' after the end of the JSON object (line 1, column 9)",
                "{\"a\" 1}                            | has '1' after a member name, where ':' is expected",
                "{\"a\":01}                           | has a number with a leading zero",
                "{\"a\":1.}                           | has a number without digits after its decimal point",
                "{\"a\":1e}                           | has a number without digits in its exponent",
                "{\"a\":NaN}                          | has 'N' where a value is expected",
                "{\"a\":tru}                          | has 't' where a value is expected",
                "{\"a\":\"x\\q\"}                     | has an invalid escape \\q",
                "{\"a\":\"\\u12G4\"}                  | has a \\u escape without four hex digits",
                "{\"a\":\"never closed}               | has a string that is never closed",
                "{\"a\":[1 2]}                        | has '2' after an array element, where ']' is expected",
                "{\"a\":1 // comment\\n}               | has '/' after a member's value, where '}' is expected (line 1, column 8)",
                "{\\n\"a\":\\n}                         | has '}' where a value is expected (line 3, column 1)",
            })
    void refusesMalformedSchemasNamingTheProblemAndWhere(String schema, String problem) {
        assertThatThrownBy(() -> ResponseFormat.jsonSchema("verdict", schema.replace("\\n", "\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("schema 'verdict' is not valid JSON: it ")
                .hasMessageContaining(problem);
    }

    @Test
    void refusesAnUnescapedControlCharacterAndExcessiveNesting() {
        assertThatThrownBy(() -> ResponseFormat.jsonSchema("s", "{\"a\":\"tab\there\"}"))
                .hasMessageContaining("unescaped control character U+0009 in a string");
        String deep = "{\"a\":" + "[".repeat(JsonSyntax.MAX_DEPTH) + "]".repeat(JsonSyntax.MAX_DEPTH) + "}";
        assertThatThrownBy(() -> ResponseFormat.jsonSchema("s", deep))
                .hasMessageContaining("is nested deeper than " + JsonSyntax.MAX_DEPTH + " levels");
        String fine = "{\"a\":" + "[".repeat(JsonSyntax.MAX_DEPTH - 2) + "]".repeat(JsonSyntax.MAX_DEPTH - 2) + "}";
        assertThatCode(() -> ResponseFormat.jsonSchema("s", fine)).doesNotThrowAnyException();
    }

    /**
     * Mutations of the judge's schema, one to three characters deleted, inserted or replaced from JSON's own
     * alphabet: the check accepts exactly what Moshi's strict reader reads as one object with nothing after it,
     * except that Moshi also reads {@code true}, {@code false} and {@code null} in any case ({@code falsE}), which
     * JSON does not allow.
     */
    @Test
    void agreesWithMoshisStrictReaderOnMutatedSchemas() {
        long seed = 20261201L;
        Random random = new Random(seed);
        String alphabet = "{}[]\":,. -+0123456789eEtrufalsn\\/abx";
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder(JudgeVerdictParser.SCHEMA);
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                int at = random.nextInt(s.length() + 1);
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> s.insert(at, c);
                    case 1 -> {
                        if (at < s.length()) {
                            s.deleteCharAt(at);
                        }
                    }
                    default -> {
                        if (at < s.length()) {
                            s.setCharAt(at, c);
                        }
                    }
                }
            }
            String text = s.toString();
            boolean moshi = moshiReadsOneObject(text) && !hasLiteralInOtherCase(text);
            Throwable ours = catchThrowable(() -> ResponseFormat.jsonSchema("s", text));
            assertThat(ours == null)
                    .as("seed %d, case %d: %s (ours: %s)", seed, i, text, ours)
                    .isEqualTo(moshi);
            accepted += moshi ? 1 : 0;
        }
        assertThat(accepted).as("some mutations stay valid JSON").isBetween(100, 19_900);
    }

    private static boolean hasLiteralInOtherCase(String text) {
        Matcher m = Pattern.compile("(?i)true|false|null").matcher(text);
        while (m.find()) {
            if (!m.group().equals(m.group().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static boolean moshiReadsOneObject(String text) {
        try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(text))) {
            if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
                return false;
            }
            reader.skipValue();
            return reader.peek() == JsonReader.Token.END_DOCUMENT;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
