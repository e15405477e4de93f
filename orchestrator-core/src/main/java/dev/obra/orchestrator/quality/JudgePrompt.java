package dev.obra.orchestrator.quality;

import dev.obra.orchestrator.agent.PermissionDenial;
import java.util.stream.Collectors;

/** The judge's prompt: the task, the agent's answer, and the artefacts, with a request for a JSON verdict. */
final class JudgePrompt {
    static final String SYSTEM = "You review the work of a coding agent. Judge the artefacts (changed files, "
            + "verification results), not only what the agent says. Reply with one JSON object and nothing else.";

    private static final int MAX_RESPONSE_CHARS = 8_000;
    private static final int MAX_FILES = 50;

    private JudgePrompt() {
    }

    static String render(QualityInput input) {
        StringBuilder p = new StringBuilder(4096);
        p.append("## Task\n").append(input.task().description().strip()).append("\n\n");
        if (!input.task().acceptanceCriteria().isEmpty()) {
            p.append("## Acceptance criteria\n");
            input.task().acceptanceCriteria().forEach(c -> p.append("- ").append(c).append('\n'));
            p.append('\n');
        }
        p.append("## The agent's final message\n").append(clip(input.responseText().strip(), MAX_RESPONSE_CHARS))
                .append("\n\n");
        p.append("## Changes in the working directory\n").append(input.changes().summary()).append('\n');
        if (!input.changes().changedFiles().isEmpty()) {
            p.append(input.changes().changedFiles().stream().limit(MAX_FILES).map(f -> "- " + f)
                    .collect(Collectors.joining("\n"))).append('\n');
        }
        p.append('\n');
        input.verification().ifPresentOrElse(v -> p.append("## Verification\n`")
                .append(String.join(" ", v.command())).append("` ")
                .append(v.timedOut() ? "timed out" : "exited with code " + v.exitCode()).append(".\n")
                .append(v.outputTail().isBlank() ? "" : "Last output:\n```\n" + v.outputTail().strip() + "\n```\n")
                .append('\n'),
                () -> p.append("## Verification\nThe task has no verification command.\n\n"));
        refusals(input, p);
        input.validation().issues().forEach(i -> p.append("Validator note: ").append(i).append('\n'));
        p.append("\nReply with only this JSON object: {\"score\": a number from 0 (useless) to 1 (fully done and "
                + "correct), \"pass\": true if every acceptance criterion is met, \"issues\": [concrete problems, one "
                + "short sentence each], \"summary\": \"one line\"}");
        return p.toString();
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
        return text.length() <= max ? text : text.substring(0, max) + "\n[... " + (text.length() - max)
                + " more characters cut]";
    }
}
