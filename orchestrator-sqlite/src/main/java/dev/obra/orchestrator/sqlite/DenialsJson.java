package dev.obra.orchestrator.sqlite;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.obra.orchestrator.agent.PermissionDenial;
import dev.obra.orchestrator.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;

/** A session's permission denials as the JSON array text of {@code session_record.permission_denials}. */
final class DenialsJson {
    private static final JsonReader.Options FIELDS = JsonReader.Options.of("tool", "toolUseId", "input", "rule");
    private static final String COLUMN = "session_record.permission_denials";

    private DenialsJson() {}

    static String write(List<PermissionDenial> denials) {
        Buffer buffer = new Buffer();
        try (JsonWriter w = JsonWriter.of(buffer)) {
            w.beginArray();
            for (PermissionDenial d : denials) {
                w.beginObject()
                        .name("tool")
                        .value(d.tool())
                        .name("toolUseId")
                        .value(d.toolUseId())
                        .name("input")
                        .value(d.input())
                        .name("rule")
                        .value(d.rule())
                        .endObject();
            }
            w.endArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        return buffer.readUtf8();
    }

    /** Reads the column; throws {@link StoreException} for text this class did not write. */
    static List<PermissionDenial> read(String json) {
        List<PermissionDenial> denials = new ArrayList<>();
        try (JsonReader r = JsonReader.of(new Buffer().writeUtf8(json))) {
            r.beginArray();
            while (r.hasNext()) {
                String[] values = new String[4];
                r.beginObject();
                while (r.hasNext()) {
                    int field = r.selectName(FIELDS);
                    if (field < 0) {
                        r.skipName();
                        r.skipValue();
                    } else {
                        values[field] = r.nextString();
                    }
                }
                r.endObject();
                for (String value : values) {
                    if (value == null) {
                        throw new JsonDataException("a denial without tool, toolUseId, input and rule");
                    }
                }
                denials.add(new PermissionDenial(values[0], values[1], values[2], values[3]));
            }
            r.endArray();
        } catch (IOException | JsonDataException | IllegalArgumentException e) {
            throw new StoreException(
                    "column " + COLUMN + " does not hold the permission denials Obra writes, so it "
                            + "was changed outside Obra: " + json,
                    e);
        }
        return List.copyOf(denials);
    }
}
