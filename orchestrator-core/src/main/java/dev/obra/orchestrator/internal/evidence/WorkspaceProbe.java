package dev.obra.orchestrator.internal.evidence;

import dev.obra.orchestrator.internal.process.ProcessRunner;
import dev.obra.orchestrator.internal.process.ProcessSpec;
import dev.obra.orchestrator.internal.process.ProcessStartException;
import dev.obra.orchestrator.internal.process.TailBuffer;
import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.quality.WorkspaceChanges;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
import java.util.TreeSet;
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

    private final Path directory;
    private final boolean git;
    /** The directory's path below the top of the work tree, as git prints it ({@code sub/dir/}), or "". */
    private final String prefix;

    private WorkspaceProbe(Path directory, boolean git, String prefix) {
        this.directory = directory;
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
        // Two lines: "true" or "false", then the prefix (empty at the top of the work tree).
        String[] lines = runGit(dir, List.of("rev-parse", "--is-inside-work-tree", "--show-prefix"))
                .map(s -> s.split("\n", -1)).orElse(new String[0]);
        boolean git = lines.length > 1 && lines[0].strip().equals("true");
        return new WorkspaceProbe(dir, git, git ? lines[1].strip() : "");
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
     * Returns the state of the directory now.
     *
     * @return the state of the directory now
     */
    public Snapshot snapshot() {
        if (git) {
            Map<String, String> dirty = gitDirty();
            if (dirty != null) {
                return new Snapshot(true, dirty, false);
            }
        }
        return walk();
    }

    /**
     * Returns what changed between {@code before} and now.
     *
     * @param before the before
     * @return what changed between {@code before} and now
     */
    public WorkspaceChanges changesSince(Snapshot before) {
        requireNonNull(before, "before");
        Snapshot after = snapshot();
        Set<String> changed = new TreeSet<>();
        Set<String> paths = new HashSet<>(before.files.keySet());
        paths.addAll(after.files.keySet());
        for (String path : paths) {
            if (!Objects.equals(before.files.get(path), after.files.get(path))) {
                changed.add(path);
            }
        }
        long[] lines = after.git ? gitLineCounts(changed) : new long[] {0, 0};
        List<String> listed = new ArrayList<>(changed);
        String summary = summary(changed.size(), listed, lines, after.git, after.truncated || before.truncated);
        return new WorkspaceChanges(true, after.git, listed, changed.size(), lines[0], lines[1], summary);
    }

    private static String summary(int count, List<String> files, long[] lines, boolean git, boolean truncated) {
        if (count == 0) {
            return "no files changed" + (truncated ? " among the first " + MAX_FILES + " files" : "");
        }
        StringBuilder s = new StringBuilder().append(count).append(count == 1 ? " file" : " files").append(" changed");
        if (git && (lines[0] > 0 || lines[1] > 0)) {
            s.append(" (+").append(lines[0]).append(" -").append(lines[1]).append(')');
        }
        s.append(": ").append(String.join(", ", files.subList(0, Math.min(10, files.size()))));
        if (files.size() > 10 || count > files.size()) {
            s.append(", and ").append(count - Math.min(10, files.size())).append(" more");
        }
        return s.toString();
    }

    /** Returns path -> status and content hash for every dirty file, or null when git failed. */
    private Map<String, String> gitDirty() {
        String out = runGit(directory, List.of("-c", "core.quotepath=off", "status", "--porcelain=v1", "-z",
                "--untracked-files=all", "--", ".")).orElse(null);
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

    private long[] gitLineCounts(Set<String> changed) {
        long[] lines = new long[2];
        if (changed.isEmpty()) {
            return lines;
        }
        List<String> args = new ArrayList<>(List.of("diff", "--numstat", "HEAD", "--"));
        args.addAll(changed);
        runGit(directory, args).ifPresent(out -> {
            for (String line : out.split("\n")) {
                String[] parts = line.split("\t");
                if (parts.length >= 3 && !parts[0].equals("-")) {
                    lines[0] += Long.parseLong(parts[0]);
                    lines[1] += Long.parseLong(parts[1]);
                }
            }
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
                    return !dir.equals(directory) && SKIPPED.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
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
        return new Snapshot(false, files, truncated[0]);
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

    private static Optional<String> runGit(Path dir, List<String> args) {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add("git");
        command.addAll(args);
        return run(command, dir, GIT_TIMEOUT);
    }

    /** Returns the stdout of {@code command} run in {@code dir} when it exits 0 within {@code timeout}. */
    static Optional<String> run(List<String> command, Path dir, Duration timeout) {
        // Never take git's index lock: the agent may be running git in the same tree.
        ProcessSpec spec = ProcessSpec.of("git", command).withDirectory(dir).withVariable("GIT_OPTIONAL_LOCKS", "0")
                .withStderr(ProcessSpec.Stderr.DISCARDED);
        try {
            ProcessRunner.Outcome outcome = ProcessRunner.run(spec, timeout, Duration.ofSeconds(1), TailBuffer.WHOLE);
            // Not drained: a process git started still holds its output open.
            return outcome.succeeded() ? Optional.of(outcome.stdout()) : Optional.empty();
        } catch (ProcessStartException e) {
            return Optional.empty();
        }
    }

    /** The state of a working directory at one moment. Immutable. */
    public static final class Snapshot {
        final boolean git;
        final Map<String, String> files;
        final boolean truncated;

        Snapshot(boolean git, Map<String, String> files, boolean truncated) {
            this.git = git;
            this.files = Map.copyOf(files);
            this.truncated = truncated;
        }
    }
}
