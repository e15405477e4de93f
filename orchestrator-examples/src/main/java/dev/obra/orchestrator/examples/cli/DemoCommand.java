package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.agent.Agent;
import dev.obra.orchestrator.agent.claude.ClaudeCodeAgent;
import dev.obra.orchestrator.agent.claude.PermissionMode;
import dev.obra.orchestrator.examples.demo.DemoAgent;
import dev.obra.orchestrator.examples.demo.DemoProject;
import dev.obra.orchestrator.examples.report.HtmlReport;
import dev.obra.orchestrator.internal.files.PrivateFiles;
import dev.obra.orchestrator.store.SessionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code obra demo}: a complete supervised task on a small real project, with nothing else installed: the real
 * verification command, the real SQLite store, the real decision engine, and the real Claude Code CLI when it is
 * installed and has credentials (otherwise the clearly labelled built-in demo agent).
 */
@Command(
        name = "demo",
        description = "Run a complete supervised task on a small demo project.",
        footer = ExitCodes.HELP)
final class DemoCommand implements Callable<Integer> {
    /** Which agent the demo uses. */
    enum AgentChoice {
        auto,
        claude,
        demo
    }

    @Option(
            names = "--agent",
            paramLabel = "AGENT",
            description = "auto (default: Claude Code when installed and "
                    + "logged in, else the built-in demo agent), claude, or demo.")
    AgentChoice agentChoice = AgentChoice.auto;

    @Option(
            names = "--workdir",
            paramLabel = "DIR",
            description =
                    "Where to create the demo project (default: a " + "new temporary directory). Must not exist yet.")
    Path workdir;

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "Where to write the HTML report (default: " + "./obra-demo-report.html).")
    Path report = Path.of("obra-demo-report.html");

    @Mixin
    ClaudeOptions claude;

    @Mixin
    LlmOptions llm;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() throws IOException {
        Terminal out = Terminal.stdout();
        Path dir = workdir != null ? workdir.toAbsolutePath() : Files.createTempDirectory("obra-demo-");
        if (workdir != null && Files.exists(dir)) {
            throw new CliException(ExitCodes.USAGE, "--workdir " + dir + " already exists; name a new directory");
        }
        DemoProject project = DemoProject.create(dir);
        StoreOptions.Location dbFile = store.location(Path.of("obra-demo.db"));
        Agent agent = chooseAgent(dir, out);
        try (agent;
                LlmOptions.Judge judge = llm.resolve();
                SessionStore sessions = StoreOptions.open(dbFile)) {
            out.println("judge: " + judge.description);
            out.println("store: " + dbFile);
            out.println("project: " + dir
                    + (project.isGitRepository()
                            ? " (a new git repository)"
                            : " (git not " + "found: changes are found by file hashes)"));
            out.println("task: " + project.task().description());
            out.println();
            TaskResult result = TaskRunner.run(agent, judge, sessions, project.task(), out);
            Path page = report.toAbsolutePath();
            write(page, HtmlReport.of(sessions, result.taskId()).render());
            out.println();
            out.println("report: " + page);
            out.println("more:   obra show " + result.taskId() + " --db " + dbFile);
            return ExitCodes.of(result.status());
        }
    }

    private Agent chooseAgent(Path dir, Terminal out) {
        if (agentChoice != AgentChoice.demo) {
            ClaudeCodeAgent real = claude.builder()
                    .workingDirectory(dir)
                    .permissionMode(PermissionMode.ACCEPT_EDITS)
                    .build();
            Optional<String> version = ClaudeOptions.version(real);
            boolean installed = version.isPresent();
            String credentials = Credentials.describe();
            if (installed && (Credentials.present() || agentChoice == AgentChoice.claude)) {
                out.println("agent: Claude Code " + version.get() + " (credentials: " + credentials + ")");
                return real;
            }
            real.close();
            if (agentChoice == AgentChoice.claude) {
                throw new CliException(ExitCodes.UNAVAILABLE, claude.notFound());
            }
            out.println("agent: " + DemoAgent.LABEL + " because "
                    + (installed
                            ? "Claude Code has no credentials (" + credentials + ")"
                            : "the Claude Code CLI is not installed (" + ClaudeCodeAgent.INSTALL_HINT + ")"));
        } else {
            out.println("agent: " + DemoAgent.LABEL + " (--agent demo)");
        }
        return new DemoAgent();
    }

    private static void write(Path file, String html) {
        try {
            PrivateFiles.write(file, html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file, e);
        }
    }
}
