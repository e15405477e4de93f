package dev.obra.orchestrator.agent.claude;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.SessionMode;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a JVM of its own by {@link ShutdownHookIT}: starts the fake claude (scenario {@code grandchild}, which
 * ignores SIGTERM) on another thread, waits until the grandchild exists, then exits the JVM without stopping it.
 * Arguments: the fake, the working directory, the config directory, the pid file.
 */
public final class ShutdownHookProbe {
    private ShutdownHookProbe() {}

    public static void main(String[] args) {
        Path pidFile = Path.of(args[3]);
        ClaudeCodeAgent agent = ClaudeCodeAgent.builder()
                .executable(Path.of(args[0]))
                .workingDirectory(Path.of(args[1]))
                .configDirectory(Path.of(args[2]))
                .environment(Map.of("FAKE_CLAUDE_SCENARIO", "grandchild", "FAKE_CLAUDE_PID_FILE", pidFile.toString()))
                .build();
        Thread run = new Thread(() -> agent.execute(AgentRequest.of("work", new SessionMode.New(SessionId.random()))));
        run.setDaemon(true);
        run.start();
        FakeClaude.awaitPids(pidFile, 2);
        System.exit(0);
    }
}
