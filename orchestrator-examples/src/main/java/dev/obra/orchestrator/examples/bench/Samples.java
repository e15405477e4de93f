package dev.obra.orchestrator.examples.bench;

import java.util.Arrays;

/** Timings of repeated runs, in nanoseconds, with order statistics. */
final class Samples {
    private final long[] nanos;

    private Samples(long[] nanos) {
        this.nanos = nanos.clone();
        Arrays.sort(this.nanos);
    }

    /** Returns samples from already measured nanoseconds. */
    static Samples of(long[] nanos) {
        return new Samples(nanos);
    }

    /** Returns the given percentile (0..100) in nanoseconds, nearest rank. */
    double percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * nanos.length);
        return nanos[Math.max(0, Math.min(nanos.length - 1, rank - 1))];
    }

    double median() {
        return percentile(50);
    }

    double p99() {
        return percentile(99);
    }
}
