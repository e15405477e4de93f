package dev.obra.orchestrator.examples.bench;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.agent.claude.ClaudeCodeAgent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Parsing throughput of a large stream-json output: the fake {@code claude} replays a generated file of realistic
 * messages (tool results of 1 KiB to 4 MiB, thinking blocks, unknown types) through a pipe into
 * {@link ClaudeCodeAgent}, against a bare {@link ProcessBuilder} that reads the same output and discards it. Also
 * the peak heap of the agent's runs for a small and a four times larger file: it should not grow with the size.
 */
final class StreamParseBench implements Benchmark {
    private static final long SMALL_BYTES = 100L * 1024 * 1024;
    private static final long LARGE_BYTES = 400L * 1024 * 1024;
    private static final int RUNS = 5;

    @Override
    public String name() {
        return "claude-stream-parse";
    }

    @Override
    public String description() {
        return "MB/s of a stream-json output read by ClaudeCodeAgent against a bare read of the same pipe, and its "
                + "peak heap for 100 MB and 400 MB outputs";
    }

    @Override
    public Optional<String> unavailable() {
        return FakeClaudeLocation.problem();
    }

    @Override
    public void run(Report report, Effort effort) throws Exception {
        int runs = effort.count(RUNS);
        FakeClaudeRuns fake = FakeClaudeRuns.create("obra-bench-stream");
        long smallBytes = effort.bytes(SMALL_BYTES);
        long largeBytes = effort.bytes(LARGE_BYTES);
        String smallLabel = smallBytes / (1024 * 1024) + "MB";
        String largeLabel = largeBytes / (1024 * 1024) + "MB";
        Path small = generate(fake.temp().resolve("small.jsonl"), smallBytes);
        Path large = generate(fake.temp().resolve("large.jsonl"), largeBytes);
        try {
            long smallPeak = measure(report, smallLabel, small, fake, runs);
            long largePeak = measure(report, largeLabel, large, fake, runs);
            report.figure(
                    "claude-stream-parse.heap-peak." + largeLabel + "-vs-" + smallLabel,
                    largePeak / 1e6,
                    smallPeak / 1e6,
                    "MB");
        } finally {
            Files.deleteIfExists(small);
            Files.deleteIfExists(large);
        }
    }

    private static long measure(Report report, String label, Path file, FakeClaudeRuns fake, int runs)
            throws Exception {
        Map<String, String> env = Map.of("FAKE_CLAUDE_SCENARIO", "replay", "FAKE_CLAUDE_REPLAY", file.toString());
        ClaudeCodeAgent agent = fake.agent(env);
        double mb = Files.size(file) / 1e6;
        long[] agentNanos = new long[runs];
        long[] bareNanos = new long[runs];
        long peak = 0;
        for (int i = -1; i < runs; i++) {
            System.gc();
            resetHeapPeaks();
            long start = System.nanoTime();
            AgentResponse response = agent.execute(AgentRequest.of("replay", new SessionMode.New(SessionId.random())));
            long took = System.nanoTime() - start;
            peak = Math.max(peak, heapPeak());
            if (!response.isSuccess() || !response.text().equals("Replayed.")) {
                throw new IllegalStateException("the replay did not succeed: " + response);
            }
            start = System.nanoTime();
            long bytes = ClaudeAgentOverheadBench.bare(fake, env);
            long tookBare = System.nanoTime() - start;
            if (bytes < Files.size(file)) {
                throw new IllegalStateException("the bare read saw only " + bytes + " bytes");
            }
            if (i >= 0) {
                agentNanos[i] = took;
                bareNanos[i] = tookBare;
            }
        }
        Samples viaAgent = Samples.of(agentNanos);
        Samples viaBare = Samples.of(bareNanos);
        report.note(label + ": " + runs + " runs each after one warm-up; max heap "
                + Runtime.getRuntime().maxMemory() / 1_000_000 + " MB");
        report.figure(
                "claude-stream-parse.throughput." + label,
                mb / (viaAgent.median() / 1e9),
                mb / (viaBare.median() / 1e9),
                "MB/s");
        return peak;
    }

    /** Writes {@code size} bytes of stream-json lines shaped like the real CLI's, without a result line. */
    static Path generate(Path file, long size) throws IOException {
        String id = SessionId.random().value();
        String init = "{\"type\":\"system\",\"subtype\":\"init\",\"cwd\":\"/work\",\"session_id\":\"" + id
                + "\",\"tools\":["
                + List.of("Task", "Bash", "Edit", "Read", "Write", "WebFetch").stream()
                        .map(t -> "\"" + t + "\"")
                        .collect(Collectors.joining(","))
                + "],\"mcp_servers\":[],"
                + "\"model\":\"claude-opus-5-5\",\"permissionMode\":\"acceptEdits\",\"slash_commands\":["
                + "\"compact\",\"context\",\"cost\",\"init\",\"review\"],\"apiKeySource\":\"ANTHROPIC_API_KEY\","
                + "\"claude_code_version\":\"2.1.330\",\"uuid\":\"" + SessionId.random() + "\"}\n";
        // The tool results' bodies, in turn: made once, as the largest is 4 MiB.
        List<String> bodies = IntStream.of(1024, 16 * 1024, 200, 128 * 1024, 4 * 1024 * 1024, 3000)
                .mapToObj(StreamParseBench::content)
                .collect(Collectors.toList());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(init);
            long written = init.length();
            for (int turn = 0; written < size; turn++) {
                String tool = "{\"type\":\"assistant\",\"message\":{\"id\":\"msg_" + turn + "\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-opus-5-5\",\"content\":[{\"type\":\"thinking\","
                        + "\"thinking\":\"I should read the file \\\"src/Main.java\\\" first.\",\"signature\":"
                        + "\"c2lnbmF0dXJl\"},{\"type\":\"tool_use\",\"id\":\"toolu_" + turn + "\",\"name\":\"Read\","
                        + "\"input\":{\"file_path\":\"src/Main.java\"}}],\"stop_reason\":null,\"usage\":{"
                        + "\"input_tokens\":1234,\"output_tokens\":56}},\"parent_tool_use_id\":null,\"session_id\":\""
                        + id + "\",\"uuid\":\"" + turn + "\"}\n";
                String body = bodies.get(turn % bodies.size());
                String result = "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":"
                        + "\"toolu_" + turn + "\",\"type\":\"tool_result\",\"content\":\"" + body + "\"}]},"
                        + "\"parent_tool_use_id\":null,\"session_id\":\"" + id + "\",\"tool_use_result\":{\"stdout\":"
                        + "\"\",\"interrupted\":false}}\n";
                String unknown = "{\"type\":\"rate_limit_event\",\"rate_limit_info\":{\"status\":\"allowed\"},"
                        + "\"session_id\":\"" + id + "\"}\n";
                out.write(tool);
                out.write(result);
                out.write(unknown);
                written += tool.length() + result.length() + unknown.length();
            }
        }
        return file;
    }

    /** Source-code-like text with the escapes JSON needs: quotes, backslashes, newlines and tabs. */
    private static String content(int length) {
        String line = "    public static void main(String[] args) {\\n\\t\\tSystem.out.println(\\\"hi\\\\n\\\");"
                + " // caf\\u00e9\\n";
        StringBuilder s = new StringBuilder(length + line.length());
        while (s.length() < length) {
            s.append(line);
        }
        return s.toString();
    }

    private static void resetHeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
