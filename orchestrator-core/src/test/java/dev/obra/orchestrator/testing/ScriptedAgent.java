package dev.obra.orchestrator.testing;

import dev.obra.orchestrator.agent.Agent;
import dev.obra.orchestrator.agent.AgentCancelledException;
import dev.obra.orchestrator.agent.AgentException;
import dev.obra.orchestrator.agent.AgentOutcome;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.agent.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link Agent} that plays a script, one step per call, and records every request. Steps can write files into the
 * request's working directory (so workspace probing and verification see real changes), report any outcome, throw,
 * or block until the calling thread is interrupted. Thread-safe.
 */
public final class ScriptedAgent implements Agent {

    /** One scripted call. */
    @FunctionalInterface
    public interface Step {
        AgentResponse play(AgentRequest request) throws InterruptedException;
    }

    private final List<Step> steps;
    private final AtomicInteger next = new AtomicInteger();
    private final List<AgentRequest> requests = new CopyOnWriteArrayList<>();
    private final Optional<Path> defaultDirectory;
    private final boolean repeats;

    private ScriptedAgent(List<Step> steps, Optional<Path> defaultDirectory, boolean repeats) {
        this.steps = List.copyOf(steps);
        this.defaultDirectory = defaultDirectory;
        this.repeats = repeats;
    }

    /** Returns an agent that plays {@code steps} in order and fails the test when called once more. */
    public static ScriptedAgent of(Step... steps) {
        return new ScriptedAgent(List.of(steps), Optional.empty(), false);
    }

    /** Returns an agent that repeats {@code step} forever. */
    public static ScriptedAgent repeating(Step step) {
        return new ScriptedAgent(List.of(step), Optional.empty(), true);
    }

    /** Returns a copy whose default working directory is {@code directory}. */
    public ScriptedAgent withDefaultDirectory(Path directory) {
        return new ScriptedAgent(steps, Optional.of(directory), repeats);
    }

    @Override
    public AgentResponse execute(AgentRequest request) {
        requests.add(request);
        int index = next.getAndIncrement();
        Step step = repeats ? steps.get(0) : index < steps.size() ? steps.get(index) : null;
        if (step == null) {
            throw new AssertionError(
                    "the scripted agent was called " + (index + 1) + " times but has " + steps.size() + " steps");
        }
        try {
            return step.play(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentCancelledException("scripted agent interrupted", e);
        }
    }

    @Override
    public Optional<Path> defaultWorkingDirectory() {
        return defaultDirectory;
    }

    /** Returns every request received, in order. */
    public List<AgentRequest> requests() {
        return new ArrayList<>(requests);
    }

    /** Returns the {@code n}-th request (0-based). */
    public AgentRequest request(int n) {
        return requests.get(n);
    }

    // ---- steps -------------------------------------------------------------------------------------------------

    /** Succeeds with {@code text}, after writing {@code files} (relative path to content) into the working dir. */
    public static Step succeed(String text, Map<String, String> files) {
        return request -> {
            write(request, files);
            return response(request, AgentOutcome.SUCCESS, text, List.of());
        };
    }

    /** Succeeds with {@code text}, changing nothing. */
    public static Step succeed(String text) {
        return succeed(text, Map.of());
    }

    /** Reports {@code outcome} with the given error messages. */
    public static Step report(AgentOutcome outcome, String... errors) {
        return request -> response(request, outcome, "", List.of(errors));
    }

    /** Throws {@code error}. */
    public static Step fail(AgentException error) {
        return request -> {
            throw error;
        };
    }

    /** Throws a programming error, as a buggy agent would. */
    public static Step crash(RuntimeException bug) {
        return request -> {
            throw bug;
        };
    }

    /** Counts {@code started} down, then blocks until the calling thread is interrupted. */
    public static Step blockUntilInterrupted(CountDownLatch started) {
        return request -> {
            started.countDown();
            new CountDownLatch(1).await();
            throw new AssertionError("unreachable");
        };
    }

    /** Returns a response as the scripted steps build them: 1,000 input and 100 output tokens, $0.01. */
    public static AgentResponse response(AgentRequest request, AgentOutcome outcome, String text, List<String> errors) {
        BigDecimal reported = new BigDecimal("0.01");
        BigDecimal own = reported;
        if (request.mode() instanceof SessionMode.Resume resume) {
            // Like Claude Code: the reported cost is cumulative over the resumed conversation.
            reported = reported.add(resume.previousReportedCostUsd());
        }
        return new AgentResponse(
                text,
                request.sessionId(),
                outcome,
                new Usage(1000, 100, 10, 1),
                2,
                own,
                reported,
                Duration.ofMillis(5),
                errors,
                List.of());
    }

    private static void write(AgentRequest request, Map<String, String> files) {
        if (files.isEmpty()) {
            return;
        }
        Path dir = request.workingDirectory().orElseThrow(() -> new AssertionError("no working directory"));
        files.forEach((name, content) -> {
            try {
                Path file = dir.resolve(name);
                Files.createDirectories(file.getParent());
                Files.writeString(file, content, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
