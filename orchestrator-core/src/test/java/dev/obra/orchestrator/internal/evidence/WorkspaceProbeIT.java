package dev.obra.orchestrator.internal.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.quality.WorkspaceChanges;
import dev.obra.orchestrator.workspace.GitRepos;
import dev.obra.orchestrator.workspace.git.GitCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace probe against real directories and a real git repository. */
class WorkspaceProbeIT {
    @TempDir
    Path dir;

    @Test
    void aPlainDirectoryIsComparedByFileHashes() throws IOException {
        Files.writeString(dir.resolve("same.txt"), "unchanged");
        Files.writeString(dir.resolve("edit.txt"), "before");
        Files.writeString(dir.resolve("gone.txt"), "bye");
        Files.createDirectories(dir.resolve("node_modules/x"));
        WorkspaceProbe probe = WorkspaceProbe.of(dir);
        WorkspaceProbe.Snapshot before = probe.snapshot();

        Files.writeString(dir.resolve("edit.txt"), "after!");
        Files.delete(dir.resolve("gone.txt"));
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/New.java"), "class New {}");
        Files.writeString(dir.resolve("node_modules/x/ignored.js"), "x");
        Files.writeString(dir.resolve("same.txt"), "unchanged"); // rewritten with the same content

        WorkspaceChanges changes = probe.changesSince(before);
        assertThat(probe.isGit()).isFalse();
        assertThat(changes.gitRepository()).isFalse();
        assertThat(changes.changedFiles()).containsExactly("edit.txt", "gone.txt", "src/New.java");
        assertThat(changes.filesChanged()).isEqualTo(3);
        assertThat(changes.summary()).isEqualTo("3 files changed: edit.txt, gone.txt, src/New.java");
    }

    @Test
    void nothingChangedSaysSo() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "a");
        WorkspaceProbe probe = WorkspaceProbe.of(dir);
        WorkspaceChanges changes = probe.changesSince(probe.snapshot());
        assertThat(changes.hasChanges()).isFalse();
        assertThat(changes.summary()).isEqualTo("no files changed");
    }

    @Test
    void aGitRepositoryIsProbedThroughGitIncludingFilesThatWereAlreadyDirty() throws Exception {
        GitRepos.repository(dir, Map.of("a.txt", "one\ntwo\n", "dirty.txt", "committed\n", ".gitignore", "build/\n"));
        Files.writeString(dir.resolve("dirty.txt"), "dirty before the agent\n");
        WorkspaceProbe probe = WorkspaceProbe.of(dir);
        WorkspaceProbe.Snapshot before = probe.snapshot();

        Files.writeString(dir.resolve("a.txt"), "one\ntwo\nthree\nfour\n");
        Files.writeString(dir.resolve("dirty.txt"), "dirty, and changed again by the agent\n");
        Files.writeString(dir.resolve("new file.txt"), "new\n");
        Files.createDirectories(dir.resolve("build"));
        Files.writeString(dir.resolve("build/out.class"), "ignored by git");

        WorkspaceChanges changes = probe.changesSince(before);
        assertThat(probe.isGit()).isTrue();
        assertThat(changes.gitRepository()).isTrue();
        assertThat(changes.changedFiles()).containsExactly("a.txt", "dirty.txt", "new file.txt");
        assertThat(changes.insertions()).isEqualTo(3);
        assertThat(changes.deletions()).isEqualTo(1);
        assertThat(changes.summary()).startsWith("3 files changed (+3 -1): a.txt, dirty.txt, new file.txt");
    }

    @Test
    void aSubdirectoryOfARepositoryReportsPathsRelativeToItself() throws Exception {
        git("init", "-q");
        Path module = Files.createDirectories(dir.resolve("module"));
        Files.writeString(dir.resolve("outside.txt"), "x");
        WorkspaceProbe probe = WorkspaceProbe.of(module);
        WorkspaceProbe.Snapshot before = probe.snapshot();

        Files.writeString(module.resolve("inside.txt"), "y");
        Files.writeString(dir.resolve("outside.txt"), "changed outside the working directory");

        assertThat(probe.changesSince(before).changedFiles()).containsExactly("inside.txt");
    }

    @Test
    void aCommandThatHangsWithItsOutputOpenIsStoppedAtTheTimeout(@TempDir Path bin) throws IOException {
        GitCli git = passThroughGit(bin).withTimeout(Duration.ofMillis(300));
        long start = System.nanoTime();
        // A stand-in for a hung git: the probe itself only ever runs git.
        Optional<String> out = WorkspaceProbe.run(git, dir, List.of("sh", "-c", "echo partial; sleep 30"));

        assertThat(out).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aCommandThatExitsWithinTheTimeoutGivesItsWholeOutput(@TempDir Path bin) throws IOException {
        GitCli git = passThroughGit(bin).withTimeout(Duration.ofSeconds(30));
        Optional<String> out = WorkspaceProbe.run(git, dir, List.of("seq", "1", "100000"));

        assertThat(out)
                .hasValueSatisfying(s -> assertThat(s)
                        .startsWith("1\n2\n")
                        .endsWith("\n100000\n")
                        .hasLineCount(100_000));
    }

    /** A "git" in {@code bin} that runs its arguments as a command: a stand-in for git that hangs or talks a lot. */
    private static GitCli passThroughGit(Path bin) throws IOException {
        Path git = Files.writeString(bin.resolve("git"), "#!/bin/sh\nexec \"$@\"\n");
        Files.setPosixFilePermissions(git, PosixFilePermissions.fromString("rwxr-xr-x"));
        return GitCli.onPath(bin.toString()).orElseThrow();
    }

    private void git(String... args) {
        GitRepos.git(dir, args);
    }
}
