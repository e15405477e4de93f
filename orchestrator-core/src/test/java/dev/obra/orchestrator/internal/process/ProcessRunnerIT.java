package dev.obra.orchestrator.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obra.orchestrator.testing.Polling;
import dev.obra.orchestrator.testing.ProcessChecks;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one process runner against real processes. The shell is a test fixture; the runner never uses one. */
class ProcessRunnerIT {
    private static final Duration GRACE = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void aTimeoutKillsTheWholeTreeGrandchildrenIncluded() {
        // given a child that starts two grandchildren and prints their pids
        ProcessSpec spec =
                ProcessSpec.of("test", List.of("sh", "-c", "sleep 300 & echo $!; sleep 300 & echo $!; wait"));

        // when
        ProcessRunner.Outcome outcome = ProcessRunner.run(spec, Duration.ofMillis(500), GRACE, 4096);

        // then
        assertThat(outcome.ending()).isEqualTo(ProcessRunner.Ending.TIMED_OUT);
        assertThat(outcome.exitCode()).isEqualTo(-1);
        List<Long> grandchildren = Arrays.stream(outcome.stdout().strip().split("\n"))
                .map(Long::parseLong)
                .toList();
        assertThat(grandchildren).hasSize(2);
        assertThat(ProcessChecks.survivors(grandchildren, Duration.ofSeconds(10)))
                .isEmpty();
    }

    @Test
    void anInterruptKillsTheTreeAndSetsTheFlagAgain() throws Exception {
        String marker = "301." + System.nanoTime() % 1000;
        AtomicReference<ProcessRunner.Outcome> outcome = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            outcome.set(ProcessRunner.run(
                    ProcessSpec.of("test", List.of("sh", "-c", "sleep " + marker + " & wait")),
                    Duration.ofMinutes(5),
                    GRACE,
                    4096));
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        List<ProcessHandle> sleepers = awaitSleepers(marker);
        assertThat(sleepers).hasSize(1);

        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(20));

        assertThat(caller.isAlive()).isFalse();
        assertThat(outcome.get().ending()).isEqualTo(ProcessRunner.Ending.INTERRUPTED);
        assertThat(flagAfter).isTrue();
        assertThat(ProcessChecks.survivors(
                        sleepers.stream().map(ProcessHandle::pid).toList(), Duration.ofSeconds(10)))
                .isEmpty();
    }

    @Test
    void aMissingExecutableIsAnErrorThatNamesIt() {
        String missing = dir.resolve("no-such-program").toString();

        assertThatThrownBy(() ->
                        ProcessRunner.run(ProcessSpec.of("test", List.of(missing)), Duration.ofSeconds(5), GRACE, 4096))
                .isInstanceOfSatisfying(ProcessStartException.class, e -> {
                    assertThat(e.program()).isEqualTo(missing);
                    assertThat(e.getMessage()).startsWith("could not start " + missing + ": ");
                    assertThat(e.reason()).contains("No such file");
                });
    }

    @Test
    void stdinIsTheGivenTextOrTheNullDevice() {
        ProcessRunner.Outcome echoed = ProcessRunner.run(
                ProcessSpec.of("test", List.of("cat")).withStdin("héllo\n"), Duration.ofSeconds(10), GRACE, 4096);
        ProcessRunner.Outcome empty =
                ProcessRunner.run(ProcessSpec.of("test", List.of("cat")), Duration.ofSeconds(10), GRACE, 4096);

        assertThat(echoed.stdout()).isEqualTo("héllo\n");
        assertThat(empty.ending()).isEqualTo(ProcessRunner.Ending.EXITED);
        assertThat(empty.stdout()).isEmpty();
    }

    @Test
    void stderrIsKeptApartMergedInWriteOrderOrDiscarded() {
        List<String> command = List.of("sh", "-c", "echo out1; echo err1 >&2; echo out2; echo err2 >&2; exit 3");
        ProcessSpec spec = ProcessSpec.of("test", command);

        ProcessRunner.Outcome separate = ProcessRunner.run(spec, Duration.ofSeconds(10), GRACE, 4096);
        ProcessRunner.Outcome merged =
                ProcessRunner.run(spec.withStderr(ProcessSpec.Stderr.MERGED), Duration.ofSeconds(10), GRACE, 4096);
        ProcessRunner.Outcome discarded =
                ProcessRunner.run(spec.withStderr(ProcessSpec.Stderr.DISCARDED), Duration.ofSeconds(10), GRACE, 4096);

        assertThat(separate.exitCode()).isEqualTo(3);
        assertThat(separate.succeeded()).isFalse();
        assertThat(separate.stdout()).isEqualTo("out1\nout2\n");
        assertThat(separate.stderr()).isEqualTo("err1\nerr2\n");
        assertThat(merged.stdout()).isEqualTo("out1\nerr1\nout2\nerr2\n");
        assertThat(discarded.stdout()).isEqualTo("out1\nout2\n");
        assertThat(discarded.stderr()).isEmpty();
    }

    @Test
    void theChildGetsExactlyTheGivenEnvironmentAndDirectory() throws IOException {
        ProcessSpec spec = ProcessSpec.of("test", List.of("/usr/bin/env"))
                .withEnvironment(Map.of("ONLY", "1"))
                .withDirectory(Optional.of(dir));
        ProcessRunner.Outcome env = ProcessRunner.run(spec, Duration.ofSeconds(10), GRACE, 4096);
        ProcessRunner.Outcome pwd = ProcessRunner.run(
                ProcessSpec.of("test", List.of("pwd")).withDirectory(dir), Duration.ofSeconds(10), GRACE, 4096);

        assertThat(env.succeeded()).isTrue();
        assertThat(env.stdout()).isEqualTo("ONLY=1\n");
        assertThat(Path.of(pwd.stdout().strip()).toRealPath()).isEqualTo(dir.toRealPath());
    }

    /** Polls until a descendant of this JVM is {@code sleep marker} (not the shell that starts it), for up to 10 s. */
    private static List<ProcessHandle> awaitSleepers(String marker) {
        return Polling.poll(
                () -> ProcessHandle.current()
                        .descendants()
                        .filter(p -> p.info().command().orElse("").endsWith("sleep")
                                && Arrays.equals(p.info().arguments().orElse(new String[0]), new String[] {marker}))
                        .toList(),
                found -> !found.isEmpty(),
                Duration.ofSeconds(10));
    }
}
