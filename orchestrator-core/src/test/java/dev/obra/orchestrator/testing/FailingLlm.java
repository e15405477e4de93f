package dev.obra.orchestrator.testing;

import dev.obra.orchestrator.llm.LlmException;
import dev.obra.orchestrator.llm.LlmInterface;
import dev.obra.orchestrator.llm.LlmRequest;
import dev.obra.orchestrator.llm.LlmResponse;
import java.util.concurrent.atomic.AtomicInteger;

/** An {@link LlmInterface} whose server is down: every call fails as unreachable. Thread-safe. */
public final class FailingLlm implements LlmInterface {
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public LlmResponse complete(LlmRequest request) {
        calls.incrementAndGet();
        throw new LlmException(
                LlmException.Kind.UNAVAILABLE, "LLM server at http://127.0.0.1:9 is unreachable: Connection refused");
    }

    @Override
    public boolean isAvailable() {
        return false;
    }

    /** Returns how many calls were made. */
    public int calls() {
        return calls.get();
    }
}
