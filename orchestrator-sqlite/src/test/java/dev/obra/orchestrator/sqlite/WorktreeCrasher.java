package dev.obra.orchestrator.sqlite;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.agent.Agent;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The child of {@link WorktreeCrashIT}: runs a task in a git worktree of the repository {@code args[1]}, recorded
 * in the SQLite file {@code args[0]}, whose agent writes {@code wip.txt}, then writes the task id to
 * {@code args[2]} and blocks until the process is killed.
 */
public final class WorktreeCrasher {
    private WorktreeCrasher() {}

    public static void main(String[] args) throws Exception {
        Path marker = Path.of(args[2]);
        Agent agent = new Agent() {
            @Override
            public AgentResponse execute(AgentRequest request) {
                try {
                    Files.writeString(request.workingDirectory().orElseThrow().resolve("wip.txt"), "half done\n");
                    Path partial = Files.writeString(marker.resolveSibling("marker.tmp"), request.sessionId() + "\n");
                    Files.move(partial, marker, StandardCopyOption.ATOMIC_MOVE);
                    Thread.sleep(Long.MAX_VALUE);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                throw new IllegalStateException("unreachable");
            }
        };
        JooqSessionStore store = CrashStores.open(Path.of(args[0]));
        Orchestrator.builder()
                .agent(agent)
                .sessionStore(store)
                .workspace(Workspace.gitWorktree().build())
                .build()
                .run(Task.of("Crash half-way through").withWorkingDirectory(Path.of(args[1])));
    }
}
