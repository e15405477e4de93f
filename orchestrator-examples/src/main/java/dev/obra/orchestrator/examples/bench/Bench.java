package dev.obra.orchestrator.examples.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The benchmark harness. Every benchmark measures its subject against a baseline in the same run, because these
 * machines are shared and noisy: read the ratios, not the absolute figures.
 *
 * <pre>
 * java -cp orchestrator-examples/target/obra.jar dev.obra.orchestrator.examples.bench.Bench [NAME...]
 * </pre>
 *
 * With no names it runs all. Output lines: {@code bench NAME: VALUE UNIT (baseline VALUE UNIT, ratio R)}.
 * See docs/benchmarks.md.
 */
public final class Bench {
    private static final Map<String, Supplier<Benchmark>> BENCHMARKS = new LinkedHashMap<>();

    static {
        register(OrchestratorOverheadBench::new);
        register(LlmClientOverheadBench::new);
        register(ClaudeAgentOverheadBench::new);
        register(StreamParseBench::new);
        register(SharedClaudeConfigBench::new);
        register(WorkspaceBench::createRemove);
        register(WorkspaceBench::parallel);
        register(WorkspaceBench::heapPerTask);
        register(() -> new StoreBench(BenchDatabase.Kind.SQLITE));
        register(() -> new StoreBench(BenchDatabase.Kind.H2));
        register(() -> new StoreBench(BenchDatabase.Kind.POSTGRES));
    }

    private Bench() {
    }

    private static void register(Supplier<Benchmark> benchmark) {
        BENCHMARKS.put(benchmark.get().name(), benchmark);
    }

    public static void main(String[] args) throws Exception {
        List<String> names = new ArrayList<>(List.of(args));
        if (names.contains("--list")) {
            BENCHMARKS.forEach((name, b) -> System.out.println(name + ": " + b.get().description()));
            return;
        }
        if (names.isEmpty()) {
            names.addAll(BENCHMARKS.keySet());
        }
        for (String name : names) {
            if (!BENCHMARKS.containsKey(name)) {
                System.err.println("unknown benchmark '" + name + "'; known: " + BENCHMARKS.keySet());
                System.exit(2);
            }
        }
        Report report = new Report(System.out);
        for (String name : names) {
            Benchmark benchmark = BENCHMARKS.get(name).get();
            report.note(name + ": " + benchmark.description());
            benchmark.run(report);
        }
    }
}
