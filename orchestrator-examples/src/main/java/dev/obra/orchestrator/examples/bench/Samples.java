package dev.obra.orchestrator.examples.bench;

import java.util.Arrays;

/** Timings of repeated runs, in nanoseconds, with order statistics. */
final class Samples {
    private final long[] nanos;

    private Samples(long[] nanos) {
        this.nanos = nanos.clone();
        Arrays.sort(this.nanos);
    }

    /** A piece of work that may throw. */
    interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} {@code warmups} times untimed, then {@code runs} times timed one by one. */
    static Samples measure(int warmups, int runs, Work work) throws Exception {
        for (int i = 0; i < warmups; i++) {
            work.run();
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            nanos[i] = System.nanoTime() - start;
        }
        return new Samples(nanos);
    }

    /** Returns samples from already measured nanoseconds. */
    static Samples of(long[] nanos) {
        return new Samples(nanos);
    }

    int count() {
        return nanos.length;
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
