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
     * @param name the name
     * @param schema the schema
     * @return a format that asks for JSON matching the given JSON Schema document
     */
    static ResponseFormat jsonSchema(String name, String schema) {
        return new JsonSchema(name, schema);
    }

    /** Free text. */
    record Text() implements ResponseFormat {
    }

    /** Any JSON value. */
    record Json() implements ResponseFormat {
    }

    /**
     * JSON that matches a schema (structured output).
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
         */
        public JsonSchema {
            requireNonNull(name, "name");
            requireNonNull(schema, "schema");
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("schema name must be 1-64 of [A-Za-z0-9_-], was '" + name + "'");
            }
            if (!schema.strip().startsWith("{")) {
                throw new IllegalArgumentException("schema must be a JSON object, was '" + schema + "'");
            }
        }
    }
}
