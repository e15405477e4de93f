package dev.obra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.squareup.moshi.JsonReader;
import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.examples.ChildJvm;
import dev.obra.orchestrator.sqlite.JooqSessionStore;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.SessionStatus;
import dev.obra.orchestrator.store.TaskQuery;
import dev.obra.orchestrator.testing.Polling;
import dev.obra.orchestrator.testing.ProcessChecks;
import dev.obra.orchestrator.testing.Required;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import okio.Buffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The built obra.jar, run as a user would run it. */
class ObraCliIT {
    @TempDir
    static Path home;

    private static ObraProcess.Result demo;
    private static Path db;
    private static String taskId;

    @BeforeAll
    static void runTheDemo() {
        db = home.resolve("obra-demo.db");
        demo = new ObraProcess(home).run(demoArgs(home));
        demo.expectExit(0);
        taskId = ObraProcess.firstTaskId(
                new ObraProcess(home).run("tasks", "--db", db.toString()).out());
    }

    @Test
    void theDemoRunsASupervisedTaskEndToEnd() {
        assertThat(demo.out())
                .contains("agent: [built-in demo agent, not a model] (--agent demo)")
                .contains("judge: heuristics (--no-llm)")
                .contains("store: " + db)
                .contains("(a new git repository)")
                .contains("[1/4] agent started")
                .contains("verification failed (exit 1)")
                .contains("[1/4] decision RETRY")
                .contains("FAIL: median(5, 3, 9, 1): expected 4.0 but was 5.0")
                .contains("[2/4] 1 file changed")
                .contains("verification passed")
                .contains("[2/4] decision PROCEED")
                .contains("Task " + taskId + ": COMPLETED")
                .contains("total tokens")
                .contains("report: " + home.resolve("obra-demo-report.html"));
        assertThat(demo.err()).isEmpty();
        assertThat(home.resolve("project/Calc.java")).content().contains("((long) sorted[middle - 1]");
        assertThat(home.resolve("obra-demo-report.html")).exists();
    }

