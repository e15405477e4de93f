package dev.obra.orchestrator.quality;

import dev.obra.orchestrator.agent.PermissionDenial;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The judge's prompt: the task, the agent's answer, the verification, and the change itself as a unified diff
 * bounded by a {@link JudgeBudget}, with a request for a JSON verdict.
 */
final class JudgePrompt {
    static final String SYSTEM = "You review the work of a coding agent. Judge the artefacts (the diff of the "
            + "change, verification results), not only what the agent says. Reply with one JSON object and nothing "
            + "else.";

    private static final int MAX_RESPONSE_CHARS = 8_000;
    private static final int MAX_FILES = 50;
    /** What the closing instruction takes, so the diff leaves room for it. */
    private static final int INSTRUCTION_CHARS = 600;

    private static final String BLOCK_OPEN = "```diff\n";
    private static final String BLOCK_CLOSE = "```\n";

    /**
     * A rendered prompt.
     *
     * @param text    the user message
     * @param omitted what of the change the judge was not shown, one line; empty when it saw all of it
     */
    record Rendered(String text, String omitted) {
        boolean cut() {
            return !omitted.isEmpty();
        }
    }

    private JudgePrompt() {}

    static Rendered render(QualityInput input, JudgeBudget budget) {
        StringBuilder p = new StringBuilder(4096);
        p.append("## Task\n").append(input.task().description().strip()).append("\n\n");
        if (!input.task().acceptanceCriteria().isEmpty()) {
            p.append("## Acceptance criteria\n");
            input.task()
                    .acceptanceCriteria()
                    .forEach(c -> p.append("- ").append(c).append('\n'));
            p.append('\n');
        }
        p.append("## The agent's final message\n")
                .append(clip(input.responseText().strip(), Math.min(MAX_RESPONSE_CHARS, budget.chars() / 4)))
                .append("\n\n");
        input.verification()
                .ifPresentOrElse(
                        v -> p.append("## Verification\n`")
                                .append(String.join(" ", v.command()))
                                .append("` ")
                                .append(v.timedOut() ? "timed out" : "exited with code " + v.exitCode())
                                .append(".\n")
                                .append(
                                        v.outputTail().isBlank()
                                                ? ""
                                                : "Last output:\n```\n"
                                                        + clip(v.outputTail().strip(), budget.chars() / 8) + "\n```\n")
                                .append('\n'),
                        () -> p.append("## Verification\nThe task has no verification command.\n\n"));
        refusals(input, p);
        input.validation()
                .issues()
                .forEach(i -> p.append("Validator note: ").append(i).append('\n'));
        p.append("## Changes in the working directory\n")
                .append(input.changes().summary())
                .append('\n');
        input.changes()
                .commits()
                .forEach(c -> p.append("Commit by the agent: ").append(c).append('\n'));
        input.changes().notes().forEach(n -> p.append("Note: ").append(n).append('\n'));
        String omitted = "";
        if (input.diff().isEmpty()) {
            if (!input.changes().changedFiles().isEmpty()) {
                p.append(input.changes().changedFiles().stream()
                                .limit(MAX_FILES)
                                .map(f -> "- " + f)
                                .collect(Collectors.joining("\n")))
                        .append('\n');
            }
        } else {
            int room = budget.chars() - SYSTEM.length() - p.length() - INSTRUCTION_CHARS;
            omitted = diff(p, input.diff(), room);
        }
        p.append("\nReply with only this JSON object: {\"score\": a number from 0 (useless) to 1 (fully done and "
                + "correct), \"pass\": true if every acceptance criterion is met, \"issues\": [concrete problems, one "
                + "short sentence each], \"summary\": \"one line\"}");
        if (!omitted.isEmpty()) {
            p.append("\nThe diff was cut to fit (")
                    .append(omitted)
                    .append("): judge only the code you saw, and say "
                            + "in the summary that you did not see all of it.");
        }
        return new Rendered(p.toString(), omitted);
    }

