package dev.obra.orchestrator.examples.report;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.workspace.Delivery;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A delivered task's diff against its base, from git (an argument list), with control characters removed. */
public final class GitDiff {
    private GitDiff() {
    }

    /**
     * What asking git for a diff gave.
     *
     * @param text    the diff (may be empty: nothing changed), when git gave one
     * @param problem why there is none, empty when there is
     */
    public record Result(Optional<String> text, Optional<String> problem) {
        public Result {
            requireNonNull(text, "text");
            requireNonNull(problem, "problem");
        }
    }

    /**
     * Returns the diff of {@code delivery} from its base commit to its commit, asked of the repository at
     * {@code repository} (any of its worktrees); with {@code stat}, the diffstat. Without a commit, the kept worktree's
     * changes against the base, when it is still there.
     */
    public static Result of(Path repository, Delivery delivery, boolean stat) {
        requireNonNull(repository, "repository");
        requireNonNull(delivery, "delivery");
        List<String> command = new ArrayList<>(List.of("git", "-c", "core.quotepath=off", "diff", "--no-color",
                "--no-ext-diff"));
        if (stat) {
            command.add("--stat");
        }
        Path where = repository;
        command.add(delivery.baseCommit());
        if (delivery.commit().isPresent()) {
            command.add(delivery.commit().get());
        } else if (delivery.worktree().filter(Files::isDirectory).isPresent()) {
            where = delivery.worktree().get();
        } else {
            return new Result(Optional.of(""), Optional.empty());
        }
        try {
            Process p = new ProcessBuilder(command).directory(where.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(Optional.empty(), Optional.of("git diff in " + where + " took over 60 s"));
            }
            if (p.exitValue() != 0) {
                return new Result(Optional.empty(), Optional.of("git in " + where + " does not know commit "
                        + delivery.commit().orElse(delivery.baseCommit()) + " (exit " + p.exitValue() + "): run this "
                        + "in the task's repository, or name it with --repo"));
            }
            return new Result(Optional.of(printable(new String(out, StandardCharsets.UTF_8))), Optional.empty());
        } catch (IOException e) {
            return new Result(Optional.empty(), Optional.of("cannot run git in " + where + ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Optional.empty(), Optional.of("interrupted while git diff ran"));
        }
    }

    /** Removes control characters (terminal escape sequences among them) except newlines and tabs. */
    public static String printable(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0))) {
                s.append(c);
            }
        }
        return s.toString();
    }
}
