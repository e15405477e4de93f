package dev.obra.orchestrator.sqlite;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.obra.orchestrator.agent.PermissionDenial;
import dev.obra.orchestrator.store.StoreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;

/** A session's permission denials as the JSON array text of {@code session_record.permission_denials}. */
final class DenialsJson {
    private static final JsonAdapter<List<Denial>> ADAPTER = new Moshi.Builder()
            .build()
            .<List<Denial>>adapter(Types.newParameterizedType(List.class, Denial.class))
            .nonNull();
    private static final String COLUMN = "session_record.permission_denials";

    private DenialsJson() {}

    /**
     * One denial as the column holds it: the fields in this order; unknown names are skipped when read. Public only
     * for Moshi's record adapter, which needs a public class; the class around it keeps it in the package.
     */
    public record Denial(String tool, String toolUseId, String input, String rule) {}

    static String write(List<PermissionDenial> denials) {
        List<Denial> rows = new ArrayList<>(denials.size());
        for (PermissionDenial d : denials) {
            rows.add(new Denial(d.tool(), d.toolUseId(), d.input(), d.rule()));
        }
        return ADAPTER.toJson(rows);
    }

    /** Reads the column; throws {@link StoreException} for text this class did not write. */
    static List<PermissionDenial> read(String json) {
        List<PermissionDenial> denials = new ArrayList<>();
        // From a reader, not the String: text after the array is not read, as it never was.
        try (JsonReader r = JsonReader.of(new Buffer().writeUtf8(json))) {
            for (Denial d : ADAPTER.fromJson(r)) {
                if (d == null || d.tool() == null || d.toolUseId() == null || d.input() == null || d.rule() == null) {
                    throw new JsonDataException("a denial without tool, toolUseId, input and rule");
                }
                denials.add(new PermissionDenial(d.tool(), d.toolUseId(), d.input(), d.rule()));
            }
        } catch (IOException | JsonDataException | IllegalArgumentException e) {
            throw new StoreException(
                    "column " + COLUMN + " does not hold the permission denials Obra writes, so it "
                            + "was changed outside Obra: " + json,
                    e);
        }
        return List.copyOf(denials);
    }
}
