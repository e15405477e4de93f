package dev.obra.orchestrator.testing;

import dev.obra.orchestrator.event.OrchestratorEvent;
import dev.obra.orchestrator.event.OrchestratorListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** An {@link OrchestratorListener} that keeps every event. Thread-safe. */
public final class RecordingListener implements OrchestratorListener {
    private final List<OrchestratorEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(OrchestratorEvent event) {
        events.add(event);
    }

    public List<OrchestratorEvent> events() {
        return new ArrayList<>(events);
    }

    /** Returns the simple class names of the events, in order. */
    public List<String> kinds() {
        return events.stream().map(e -> e.getClass().getSimpleName()).collect(Collectors.toList());
    }

    /** Returns the events of one kind. */
    public <T extends OrchestratorEvent> List<T> of(Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).collect(Collectors.toList());
    }
}
