package dev.obra.orchestrator.llm;

import java.util.List;
import java.util.Map;

/** The request the HTTP client tests send: a judge grading a diff, with a JSON schema for the verdict. */
public final class GradingRequest {
    /** The verdict's schema: an object with a numeric {@code score}. */
    public static final String SCHEMA =
            "{\"type\":\"object\",\"properties\":{\"score\":{\"type\":\"number\"}}," + "\"required\":[\"score\"]}";

    /** {@link #SCHEMA} as a server receives it, parsed from JSON. */
    public static final Map<String, Object> SCHEMA_OBJECT = Map.of(
            "type", "object", "properties", Map.of("score", Map.of("type", "number")), "required", List.of("score"));

    /** The request's messages as a chat server receives them, parsed from JSON. */
    public static final List<Map<String, Object>> MESSAGES = List.of(
            Map.of("role", "system", "content", "You grade code."),
            Map.of("role", "user", "content", "Grade this diff"));

    private GradingRequest() {}

    /**
     * Returns the request, with a system prompt, at most 512 tokens, and the verdict's schema as its format.
     *
     * @return the request
     */
    public static LlmRequest of() {
        return LlmRequest.of("Grade this diff")
                .withSystem("You grade code.")
                .withMaxTokens(512)
                .withResponseFormat(ResponseFormat.jsonSchema("verdict", SCHEMA));
    }
}
