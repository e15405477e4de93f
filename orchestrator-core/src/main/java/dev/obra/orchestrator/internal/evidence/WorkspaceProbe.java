package dev.obra.orchestrator.internal.evidence;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.quality.FileDiff;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import dev.obra.orchestrator.workspace.git.GitCli;
import dev.obra.orchestrator.workspace.git.GitCliException;
import dev.obra.orchestrator.workspace.git.Numstat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;

/**
 * Finds what changed in a working directory between two moments. In a git work tree it asks git which files are
 * dirty (cheap on large repositories) and hashes only those; elsewhere it walks the tree and hashes the files.
 * Thread-safe.
 */
public final class WorkspaceProbe {
    /** Directories never walked in a plain (non-git) directory. */
    static final Set<String> SKIPPED = Set.of(".git", "node_modules", "target", ".gradle", ".venv", "__pycache__");
    /** Files at most this large are hashed; larger ones are compared by size and modification time. */
    static final long HASH_LIMIT = 1 << 20;
    /** The most files a plain directory snapshot covers. */
    static final int MAX_FILES = 50_000;

    private static final Duration GIT_TIMEOUT = Duration.ofSeconds(60);
    /** The most of one untracked (or non-git) file read for the judge. */
    static final int MAX_CONTENT_BYTES = 256 * 1024;
    /** git's empty tree: the base when the work started before the first commit. */
    private static final String EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    private final Path directory;
    /** git as the probe runs it ({@link #probeGit}); empty when it is not on PATH. */
    private final Optional<GitCli> gitCli;

    private final boolean git;
    /** The directory's path below the top of the work tree, as git prints it ({@code sub/dir/}), or "". */
    private final String prefix;

    private WorkspaceProbe(Path directory, Optional<GitCli> gitCli, boolean git, String prefix) {
        this.directory = directory;
        this.gitCli = gitCli;
        this.git = git;
        this.prefix = prefix;
    }

    /**
     * Returns a probe for {@code directory}, which must exist; git is used when it is inside a work tree.
     *
     * @param directory the directory
     * @return a probe for {@code directory}, which must exist; git is used when it is inside a work tree
     */
    public static WorkspaceProbe of(Path directory) {
        requireNonNull(directory, "directory");
        Path dir = directory.toAbsolutePath().normalize();
        Optional<GitCli> cli = GitCli.onPath().map(WorkspaceProbe::probeGit);
        // Two lines: "true" or "false", then the prefix (empty at the top of the work tree).
        String[] lines = cli.flatMap(g -> run(g, dir, List.of("rev-parse", "--is-inside-work-tree", "--show-prefix")))
                .map(s -> s.split("\n", -1))
                .orElse(new String[0]);
        boolean git = lines.length > 1 && lines[0].strip().equals("true");
        return new WorkspaceProbe(dir, cli, git, git ? lines[1].strip() : "");
    }

    /**
     * Returns whether changes come from git.
     *
     * @return whether changes come from git
     */
    public boolean isGit() {
        return git;
    }

    /**
     * Returns the state of the directory now; in git, with the commit {@code HEAD} points at.
     *
     * @return the directory's files as they are now, for a later {@link #changesSince(Snapshot)}
     */
    public Snapshot snapshot() {
        if (git) {
            Optional<String> head = head();
            Map<String, String> dirty = gitDirty();
            if (dirty != null) {
                return new Snapshot(true, dirty, false, head);
            }
        }
        return walk();
    }

    /**
     * Returns what changed between {@code before} and now. In git, work the agent committed counts as much as work
     * it left staged or unstaged: changes are measured against the commit {@code HEAD} was at in {@code before},
     * the commits made since are named, and a {@code HEAD} that moved somewhere not containing that commit (a
     * checkout of another branch, a reset) is reported in the notes.
     *
     * @param before the snapshot taken before the change, by {@link #snapshot()}
     * @return the files changed since {@code before}, with line counts in git, the agent's commits and notes
     */
    public WorkspaceChanges changesSince(Snapshot before) {
        return changesSince(before, snapshot());
    }

