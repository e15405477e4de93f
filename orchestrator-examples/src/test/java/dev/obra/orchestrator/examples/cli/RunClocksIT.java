package dev.obra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code obra run} names the clock of every duration it prints, so two figures never read as a contradiction. */
class RunClocksIT {
    @Test
    void theSessionLineAndTheMetricsShowTheSameWallClockAndNameTheClisOwn(@TempDir Path dir) {
        Path work = ObraProcess.work(dir);

        ObraProcess.Result r = new ObraProcess(dir)
                .run(ObraProcess.fakeClaudeRunArgs(
                        "Write hello.txt",
                        work,
                        dir.resolve("claude-config"),
                        "--db",
                        dir.resolve("obra.db").toString(),
                        "--claude-env",
                        "FAKE_CLAUDE_SCENARIO=success"))
                .expectExit(0);

        Matcher session = Pattern.compile(
                        "agent success in ([0-9.]+s) wall clock \\(the CLI reports ([0-9.]+s) of " + "its own\\)")
                .matcher(r.out());
        assertThat(session.find()).as(r.out()).isTrue();
        Matcher total =
                Pattern.compile("agent time \\(wall clock\\)\\s+([0-9.]+s)").matcher(r.out());
        assertThat(total.find()).as(r.out()).isTrue();
        assertThat(total.group(1)).isEqualTo(session.group(1));
    }
}
