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
 * The built-in {@link QualityController}: with an LLM judge it asks for a JSON verdict against a schema, repairs
 * an unusable answer once, and falls back to heuristics when the judge is absent, unreachable or keeps answering
 * garbage; the {@link QualityScore} says which happened and why. Thread-safe when the judge is.
 */
final class DefaultQualityController implements QualityController {
    private static final Logger log = LoggerFactory.getLogger(DefaultQualityController.class);

    private static final JudgeVerdictParser PARSER = new JudgeVerdictParser();

    private final Optional<LlmInterface> judge;

    DefaultQualityController(Optional<LlmInterface> judge) {
        this.judge = judge;
    }

    @Override
    public QualityScore evaluate(QualityInput input) {
        requireNonNull(input, "input");
        Heuristic heuristic = heuristic(input);
        if (judge.isEmpty()) {
            return heuristic.score("no LLM judge is configured", JudgeUsage.NONE);
        }
        return judged(judge.get(), input, heuristic);
    }

    private QualityScore judged(LlmInterface llm, QualityInput input, Heuristic heuristic) {
        LlmRequest request = LlmRequest.of(JudgePrompt.render(input))
                .withSystem(JudgePrompt.SYSTEM)
                .withTemperature(0)
                .withMaxTokens(JUDGE_MAX_TOKENS)
                .withResponseFormat(ResponseFormat.jsonSchema("verdict", JudgeVerdictParser.SCHEMA));
        JudgeUsage usage = JudgeUsage.NONE;
        String problem;
        for (int call = 1; ; call++) {
            long start = System.nanoTime();
            LlmResponse answer;
            try {
                answer = llm.complete(request);
            } catch (LlmException e) {
                // A cut-off answer was generated and paid for: its tokens count as much as the repair's.
                usage = usage.plus(new JudgeUsage(1, Duration.ofNanos(System.nanoTime() - start), e.promptTokens(),
                        e.completionTokens()));
                problem = "the LLM judge failed: " + e.getMessage();
                if (call > 1 || !repairable(e)) {
                    break;
                }
                request = e.kind() == LlmException.Kind.TRUNCATED
                        // A reasoning model may spend its budget thinking: give the repair more room.
                        ? request.withMaxTokens(REPAIR_MAX_TOKENS).withMessages(LlmMessage.user("Your answer was "
                                + "cut off at the token limit. Reply again, briefly, with only the JSON object."))
                        : request.withMessages(LlmMessage.user("Your answer could not be read as JSON. Reply "
                                + "again with only the JSON object."));
                continue;
            }
            usage = usage.plus(new JudgeUsage(1, answer.duration(), answer.promptTokens(), answer.completionTokens()));
            try {
                return fromVerdict(PARSER.parse(answer.text()), input, heuristic, usage);
            } catch (UnusableAnswerException e) {
                problem = "the LLM judge's answer was unusable: " + e.getMessage();
                if (call > 1) {
                    break;
                }
                request = request.withMessages(LlmMessage.assistant(answer.text()), LlmMessage.user(
                        "That answer could not be used: " + e.getMessage() + ". Reply again with only one JSON object "
                                + "with \"score\" (a number from 0 to 1), \"pass\" (true or false), \"issues\" "
                                + "(an array of strings) and \"summary\" (a string)."));
            }
        }
        log.warn("Falling back to heuristic quality for task {}: {}", input.task().id(), problem);
        return heuristic.score(problem, usage);
    }

    private static boolean repairable(LlmException e) {
        return e.kind() == LlmException.Kind.TRUNCATED || e.kind() == LlmException.Kind.MALFORMED_RESPONSE;
    }

    private static QualityScore fromVerdict(JudgeVerdict verdict, QualityInput input, Heuristic heuristic,
            JudgeUsage usage) {
        List<String> issues = new ArrayList<>(verdict.issues());
        String summary = (verdict.pass() ? "PASS: " : "FAIL: ")
                + (verdict.summary().isEmpty() ? "no summary given" : verdict.summary());
        boolean verificationFailed = input.verification().map(v -> !v.passed()).orElse(false);
        if (verificationFailed && verdict.score() > heuristic.value) {
            issues.add("the judge scored " + verdict.score() + " but the verification command failed");
            return new QualityScore(heuristic.value, QualityScore.Source.COMBINED, heuristic.value, summary, issues,
                    Optional.empty(), usage);
        }
        return new QualityScore(verdict.score(), QualityScore.Source.LLM, heuristic.value, summary, issues,
                Optional.empty(), usage);
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
                issues.add(v.timedOut() ? "the verification command timed out"
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

        QualityScore score(String fallbackReason, JudgeUsage usage) {
            String summary = issues.isEmpty() ? "heuristics found no problem" : issues.get(0);
            return new QualityScore(value, QualityScore.Source.HEURISTIC, value, summary, issues,
                    Optional.of(fallbackReason), usage);
        }
    }
}
