package dev.obra.orchestrator.examples.bench;

/** How much a benchmark measures: the published figures use {@link #FULL}. */
enum Effort {
    /** Every sample the benchmark is designed for. */
    FULL,
    /** A hundredth of the samples and data (at least one): checks that everything runs; the figures mean little. */
    QUICK;

    /** Returns how many of {@code full} repetitions to run. */
    int count(int full) {
        return this == FULL ? full : Math.max(1, full / 100);
    }

    /** Returns how many of {@code full} bytes to use. */
    long bytes(long full) {
        return this == FULL ? full : Math.max(1, full / 100);
    }
}
