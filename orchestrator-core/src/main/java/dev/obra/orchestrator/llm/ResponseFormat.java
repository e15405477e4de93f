package dev.obra.orchestrator.llm;

import static java.util.Objects.requireNonNull;

/** The shape the answer must take. Clients send it the way their server understands it. */
public sealed interface ResponseFormat {

    /** Free text. */
    ResponseFormat TEXT = new Text();

    /** Any JSON value (JSON mode). */
    ResponseFormat JSON = new Json();

    /**
     * Returns a format that asks for JSON matching the given JSON Schema document.
     *
     * @param name a short name for the schema, letters, digits, {@code _} and {@code -}
     * @param schema the JSON Schema document, as JSON text
     * @return a format that asks for JSON matching the given JSON Schema document
     * @throws IllegalArgumentException as {@link JsonSchema#JsonSchema(String, String)} says
     */
    static ResponseFormat jsonSchema(String name, String schema) {
        return new JsonSchema(name, schema);
    }

    /** Free text. */
    record Text() implements ResponseFormat {}

    /** Any JSON value. */
    record Json() implements ResponseFormat {}

    /**
     * JSON that matches a schema (structured output). The schema is checked once, here: it must be exactly one JSON
     * object in strict JSON (no comments, single quotes or trailing commas), so clients send it as it is.
     *
     * @param name   a short name for the schema, letters, digits, {@code _} and {@code -}
     * @param schema the JSON Schema document, as JSON text
     */
    record JsonSchema(String name, String schema) implements ResponseFormat {
        /**
         * Creates the value, checking its components.
         *
         * @param name a short name for the schema, letters, digits, {@code _} and {@code -}
         * @param schema the JSON Schema document, as JSON text
         * @throws IllegalArgumentException when the name is not 1-64 of {@code [A-Za-z0-9_-]}, or the schema is not
         *                                  one JSON object; the message says what is wrong and where
         */
        public JsonSchema {
            requireNonNull(name, "name");
            requireNonNull(schema, "schema");
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("schema name must be 1-64 of [A-Za-z0-9_-], was '" + name + "'");
            }
            JsonSyntax.checkObject(schema, "schema '" + name + "'");
        }
    }
}
