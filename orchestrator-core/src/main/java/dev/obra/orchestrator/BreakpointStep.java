package dev.obra.orchestrator;

import dev.obra.orchestrator.breakpoint.Breakpoint;
import dev.obra.orchestrator.breakpoint.BreakpointContext;
import dev.obra.orchestrator.breakpoint.BreakpointEvent;
import dev.obra.orchestrator.breakpoint.BreakpointHandler;
import dev.obra.orchestrator.breakpoint.Resolution;
import dev.obra.orchestrator.event.OrchestratorEvent;
import dev.obra.orchestrator.store.BreakpointRecord;
import dev.obra.orchestrator.store.SessionStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop's breakpoint step, after an iteration that would go on: each breakpoint that fires goes to the handler,
 * and its resolution is recorded and announced.
 */
final class BreakpointStep {
    private static final Logger log = LoggerFactory.getLogger(BreakpointStep.class);

    private final List<Breakpoint> breakpoints;
    private final BreakpointHandler handler;
    private final SessionStore store;
    private final Consumer<OrchestratorEvent> events;

    BreakpointStep(
            List<Breakpoint> breakpoints,
            BreakpointHandler handler,
            SessionStore store,
            Consumer<OrchestratorEvent> events) {
        this.breakpoints = breakpoints;
        this.handler = handler;
        this.store = store;
        this.events = events;
    }

    /**
     * Checks the breakpoints in order; the first that stops the task wins, and the guidance of those that let it go
     * on before it goes to {@code guidance}.
     */
    Optional<Resolution.Stop> check(BreakpointContext context, Consumer<String> guidance) {
        TaskId task = context.task().id();
        for (Breakpoint breakpoint : breakpoints) {
            if (!breakpoint.test(context)) {
                continue;
            }
            Instant occurred = Instant.now();
            BreakpointEvent event = new BreakpointEvent(breakpoint, context);
            Resolution resolution = handler.onBreakpoint(event);
            if (resolution == null) {
                throw new IllegalStateException("the breakpoint handler returned null for " + breakpoint.name());
            }
            store.recordBreakpoint(new BreakpointRecord(
                    task,
                    context.iteration(),
                    breakpoint.name(),
                    breakpoint.description(),
                    resolution,
                    occurred,
                    Instant.now()));
            events.accept(
                    new OrchestratorEvent.BreakpointHit(task, Instant.now(), context.iteration(), event, resolution));
            log.info(
                    "Task {} breakpoint {} after iteration {}: {}",
                    task,
                    breakpoint.name(),
                    context.iteration(),
                    resolution);
            if (resolution instanceof Resolution.Continue go) {
                go.guidance().ifPresent(guidance);
            } else if (resolution instanceof Resolution.Stop stop) {
                return Optional.of(stop);
            } else {
                throw new IllegalStateException("unhandled " + resolution);
            }
        }
        return Optional.empty();
    }
}