    /**
     * Appends the file list (always whole) and then the patches that fit in {@code room} characters: whole small
     * files first, then an equal share of what is left for each bigger one. Returns what was left out, or "".
     */
    private static String diff(StringBuilder p, List<FileDiff> files, int room) {
        StringBuilder list =
                new StringBuilder("Files changed since the task started (* = changed in this " + "iteration):\n");
        for (FileDiff f : files) {
            list.append("- ")
                    .append(f.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .append(' ')
                    .append(f.path())
                    .append(f.binary() ? " (binary, content not shown)" : "")
                    .append(f.thisIteration() ? " *" : "")
                    .append('\n');
        }
        p.append('\n').append(list);
        int left = room - list.length() - 40;
        // Positions in files, of those with a patch, smallest patch first.
        List<Integer> bySize = new ArrayList<>();
        for (int k = 0; k < files.size(); k++) {
            if (!files.get(k).patch().isEmpty()) {
                bySize.add(k);
            }
        }
        bySize.sort(Comparator.comparingInt((Integer k) -> files.get(k).patch().length())
                .thenComparing(k -> files.get(k).path()));
        String[] shown = new String[files.size()];
        int whole = 0;
        int i = 0;
        for (; i < bySize.size(); i++) {
            int at = bySize.get(i);
            int size = blockLength(files.get(at).patch());
            if (size > left) {
                break;
            }
            shown[at] = files.get(at).patch();
            left -= size;
            whole++;
        }
        List<String> partly = new ArrayList<>();
        List<String> notShown = new ArrayList<>();
        int bigOnes = bySize.size() - i;
        for (int j = i; j < bySize.size(); j++) {
            int at = bySize.get(j);
            FileDiff f = files.get(at);
            int share = left / Math.max(1, bySize.size() - j) - f.path().length() - 120;
            String piece = share < 200 ? "" : piece(f.patch(), share);
            if (piece.isEmpty()) {
                notShown.add(f.path());
                shown[at] = "";
                left -= 80 + f.path().length();
            } else {
                partly.add(f.path());
                String cut = piece + "[... cut: " + lines(f.patch().substring(piece.length())) + " more lines ("
                        + (f.patch().length() - piece.length()) + " characters) of " + f.path() + " not shown]\n";
                shown[at] = cut;
                left -= blockLength(cut);
            }
        }
        if (whole + bigOnes > 0) {
            p.append("\n## Diff since the task started\n");
        }
        for (int k = 0; k < files.size(); k++) {
            FileDiff f = files.get(k);
            if (shown[k] == null) {
                continue;
            }
            if (shown[k].isEmpty()) {
                p.append("[")
                        .append(f.path())
                        .append(": diff of ")
                        .append(f.patch().length())
                        .append(" characters not shown, over the budget]\n");
            } else {
                p.append(block(shown[k]));
            }
        }
        List<String> parts = new ArrayList<>();
        if (!partly.isEmpty()) {
            parts.add("shown in part: " + String.join(", ", partly));
        }
        if (!notShown.isEmpty()) {
            parts.add("not shown: " + String.join(", ", notShown));
        }
        return String.join("; ", parts);
    }

    private static String block(String patch) {
        return BLOCK_OPEN + patch + (patch.endsWith("\n") ? "" : "\n") + BLOCK_CLOSE;
    }

    /** Returns the length of {@link #block(String)} of {@code patch}, without building it. */
    private static int blockLength(String patch) {
        return BLOCK_OPEN.length() + patch.length() + (patch.endsWith("\n") ? 0 : 1) + BLOCK_CLOSE.length();
    }

    /** Returns the longest run of whole lines of {@code patch} within {@code max} characters. */
    private static String piece(String patch, int max) {
        if (patch.length() <= max) {
            return patch;
        }
        int end = patch.lastIndexOf('\n', max - 1);
        return end < 0 ? "" : patch.substring(0, end + 1);
    }

    private static long lines(String text) {
        return text.isEmpty() ? 0 : text.chars().filter(c -> c == '\n').count() + (text.endsWith("\n") ? 0 : 1);
    }

    /** The tools the agent was refused: it could not run them, so what it says about their results is unchecked. */
    private static void refusals(QualityInput input, StringBuilder p) {
        if (input.permissionDenials().isEmpty()) {
            return;
        }
        p.append("## Tools the agent was refused\n")
                .append("The agent's permissions refused these calls, so it could not run them: ")
                .append(PermissionDenial.describe(input.permissionDenials()))
                .append(". Do not take its word for what they would have shown.\n\n");
    }

    private static String clip(String text, int max) {
        return text.length() <= max
                ? text
                : text.substring(0, max) + "\n[... " + (text.length() - max) + " more characters cut]";
    }
}