    /**
     * Returns what changed between {@code before} and {@code now}, as {@link #changesSince(Snapshot)} does: for a
     * caller that also needs {@link #diffSince(Snapshot, Snapshot, WorkspaceChanges)} of the same moment, so that the
     * directory is looked at once.
     *
     * @param before the snapshot taken before the change
     * @param now    a snapshot taken after it, by {@link #snapshot()}
     * @return the files changed between the two, with line counts in git, the agent's commits and notes
     */
    public WorkspaceChanges changesSince(Snapshot before, Snapshot now) {
        requireNonNull(before, "before");
        Delta delta = delta(before, requireNonNull(now, "now"), true);
        long[] lines = delta.after.git ? gitLineCounts(delta.paths, delta.base) : new long[] {0, 0};
        List<String> listed = List.copyOf(delta.paths);
        String summary = summary(listed, lines, delta.after.git, delta.after.truncated || before.truncated);
        if (!delta.commits.isEmpty()) {
            summary += "; " + delta.commits.size() + (delta.commits.size() == 1 ? " commit" : " commits")
                    + " by the agent";
        }
        if (!delta.notes.isEmpty()) {
            summary += "; " + delta.notes.get(0);
        }
        return new WorkspaceChanges(
                true,
                delta.after.git,
                listed,
                delta.paths.size(),
                lines[0],
                lines[1],
                summary,
                delta.commits,
                delta.notes);
    }

    /**
     * Returns the change since {@code taskStart}, file by file, for the judge: in git the unified diff of the work
     * tree against the commit the task started from (new untracked files as added, binary files by name only),
     * elsewhere each changed file's new content. Files in {@code iteration} are marked as changed in this
     * iteration. Never takes git's index lock and never writes to the index.
     *
     * @param taskStart the snapshot taken when the task started
     * @param iteration what changed in the current iteration, whose files are marked as changed in it
     * @return one diff per file changed since {@code taskStart}, ordered by path
     */
    public List<FileDiff> diffSince(Snapshot taskStart, WorkspaceChanges iteration) {
        return diffSince(taskStart, snapshot(), iteration);
    }

    /**
     * Returns the change between {@code taskStart} and {@code now}, file by file, as
     * {@link #diffSince(Snapshot, WorkspaceChanges)} does, from a snapshot already taken.
     *
     * @param taskStart the snapshot taken when the task started
     * @param now       a snapshot taken now, by {@link #snapshot()}
     * @param iteration what changed in the current iteration, whose files are marked as changed in it
     * @return one diff per file changed since {@code taskStart}, ordered by path
     */
    public List<FileDiff> diffSince(Snapshot taskStart, Snapshot now, WorkspaceChanges iteration) {
        requireNonNull(taskStart, "taskStart");
        requireNonNull(iteration, "iteration");
        Delta delta = delta(taskStart, requireNonNull(now, "now"), false);
        Set<String> thisIteration = new HashSet<>(iteration.changedFiles());
        Map<String, FileDiff> diffs = new TreeMap<>();
        if (delta.after.git && !delta.paths.isEmpty()) {
            List<String> args = new ArrayList<>(List.of(
                    "-c",
                    "core.quotepath=off",
                    "diff",
                    "--no-ext-diff",
                    "--no-color",
                    "--no-renames",
                    "--relative",
                    "-U3",
                    delta.base,
                    "--"));
            args.addAll(delta.paths);
            String out = runGit(args).orElse("");
            for (String chunk : out.split("(?m)^(?=diff --git )")) {
                gitFileDiff(chunk, thisIteration).ifPresent(d -> diffs.put(d.path(), d));
            }
        }
        for (String path : delta.paths) {
            if (!diffs.containsKey(path)) {
                diffs.put(
                        path,
                        fromDisk(
                                path,
                                taskStart.files.containsKey(path) && !delta.after.git,
                                thisIteration.contains(path)));
            }
        }
        return List.copyOf(diffs.values());
    }

    /** What changed since a snapshot: the paths, the commit to diff against, and what happened to HEAD. */
    private static final class Delta {
        final Snapshot after;
        final Set<String> paths;
        final String base;
        final List<String> commits;
        final List<String> notes;

        Delta(Snapshot after, Set<String> paths, String base, List<String> commits, List<String> notes) {
            this.after = after;
            this.paths = paths;
            this.base = base;
            this.commits = commits;
            this.notes = notes;
        }
    }

