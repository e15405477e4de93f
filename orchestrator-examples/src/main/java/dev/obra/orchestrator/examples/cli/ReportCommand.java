package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.examples.report.GitDiff;
import dev.obra.orchestrator.examples.report.HtmlReport;
import dev.obra.orchestrator.internal.files.PrivateFiles;
import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.store.TaskRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code obra report}: a task's timeline as one self-contained HTML page. */
@Command(
        name = "report",
        description = "Write a self-contained HTML report of a task's timeline.",
        footer = ExitCodes.HELP)
final class ReportCommand extends TaskCommand {
    @Option(names = "--html", paramLabel = "FILE", required = true, description = "The HTML file to write.")
    Path html;

    @Option(
            names = "--repo",
            paramLabel = "DIR",
            description = "The task's git repository, for the diff of a "
                    + "task that worked in a worktree (default: the current directory).")
    Path repo;

    @Override
    int call(SessionStore sessions, TaskRecord task) {
        Path out = html.toAbsolutePath();
        if (Files.isDirectory(out)) {
            throw new CliException(ExitCodes.USAGE, "--html " + out + " is a directory; name a file");
        }
        try {
            Path repository = (repo != null ? repo : Path.of("")).toAbsolutePath();
            PrivateFiles.write(
                    out,
                    HtmlReport.of(sessions, task, task.delivery().map(d -> GitDiff.of(repository, d, false)))
                            .render());
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot write " + out + ": " + e.getMessage(), e);
        }
        Terminal.stdout().println("report: " + out);
        return ExitCodes.OK;
    }
}
