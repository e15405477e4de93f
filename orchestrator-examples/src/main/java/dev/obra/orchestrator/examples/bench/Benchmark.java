package dev.obra.orchestrator.examples.bench;

import java.util.Optional;

/** One benchmark of the {@link Bench} harness: it measures its subject and a baseline in the same run. */
interface Benchmark {

    /** Returns the name used on the command line. */
    String name();

    /** Returns one line on what is measured against what. */
    String description();

    /** Returns why the benchmark cannot run on this machine now (a server or tool it needs is missing), if so. */
    default Optional<String> unavailable() {
        return Optional.empty();
    }

    /** Measures with the given effort, and reports every figure through {@code report}. */
    void run(Report report, Effort effort) throws Exception;
}
