package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.OrchestratorException;
import dev.obra.orchestrator.agent.AgentException;
import dev.obra.orchestrator.llm.LlmException;
import dev.obra.orchestrator.sqlite.JooqSessionStore;
import dev.obra.orchestrator.store.StoreException;
import dev.obra.orchestrator.workspace.WorkspaceException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code obra} command line: run a supervised task, try the demo, and read what the store recorded.
 *
 * <pre>
 * java -jar obra.jar demo
 * java -jar obra.jar run "Add a --json flag to the report command" --workdir ~/src/app --verify mvn -q test
 * java -jar obra.jar tasks
 * </pre>
 */
@Command(
        name = "obra",
        mixinStandardHelpOptions = true,
        versionProvider = Obra.Version.class,
        description = "Runs Claude Code as a supervised coding agent, judged by a local LLM and recorded in SQL.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            TasksCommand.class,
            ShowCommand.class,
            DiffCommand.class,
            MetricsCommand.class,
            ReportCommand.class,
            DoctorCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", ExitCodes.HELP, "Data lives in $OBRA_DB or ~/.obra/obra.db (obra demo: ./obra-demo.db)."})
public final class Obra {
    @Option(
            names = "--verbose",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Show library logs and stack traces.")
    boolean verbose;

    private Obra() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code. */
    static int execute(String... args) {
        boolean verbose = List.of(args).contains("--verbose");
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        CommandLine cli = new CommandLine(new Obra());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            int code = exitCode(e);
            commandLine.getErr().println("obra: " + shown(message(e)));
            if (verbose) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                commandLine.getErr().print(shown(trace.toString()));
                commandLine.getErr().flush();
            } else if (code == ExitCodes.FAILED) {
                commandLine.getErr().println("obra: run again with --verbose for the stack trace");
            }
            return code;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("obra: " + shown(String.valueOf(e.getMessage())));
            e.getCommandLine()
                    .getErr()
                    .println("obra: see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
            return ExitCodes.USAGE;
        });
        return cli.execute(args);
    }

    private static int exitCode(Exception e) {
        if (e instanceof CliException cli) {
            return cli.exitCode();
        }
        if (e instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        if (e instanceof WorkspaceException workspace) {
            WorkspaceException.Kind kind = workspace.kind();
            return kind == WorkspaceException.Kind.GIT_MISSING
                    ? ExitCodes.UNAVAILABLE
                    : kind == WorkspaceException.Kind.GIT_FAILED ? ExitCodes.FAILED : ExitCodes.USAGE;
        }
        if (e instanceof StoreException
                || e instanceof LlmException
                || e instanceof UncheckedIOException
                || (e instanceof AgentException agent && agent.kind() == AgentException.Kind.NOT_INSTALLED)) {
            return ExitCodes.UNAVAILABLE;
        }
        return ExitCodes.FAILED;
    }

    /** An error as it may reach the terminal: no control sequences, no credentials (a --db URL's password). */
    private static String shown(String text) {
        return Terminal.clean(JooqSessionStore.redact(text));
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        if (e instanceof CliException
                || e instanceof OrchestratorException
                || e instanceof IllegalArgumentException
                || e instanceof UncheckedIOException) {
            return m != null ? m : e.getClass().getSimpleName();
        }
        return "internal error: " + e;
    }

    /** Prints the library's version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Obra.class.getPackage().getImplementationVersion();
            return new String[] {"obra " + (v != null ? v : "(development build)")};
        }
    }
}
