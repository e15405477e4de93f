package dev.obra.orchestrator.internal.evidence;

import static dev.obra.orchestrator.testing.WorkspaceNotes.assertHeadMoved;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.quality.FileDiff;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import dev.obra.orchestrator.workspace.GitRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe against a real git repository in which the agent commits, resets and leaves new files. */
class WorkspaceProbeHistoryIT {
    @TempDir
    Path dir;

    /** The probe of {@code dir}; what it probes is read when a test takes a snapshot. */
    private WorkspaceProbe probe;

    @BeforeEach
    void repository() throws Exception {
        GitRepos.repository(dir, Map.of("a.txt", "one\ntwo\n"));
        probe = WorkspaceProbe.of(dir);
    }

    @Test
    void workTheAgentCommittedCountsAndItsCommitIsNamed() throws Exception {
        WorkspaceProbe.Snapshot before = probe.snapshot();

        commit("done.txt", "done\n", "Add done.txt");

        WorkspaceChanges changes = probe.changesSince(before);
        assertThat(changes.changedFiles()).containsExactly("done.txt");
        assertThat(changes.hasChanges()).isTrue();
        assertThat(changes.insertions()).isEqualTo(1);
        assertThat(changes.commits()).hasSize(1).first().asString().endsWith(" Add done.txt");
        assertThat(changes.summary()).contains("done.txt").contains("1 commit by the agent");
        assertThat(changes.notes()).isEmpty();
    }

    @Test
    void aCommitFollowedByMoreEditsCountsBoth() throws Exception {
        WorkspaceProbe.Snapshot before = probe.snapshot();

        commit("done.txt", "done\n", "Add done.txt");
        Files.writeString(dir.resolve("a.txt"), "one\ntwo\nthree\n");
        Files.writeString(dir.resolve("staged.txt"), "staged\n");
        git("add", "staged.txt");

        WorkspaceChanges changes = probe.changesSince(before);
        assertThat(changes.changedFiles()).containsExactly("a.txt", "done.txt", "staged.txt");
        assertThat(changes.commits()).hasSize(1);
        assertThat(changes.insertions()).isEqualTo(3);
    }

    @Test
    void aResetToAnOlderCommitIsReportedAndNotTakenForNoChange() throws Exception {
        commit("b.txt", "b\n", "Add b");
        WorkspaceProbe.Snapshot before = probe.snapshot();

        git("reset", "-q", "--hard", "HEAD~1");

        WorkspaceChanges changes = probe.changesSince(before);
        assertThat(changes.hasChanges()).isTrue();
        assertThat(changes.changedFiles()).containsExactly("b.txt");
        assertHeadMoved(changes, "does not contain the commit the work started from");
        assertThat(changes.summary()).contains("HEAD moved");
    }

    @Test
    void aCheckoutOfAnotherBranchIsReported() throws Exception {
        git("checkout", "-q", "-b", "other");
        commit("other.txt", "other\n", "Other");
        git("checkout", "-q", "main");
        commit("main.txt", "main\n", "Main");
        WorkspaceProbe.Snapshot before = probe.snapshot();

        git("checkout", "-q", "other");

        WorkspaceChanges changes = probe.changesSince(before);
        assertThat(changes.notes()).singleElement().asString().contains("a checkout of another branch or a reset");
        assertThat(changes.changedFiles()).containsExactly("main.txt", "other.txt");
    }

    @Test
    void theDiffSinceTheTaskStartedHasTrackedAndNewFilesAndNamesBinaryOnes() throws Exception {
        WorkspaceProbe.Snapshot taskStart = probe.snapshot();
        Files.writeString(dir.resolve("a.txt"), "one\nTWO\n");
        git("commit", "-q", "-am", "Shout two");
        WorkspaceProbe.Snapshot iterationStart = probe.snapshot();
        Files.writeString(dir.resolve("new.txt"), "brand new line\n");
        Files.write(dir.resolve("image.bin"), new byte[] {1, 0, 2, 0, 3});

        WorkspaceChanges iteration = probe.changesSince(iterationStart);
        List<FileDiff> diff = probe.diffSince(taskStart, iteration);

        assertThat(diff).extracting(FileDiff::path).containsExactly("a.txt", "image.bin", "new.txt");
        FileDiff a = diff.get(0);
        assertThat(a.kind()).isEqualTo(FileDiff.Kind.MODIFIED);
        assertThat(a.patch()).contains("-two\n").contains("+TWO\n").startsWith("--- a/a.txt\n");
        assertThat(a.thisIteration()).isFalse();
        assertThat(diff.get(1).binary()).isTrue();
        assertThat(diff.get(1).patch()).isEmpty();
        FileDiff added = diff.get(2);
        assertThat(added.kind()).isEqualTo(FileDiff.Kind.ADDED);
        assertThat(added.patch()).contains("+brand new line\n");
        assertThat(added.thisIteration()).isTrue();
    }

    @Test
    void probingNeverTakesTheIndexLockNorWritesTheIndex() throws Exception {
        WorkspaceProbe.Snapshot before = probe.snapshot();
        Files.writeString(dir.resolve("a.txt"), "one\ntwo\nthree\n");
        Files.writeString(dir.resolve("new.txt"), "new\n");
        Path index = dir.resolve(".git/index");
        Files.setLastModifiedTime(index, FileTime.fromMillis(1_000_000_000_000L));
        byte[] indexBefore = Files.readAllBytes(index);
        // The agent's git holds the lock: anything of ours that wanted it would fail.
        Files.writeString(dir.resolve(".git/index.lock"), "");

        WorkspaceChanges changes = probe.changesSince(before);
        List<FileDiff> diff = probe.diffSince(before, changes);

        assertThat(changes.changedFiles()).containsExactly("a.txt", "new.txt");
        assertThat(diff).extracting(FileDiff::path).containsExactly("a.txt", "new.txt");
        assertThat(diff.get(0).patch()).contains("+three");
        assertThat(Files.readAllBytes(index)).isEqualTo(indexBefore);
        assertThat(Files.getLastModifiedTime(index).toMillis()).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void outsideGitTheDiffIsTheChangedFilesNewContent(@TempDir Path plain) throws Exception {
        Files.writeString(plain.resolve("kept.txt"), "old\n");
        WorkspaceProbe outside = WorkspaceProbe.of(plain);
        assertThat(outside.isGit()).isFalse();
        WorkspaceProbe.Snapshot start = outside.snapshot();
        Files.writeString(plain.resolve("kept.txt"), "new content\n");

        List<FileDiff> diff = outside.diffSince(start, outside.changesSince(start));

        assertThat(diff).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(FileDiff.Kind.MODIFIED);
            assertThat(d.patch()).contains("+new content\n");
        });
    }

    /** Commits a file {@code name} holding {@code content}, as the agent would. */
    private void commit(String name, String content, String message) throws Exception {
        Files.writeString(dir.resolve(name), content);
        git("add", name);
        git("commit", "-q", "-m", message);
    }

    private void git(String... args) {
        GitRepos.git(dir, args);
    }
}
