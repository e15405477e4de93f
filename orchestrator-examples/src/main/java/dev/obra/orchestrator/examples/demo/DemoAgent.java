package dev.obra.orchestrator.examples.demo;

import dev.obra.orchestrator.agent.Agent;
import dev.obra.orchestrator.agent.AgentException;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.Usage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The built-in demo agent, for machines without the Claude Code CLI. It is not a model: it plays a fixed part on
 * {@link DemoProject}, and really edits its files. Without feedback in the prompt it writes a first
 * {@code Calc.median} with a bug (the upper middle value for an even count), which the checker catches; when the
 * prompt carries feedback from a failed verification it writes the fixed version. Its token counts are estimates
 * (four characters a token) and it costs nothing. Stateless and thread-safe.
 */
public final class DemoAgent implements Agent {
    /** How the demo agent says who it is in every answer. */
    public static final String LABEL = "[built-in demo agent, not a model]";

    @Override
    public AgentResponse execute(AgentRequest request) {
        long start = System.nanoTime();
        Path dir = request.workingDirectory()
                .orElseThrow(() -> new AgentException(
                        AgentException.Kind.CONFIGURATION, "the demo agent needs a working directory"));
        boolean hasFeedback = request.prompt().contains("Feedback on your previous attempt")
                || request.prompt().contains("Issues to address");
        String version = hasFeedback ? "Calc.java.attempt2" : "Calc.java.attempt1";
        String code = DemoProject.resource(version);
        try {
            Files.writeString(dir.resolve("Calc.java"), code);
        } catch (IOException e) {
            throw new AgentException(
                    AgentException.Kind.PROCESS_FAILED,
                    "the demo agent could not write " + dir.resolve("Calc.java") + ": " + e.getMessage(),
                    e);
        }
        String text = LABEL
                + (hasFeedback
                        ? " Fixed Calc.median: an even count now returns the mean of the two middle values (added as longs "
                                + "so large values cannot overflow). The checker output in the feedback showed the bug."
                        : " Implemented Calc.median: it sorts a copy of the values and returns the middle one.");
        Usage usage = new Usage(request.prompt().length() / 4, code.length() / 4, 0, 0);
        return AgentResponse.success(
                request.sessionId(), text, usage, 2, BigDecimal.ZERO, Duration.ofNanos(System.nanoTime() - start));
    }
}
