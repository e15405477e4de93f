package dev.obra.orchestrator.examples.bench;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.agent.claude.ClaudeCodeAgent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's own overhead per invocation: the fake {@code claude} run through {@link ClaudeCodeAgent} against the
 * same executable, arguments and prompt spawned with a bare {@link ProcessBuilder} that only reads its output. The
 * two alternate, so both see the same machine noise.
 */
final class ClaudeAgentOverheadBench implements Benchmark {
    private static final int WARMUPS = 5;
    private static final int RUNS = 40;
    private static final String PROMPT = "Create hello.txt";

    @Override
    public String name() {
        return "claude-agent-overhead";
    }

    @Override
    public String description() {
        return "time of one fake-claude invocation through ClaudeCodeAgent against a bare ProcessBuilder spawn that "
                + "only reads stdout";
    }

    @Override
    public Optional<String> unavailable() {
        return FakeClaudeLocation.problem();
    }

    @Override
    public void run(Report report, Effort effort) throws Exception {
        int warmups = effort.count(WARMUPS);
        int runs = effort.count(RUNS);
        FakeClaudeRuns fake = FakeClaudeRuns.create("obra-bench-claude");
        Map<String, String> env = Map.of("FAKE_CLAUDE_SCENARIO", "success");
        ClaudeCodeAgent agent = fake.agent(env);
        long[] agentNanos = new long[runs];
        long[] bareNanos = new long[runs];
        for (int i = -warmups; i < runs; i++) {
            long start = System.nanoTime();
            AgentResponse response = agent.execute(AgentRequest.of(PROMPT, new SessionMode.New(SessionId.random())));
            long viaAgent = System.nanoTime() - start;
            if (!response.isSuccess()) {
                throw new IllegalStateException("the fake claude did not succeed: " + response);
            }
            start = System.nanoTime();
            bare(fake, env);
            long viaBare = System.nanoTime() - start;
            if (i >= 0) {
                agentNanos[i] = viaAgent;
                bareNanos[i] = viaBare;
            }
        }
        Samples viaAgent = Samples.of(agentNanos);
        Samples viaBare = Samples.of(bareNanos);
        report.note(runs + " invocations each after " + warmups + " warm-ups, alternating; fake claude at "
                + fake.executable());
        report.figure("claude-agent-overhead.invocation.median", viaAgent.median() / 1e6, viaBare.median() / 1e6, "ms");
        report.figure(
                "claude-agent-overhead.invocation.p90",
                viaAgent.percentile(90) / 1e6,
                viaBare.percentile(90) / 1e6,
                "ms");
    }

    /** Spawns the fake as the agent would, writes the prompt, reads stdout to its end and waits for the exit. */
    static long bare(FakeClaudeRuns fake, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        fake.executable().toString(),
                        "-p",
                        "--output-format",
                        "stream-json",
                        "--verbose",
                        "--session-id=" + SessionId.random()))
                .directory(fake.work().toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        builder.environment().put("CLAUDE_CONFIG_DIR", fake.config().toString());
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(PROMPT.getBytes(StandardCharsets.UTF_8));
        }
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream stdout = process.getInputStream()) {
            for (int n; (n = stdout.read(buffer)) >= 0; ) {
                bytes += n;
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the fake claude exited with " + process.exitValue());
        }
        return bytes;
    }
}
