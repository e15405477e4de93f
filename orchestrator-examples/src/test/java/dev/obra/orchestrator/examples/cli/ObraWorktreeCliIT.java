package dev.obra.orchestrator.examples.cli;

import static dev.obra.orchestrator.workspace.GitRepos.assertCleanWithOneWorktree;
import static dev.obra.orchestrator.workspace.GitRepos.fingerprint;
import static dev.obra.orchestrator.workspace.GitRepos.git;
import static dev.obra.orchestrator.workspace.GitRepos.repository;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** obra run --worktree, then tasks, show, diff and report on the task's branch and commit. */
class ObraWorktreeCliIT {
    @TempDir
    Path dir;

    @Test
    void aTaskRunInAWorktreeIsListedShownDiffedAndReportedWithItsBranchAndCommit() throws Exception {
        Path repo = repository(dir.resolve("repo"));
        String before = fingerprint(repo);
        String db = dir.resolve("obra.db").toString();
        ObraProcess obra = new ObraProcess(dir);

        String run = obra.run(ObraProcess.fakeClaudeRunArgs(
                        "Write alpha into shared.txt\nEDIT: alpha",
                        repo,
                        dir.resolve("cfg"),
                        "--worktree",
                        "--claude-env",
                        "FAKE_CLAUDE_SCENARIO=edit",
                        "--max-iterations",
                        "1",
                        "--db",
                        db))
                .out();
        assertThat(run).contains("Branch: obra/").contains("Commit: ");
        String id = ObraProcess.firstTaskId(obra.out("tasks", "--db", db));
        String branch = git(repo, "branch", "--list", "obra/*", "--format=%(refname:short)")
                .strip();
        String commit = git(repo, "rev-parse", branch).strip();

        String tasks = obra.out("tasks", "--db", db);
        assertThat(tasks.lines().findFirst().orElseThrow()).contains("BRANCH", "COMMIT");
        assertThat(tasks).contains(branch, commit.substring(0, 10));

        assertThat(obra.out("show", id, "--db", db)).contains("branch:    " + branch, "commit:    " + commit);

        assertThat(obra.out("diff", id, "--db", db, "--repo", repo.toString()))
                .contains("--- a/shared.txt", "+++ b/shared.txt", "-original", "+alpha");
        assertThat(obra.out("diff", id, "--stat", "--db", db, "--repo", repo.toString()))
                .contains("shared.txt | 2 +-", "1 file changed");

        Path html = dir.resolve("report.html");
        obra.run("report", id, "--html", html.toString(), "--db", db, "--repo", repo.toString())
                .expectExit(0);
        assertThat(Files.readString(html))
                .contains(branch, commit, "<span class=\"add\">+alpha</span>", "<span class=\"del\">-original</span>");

        assertThat(fingerprint(repo)).isEqualTo(before);
        assertCleanWithOneWorktree(repo);
    }

    @Test
    void badWorktreeInputIsRefusedWithOneLineBeforeAnythingIsStored() throws Exception {
        Path repo = repository(dir.resolve("repo"));
        Path plain = Files.createDirectories(dir.resolve("plain"));
        String db = dir.resolve("obra.db").toString();
        ObraProcess obra = new ObraProcess(dir);
        Path config = dir.resolve("cfg");

        ObraProcess.Result missingBase = obra.run(ObraProcess.fakeClaudeRunArgs(
                        "x", repo, config, "--worktree", "--base", "no-such-ref", "--db", db))
                .expectExit(ExitCodes.USAGE);
        assertThat(missingBase.err()).contains("'no-such-ref'").doesNotContain("\tat ");
        ObraProcess.Result notRepo = obra.run(
                        ObraProcess.fakeClaudeRunArgs("x", plain, config, "--worktree", "--db", db))
                .expectExit(ExitCodes.USAGE);
        assertThat(notRepo.err()).contains("not in one");
        assertThat(obra.run("run", "x", "--keep-worktree")
                        .expectExit(ExitCodes.USAGE)
                        .err())
                .contains("--base and --keep-worktree need --worktree");
        assertThat(obra.out("tasks", "--db", db)).contains("no tasks");
    }
}
