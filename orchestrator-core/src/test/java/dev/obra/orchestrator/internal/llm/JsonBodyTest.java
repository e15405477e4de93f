package dev.obra.orchestrator.internal.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonReader;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    private static Object parse(JsonBody body) throws Exception {
        return JsonReader.of(new Buffer().write(body.toByteString())).readJsonValue();
    }

    @Test
    void writesNestedObjectsAndArraysWithCommasInPlace() throws Exception {
        JsonBody body = new JsonBody()
                .name("model")
                .value("m")
                .name("stream")
                .value(false)
                .name("options")
                .beginObject()
                .name("temperature")
                .value(0.5)
                .name("num_ctx")
                .value(8192L)
                .endObject()
                .name("list")
                .beginArray()
                .value("a")
                .beginObject()
                .name("b")
                .value(true)
                .endObject()
                .endArray()
                .name("format")
                .raw(" {\"type\":\"object\"} ");

        assertThat(parse(body))
                .isEqualTo(Map.of(
                        "model",
                        "m",
                        "stream",
                        false,
                        "options",
                        Map.of("temperature", 0.5, "num_ctx", 8192.0),
                        "list",
                        List.of("a", Map.of("b", true)),
                        "format",
                        Map.of("type", "object")));
    }

    @Test
    void escapesWhatJsonStringsMustEscapeAndKeepsUnicode() throws Exception {
        String text = "quote \" backslash \\ newline \n tab \t cr \r bell \u0007 nul \u0000 sep \u2028 Grüße 🎉";

        Object parsed = parse(new JsonBody().name("content").value(text));

        assertThat(parsed).isEqualTo(Map.of("content", text));
        assertThat(new JsonBody().name("s").value("\u0007\u2028").toByteString().utf8())
                .isEqualTo("{\"s\":\"\\u0007\\u2028\"}");
    }

    @Test
    void refusesNumbersJsonCannotHold() {
        assertThatThrownBy(() -> new JsonBody().name("t").value(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
