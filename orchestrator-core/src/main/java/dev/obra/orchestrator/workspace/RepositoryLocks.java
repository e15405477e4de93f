package dev.obra.orchestrator.workspace;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per repository (its common git directory), held only around the git operations that take
 * repository-wide locks: worktree add and remove, and the commit that updates a branch. The agents' work never
 * waits on it.
 */
final class RepositoryLocks {
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private RepositoryLocks() {}

    /** Runs {@code work} holding the lock of the repository whose common git directory is {@code commonDir}. */
    static <T> T holding(Path commonDir, Supplier<T> work) {
        ReentrantLock lock = LOCKS.computeIfAbsent(commonDir, d -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
