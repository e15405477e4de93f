package dev.obra.orchestrator.internal.llm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Sleeper} that records each requested wait and returns at once, so backoff is checked without waiting. */
public final class RecordingSleeper implements Sleeper {
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
    }

    /** Returns the waits asked for, in order. */
    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
