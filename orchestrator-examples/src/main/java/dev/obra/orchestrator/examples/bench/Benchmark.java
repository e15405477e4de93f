package dev.obra.orchestrator.examples.bench;

/** One benchmark of the {@link Bench} harness: it measures its subject and a baseline in the same run. */
interface Benchmark {

    /** Returns the name used on the command line. */
    String name();

    /** Returns one line on what is measured against what. */
    String description();

    /** Measures, and reports every figure through {@code report}. */
    void run(Report report) throws Exception;
}
