package dev.obra.orchestrator.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;

/**
 * Cancels the HTTP call of a thread that gets interrupted. OkHttp's blocking socket reads ignore interrupts, so
 * without this a cancelled task would wait for the judge until its timeout. One daemon thread looks at the
 * registered calls every {@value #PERIOD_MS} ms and stops when nothing has been registered for a while. Registering
 * costs one concurrent-set insert, so the fast path stays cheap. Thread-safe.
 */
public final class InterruptWatch {
    static final long PERIOD_MS = 50;
    private static final long IDLE_EXIT_MS = 10_000;
    private static final Set<Watch> WATCHED = ConcurrentHashMap.newKeySet();
    private static final Object LOCK = new Object();
    private static volatile boolean running;

    private InterruptWatch() {
    }

    /** Watches {@code call} until the returned handle is closed. */
    public static Watch watch(Call call) {
        Watch watch = new Watch(Thread.currentThread(), call);
        WATCHED.add(watch);
        if (!running) {
            synchronized (LOCK) {
                if (!running) {
                    running = true;
                    Thread thread = new Thread(InterruptWatch::loop, "obra-llm-interrupt-watch");
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
        private volatile boolean fired;

        private Watch(Thread thread, Call call) {
            this.thread = thread;
            this.call = call;
        }

        private void check() {
            if (!fired && thread.isInterrupted()) {
                fired = true;
                call.cancel();
            }
        }

        /** Returns whether the call was cancelled because its thread was interrupted. */
        public boolean fired() {
            return fired || thread.isInterrupted();
        }

        @Override
        public void close() {
            WATCHED.remove(this);
        }
    }
}
