package dev.obra.orchestrator.agent.claude;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The claude processes this JVM runs, so that a JVM shutdown stops them with their descendants instead of leaving
 * them orphaned. One shutdown hook serves every agent; it is installed with the first process.
 */
final class LiveProcesses {
    private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private LiveProcesses() {}

    static void add(ProcessHandle process) {
        installHook();
        LIVE.add(process);
    }

    static void remove(ProcessHandle process) {
        LIVE.remove(process);
    }

    private static void installHook() {
        if (hookInstalled) {
            return;
        }
        synchronized (LiveProcesses.class) {
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(LiveProcesses::killAll, "obra-claude-shutdown"));
                hookInstalled = true;
            }
        }
    }

    /** SIGTERMs every live root, gives them a second together, then SIGKILLs them and every descendant seen. */
    private static void killAll() {
        List<ProcessHandle> all = new ArrayList<>();
        for (ProcessHandle root : LIVE) {
            all.addAll(root.descendants().toList());
            all.add(root);
            root.destroy();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        for (ProcessHandle root : LIVE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                root.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                break; // out of time or interrupted: go on to SIGKILL
            }
        }
        all.forEach(ProcessHandle::destroyForcibly);
    }
}
