package dev.obra.orchestrator.quality;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.agent.PermissionDenial;
import dev.obra.orchestrator.internal.judge.JudgeVerdict;
import dev.obra.orchestrator.internal.judge.JudgeVerdictParser;
import dev.obra.orchestrator.internal.judge.JudgeVerdictParser.UnusableAnswerException;
import dev.obra.orchestrator.llm.LlmException;
import dev.obra.orchestrator.llm.LlmInterface;
import dev.obra.orchestrator.llm.LlmMessage;
import dev.obra.orchestrator.llm.LlmRequest;
import dev.obra.orchestrator.llm.LlmResponse;
import dev.obra.orchestrator.llm.ResponseFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in {@link QualityController}: with an LLM judge it shows the judge the change's diff (bounded by a
 * {@link JudgeBudget}), asks for a JSON verdict against a schema, repairs an unusable answer once (naming what was
 * wrong, such as a score out of range), and falls back to heuristics when the judge is absent, unreachable or keeps
 * answering garbage. A verdict whose score stays unusable still counts with its pass/fail and issues. The
 * {@link QualityScore} says which happened and why. Thread-safe when the judge is.
 */
final class DefaultQualityController implements QualityController {
    private static final Logger log = LoggerFactory.getLogger(DefaultQualityController.class);

    private static final JudgeVerdictParser PARSER = new JudgeVerdictParser();

    private final Optional<LlmInterface> judge;
    private final JudgeBudget budget;

    DefaultQualityController(Optional<LlmInterface> judge, JudgeBudget budget) {
        this.judge = judge;
        this.budget = budget;
    }

    @Override
    public QualityScore evaluate(QualityInput input) {
        requireNonNull(input, "input");
        Heuristic heuristic = heuristic(input);
        if (judge.isEmpty()) {
            return heuristic.score("no LLM judge is configured", JudgeUsage.NONE, List.of());
        }
        JudgePrompt.Rendered prompt = JudgePrompt.render(input, budget);
        List<String> notes = new ArrayList<>();
        if (prompt.cut()) {
            // Kept on a heuristic fallback too: whatever scored it, no judge read that code.
            notes.add("the judge saw only part of the change (" + prompt.omitted() + "): its score does not cover "
                    + "the code it did not see");
        }
        return judged(judge.get(), input, prompt, heuristic, notes);
    }

    private QualityScore judged(
            LlmInterface llm,
            QualityInput input,
            JudgePrompt.Rendered prompt,
            Heuristic heuristic,
            List<String> notes) {
        LlmRequest request = LlmRequest.of(prompt.text())
                .withSystem(JudgePrompt.SYSTEM)
                .withTemperature(0)
                .withMaxTokens(JUDGE_MAX_TOKENS)
                .withResponseFormat(ResponseFormat.jsonSchema("verdict", JudgeVerdictParser.SCHEMA));
        JudgeUsage usage = JudgeUsage.NONE;
        Optional<JudgeVerdict> unscored = Optional.empty();
        boolean truncationNoted = false;
        String problem;
        for (int call = 1; ; call++) {
            long start = System.nanoTime();
            LlmResponse answer;
            try {
                answer = llm.complete(request);
            } catch (LlmException e) {
                // A cut-off answer was generated and paid for: its tokens count as much as the repair's.
                usage = usage.plus(new JudgeUsage(
                        1, Duration.ofNanos(System.nanoTime() - start), e.promptTokens(), e.completionTokens()));
                problem = "the LLM judge failed: " + e.getMessage();
                if (call > 1 || !repairable(e)) {
                    break;
                }
                request = e.kind() == LlmException.Kind.TRUNCATED
                        // A reasoning model may spend its budget thinking: give the repair more room.
                        ? request.withMaxTokens(REPAIR_MAX_TOKENS)
                                .withMessages(
                                        LlmMessage.user(
                                                "Your answer was "
                                                        + "cut off at the token limit. Reply again, briefly, with only the JSON object."))
                        : request.withMessages(LlmMessage.user(
                                "Your answer could not be read as JSON. Reply " + "again with only the JSON object."));
                continue;
            }
            usage = usage.plus(new JudgeUsage(1, answer.duration(), answer.promptTokens(), answer.completionTokens()));
            if (answer.promptTruncated() && !truncationNoted) {
                truncationNoted = true;
                notes.add("the judge's server read only " + answer.promptTokens() + " tokens of a prompt of "
                        + prompt.text().length()
                        + " characters: it dropped the start of the prompt, so the judge did not see all of it "
                        + "(set the client's contextWindow larger)");
            }
            String unusable;
            try {
                JudgeVerdict verdict = read(answer, notes);
                if (verdict.score().isPresent()) {
                    return fromVerdict(verdict, input, heuristic, usage, notes);
                }
                unscored = Optional.of(verdict);
                unusable = verdict.scoreProblem().orElseThrow();
                problem = "the LLM judge's score was unusable: " + unusable;
            } catch (UnusableAnswerException e) {
                unusable = e.getMessage();
                problem = "the LLM judge's answer was unusable: " + unusable;
            }
            if (call > 1) {
                break;
            }
            request = request.withMessages(
                    LlmMessage.assistant(answer.text().isBlank() ? "(an empty answer)" : answer.text()),
                    LlmMessage.user("That answer could not be used: " + unusable + ". Reply "
                            + "again with only one JSON object with \"score\" (a number from 0 to 1), \"pass\" (true or "
                            + "false), \"issues\" (an array of strings) and \"summary\" (a string)."));
        }
        if (unscored.isPresent()) {
            return withoutScore(unscored.get(), heuristic, usage, notes, problem);
        }
        log.warn(
                "Falling back to heuristic quality for task {}: {}",
                input.task().id(),
                problem);
        return heuristic.score(problem, usage, notes);
    }

