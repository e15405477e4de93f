package dev.obra.orchestrator.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a state that gives no event to wait on (a process gone, a process started) by polling, with a limit. */
public final class Polling {
    private Polling() {}

    /**
     * Reads {@code probe} every 10 ms until {@code done} accepts what it read or {@code limit} has passed.
     *
     * @param probe reads the state
     * @param done whether a state is the one waited for
     * @param limit how long to poll at the most
     * @param <T> the state
     * @return the first state {@code done} accepted, or the last one read when the limit passed
     */
    public static <T> T poll(Supplier<T> probe, Predicate<? super T> done, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        T state;
        do {
            state = probe.get();
            if (done.test(state)) {
                return state;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // poll: there is no event to wait on
        } while (System.nanoTime() < deadline);
        return state;
    }

    /**
     * Polls {@code condition} as {@link #poll} does until it holds, and fails if it does not within {@code limit}.
     *
     * @param condition the condition waited for
     * @param limit how long to poll at the most
     * @param failure the message of the failure when the limit passes
     * @throws AssertionError when {@code condition} did not hold within {@code limit}
     */
    public static void await(BooleanSupplier condition, Duration limit, String failure) {
        if (!poll(condition::getAsBoolean, met -> met, limit)) {
            throw new AssertionError(failure);
        }
    }
}
