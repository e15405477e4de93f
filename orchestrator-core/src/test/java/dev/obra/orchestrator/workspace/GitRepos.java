package dev.obra.orchestrator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.workspace.git.GitCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Real git repositories for tests, and what tests check on them. */
public final class GitRepos {
    private GitRepos() {}

    /** Makes a repository at {@code dir} with one commit holding shared.txt and a .gitignore of *.log. */
    public static Path repository(Path dir) throws IOException {
        return repository(dir, Map.of("shared.txt", "original\n", ".gitignore", "*.log\n"));
    }

    /**
     * Makes a repository at {@code dir} on branch main, with an identity (Test User) in its config and one commit,
     * "Initial commit", of {@code files}: paths relative to {@code dir}, each with its content.
     */
    public static Path repository(Path dir, Map<String, String> files) throws IOException {
        Files.createDirectories(dir);
        git(dir, "init", "--quiet", "--initial-branch=main");
        git(dir, "config", "user.name", "Test User");
        git(dir, "config", "user.email", "test@example.com");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        git(dir, "add", "--all");
        git(dir, "commit", "--quiet", "-m", "Initial commit");
        return dir;
    }

    /** Runs git in {@code dir}, asserting that it exits 0, and returns its stdout. */
    public static String git(Path dir, String... args) {
        GitCli.Result r = run(dir, args);
        assertThat(r.exitCode())
                .as("git %s in %s: %s", String.join(" ", args), dir, r.stderr())
                .isZero();
        return r.stdout();
    }

    /** Runs git in {@code dir}, as Obra runs it, with stdin from /dev/null, and returns what it did. */
    public static GitCli.Result run(Path dir, String... args) {
        return GitCli.onPath().orElseThrow().run(dir, List.of(args), Optional.empty(), Map.of());
    }

    /**
     * Returns a fingerprint of the user's side of a repository: the index file's bytes, HEAD, the current branch,
     * and every file of the work tree (outside .git) with its bytes.
     */
    public static String fingerprint(Path repo) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha.update(Files.readAllBytes(repo.resolve(".git/index")));
        sha.update(Files.readAllBytes(repo.resolve(".git/HEAD")));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(repo)) {
            files = walk.filter(p -> !repo.relativize(p).startsWith(".git"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        for (Path file : files) {
            sha.update(repo.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
            if (Files.isRegularFile(file)) {
                sha.update(Files.readAllBytes(file));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Asserts that git fsck finds nothing wrong and that only the main worktree is left. */
    public static void assertCleanWithOneWorktree(Path repo) {
        GitCli.Result fsck = run(repo, "fsck", "--strict");
        assertThat(fsck.exitCode())
                .as("git fsck: %s %s", fsck.stdout(), fsck.stderr())
                .isZero();
        assertThat(worktrees(repo)).as("worktrees left").hasSize(1);
    }

    /** Returns the "worktree PATH" lines of {@code git worktree list --porcelain}: one per worktree, main first. */
    public static List<String> worktrees(Path repo) {
        return git(repo, "worktree", "list", "--porcelain")
                .lines()
                .filter(l -> l.startsWith("worktree "))
                .collect(Collectors.toList());
    }
}
