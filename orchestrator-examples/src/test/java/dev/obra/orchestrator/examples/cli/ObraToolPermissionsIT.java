package dev.obra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.agent.claude.RealClaude;
import dev.obra.orchestrator.agent.claude.ScriptedAnthropicApi;
import dev.obra.orchestrator.agent.claude.ScriptedAnthropicApi.Text;
import dev.obra.orchestrator.agent.claude.ScriptedAnthropicApi.ToolUse;
import dev.obra.orchestrator.sqlite.JooqSessionStore;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.TaskQuery;
import dev.obra.orchestrator.store.TaskSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code obra run} with the real Claude Code CLI 2.1.330 on a scripted API whose model runs {@code python3 check.py}:
 * under acceptEdits the call is refused, recorded and shown; {@code --allow-tool 'Bash(python3 *)'} lets it run.
 */
class ObraToolPermissionsIT {
    @TempDir
    Path dir;

    private ObraProcess.Result run(ScriptedAnthropicApi api, Path work, Path bin, Path db, String... extra)
            throws Exception {
        Path wrapper = RealClaude.recordingArgv(RealClaude.executable(), bin);
        List<String> args = new ArrayList<>(List.of(ObraProcess.runArgs(
                "Run the check",
                work,
                wrapper,
                Files.createDirectories(dir.resolve("config")),
                "--db",
                db.toString(),
                "--max-iterations",
                "1")));
        for (Map.Entry<String, String> e : RealClaude.offline(api, Files.createDirectories(dir.resolve("home")))
                .entrySet()) {
            args.add("--claude-env");
            args.add(e.getKey() + "=" + e.getValue());
        }
        args.addAll(List.of(extra));
        return new ObraProcess(dir).run(args.toArray(String[]::new));
    }

    private static ScriptedAnthropicApi checkingApi() throws Exception {
        return new ScriptedAnthropicApi(List.of(
                new ToolUse("Bash", Map.of("command", "python3 check.py", "description", "run the check")),
                new Text("Ran the check.")));
    }

    private static Path project(Path work) throws Exception {
        Files.createDirectories(work);
        Files.writeString(work.resolve("check.py"), "open('ran.txt', 'w').write('ran')\n");
        return work;
    }

    @Test
    void aRefusedBashCallIsRecordedShownAndExplained() throws Exception {
        Path work = project(dir.resolve("work"));
        Path db = dir.resolve("obra.db");
        try (ScriptedAnthropicApi api = checkingApi()) {
            ObraProcess.Result r = run(api, work, Files.createDirectories(dir.resolve("bin")), db);

            assertThat(work.resolve("ran.txt")).doesNotExist();
            assertThat(r.out())
                    .contains(
                            "; refused Bash(python3 check.py) once",
                            "The agent was refused Bash(python3 check.py) once",
                            "--allow-tool 'Bash(python3 check.py)'");
            String taskId;
            try (JooqSessionStore store = JooqSessionStore.sqlite(db)) {
                TaskSummary task = store.listTasks(TaskQuery.all()).get(0);
                taskId = task.task().id().value();
                List<SessionRecord> sessions = store.sessions(task.task().id());
                assertThat(sessions)
                        .singleElement()
                        .satisfies(s -> assertThat(s.permissionDenials())
                                .singleElement()
                                .satisfies(d -> assertThat(d.rule()).isEqualTo("Bash(python3 check.py)")));
            }
            String show = new ObraProcess(dir).out("show", taskId, "--db", db.toString());
            assertThat(show)
                    .contains(
                            "Refused tool calls",
                            "Bash(python3 check.py) once",
                            "allow with: --allow-tool 'Bash(python3 check.py)'");
        }
    }

    @Test
    void anAllowedToolRunsAndNothingIsRefused() throws Exception {
        Path work = project(dir.resolve("work"));
        Path db = dir.resolve("obra.db");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        try (ScriptedAnthropicApi api = checkingApi()) {
            ObraProcess.Result r = run(api, work, bin, db, "--allow-tool", "Bash(python3 *)");

            assertThat(Files.readString(work.resolve("ran.txt"))).isEqualTo("ran");
            assertThat(r.out()).contains("allowed Bash(python3 *)").doesNotContain("refused");
            // The first launch is claude --version; the second runs the task.
            assertThat(RealClaude.recordedArgv(bin))
                    .filteredOn(argv -> argv.contains("-p"))
                    .singleElement()
                    .satisfies(argv -> assertThat(argv)
                            .contains("--permission-mode=acceptEdits", "--allowedTools=Bash(python3 *)"));
            try (JooqSessionStore store = JooqSessionStore.sqlite(db)) {
                TaskSummary task = store.listTasks(TaskQuery.all()).get(0);
                assertThat(store.sessions(task.task().id()))
                        .singleElement()
                        .satisfies(s -> assertThat(s.permissionDenials()).isEmpty());
            }
        }
    }
}
