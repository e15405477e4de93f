package dev.obra.orchestrator.store;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.workspace.Delivery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link SessionStore} in memory, the orchestrator's default: nothing survives the JVM. Thread-safe; every
 * method holds one lock, so each write is atomic.
 */
public final class InMemorySessionStore implements SessionStore {

    private final Map<TaskId, TaskRecord> tasks = new LinkedHashMap<>();
    /** Each task's sessions in the order they were opened; every record is kept here only. */
    private final Map<TaskId, LinkedHashMap<SessionId, SessionRecord>> sessionsByTask = new HashMap<>();

    private final Map<SessionId, TaskId> sessionTasks = new HashMap<>();
    private final Map<TaskId, TreeMap<Integer, IterationRecord>> iterations = new HashMap<>();
    private final Map<TaskId, List<BreakpointRecord>> breakpoints = new HashMap<>();

    @Override
    public synchronized void createTask(TaskRecord task) {
        requireNonNull(task, "task");
        if (tasks.containsKey(task.id())) {
            throw new StoreException("task " + task.id() + " already exists");
        }
        tasks.put(task.id(), task);
    }

    @Override
    public synchronized void finishTask(TaskRecord finished) {
        requireNonNull(finished, "finished");
        TaskRecord current = requireTask(finished.id());
        if (current.status().isFinal()) {
            throw new StoreException("task " + finished.id() + " already ended " + current.status());
        }
        if (!finished.status().isFinal()) {
            throw new StoreException("task " + finished.id() + " cannot finish as " + finished.status());
        }
        tasks.put(
                finished.id(),
                current.finish(
                                finished.status(),
                                finished.finalDecision(),
                                finished.statusReason(),
                                finished.output(),
                                finished.finishedAt().orElseThrow())
                        .withDelivery(finished.delivery()));
    }

    @Override
    public synchronized void recordDelivery(TaskId id, Delivery delivery) {
        requireNonNull(delivery, "delivery");
        TaskRecord current = requireTask(requireNonNull(id, "id"));
        tasks.put(id, current.withDelivery(Optional.of(delivery)));
    }

    /** Returns the ended tasks whose delivery is pending; in memory, only a task recorded that way has one. */
    @Override
    public synchronized List<TaskRecord> pendingDeliveries() {
        List<TaskRecord> pending = new ArrayList<>();
        for (TaskRecord task : tasks.values()) {
            if (task.status().isFinal()
                    && task.delivery().map(Delivery::isPending).orElse(false)) {
                pending.add(task);
            }
        }
        return pending;
    }

    @Override
    public synchronized void openSession(SessionRecord session) {
        requireNonNull(session, "session");
        requireTask(session.taskId());
        if (session.status() != SessionStatus.RUNNING) {
            throw new StoreException(
                    "session " + session.sessionId() + " must be opened RUNNING, was " + session.status());
        }
        if (sessionTasks.containsKey(session.sessionId())) {
            throw new StoreException("session " + session.sessionId() + " already exists");
        }
        sessionTasks.put(session.sessionId(), session.taskId());
        sessionsByTask
                .computeIfAbsent(session.taskId(), t -> new LinkedHashMap<>())
                .put(session.sessionId(), session);
    }

    @Override
    public synchronized void closeSession(SessionRecord closed) {
        requireNonNull(closed, "closed");
        TaskId owner = sessionTasks.get(closed.sessionId());
        if (owner == null) {
            throw new StoreException("session " + closed.sessionId() + " does not exist");
        }
        SessionRecord current = sessionsByTask.get(owner).get(closed.sessionId());
        if (current.status() != SessionStatus.RUNNING) {
            throw new StoreException("session " + closed.sessionId() + " is not open, it is " + current.status());
        }
        if (closed.status() == SessionStatus.RUNNING) {
            throw new StoreException("session " + closed.sessionId() + " cannot be closed as RUNNING");
        }
        if (!closed.taskId().equals(current.taskId())) {
            throw new StoreException("session " + closed.sessionId() + " belongs to task " + current.taskId() + ", not "
                    + closed.taskId());
        }
        SessionRecord updated = current.close(
                        closed.status(),
                        closed.endedAt().orElseThrow(),
                        closed.usage(),
                        closed.numTurns(),
                        closed.costUsd(),
                        closed.reportedCostUsd(),
                        closed.duration(),
                        closed.error())
                .withPermissionDenials(closed.permissionDenials());
        sessionsByTask.get(owner).put(updated.sessionId(), updated);
    }

    @Override
    public synchronized void recordIteration(IterationRecord iteration) {
        requireNonNull(iteration, "iteration");
        requireTask(iteration.taskId());
        TreeMap<Integer, IterationRecord> byNumber =
                iterations.computeIfAbsent(iteration.taskId(), t -> new TreeMap<>());
        if (byNumber.containsKey(iteration.iteration())) {
            throw new StoreException(
                    "iteration " + iteration.iteration() + " of task " + iteration.taskId() + " is already recorded");
        }
        byNumber.put(iteration.iteration(), iteration);
    }

    @Override
    public synchronized void recordBreakpoint(BreakpointRecord breakpoint) {
        requireNonNull(breakpoint, "breakpoint");
        requireTask(breakpoint.taskId());
        breakpoints.computeIfAbsent(breakpoint.taskId(), t -> new ArrayList<>()).add(breakpoint);
    }

    @Override
    public synchronized Optional<TaskRecord> findTask(TaskId id) {
        return Optional.ofNullable(tasks.get(requireNonNull(id, "id")));
    }

    @Override
    public synchronized List<TaskSummary> listTasks(TaskQuery query) {
        requireNonNull(query, "query");
        return tasks.values().stream()
                .filter(query::matches)
                .sorted(Comparator.comparing(TaskRecord::createdAt).reversed())
                .limit(query.limit())
                .map(t -> new TaskSummary(t, taskMetrics(t.id())))
                .toList();
    }

    @Override
    public synchronized List<SessionRecord> sessions(TaskId id) {
        return List.copyOf(taskSessions(id));
    }

    @Override
    public synchronized List<IterationRecord> iterations(TaskId id) {
        TreeMap<Integer, IterationRecord> byNumber = iterations.get(requireNonNull(id, "id"));
        return byNumber == null ? List.of() : List.copyOf(byNumber.values());
    }

    @Override
    public synchronized List<BreakpointRecord> breakpoints(TaskId id) {
        return List.copyOf(breakpoints.getOrDefault(requireNonNull(id, "id"), List.of()));
    }

    @Override
    public synchronized TaskMetrics taskMetrics(TaskId id) {
        return TaskMetrics.of(taskSessions(id));
    }

    private Collection<SessionRecord> taskSessions(TaskId id) {
        Map<SessionId, SessionRecord> byId = sessionsByTask.get(requireNonNull(id, "id"));
        return byId == null ? List.of() : byId.values();
    }

    /** Returns 0: sessions in memory end with the process that ran them, so none can be left behind. */
    @Override
    public int recoverAbandonedSessions() {
        return 0;
    }

    private TaskRecord requireTask(TaskId id) {
        TaskRecord task = tasks.get(id);
        if (task == null) {
            throw new StoreException("task " + id + " does not exist");
        }
        return task;
    }
}
