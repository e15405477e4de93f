package dev.obra.orchestrator.examples.bench;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.agent.AgentException;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.agent.claude.ClaudeCodeAgent;
import dev.obra.orchestrator.agent.claude.PermissionMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import okio.Okio;

/**
 * Whether parallel runs of the real Claude Code CLI on one {@code CLAUDE_CONFIG_DIR} corrupt its {@code .claude.json}:
 * hundreds of runs, eight at a time, each with a Write tool call, on a scripted Messages API on loopback. Counts
 * failed runs, runs that reported the "configuration file ... is corrupted" message, reads of the file by a watcher
 * that did not parse, and corruption backups; checks the file parses at the end.
 *
 * <p>Needs the CLI: {@code OBRA_CLAUDE_EXECUTABLE} or {@code -Dobra.bench.claude=<path>}. Runs
 * ({@code -Dobra.bench.sharedConfig.runs}, default 240) and parallelism ({@code ...parallel}, default 8) can be set.
 */
final class SharedClaudeConfigBench implements Benchmark {
    /** Reads any JSON value; adapters are thread-safe, so the watchers share it. */
    private static final JsonAdapter<Object> ANY_JSON =
            new Moshi.Builder().build().adapter(Object.class);

    @Override
    public String name() {
        return "claude-shared-config";
    }

    @Override
    public String description() {
        return "runs of the real CLI eight at a time on one CLAUDE_CONFIG_DIR: failures and corruption of "
                + ".claude.json, against the number of runs";
    }

    @Override
    public Optional<String> unavailable() {
        String cli = cli();
        return cli.isBlank() || !Files.isExecutable(Path.of(cli))
                ? Optional.of("it runs the real Claude Code CLI: "
                        + "set OBRA_CLAUDE_EXECUTABLE or -Dobra.bench.claude to it (now '" + cli + "')")
                : Optional.empty();
    }

    private static String cli() {
        return System.getProperty(
                "obra.bench.claude",
                Optional.ofNullable(System.getenv("OBRA_CLAUDE_EXECUTABLE")).orElse(""));
    }

    @Override
    public void run(Report report, Effort effort) throws Exception {
        String cli = cli();
        int runs = Integer.getInteger("obra.bench.sharedConfig.runs", effort == Effort.FULL ? 240 : 8);
        int parallel = Integer.getInteger("obra.bench.sharedConfig.parallel", 8);
        Path temp = Files.createTempDirectory("obra-shared-config");
        Path config = Files.createDirectories(temp.resolve("config"));
        Path home = Files.createDirectories(temp.resolve("home"));
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger corruptedMessages = new AtomicInteger();
        AtomicInteger torn = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        try (ScriptedMessagesApi api = new ScriptedMessagesApi()) {
            ClaudeCodeAgent agent = ClaudeCodeAgent.builder()
                    .executable(Path.of(cli))
                    .workingDirectory(temp)
                    .configDirectory(config)
                    .permissionMode(PermissionMode.ACCEPT_EDITS)
                    .timeout(Duration.ofMinutes(3))
                    .environment(Map.of(
                            "HOME",
                            home.toString(),
                            "ANTHROPIC_BASE_URL",
                            api.baseUrl(),
                            "ANTHROPIC_API_KEY",
                            "sk-ant-test-000",
                            "CLAUDE_CODE_MAX_RETRIES",
                            "0",
                            "DISABLE_AUTOUPDATER",
                            "1",
                            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
                            "1",
                            "DISABLE_TELEMETRY",
                            "1"))
                    .build();
            AtomicBoolean done = new AtomicBoolean();
            Thread watcher =
                    new Thread(() -> watch(config.resolve(".claude.json"), done, reads, torn), "claude-json-watcher");
            watcher.setDaemon(true);
            watcher.start();
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Path work = Files.createDirectories(temp.resolve("work-" + i));
                futures.add(pool.submit(() -> {
                    try {
                        AgentResponse r = agent.execute(new AgentRequest(
                                "Write out.txt",
                                new SessionMode.New(SessionId.random()),
                                Optional.of(work),
                                OptionalInt.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                OptionalInt.empty(),
                                List.of()));
                        if (!r.isSuccess() || !Files.exists(work.resolve("out.txt"))) {
                            failed.incrementAndGet();
                            record(failures, r.outcome() + " " + r.errors());
                        }
                    } catch (AgentException e) {
                        failed.incrementAndGet();
                        if (String.valueOf(e.getMessage()).contains("configuration file corrupted")) {
                            corruptedMessages.incrementAndGet();
                        }
                        record(failures, e.getMessage());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            done.set(true);
            watcher.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long backups;
        try (Stream<Path> files =
                Files.exists(config.resolve("backups")) ? Files.list(config.resolve("backups")) : Stream.empty()) {
            backups = files.filter(p -> p.getFileName().toString().contains("corrupted"))
                    .count();
        }
        boolean valid = parses(config.resolve(".claude.json"));
        report.figure("claude-shared-config.failed-runs", failed.get(), runs, "runs");
        report.figure("claude-shared-config.corrupted-config-messages", corruptedMessages.get(), runs, "runs");
        report.figure("claude-shared-config.torn-reads", torn.get(), reads.get(), "reads");
        report.note(runs + " runs, " + parallel + " at a time, in " + Math.round(seconds) + " s; " + backups
                + " corruption backups; .claude.json " + (valid ? "is valid JSON" : "DOES NOT PARSE")
                + " at the end; config " + config);
        failures.forEach(f -> report.note("failure: " + f));
    }

    private static synchronized void record(List<String> failures, String what) {
        if (failures.size() < 10) {
            failures.add(String.valueOf(what).replaceAll("\\s+", " "));
        }
    }

    /** Reads the file over and over while the runs go on, counting reads that do not parse. */
    private static void watch(Path file, AtomicBoolean done, AtomicInteger reads, AtomicInteger torn) {
        while (!done.get()) {
            if (Files.exists(file)) {
                reads.incrementAndGet();
                if (!parses(file)) {
                    torn.incrementAndGet();
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean parses(Path file) {
        try (JsonReader reader = JsonReader.of(Okio.buffer(Okio.source(file)))) {
            ANY_JSON.fromJson(reader);
            return reader.peek() == JsonReader.Token.END_DOCUMENT;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
