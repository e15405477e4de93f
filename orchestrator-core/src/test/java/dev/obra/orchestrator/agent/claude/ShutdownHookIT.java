package dev.obra.orchestrator.agent.claude;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.testing.ChildJvms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM shutdown hook stops a claude that is still running when the JVM exits, with its grandchildren. */
class ShutdownHookIT {

    @TempDir
    Path temp;

    @Test
    void aJvmThatExitsMidRunLeavesNoClaudeProcessBehind() throws Exception {
        Path work = Files.createDirectories(temp.resolve("work"));
        Path config = Files.createDirectories(temp.resolve("config"));
        Path pidFile = temp.resolve("pids");
        Process jvm = new ProcessBuilder(ChildJvms.mainClass(
                        List.of(),
                        ShutdownHookProbe.class,
                        List.of(
                                FakeClaude.executable().toString(),
                                work.toString(),
                                config.toString(),
                                pidFile.toString())))
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("jvm.log").toFile())
                .start();

        boolean exited = jvm.waitFor(30, TimeUnit.SECONDS);

        assertThat(exited)
                .as("the probe JVM exits; its log: %s", Files.readString(temp.resolve("jvm.log")))
                .isTrue();
        assertThat(jvm.exitValue()).isZero();
        List<Long> pids = FakeClaude.pids(pidFile);
        assertThat(pids).as("the fake and its grandchild").hasSize(2);
        FakeClaude.assertGone(pids);
    }
}