    /** Reads the verdict from the answer, or, as a last resort, from the reasoning trace sent apart from it. */
    private static JudgeVerdict read(LlmResponse answer, List<String> notes) throws UnusableAnswerException {
        try {
            return PARSER.parse(answer.text());
        } catch (UnusableAnswerException e) {
            if (answer.reasoning().isBlank()) {
                throw e;
            }
            JudgeVerdict verdict;
            try {
                verdict = PARSER.parse(answer.reasoning());
            } catch (UnusableAnswerException inReasoning) {
                throw e;
            }
            notes.add("the verdict was read from the judge's reasoning trace: its answer "
                    + (answer.text().isBlank() ? "was empty" : "held none (" + e.getMessage() + ")"));
            return verdict;
        }
    }

    private static boolean repairable(LlmException e) {
        return e.kind() == LlmException.Kind.TRUNCATED || e.kind() == LlmException.Kind.MALFORMED_RESPONSE;
    }

    private static QualityScore fromVerdict(
            JudgeVerdict verdict, QualityInput input, Heuristic heuristic, JudgeUsage usage, List<String> notes) {
        double score = verdict.score().orElseThrow();
        List<String> issues = issues(verdict);
        String summary = summary(verdict);
        QualityScore.Source source = QualityScore.Source.LLM;
        boolean verificationFailed = input.verification().map(v -> !v.passed()).orElse(false);
        if (verificationFailed && score > heuristic.value) {
            issues.add("the judge scored " + score + " but the verification command failed");
            score = heuristic.value;
            source = QualityScore.Source.COMBINED;
        }
        return new QualityScore(
                score, source, heuristic.value, summary, issues, Optional.empty(), usage, passFail(verdict), notes);
    }

    /** The judge's pass/fail and issues count; its score, unusable after the repair, is replaced by the heuristic. */
    private static QualityScore withoutScore(
            JudgeVerdict verdict, Heuristic heuristic, JudgeUsage usage, List<String> notes, String problem) {
        log.warn("Using the judge's {} without its score: {}", verdict.pass() ? "PASS" : "FAIL", problem);
        List<String> issues = issues(verdict);
        return new QualityScore(
                heuristic.value,
                QualityScore.Source.COMBINED,
                heuristic.value,
                summary(verdict),
                issues,
                Optional.of(problem + "; the judge's " + (verdict.pass() ? "PASS" : "FAIL") + " and issues "
                        + "count, its score is unknown and the heuristic score stands in for it"),
                usage,
                passFail(verdict),
                notes);
    }

    private static QualityScore.Verdict passFail(JudgeVerdict verdict) {
        return verdict.pass() ? QualityScore.Verdict.PASS : QualityScore.Verdict.FAIL;
    }

    private static List<String> issues(JudgeVerdict verdict) {
        List<String> issues = new ArrayList<>(verdict.issues());
        if (!verdict.pass() && issues.isEmpty()) {
            issues.add("the judge said the work fails" + (verdict.summary().isEmpty() ? "" : ": " + verdict.summary()));
        }
        return issues;
    }

    private static String summary(JudgeVerdict verdict) {
        return (verdict.pass() ? "PASS: " : "FAIL: ")
                + (verdict.summary().isEmpty() ? "no summary given" : verdict.summary());
    }

    private static Heuristic heuristic(QualityInput input) {
        List<String> issues = new ArrayList<>(input.validation().issues());
        double score = 0;
        if (!input.responseText().isBlank()) {
            score += 0.1;
        }
        if (input.validation().complete()) {
            score += 0.1;
        }
        WorkspaceChanges changes = input.changes();
        if (changes.hasChanges()) {
            score += 0.3;
        } else if (!changes.probed()) {
            score += 0.15;
        } else {
            issues.add("nothing changed in the working directory");
        }
        if (input.verification().isPresent()) {
            VerificationResult v = input.verification().get();
            if (v.passed()) {
                score += 0.4;
            } else {
                issues.add(
                        v.timedOut()
                                ? "the verification command timed out"
                                : "the verification command failed with exit code " + v.exitCode());
            }
        } else {
            score += 0.25;
        }
        if (!input.permissionDenials().isEmpty()) {
            issues.add("the agent was refused " + PermissionDenial.describe(input.permissionDenials()));
        } else if (input.validation().issues().isEmpty()) {
            score += 0.1;
        }
        return new Heuristic(Math.min(1.0, Math.round(score * 1000) / 1000.0), issues);
    }

    private static final class Heuristic {
        final double value;
        final List<String> issues;

        Heuristic(double value, List<String> issues) {
            this.value = value;
            this.issues = issues;
        }

        QualityScore score(String fallbackReason, JudgeUsage usage, List<String> notes) {
            String summary = issues.isEmpty() ? "heuristics found no problem" : issues.get(0);
            return new QualityScore(
                    value,
                    QualityScore.Source.HEURISTIC,
                    value,
                    summary,
                    issues,
                    Optional.of(fallbackReason),
                    usage,
                    QualityScore.Verdict.NONE,
                    notes);
        }
    }
}
