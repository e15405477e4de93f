package dev.obra.orchestrator.internal.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.testing.Polling;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verification runner against real processes. */
class VerifierIT {
    @TempDir
    Path dir;

    @Test
    void keepsTheExitCodeAndTheTailOfTheOutput() {
        VerificationResult result =
                new Verifier(Duration.ofSeconds(30)).run(List.of("ls", "does-not-exist"), Optional.of(dir));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.passed()).isFalse();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.outputTail()).contains("does-not-exist").contains("No such file");
    }

    @Test
    void argumentsAreNeverInterpretedByAShell() {
        VerificationResult result = new Verifier(Duration.ofSeconds(30))
                .run(List.of("echo", "$HOME; rm -rf /tmp/x && `id`"), Optional.of(dir));

        assertThat(result.passed()).isTrue();
        assertThat(result.outputTail()).isEqualTo("$HOME; rm -rf /tmp/x && `id`\n");
    }

    @Test
    void aHugeOutputIsCutToItsTail() {
        VerificationResult result =
                new Verifier(Duration.ofSeconds(30)).run(List.of("seq", "1", "200000"), Optional.of(dir));

        assertThat(result.passed()).isTrue();
        assertThat(result.outputTail()).startsWith("[... ").endsWith("199999\n200000\n");
        assertThat(result.outputTail().length()).isLessThan(Verifier.TAIL_BYTES + 100);
    }

    @Test
    void aTimeoutKillsTheCommandAndEverythingItStarted() throws Exception {
        long start = System.nanoTime();
        // A test fixture that starts a grandchild; the verifier itself never uses a shell.
        VerificationResult result = new Verifier(Duration.ofMillis(500))
                .run(List.of("sh", "-c", "sleep 300 & echo started; wait"), Optional.of(dir));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.passed()).isFalse();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(sleepers()).isEmpty();
    }

    @Test
    void aProgramThatCannotStartIsAFailedResult() {
        VerificationResult result = new Verifier(Duration.ofSeconds(5))
                .run(List.of(dir.resolve("missing").toString()), Optional.of(dir));
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.outputTail()).startsWith("could not start");
    }

    /** Polls until no descendant of this JVM is {@code sleep 300} or 10 s pass; returns the ones still there. */
    private static List<ProcessHandle> sleepers() {
        return Polling.poll(
                () -> ProcessHandle.current()
                        .descendants()
                        .filter(p -> p.info().commandLine().orElse("").contains("sleep 300"))
                        .toList(),
                List::isEmpty,
                Duration.ofSeconds(10));
    }
}
