package dev.obra.orchestrator.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples that need no external tool run as a user would run them; ClaudeWithOllama only compiles here. */
class ExamplesIT {
    @TempDir
    Path dir;

    /** Runs {@code main} with {@code input} on stdin and returns what it printed. */
    private static String run(Main main, String input) throws Exception {
        PrintStream out = System.out;
        InputStream in = System.in;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            main.run();
        } finally {
            System.setOut(out);
            System.setIn(in);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface Main {
        void run() throws Exception;
    }

    @Test
    void quickStartCompletesATaskInMemory() throws Exception {
        String out =
                run(() -> QuickStart.main(new String[] {dir.resolve("project").toString()}), "");
        assertThat(out)
                .contains(
                        "status:     COMPLETED", "iterations: 2", "cost:       $0", "answer:     [built-in demo agent");
        assertThat(dir.resolve("project/Calc.java")).content().contains("/ 2.0");
    }

    @Test
    void persistentTasksReadTheirMetricsBackFromSqlite() throws Exception {
        Path db = dir.resolve("tasks.db");
        String out = run(
                () -> PersistentTasks.main(
                        new String[] {db.toString(), dir.resolve("p").toString()}),
                "");
        assertThat(out)
                .contains(": COMPLETED", "session ", "metrics: 2 iterations, 2 sessions", "same as the result's: true");
        assertThat(db).exists();
    }

    @Test
    void parallelTasksAllComplete() throws Exception {
        String out = run(() -> ParallelTasks.main(new String[] {"3"}), "");
        assertThat(out.lines().filter(l -> l.startsWith("done ")).filter(l -> l.contains("COMPLETED")))
                .hasSize(3);
        assertThat(out).contains("decided RETRY", "decided PROCEED");
    }

    @Test
    void aPersonsGuidanceAtTheConsoleReachesTheStore() throws Exception {
        String out = run(() -> HumanInTheLoop.main(new String[0]), "Average the two middle values.\n");
        assertThat(out)
                .contains(
                        "Breakpoint: 1 consecutive iterations without an accepted result",
                        "status: COMPLETED",
                        "breakpoint after iteration 1: Continue[guidance=Optional[Average the two middle values.]]");
    }

    @Test
    void aPersonCanStopTheTaskAtTheConsole() throws Exception {
        String out = run(() -> HumanInTheLoop.main(new String[0]), "s\n");
        assertThat(out).contains("status: ESCALATED (stopped by a person at the console)");
    }

    @Test
    void theCustomDecisionEngineDecides() throws Exception {
        String out = run(() -> CustomDecisionEngine.main(new String[0]), "");
        assertThat(out).contains("status: COMPLETED", "iteration 1: RETRY", "iteration 2: PROCEED");
    }
}
