package dev.obra.orchestrator.sqlite;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's daemon thread: every interval it refreshes the heartbeat of this store's running tasks and sessions,
 * then recovers those of stores that stopped beating, so that a crashed process's tasks are failed by whichever
 * store is still alive.
 */
final class Heartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final ScheduledExecutorService scheduler;

    private Heartbeat(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    static Heartbeat start(Duration interval, Runnable beat, String description) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "obra-store-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        beat.run();
                    } catch (RuntimeException e) {
                        // The next beat tries again; a store that cannot beat for long is recovered by the others.
                        log.warn("Heartbeat on {} failed: {}", description, e.toString());
                    }
                },
                millis,
                millis,
                TimeUnit.MILLISECONDS);
        return new Heartbeat(scheduler);
    }

    /** Stops beating; waits for a beat under way, so that it does not run into a closed pool. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("A heartbeat was still running after 30 s; closing the store anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