    /**
     * What changed between the snapshots; with {@code history}, also the commits made since {@code before} and a note
     * when HEAD left its commit (two more git calls, which only the iteration's changes report).
     */
    private Delta delta(Snapshot before, Snapshot after, boolean history) {
        Set<String> changed = new TreeSet<>();
        Set<String> paths = new HashSet<>(before.files.keySet());
        paths.addAll(after.files.keySet());
        for (String path : paths) {
            if (!Objects.equals(before.files.get(path), after.files.get(path))) {
                changed.add(path);
            }
        }
        if (!after.git || !before.git) {
            return new Delta(after, changed, "HEAD", List.of(), List.of());
        }
        String base = before.head.orElse(EMPTY_TREE);
        List<String> commits = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!before.head.equals(after.head)) {
            if (history) {
                history(before.head, after.head.orElse(""), commits, notes);
            }
            runGit(List.of(
                            "-c",
                            "core.quotepath=off",
                            "diff",
                            "--name-only",
                            "-z",
                            "--no-renames",
                            "--relative",
                            base,
                            "--"))
                    .ifPresent(out -> {
                        for (String path : out.split("\0")) {
                            if (!path.isEmpty() && !unchangedSince(before, path)) {
                                changed.add(path);
                            }
                        }
                    });
        }
        return new Delta(after, changed, base, List.copyOf(commits), List.copyOf(notes));
    }

    /** Adds the commits from {@code before} to {@code now} to {@code commits}, or a note when {@code now} left it. */
    private void history(Optional<String> before, String now, List<String> commits, List<String> notes) {
        boolean contains = before.isEmpty()
                || !now.isEmpty()
                        && runGit(List.of("merge-base", "--is-ancestor", before.get(), now))
                                .isPresent();
        if (contains && !now.isEmpty()) {
            String range = before.map(h -> h + ".." + now).orElse(now);
            runGit(List.of("log", "--reverse", "--format=%h %s", range))
                    .ifPresent(out -> out.lines().filter(l -> !l.isBlank()).forEach(commits::add));
        } else {
            notes.add("HEAD moved from " + shortSha(before.get()) + " to "
                    + (now.isEmpty() ? "no commit" : shortSha(now)) + ", which does not contain the commit the "
                    + "work started from (a checkout of another branch or a reset); changes are measured against "
                    + shortSha(before.get()));
        }
    }

    /** Whether {@code path} was dirty in {@code before} with the content it has now: not the agent's change. */
    private boolean unchangedSince(Snapshot before, String path) {
        String then = before.files.get(path);
        return then != null && then.substring(then.indexOf(':') + 1).equals(fingerprint(directory.resolve(path)));
    }

    private static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    /** Reads one file's part of {@code git diff} output: its kind, whether binary, and the patch from "---" on. */
    private static Optional<FileDiff> gitFileDiff(String chunk, Set<String> thisIteration) {
        if (!chunk.startsWith("diff --git a/")) {
            return Optional.empty();
        }
        String header = chunk.lines().findFirst().orElse("");
        // Without renames both sides name the same path: "diff --git a/P b/P".
        int nameLength = (header.length() - "diff --git a/".length() - " b/".length()) / 2;
        if (nameLength <= 0) {
            return Optional.empty();
        }
        String path = header.substring("diff --git a/".length(), "diff --git a/".length() + nameLength);
        FileDiff.Kind kind = chunk.contains("\nnew file mode")
                ? FileDiff.Kind.ADDED
                : chunk.contains("\ndeleted file mode") ? FileDiff.Kind.DELETED : FileDiff.Kind.MODIFIED;
        int patchStart = chunk.indexOf("\n--- ");
        boolean binary = patchStart < 0 && (chunk.contains("\nBinary files ") || chunk.contains("GIT binary patch"));
        String patch = binary || patchStart < 0 ? "" : chunk.substring(patchStart + 1);
        return Optional.of(new FileDiff(path, kind, patch, binary, thisIteration.contains(path)));
    }

    /** A file git does not diff (untracked, or outside git): its new content as added lines, or deleted. */
    private FileDiff fromDisk(String path, boolean existed, boolean thisIteration) {
        Path file = directory.resolve(path);
        if (!Files.isRegularFile(file)) {
            return new FileDiff(path, FileDiff.Kind.DELETED, "", false, thisIteration);
        }
        FileDiff.Kind kind = existed ? FileDiff.Kind.MODIFIED : FileDiff.Kind.ADDED;
        byte[] bytes;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_CONTENT_BYTES);
            size = Files.size(file);
        } catch (IOException e) {
            return new FileDiff(path, kind, "", true, thisIteration);
        }
        for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
            if (bytes[i] == 0) {
                return new FileDiff(path, kind, "", true, thisIteration);
            }
        }
        List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        StringBuilder patch = new StringBuilder();
        patch.append(kind == FileDiff.Kind.ADDED ? "--- /dev/null\n" : "--- a/" + path + " (old content not kept)\n")
                .append("+++ b/")
                .append(path)
                .append('\n')
                .append("@@ -0,0 +1,")
                .append(lines.size())
                .append(" @@\n");
        lines.forEach(l -> patch.append('+').append(l).append('\n'));
        if (size > bytes.length) {
            patch.append("[... ")
                    .append(size - bytes.length)
                    .append(" more bytes of ")
                    .append(path)
                    .append(" not read]\n");
        }
        return new FileDiff(path, kind, patch.toString(), false, thisIteration);
    }

    private Optional<String> head() {
        return runGit(List.of("rev-parse", "--verify", "-q", "HEAD^{commit}"))
                .map(String::strip)
                .filter(s -> !s.isEmpty());
    }

    private static String summary(List<String> files, long[] lines, boolean git, boolean truncated) {
        String summary = Numstat.summary(files, git && (lines[0] > 0 || lines[1] > 0), lines[0], lines[1]);
        return files.isEmpty() && truncated ? summary + " among the first " + MAX_FILES + " files" : summary;
    }

    /** Returns path -> status and content hash for every dirty file, or null when git failed. */
    private Map<String, String> gitDirty() {
        String out = runGit(List.of(
                        "-c",
                        "core.quotepath=off",
                        "status",
                        "--porcelain=v1",
                        "-z",
                        "--untracked-files=all",
                        "--",
                        "."))
                .orElse(null);
        if (out == null) {
            return null;
        }
        Map<String, String> dirty = new HashMap<>();
        String[] entries = out.split("\0");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i];
            if (entry.length() < 4) {
                continue;
            }
            String status = entry.substring(0, 2);
            String path = entry.substring(3);
            if (status.charAt(0) == 'R' || status.charAt(0) == 'C') {
                i++; // the rename's source follows
            }
            String relative = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
            dirty.put(relative, status + ":" + fingerprint(directory.resolve(relative)));
        }
        return dirty;
    }

    private long[] gitLineCounts(Set<String> changed, String base) {
        long[] lines = new long[2];
        if (changed.isEmpty()) {
            return lines;
        }
        List<String> args =
                new ArrayList<>(List.of("diff", "--numstat", "-z", "--no-renames", "--relative", base, "--"));
        args.addAll(changed);
        runGit(args).map(Numstat::parse).ifPresent(numstat -> {
            lines[0] = numstat.insertions();
            lines[1] = numstat.deletions();
        });
        return lines;
    }

    private Snapshot walk() {
        Map<String, String> files = new HashMap<>();
        boolean[] truncated = {false};
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(directory)
                                    && SKIPPED.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (files.size() >= MAX_FILES) {
                        truncated[0] = true;
                        return FileVisitResult.TERMINATE;
                    }
                    if (attrs.isRegularFile()) {
                        files.put(directory.relativize(file).toString(), fingerprint(file, attrs));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk the working directory " + directory, e);
        }
        return new Snapshot(false, files, truncated[0], Optional.empty());
    }

    private static String fingerprint(Path file) {
        try {
            return fingerprint(file, Files.readAttributes(file, BasicFileAttributes.class));
        } catch (NoSuchFileException e) {
            return "missing";
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static String fingerprint(Path file, BasicFileAttributes attrs) {
        if (!attrs.isRegularFile()) {
            return attrs.isDirectory() ? "dir" : "other";
        }
        if (attrs.size() > HASH_LIMIT) {
            return attrs.size() + "@" + attrs.lastModifiedTime().toMillis();
        }
        CRC32C crc = new CRC32C();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                crc.update(buffer, 0, n);
            }
        } catch (IOException e) {
            return "unreadable";
        }
        return attrs.size() + "#" + Long.toHexString(crc.getValue());
    }

    /**
     * git as the probe runs it: never taking git's index lock (the agent may be running git in the same tree), stderr
     * thrown away, and {@link #GIT_TIMEOUT} for each command.
     */
    private static GitCli probeGit(GitCli git) {
        return git.withEnvironment(Map.of("GIT_OPTIONAL_LOCKS", "0"))
                .withoutStderr()
                .withTimeout(GIT_TIMEOUT);
    }

    private Optional<String> runGit(List<String> args) {
        return gitCli.flatMap(g -> run(g, directory, args));
    }

    /** Returns the stdout of {@code git args} run in {@code dir} when it exits 0 and its stdout is read whole. */
    static Optional<String> run(GitCli git, Path dir, List<String> args) {
        try {
            GitCli.Result result = git.run(dir, args, Optional.empty(), Map.of());
            // Not drained: a process git started still holds its output open.
            return result.ok() && result.drained() ? Optional.of(result.stdout()) : Optional.empty();
        } catch (GitCliException e) {
            return Optional.empty();
        }
    }

    /** The state of a working directory at one moment. Immutable. */
    public static final class Snapshot {
        final boolean git;
        final Map<String, String> files;
        final boolean truncated;
        /** The commit HEAD pointed at; empty outside git or before the first commit. */
        final Optional<String> head;

        Snapshot(boolean git, Map<String, String> files, boolean truncated, Optional<String> head) {
            this.git = git;
            this.files = Map.copyOf(files);
            this.truncated = truncated;
            this.head = head;
        }
    }
}
