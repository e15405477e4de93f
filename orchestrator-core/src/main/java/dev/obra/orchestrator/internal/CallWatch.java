package dev.obra.orchestrator.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;

/**
 * Cancels an HTTP call when its thread is interrupted or its deadline passes. OkHttp's blocking socket reads ignore
 * interrupts, so without this a cancelled task would wait for the judge until its timeout; and OkHttp's own call
 * timeout costs a wake-up of its watchdog thread on every call (about 6 us, 5% of a loopback call). One daemon
 * thread looks at the registered calls every {@value #PERIOD_MS} ms, so a deadline is kept to within that, and
 * stops when nothing has been registered for a while. Registering costs one concurrent-set insert. Thread-safe.
 */
public final class CallWatch {
    static final long PERIOD_MS = 50;
    private static final long IDLE_EXIT_MS = 10_000;
    private static final Set<Watch> WATCHED = ConcurrentHashMap.newKeySet();
    private static final Object LOCK = new Object();
    private static volatile boolean running;

    private CallWatch() {
    }

    /** Watches {@code call}, made on this thread, until the returned handle is closed. */
    public static Watch watch(Call call, long deadlineNanos) {
        Watch watch = new Watch(Thread.currentThread(), call, deadlineNanos);
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

    /** One watched call; close it when the call and its body are done. */
    public static final class Watch implements AutoCloseable {
        private final Thread thread;
        private final Call call;
        private final long deadlineNanos;
        private volatile boolean interrupted;
        private volatile boolean expired;

        private Watch(Thread thread, Call call, long deadlineNanos) {
            this.thread = thread;
            this.call = call;
            this.deadlineNanos = deadlineNanos;
        }

        private void check() {
            if (interrupted || expired) {
                return;
            }
            if (thread.isInterrupted()) {
                interrupted = true;
                call.cancel();
            } else if (System.nanoTime() - deadlineNanos >= 0) {
                expired = true;
                call.cancel();
            }
        }

        /** Returns whether the call's thread was interrupted. */
        public boolean interrupted() {
            return interrupted || thread.isInterrupted();
        }

        /** Returns whether the call was cancelled because its deadline passed. */
        public boolean expired() {
            return expired;
        }

        @Override
        public void close() {
            WATCHED.remove(this);
        }
    }
}
