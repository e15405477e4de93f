package dev.obra.orchestrator.workspace;

import dev.obra.orchestrator.TaskId;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Task branch names: prefix + short task id + a slug of the description; always valid for git check-ref-format. */
final class BranchNames {
    /** The longest slug of the description kept in a branch name. */
    static final int MAX_SLUG = 40;

    private static final Pattern PREFIX_CHARS = Pattern.compile("[A-Za-z0-9._/-]*");

    private BranchNames() {}

    /** Returns the {@code n}th candidate name (1 first; later ones get {@code -n}) for the task. */
    static String candidate(String prefix, TaskId task, String description, int n) {
        String name = prefix + shortId(task) + "-" + slug(description);
        return n == 1 ? name : name + "-" + n;
    }

    /** Returns the last part of a name after the prefix, usable as a folder name. */
    static String folder(String prefix, String branch) {
        return branch.substring(prefix.length()).replace('/', '-');
    }

    /** Returns the first 8 letters and digits of the task id, lower-cased ("task" when it has none). */
    static String shortId(TaskId task) {
        String id = task.value().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return id.isEmpty() ? "task" : id.substring(0, Math.min(8, id.length()));
    }

    /** Returns ASCII letters and digits of the description, lower-cased, runs of anything else as one dash. */
    static String slug(String description) {
        String slug = description
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+", "");
        if (slug.length() > MAX_SLUG) {
            slug = slug.substring(0, MAX_SLUG);
        }
        slug = slug.replaceAll("-+$", "");
        return slug.isEmpty() ? "task" : slug;
    }

    /** Returns why {@code prefix} cannot start a branch name, or empty when it can (the empty prefix can). */
    static Optional<String> prefixProblem(String prefix) {
        if (!PREFIX_CHARS.matcher(prefix).matches()) {
            return Optional.of("may hold only ASCII letters, digits, '.', '_', '-' and '/'");
        }
        if (prefix.startsWith("/") || prefix.startsWith("-") || prefix.contains("//") || prefix.contains("..")) {
            return Optional.of("must not start with '/' or '-', nor hold '//' or '..'");
        }
        for (String part : prefix.split("/")) {
            if (part.startsWith(".") || part.endsWith(".lock")) {
                return Optional.of("has a part that starts with '.' or ends with '.lock'");
            }
        }
        if (prefix.endsWith(".")) {
            return Optional.of("must not end with '.'");
        }
        return Optional.empty();
    }
}
