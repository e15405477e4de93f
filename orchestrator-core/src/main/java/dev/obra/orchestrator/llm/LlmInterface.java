package dev.obra.orchestrator.llm;

/**
 * A language model that answers requests, used by the orchestrator as a judge. Implementations are thread-safe.
 */
public interface LlmInterface {

    /**
     * Sends one request and returns the complete answer.
     *
     * @param request the request
     * @return the llm response
     * @throws LlmException when the server cannot be reached, answers with an error, or the answer is unusable
     *                      (truncated, malformed) after the client's retries
     */
    LlmResponse complete(LlmRequest request);

    /**
     * Sends a single user prompt and returns the answer's text.
     *
     * @param prompt the prompt
     * @return the generate
     */
    default String generate(String prompt) {
        return complete(LlmRequest.of(prompt)).text();
    }

    /**
     * Returns whether the server answers a cheap probe now; never throws for an unreachable server.
     *
     * @return whether the server answers a cheap probe now; never throws for an unreachable server
     */
    boolean isAvailable();
}
