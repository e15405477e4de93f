package dev.obra.orchestrator.examples.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark harness. Every benchmark measures its subject against a baseline in the same run, because these
 * machines are shared and noisy: read the ratios, not the absolute figures.
 *
 * <pre>
 * java -cp orchestrator-examples/target/obra.jar dev.obra.orchestrator.examples.bench.Bench [--quick] [NAME...]
 * </pre>
 *
 * <p>With no names it runs every benchmark that can run here and skips, with a note saying why, those that cannot
 * (for example {@code store-postgres} without {@code OBRA_TEST_POSTGRES_URL}). A benchmark named on the command
 * line that cannot run is an error (exit 1). {@code --quick} runs a hundredth of the samples, to check that the
 * harness works; its figures are not for comparing. {@code --list} lists the benchmarks. Output lines:
 * {@code bench NAME: VALUE UNIT (baseline VALUE UNIT, ratio R)}; notes start with {@code #}. See docs/benchmarks.md.
 */
public final class Bench {
    /** The benchmarks by name; they are stateless, so each one is made once. */
    private static final Map<String, Benchmark> BENCHMARKS = new LinkedHashMap<>();

    static {
        register(new OrchestratorOverheadBench());
        register(new LlmClientOverheadBench());
        register(new ClaudeAgentOverheadBench());
        register(new StreamParseBench());
        register(new SharedClaudeConfigBench());
        register(WorkspaceBench.createRemove());
        register(WorkspaceBench.parallel());
        register(WorkspaceBench.heapPerTask());
        register(new StoreBench(BenchDatabase.Kind.SQLITE));
        register(new StoreBench(BenchDatabase.Kind.H2));
        register(new StoreBench(BenchDatabase.Kind.POSTGRES));
    }

    private Bench() {}

    private static void register(Benchmark benchmark) {
        BENCHMARKS.put(benchmark.name(), benchmark);
    }

    /**
     * Runs the benchmarks the arguments name, or all of them.
     *
     * @param args {@code --list}, {@code --quick}, and benchmark names
     * @throws Exception when a benchmark fails
     */
    public static void main(String[] args) throws Exception {
        List<String> names = new ArrayList<>(List.of(args));
        if (names.contains("--list")) {
            BENCHMARKS.forEach((name, b) -> System.out.println(name + ": " + b.description()));
            return;
        }
        Effort effort = names.remove("--quick") ? Effort.QUICK : Effort.FULL;
        boolean all = names.isEmpty();
        if (all) {
            names.addAll(BENCHMARKS.keySet());
        }
        for (String name : names) {
            if (!BENCHMARKS.containsKey(name)) {
                System.err.println("unknown benchmark '" + name + "'; known: " + BENCHMARKS.keySet());
                System.exit(2);
            }
        }
        Report report = new Report(System.out);
        if (effort == Effort.QUICK) {
            report.note("quick run: a hundredth of the samples; the figures are not for comparing");
        }
        for (String name : names) {
            Benchmark benchmark = BENCHMARKS.get(name);
            Optional<String> unavailable = benchmark.unavailable();
            if (unavailable.isPresent()) {
                if (!all) {
                    System.err.println("cannot run benchmark '" + name + "': " + unavailable.get());
                    System.exit(1);
                }
                report.note("skipped " + name + ": " + unavailable.get());
                continue;
            }
            report.note(name + ": " + benchmark.description());
            benchmark.run(report, effort);
        }
    }
}
