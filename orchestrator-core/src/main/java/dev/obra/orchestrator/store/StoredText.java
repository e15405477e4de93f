package dev.obra.orchestrator.store;

import dev.obra.orchestrator.breakpoint.Resolution;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.Validation;
import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The text records keep, so that every store can hold it and returns the same: a NUL character (which PostgreSQL
 * refuses in text) and each unpaired surrogate (which no UTF-8 database can encode, so drivers drop or mangle it)
 * become {@link #REPLACEMENT}, U+FFFD. Everything else, 4-byte characters included, is kept as it is. Text that
 * needs no change is returned as the same instance, so clean text costs one scan and no allocation.
 */
final class StoredText {
    /** What a character no store can hold becomes: U+FFFD REPLACEMENT CHARACTER. */
    static final char REPLACEMENT = '\uFFFD';

    private StoredText() {}

    static String clean(String text) {
        int first = firstUnstorable(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c == 0 || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return out.toString();
    }

    /** Returns the index of the first NUL or unpaired surrogate, or -1. */
    private static int firstUnstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return i;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    static List<String> clean(List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (firstUnstorable(t) >= 0) {
                List<String> out = new ArrayList<>(texts.subList(0, i));
                texts.subList(i, texts.size()).forEach(rest -> out.add(clean(rest)));
                return List.copyOf(out);
            }
        }
        return texts;
    }

    static Optional<String> clean(Optional<String> text) {
        return cleanEach(text, StoredText::clean);
    }

    /** Returns {@code value} itself when {@code cleaner} returns its content unchanged. */
    static <T> Optional<T> cleanEach(Optional<T> value, UnaryOperator<T> cleaner) {
        if (value.isEmpty()) {
            return value;
        }
        T cleaned = cleaner.apply(value.get());
        return cleaned == value.get() ? value : Optional.of(cleaned);
    }

    static Decision clean(Decision decision) {
        String reason = decision.reason();
        String cleaned = clean(reason);
        // A Clarify's reason is its issues, one per line, and Decision.of splits it back the same way.
        return cleaned == reason ? decision : Decision.of(decision.name(), cleaned);
    }

    static Resolution clean(Resolution resolution) {
        if (resolution instanceof Resolution.Continue go) {
            Optional<String> guidance = clean(go.guidance());
            return guidance == go.guidance() ? go : new Resolution.Continue(guidance);
        }
        if (resolution instanceof Resolution.Stop stop) {
            String reason = clean(stop.reason());
            return reason == stop.reason() ? stop : new Resolution.Stop(reason);
        }
        throw new IllegalStateException("unhandled resolution " + resolution);
    }

    static Validation clean(Validation v) {
        List<String> issues = clean(v.issues());
        return issues == v.issues() ? v : new Validation(v.passed(), v.complete(), issues);
    }

    static QualityScore clean(QualityScore q) {
        String summary = clean(q.summary());
        List<String> issues = clean(q.issues());
        Optional<String> fallbackReason = clean(q.fallbackReason());
        List<String> notes = clean(q.notes());
        return summary == q.summary()
                        && issues == q.issues()
                        && fallbackReason == q.fallbackReason()
                        && notes == q.notes()
                ? q
                : new QualityScore(
                        q.score(),
                        q.source(),
                        q.heuristicScore(),
                        summary,
                        issues,
                        fallbackReason,
                        q.judge(),
                        q.verdict(),
                        notes);
    }

    static WorkspaceChanges clean(WorkspaceChanges w) {
        List<String> files = clean(w.changedFiles());
        String summary = clean(w.summary());
        List<String> commits = clean(w.commits());
        List<String> notes = clean(w.notes());
        return files == w.changedFiles() && summary == w.summary() && commits == w.commits() && notes == w.notes()
                ? w
                : new WorkspaceChanges(
                        w.probed(),
                        w.gitRepository(),
                        files,
                        w.filesChanged(),
                        w.insertions(),
                        w.deletions(),
                        summary,
                        commits,
                        notes);
    }

    static VerificationResult clean(VerificationResult r) {
        List<String> command = clean(r.command());
        String output = clean(r.outputTail());
        return command == r.command() && output == r.outputTail()
                ? r
                : new VerificationResult(command, r.exitCode(), r.timedOut(), output, r.duration());
    }
}
