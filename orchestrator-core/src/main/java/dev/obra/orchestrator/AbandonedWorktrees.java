package dev.obra.orchestrator;

import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.StoreException;
import dev.obra.orchestrator.store.TaskRecord;
import dev.obra.orchestrator.workspace.Delivery;
import dev.obra.orchestrator.workspace.GitWorktree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Salvages the worktrees of tasks whose process stopped before they delivered (a crash, a SIGKILL): their work is
 * committed as work in progress on their branch, the folder removed, and the delivery recorded.
 */
final class AbandonedWorktrees {
    private static final Logger log = LoggerFactory.getLogger(AbandonedWorktrees.class);

    private AbandonedWorktrees() {}

    /** Salvages every pending delivery of an ended task in {@code store}; returns how many. Never throws. */
    static int salvage(SessionStore store) {
        int salvaged = 0;
        try {
            for (TaskRecord task : store.pendingDeliveries()) {
                Delivery pending = task.delivery().orElseThrow();
                Delivery delivered = GitWorktree.salvage(task.id(), task.description(), pending, task.statusReason());
                store.recordDelivery(task.id(), delivered);
                salvaged++;
                log.warn(
                        "Task {} was abandoned in worktree {}; {} on branch {}",
                        task.id(),
                        pending.worktree().map(Object::toString).orElse("?"),
                        delivered
                                .commit()
                                .map(c -> "its work is commit " + c.substring(0, Math.min(12, c.length())))
                                .orElse(delivered.failure().orElse("nothing had changed")),
                        delivered.branch());
            }
        } catch (StoreException | IllegalArgumentException e) {
            log.warn("Cannot salvage the worktrees of abandoned tasks: {}", e.toString());
        }
        return salvaged;
    }
}
