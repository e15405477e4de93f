package dev.obra.orchestrator.testing;

import dev.obra.orchestrator.llm.LlmException;
import dev.obra.orchestrator.llm.LlmInterface;
import dev.obra.orchestrator.llm.LlmRequest;
import dev.obra.orchestrator.llm.LlmResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link LlmInterface} that answers from a script, one answer per call (the last one repeats), and records every
 * request. An answer may be an {@link LlmException} to throw. Thread-safe.
 */
public final class ScriptedLlm implements LlmInterface {
    private final List<Object> answers;
    private final AtomicInteger next = new AtomicInteger();
    private final List<LlmRequest> requests = new CopyOnWriteArrayList<>();

    private ScriptedLlm(List<Object> answers) {
        this.answers = List.copyOf(answers);
    }

    /** Returns a model that gives {@code answers} (Strings or LlmExceptions) in order, repeating the last. */
    public static ScriptedLlm answering(Object... answers) {
        if (answers.length == 0) {
            throw new IllegalArgumentException("need at least one answer");
        }
        return new ScriptedLlm(List.of(answers));
    }

    /** Returns a JSON verdict as a judge would send it. */
    public static String verdict(double score, boolean pass, String... issues) {
        StringBuilder json = new StringBuilder("{\"score\": ")
                .append(score)
                .append(", \"pass\": ")
                .append(pass)
                .append(", \"issues\": [");
        for (int i = 0; i < issues.length; i++) {
            json.append(i == 0 ? "" : ", ").append('"').append(issues[i]).append('"');
        }
        return json.append("], \"summary\": \"scripted verdict\"}").toString();
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
        requests.add(request);
        int index = Math.min(next.getAndIncrement(), answers.size() - 1);
        Object answer = answers.get(index);
        if (answer instanceof LlmException failure) {
            throw failure;
        }
        return new LlmResponse((String) answer, "scripted", "stop", 300, 40, Duration.ofMillis(7), "", false);
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    /** Returns every request received, in order. */
    public List<LlmRequest> requests() {
        return new ArrayList<>(requests);
    }
}
