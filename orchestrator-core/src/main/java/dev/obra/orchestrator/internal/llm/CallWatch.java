package dev.obra.orchestrator.internal.llm;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;

/**
 * Cancels an HTTP call when its thread is interrupted, its deadline passes, or it waits for the server longer than
 * its stall limit. OkHttp's blocking socket reads ignore interrupts, so without this a cancelled task would wait for
 * the judge until its timeout. OkHttp's own call, read and write timeouts are okio {@code AsyncTimeout}s, which wake
 * okio's watchdog thread on every socket read and write: on loopback, where a whole call is about 120 us, that cost
 * about 5% of it. One daemon thread here looks at the registered calls every {@value #PERIOD_MS} ms instead, so a
 * limit is kept to within that, and stops when nothing has been registered for a while. Registering costs one
 * concurrent-set insert; marking a wait costs two volatile writes. Thread-safe.
 */
public final class CallWatch {
    static final long PERIOD_MS = 50;
    private static final long IDLE_EXIT_MS = 10_000;
    private static final Set<Watch> WATCHED = ConcurrentHashMap.newKeySet();
    private static final Object LOCK = new Object();
    private static volatile boolean running;

    private CallWatch() {}

    /**
     * Watches {@code call}, made on this thread, until the returned handle is closed.
     *
     * @param call the call
     * @return the watch
     * @param deadlineNanos when the whole call must have ended, on {@link System#nanoTime()}'s clock
     * @param stallNanos    the longest one wait for the server may last (see {@link Watch#waiting()})
     */
    public static Watch watch(Call call, long deadlineNanos, long stallNanos) {
        Watch watch = new Watch(Thread.currentThread(), call, deadlineNanos, stallNanos);
        WATCHED.add(watch);
        if (!running) {
            synchronized (LOCK) {
                if (!running) {
                    running = true;
                    Thread thread = new Thread(CallWatch::loop, "obra-llm-call-watch");
                    thread.setDaemon(true);
                    thread.start();
                }
            }
        }
        return watch;
    }

    private static void loop() {
        long idleSince = System.nanoTime();
        while (true) {
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                // Nobody interrupts this private thread; if someone does, keep watching rather than lose calls.
                Thread.interrupted();
            }
            if (!WATCHED.isEmpty()) {
                idleSince = System.nanoTime();
                WATCHED.forEach(Watch::check);
            } else if (System.nanoTime() - idleSince > IDLE_EXIT_MS * 1_000_000) {
                synchronized (LOCK) {
                    // Clear the flag before looking again, so a caller that registers meanwhile starts a new watcher.
                    running = false;
                    if (WATCHED.isEmpty()) {
                        return;
                    }
                    running = true;
                }
            }
        }
    }

    /**
     * One watched call; close it when the call and its body are done. Between {@link #waiting()} and
     * {@link #received()} the call is waiting for the server, and a wait longer than the stall limit cancels it.
     * Time between waits (the caller handling what it read) never counts.
     */
    public static final class Watch implements AutoCloseable {
        private final Thread thread;
        private final Call call;
        private final long deadlineNanos;
        private final long stallNanos;
        private volatile long waitingSince;
        private volatile boolean waiting;
        private volatile boolean interrupted;
        private volatile boolean expired;
        private volatile boolean stalled;

        private Watch(Thread thread, Call call, long deadlineNanos, long stallNanos) {
            this.thread = thread;
            this.call = call;
            this.deadlineNanos = deadlineNanos;
            this.stallNanos = stallNanos;
        }

        /** Starts a wait for the server: for the response after the request is sent, or for the next body bytes. */
        public void waiting() {
            waitingSince = System.nanoTime();
            waiting = true;
        }

        /** Ends the wait: the server sent something. */
        public void received() {
            waiting = false;
        }

        private void check() {
            if (interrupted || expired || stalled) {
                return;
            }
            long now = System.nanoTime();
            if (thread.isInterrupted()) {
                interrupted = true;
                call.cancel();
            } else if (now - deadlineNanos >= 0) {
                expired = true;
                call.cancel();
            } else if (waiting && now - waitingSince >= stallNanos) {
                stalled = true;
                call.cancel();
            }
        }

        /**
         * Returns whether the call's thread was interrupted.
         *
         * @return whether the call's thread was interrupted
         */
        public boolean interrupted() {
            return interrupted || thread.isInterrupted();
        }

        /**
         * Returns whether the call was cancelled because its deadline passed.
         *
         * @return whether the call was cancelled because its deadline passed
         */
        public boolean expired() {
            return expired;
        }

        /**
         * Returns whether the call was cancelled because the server sent nothing for the stall limit.
         *
         * @return whether the call was cancelled because the server sent nothing for the stall limit
         */
        public boolean stalled() {
            return stalled;
        }

        @Override
        public void close() {
            WATCHED.remove(this);
        }
    }
}