    @Test
    void metricsAsJsonMatchWhatTheStoreSums() throws IOException {
        ObraProcess.Result json = new ObraProcess(home)
                .run("metrics", taskId.substring(0, 8), "--json", "--db", db.toString())
                .expectExit(0);

        Map<String, String> fields = parse(json.out());
        TaskMetrics metrics;
        try (JooqSessionStore store = JooqSessionStore.sqlite(db)) {
            metrics = store.taskMetrics(TaskId.of(taskId));
            assertThat(store.findTask(TaskId.of(taskId)).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
        }
        assertThat(fields)
                .containsEntry("taskId", taskId)
                .containsEntry("status", "COMPLETED")
                .containsEntry("iterations", "2")
                .containsEntry("sessions", "2")
                .containsEntry("inputTokens", Long.toString(metrics.inputTokens()))
                .containsEntry("outputTokens", Long.toString(metrics.outputTokens()))
                .containsEntry("totalTokens", Long.toString(metrics.totalTokens()))
                .containsEntry("turns", Long.toString(metrics.turns()))
                .containsEntry("agentTimeMs", Long.toString(metrics.agentTime().toMillis()));
        assertThat(new BigDecimal(fields.get("costUsd"))).isEqualByComparingTo(metrics.costUsd());
        assertThat(metrics.totalTokens()).isPositive();
    }

    @Test
    void tasksListsTheRecordedTasksAndFiltersThem() {
        String all = new ObraProcess(home).out("tasks", "--db", db.toString());
        assertThat(all.lines().findFirst().orElseThrow())
                .startsWith("TASK")
                .contains("STATUS", "ITER", "TOKENS", "COST");
        assertThat(all).contains(taskId, "COMPLETED", "Implement Calc.median");

        assertThat(new ObraProcess(home).out("tasks", "--status", "failed", "--db", db.toString()))
                .contains("no tasks match");
        assertThat(new ObraProcess(home).out("tasks", "--since", "1h", "--status", "COMPLETED", "--db", db.toString()))
                .contains(taskId);
    }

    @Test
    void showPrintsIterationsSessionsAndDecisions() {
        String out = new ObraProcess(home).out("show", taskId, "--db", db.toString());
        assertThat(out)
                .contains(
                        "Task " + taskId + "  COMPLETED",
                        "Iterations",
                        "RETRY",
                        "PROCEED",
                        "exit 1",
                        "passed",
                        "Decisions",
                        "1. RETRY: The verification command",
                        "Sessions",
                        "COMPLETED",
                        "total tokens");
        try (JooqSessionStore store = JooqSessionStore.sqlite(db)) {
            for (SessionRecord s : store.sessions(TaskId.of(taskId))) {
                assertThat(out).contains(s.sessionId().value());
            }
        }
    }

    @Test
    void theReportIsOneWellFormedPageWithTheChartAndEveryIteration() throws Exception {
        Path html = home.resolve("reports/task.html");
        new ObraProcess(home)
                .run("report", taskId, "--html", html.toString(), "--db", db.toString())
                .expectExit(0);

        Document page =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(html.toFile());
        XPath xpath = XPathFactory.newInstance().newXPath();
        assertThat(count(xpath, page, "//*[local-name()='section'][@class='iteration']"))
                .isEqualTo(2);
        assertThat(count(xpath, page, "//*[local-name()='svg']")).isEqualTo(1);
        assertThat(count(xpath, page, "//*[local-name()='svg']//*[local-name()='rect'][@class='bar']"))
                .isEqualTo(2);
        assertThat(count(xpath, page, "//*[local-name()='svg']//*[local-name()='circle']"))
                .isEqualTo(2);
        assertThat(count(xpath, page, "//*[local-name()='tr'][@class='session']"))
                .isEqualTo(2);
        assertThat(count(xpath, page, "//*[local-name()='script' or local-name()='link' or local-name()='img']"))
                .as("nothing fetched")
                .isZero();
        assertThat(count(xpath, page, "//@*[starts-with(., 'http')][local-name()!='xmlns']"))
                .isZero();
        String text = Files.readString(html);
        assertThat(text)
                .contains(
                        "FAIL: median(4, 1, 3, 2): expected 2.5 but was 3.0",
                        "PROCEED",
                        "RETRY",
                        "quality",
                        "confidence");
    }

    @Test
    void doctorWithNothingInstalledSaysWhatToDo() throws IOException {
        assumeTrue(
                !listening(11434) && !listening(8080) || Required.onCi(),
                "a local LLM server answers on 11434 or 8080 here, so 'nothing installed' cannot be checked");
        Path empty = Files.createTempDirectory(home, "doctor");
        ObraProcess.Result r = new ObraProcess(empty)
                .run(
                        "doctor",
                        "--claude",
                        empty.resolve("no/claude").toString(),
                        "--db",
                        empty.resolve("data/obra.db").toString());

        r.expectExit(ExitCodes.UNAVAILABLE);
        assertThat(r.out())
                .contains(
                        "claude  FAIL  the Claude Code CLI was not found at " + empty.resolve("no/claude"),
                        "npm install -g @anthropic-ai/claude-code")
                .contains("llm     WARN  quality will be scored by heuristics", "ollama pull")
                .contains("store   OK    " + empty.resolve("data/obra.db") + " does not exist yet")
                .contains("Some checks failed");
        assertThat(r.err()).isEmpty();
        assertThat(empty.resolve("data/obra.db")).doesNotExist();
    }

    @Test
    void runDrivesClaudeAndMapsTheOutcomeToTheExitCode(@TempDir Path dir) {
        ObraProcess.work(dir);
        ObraProcess obra = new ObraProcess(dir);

        ObraProcess.Result ok = writeHello(obra, dir).expectExit(0);
        assertThat(ok.out())
                .contains("agent: Claude Code 2.1.330 (acceptEdits)", "1 file changed: hello.txt", "COMPLETED");

        ObraProcess.Result tries = writeHello(obra, dir, "--max-iterations", "2", "--verify", "ls", "no-such-file")
                .expectExit(ExitCodes.MAX_ITERATIONS);
        assertThat(tries.out()).contains("MAX_ITERATIONS", "verification failed (exit 2)");

        ObraProcess.Result budget = writeHello(obra, dir, "--budget-usd", "0.01", "--verify", "ls", "no-such-file")
                .expectExit(ExitCodes.BUDGET_EXCEEDED);
        assertThat(budget.out()).contains("BUDGET_EXCEEDED", "reached the budget of $0.01");
    }

    /** Runs "Write hello.txt" on the fake claude's success scenario in {@code dir}'s work folder and store. */
    private static ObraProcess.Result writeHello(ObraProcess obra, Path dir, String... more) {
        return obra.run(ObraProcess.fakeClaudeRunArgs(
                "Write hello.txt",
                dir.resolve("work"),
                dir.resolve("claude-config"),
                ObraProcess.args(
                        List.of(
                                "--claude-env",
                                "FAKE_CLAUDE_SCENARIO=success",
                                "--db",
                                dir.resolve("obra.db").toString()),
                        more)));
    }

    /** Prints an OSC 52 (write the clipboard) and a CSI 2J (clear the screen) between two words, and fails. */
    private static final String HOSTILE_PRINT =
            "print('BEFORE' + chr(27) + ']52;c;aGk=' + chr(7) + chr(27) + '[2J" + "AFTER')";

    @Test
    void escapeSequencesInAVerificationsOutputNeverReachTheTerminalInRunAndShow(@TempDir Path dir) {
        Path work = ObraProcess.work(dir);
        Path store = dir.resolve("obra.db");
        ObraProcess obra = new ObraProcess(dir);

        ObraProcess.Result run = obra.run(ObraProcess.fakeClaudeRunArgs(
                        "Write hello.txt",
                        work,
                        dir.resolve("cfg"),
                        "--db",
                        store.toString(),
                        "--max-iterations",
                        "1",
                        "--verify",
                        "python3",
                        "-c",
                        HOSTILE_PRINT + "; import sys; sys.exit(1)"))
                .expectExit(ExitCodes.MAX_ITERATIONS);
        String task = ObraProcess.firstTaskId(obra.out("tasks", "--db", store.toString()));
        ObraProcess.Result show =
                obra.run("show", task, "--db", store.toString()).expectExit(0);

        assertThat(storedOutputs(store))
                .as("the sequences reached the store")
                .anyMatch(o -> o.contains("BEFORE\u001b]52;c;aGk=\u0007\u001b[2JAFTER"));
        for (ObraProcess.Result r : List.of(run, show)) {
            assertThat(r.out()).contains("BEFOREAFTER").doesNotContain("\u001b", "\u0007");
        }
    }

    @Test
    void escapeSequencesInTheDemosVerificationOutputNeverReachTheTerminal(@TempDir Path dir) throws IOException {
        // given: a Calc class on the CLASSPATH, which the demo's checker loads before the project's own and which
        // prints the sequences on every call
        Path evil = Files.createDirectories(dir.resolve("evil"));
        Path source = Files.writeString(evil.resolve("Calc.java"), """
                public final class Calc {
                    public static double median(int... values) {
                        System.out.println("BEFORE\\u001b]52;c;aGk=\\u0007\\u001b[2JAFTER");
                        return 0;
                    }
                }
                """);
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", evil.toString(), source.toString()))
                .isZero();
        Path store = dir.resolve("demo.db");

        ObraProcess.Result demo = new ObraProcess(dir)
                .env("CLASSPATH", evil.toString())
                .run(demoArgs(
                        dir,
                        "--db",
                        store.toString(),
                        "--report",
                        dir.resolve("report.html").toString()))
                .expectExit(ExitCodes.MAX_ITERATIONS);

        assertThat(storedOutputs(store)).anyMatch(o -> o.contains("\u001b]52;c;aGk=\u0007"));
        assertThat(demo.out())
                .contains("BEFOREAFTER", "MAX_ITERATIONS")
                .doesNotContain("\u001b", "\u0007", "]52;", "aGk=");
    }

    private static List<String> storedOutputs(Path store) {
        try (JooqSessionStore s = JooqSessionStore.sqlite(store)) {
            return s.listTasks(TaskQuery.all()).stream()
                    .flatMap(t -> s.iterations(t.task().id()).stream())
                    .flatMap(it -> it.verification().stream())
                    .map(v -> v.outputTail())
                    .toList();
        }
    }

    @Test
    void theStoreTheReportsAndTheirFoldersAreTheUsersOnlyUnderUmask022(@TempDir Path dir) throws IOException {
        // given: no --db, so the store goes to ~/.obra/obra.db in a home of the test's
        Path work = ObraProcess.work(dir);
        ObraProcess obra = new ObraProcess(dir).withUmask022();
        obra.run(ObraProcess.fakeClaudeRunArgs("Write hello.txt", work, dir.resolve("cfg")))
                .expectExit(0);
        String task = ObraProcess.firstTaskId(obra.out("tasks"));
        Path report = dir.resolve("reports/new/task.html");
        obra.run("report", task, "--html", report.toString()).expectExit(0);
        Path kept = ObraProcess.write(dir.resolve("shared.html"), "old");
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-r--r--"));
        obra.run("report", task, "--html", kept.toString()).expectExit(0);

        assertThat(List.of(mode(dir.resolve(".obra")), mode(dir.resolve("reports")), mode(dir.resolve("reports/new"))))
                .containsOnly("rwx------");
        assertThat(List.of(
                        mode(dir.resolve(".obra/obra.db")),
                        mode(report),
                        mode(db),
                        mode(home.resolve("obra-demo-report.html"))))
                .containsOnly("rw-------");
        assertThat(mode(kept)).as("an existing file keeps its mode").isEqualTo("rw-r--r--");
        assertThat(kept).content().contains("<html");
    }

    @Test
    void aDatabaseUrlsPasswordIsNeverShownByDoctorNorByAFailingOpen(@TempDir Path dir) {
        String url =
                "jdbc:postgresql://obra:s3cretInfo@127.0.0.1:" + closedPort() + "/obra?user=obra&password=s3cretParam";
        ObraProcess obra = new ObraProcess(dir);

        ObraProcess.Result doctor = obra.run(
                        "doctor", "--no-llm", "--claude", dir.resolve("none").toString(), "--db", url, "--verbose")
                .expectExit(ExitCodes.UNAVAILABLE);
        ObraProcess.Result tasks = obra.run("tasks", "--db", url).expectExit(ExitCodes.UNAVAILABLE);
        ObraProcess.Result verbose =
                obra.run("show", "abcd", "--db", url, "--verbose").expectExit(ExitCodes.UNAVAILABLE);
        ObraProcess.Result fromEnv =
                obra.env("OBRA_DB", url).run("metrics", "abcd").expectExit(ExitCodes.UNAVAILABLE);

        assertThat(doctor.out()).contains("store   FAIL  cannot connect to PostgreSQL");
        assertThat(tasks.err()).contains("obra: cannot connect to PostgreSQL");
        assertThat(verbose.err()).contains("StoreException", "\tat dev.obra");
        for (ObraProcess.Result r : List.of(doctor, tasks, verbose, fromEnv)) {
            assertThat(r.out() + r.err()).doesNotContain("s3cret");
        }
    }

    @Test
    void aPostgresStoreNamedByUrlWorksAndItsPasswordIsInNoOutputNorLog(@TempDir Path dir) throws Exception {
        String server = Optional.ofNullable(System.getenv("OBRA_TEST_POSTGRES_URL"))
                .filter(url -> !url.isBlank())
                .orElseGet(() ->
                        Required.missing("OBRA_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against"));
        String password = server.replaceAll(".*[?&]password=([^&]*).*", "$1");
        assertThat(password)
                .as("the server's URL carries a password")
                .isNotEqualTo(server)
                .isNotBlank();
        String schema = "cli_" + Long.toHexString(System.nanoTime());
        try (Connection c = DriverManager.getConnection(server);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        try {
            String url = server + "&currentSchema=" + schema;
            Path work = ObraProcess.work(dir);
            ObraProcess obra = new ObraProcess(dir);
            ObraProcess.Result run = obra.run(ObraProcess.fakeClaudeRunArgs(
                            "Write hello.txt", work, dir.resolve("cfg"), "--db", url, "--verbose"))
                    .expectExit(0);
            ObraProcess.Result doctor = obra.run(
                    "doctor", "--no-llm", "--claude", ObraProcess.FAKE_CLAUDE.toString(), "--db", url, "--verbose");
            ObraProcess.Result tasks = obra.run("tasks", "--db", url).expectExit(0);

            assertThat(run.out()).contains("store: jdbc:postgresql://", "password=***", "COMPLETED");
            assertThat(doctor.out()).contains("store   OK    jdbc:postgresql://", "1 task(s)");
            assertThat(tasks.out()).contains("COMPLETED", "Write hello.txt");
            for (ObraProcess.Result r : List.of(run, doctor, tasks)) {
                assertThat(r.out() + r.err()).doesNotContain(password);
            }
        } finally {
            try (Connection c = DriverManager.getConnection(server);
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void ctrlCCancelsTheRunningTaskAndStopsTheAgentsProcessTree(@TempDir Path dir) throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path pids = dir.resolve("claude.pids");
        Process obra = new ObraProcess(dir)
                .start(ObraProcess.fakeClaudeRunArgs(
                        "Take your time",
                        work,
                        dir.resolve("cfg"),
                        "--claude-env",
                        "FAKE_CLAUDE_SCENARIO=grandchild",
                        "--claude-env",
                        "FAKE_CLAUDE_PID_FILE=" + pids,
                        "--db",
                        dir.resolve("obra.db").toString()));
        // polling a file the fake writes: there is no event to wait on
        List<String> listed = Polling.poll(
                () -> lines(pids), written -> written.size() >= 2 || !obra.isAlive(), Duration.ofSeconds(60));
        assertThat(obra.isAlive()).as("obra is still running").isTrue();
        List<Long> claudePids = listed.stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Long::parseLong)
                .toList();
        assertThat(claudePids).as("the fake claude and its grandchild").hasSizeGreaterThanOrEqualTo(2);

        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(obra.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(obra.waitFor(60, TimeUnit.SECONDS))
                .as("obra exits after Ctrl-C")
                .isTrue();

        String out = ChildJvm.read(obra.getInputStream());
        assertThat(obra.exitValue()).as(out).isEqualTo(ExitCodes.CANCELLED);
        assertThat(out).contains("cancelling task", "task CANCELLED");
        // An orphan that was killed may stay a zombie until init reaps it: that counts as gone.
        assertThat(ProcessChecks.survivors(claudePids, Duration.ofSeconds(10)))
                .as("claude processes still running")
                .isEmpty();
        try (JooqSessionStore store = JooqSessionStore.sqlite(dir.resolve("obra.db"))) {
            var task = store.listTasks(TaskQuery.all()).get(0).task();
            assertThat(task.status()).isEqualTo(TaskStatus.CANCELLED);
            assertThat(store.sessions(task.id()))
                    .extracting(SessionRecord::status)
                    .containsExactly(SessionStatus.CANCELLED);
        }
    }

    @Test
    void badInputGetsOneClearLineAndAUsageExitCode(@TempDir Path dir) {
        ObraProcess obra = new ObraProcess(dir);
        assertOneLine(
                obra.run("show", "no-such-task", "--db", db.toString()).expectExit(ExitCodes.USAGE),
                "obra: no task 'no-such-task' in " + db);
        assertOneLine(
                obra.run("metrics", "x", "--db", dir.resolve("missing.db").toString())
                        .expectExit(ExitCodes.USAGE),
                "obra: no store at " + dir.resolve("missing.db"));
        assertOneLine(
                obra.run("run", "do it", "--workdir", dir.resolve("nope").toString())
                        .expectExit(ExitCodes.USAGE),
                "obra: working directory does not exist: " + dir.resolve("nope"));
        assertThat(obra.run("run", "do it", "--max-iterations", "many")
                        .expectExit(ExitCodes.USAGE)
                        .err())
                .startsWith("obra: Invalid value for option '--max-iterations': 'many' is not an int");
        assertThat(obra.run("run", "do it", "--timeout", "5 fortnights")
                        .expectExit(ExitCodes.USAGE)
                        .err())
                .contains("is not a duration");
        assertThat(obra.run("run", "do it", "--permission-mode", "yolo")
                        .expectExit(ExitCodes.USAGE)
                        .err())
                .contains("'yolo' is not a permission mode; use one of acceptEdits");
        assertThat(obra.run("tasks", "--status", "done", "--db", db.toString())
                        .expectExit(ExitCodes.USAGE)
                        .err())
                .contains("'done' is not a status");
        assertThat(obra.run("frobnicate").expectExit(ExitCodes.USAGE).err()).contains("Unmatched argument");
        assertOneLine(
                obra.run(doIt(dir, dir.resolve("missing-claude"))).expectExit(ExitCodes.UNAVAILABLE),
                "obra: the Claude Code CLI was not found at " + dir.resolve("missing-claude"));
        assertOneLine(
                obra.run(doIt(
                                dir,
                                ObraProcess.FAKE_CLAUDE,
                                "--llm",
                                "http://127.0.0.1:" + closedPort(),
                                "--db",
                                dir.resolve("o.db").toString()))
                        .expectExit(ExitCodes.UNAVAILABLE),
                "does not answer");

        ObraProcess.Result verbose = obra.run("show", "no-such-task", "--db", db.toString(), "--verbose");
        verbose.expectExit(ExitCodes.USAGE);
        assertThat(verbose.err()).contains("obra: no task 'no-such-task'", "CliException", "\tat dev.obra");
    }

    /** The arguments of {@code obra run "do it"} in {@code dir} with {@code claude}, then {@code more}. */
    private static String[] doIt(Path dir, Path claude, String... more) {
        return ObraProcess.args(
                List.of("run", "do it", "--workdir", dir.toString(), "--claude", claude.toString()), more);
    }

    /** The arguments of {@code obra demo} with the built-in agent and no judge, in {@code dir/project}, then {@code more}. */
    private static String[] demoArgs(Path dir, String... more) {
        return ObraProcess.args(
                List.of(
                        "demo",
                        "--agent",
                        "demo",
                        "--no-llm",
                        "--workdir",
                        dir.resolve("project").toString()),
                more);
    }

    private static void assertOneLine(ObraProcess.Result r, String expected) {
        assertThat(r.err()).contains(expected);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
    }

    private static int count(XPath xpath, Document page, String expression) throws Exception {
        return ((NodeList) xpath.evaluate(expression, page, XPathConstants.NODESET)).getLength();
    }

    private static Map<String, String> parse(String json) throws IOException {
        JsonReader reader = JsonReader.of(new Buffer().write(json.strip().getBytes(StandardCharsets.UTF_8)));
        Map<String, String> fields = new HashMap<>();
        reader.beginObject();
        while (reader.hasNext()) {
            fields.put(reader.nextName(), reader.nextString());
        }
        reader.endObject();
        assertThat(reader.peek()).isEqualTo(JsonReader.Token.END_DOCUMENT);
        return fields;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int closedPort() {
        try (java.net.ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
