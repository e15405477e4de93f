package dev.obra.orchestrator.sqlite;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.obra.orchestrator.store.StoreException;
import java.io.IOException;
import java.util.List;

/** Lists of strings as JSON array text, the form list columns take in every database. */
final class JsonLists {
    private static final JsonAdapter<List<String>> ADAPTER = new Moshi.Builder()
            .build()
            .<List<String>>adapter(Types.newParameterizedType(List.class, String.class))
            .nonNull();

    private JsonLists() {}

    static String write(List<String> list) {
        return ADAPTER.toJson(list);
    }

    /** Reads a list column; throws {@link StoreException} for text that is not a JSON array of strings. */
    static List<String> read(String json, String column) {
        try {
            List<String> list = ADAPTER.fromJson(json);
            if (list == null || list.contains(null)) {
                throw new JsonDataException("null in a list of strings");
            }
            return List.copyOf(list);
        } catch (IOException | JsonDataException e) {
            throw new StoreException(
                    "column " + column + " does not hold a JSON array of strings, so it was " + "changed outside Obra: "
                            + json,
                    e);
        }
    }
}
