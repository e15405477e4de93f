package dev.obra.orchestrator.quality;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.agent.AgentResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The built-in {@link ResponseValidator}: a finished answer rather than a question, a refusal or an error.
 * Thread-safe.
 *
 * <p>An answer that only asks questions and changed nothing is not done; one that asks a question after changing
 * files is fine.
 */
final class DefaultResponseValidator implements ResponseValidator {
    static final DefaultResponseValidator INSTANCE = new DefaultResponseValidator();

    private static final Pattern QUESTION = Pattern.compile(
            "(\\?\\s*$)|\\b(would you like|should i|do you want|could you (clarify|confirm|provide)"
                    + "|can you (clarify|confirm|provide)|please (clarify|confirm)|let me know (if|whether|which))\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern REFUSAL = Pattern.compile(
            "\\b(i (cannot|can't|can not|am unable to|'m unable to|won't) (do|complete|help|make|access|modify|write)"
                    + "|api error:|not logged in|failed to authenticate)",
            Pattern.CASE_INSENSITIVE);

    private DefaultResponseValidator() {}

    @Override
    public Validation validate(AgentResponse response, WorkspaceChanges changes) {
        requireNonNull(response, "response");
        requireNonNull(changes, "changes");
        List<String> issues = new ArrayList<>();
        boolean complete = response.isSuccess();
        if (!complete) {
            issues.add("the agent did not finish its turn: "
                    + response.outcome().name().toLowerCase(Locale.ROOT)
                    + (response.errors().isEmpty() ? "" : " (" + String.join("; ", response.errors()) + ")"));
        }
        String text = response.text().strip();
        if (text.isEmpty() && !changes.hasChanges()) {
            issues.add("the agent's final message is empty and nothing changed in the working directory");
        }
        if (!changes.hasChanges() && QUESTION.matcher(lastParagraph(text)).find()) {
            issues.add("the agent asked questions instead of doing the work, and changed nothing");
        }
        if (REFUSAL.matcher(text).find()) {
            issues.add("the agent's final message reports that it could not do the work");
        }
        return new Validation(complete && issues.isEmpty(), complete, issues);
    }

    private static String lastParagraph(String text) {
        int cut = text.lastIndexOf("\n\n");
        return cut < 0 ? text : text.substring(cut + 2);
    }
}
