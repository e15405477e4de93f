package dev.obra.orchestrator.quality;

import static dev.obra.orchestrator.internal.llm.TestHttp.body;
import static dev.obra.orchestrator.internal.llm.TestHttp.json;
import static dev.obra.orchestrator.testing.LoopbackJudge.assistantMessage;
import static dev.obra.orchestrator.testing.LoopbackJudge.jsonString;
import static dev.obra.orchestrator.testing.LoopbackJudge.judgeWithOllama;
import static dev.obra.orchestrator.testing.LoopbackJudge.judgeWithOpenAi;
import static dev.obra.orchestrator.testing.LoopbackJudge.ollamaChatAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.AgentResult;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.decision.DecisionContext;
import dev.obra.orchestrator.decision.DefaultDecisionEngine;
import dev.obra.orchestrator.internal.evidence.WorkspaceProbe;
import dev.obra.orchestrator.internal.llm.TestHttp;
import dev.obra.orchestrator.llm.ollama.OllamaClient;
import dev.obra.orchestrator.testing.LoopbackJudge;
import dev.obra.orchestrator.workspace.GitRepos;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the judge server receives (the change's diff, bounded) and how its verdicts, in the shapes local models
 * write, reach the score and the default rules. Real git, real HTTP clients, a loopback server as the judge.
 */
class JudgeEvidenceIT {
    private static final Task TASK =
            Task.of("Shout the second line").withAcceptanceCriteria(List.of("a.txt says TWO", "there is a test"));

    @TempDir
    Path dir;

    private final MockWebServer server = TestHttp.loopbackServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private static String ollamaAnswer(String content) {
        return ollamaChatAnswer("m", assistantMessage(content), "stop", 400, 30);
    }

    /** Has the Ollama judge on the server, which gives {@code verdicts} in turn, judge {@code input}. */
    private QualityScore judged(QualityInput input, String... verdicts) {
        for (String verdict : verdicts) {
            server.enqueue(json(200, ollamaAnswer(verdict)));
        }
        return judgeWithOllama(server, "m", input);
    }

    /** A real repository, the probe's view of a change to a tracked file, a new one and {@code more}. */
    private QualityInput change(Map<String, String> more) throws Exception {
        GitRepos.repository(dir, Map.of("a.txt", "one\ntwo\nthree\n"));
        WorkspaceProbe probe = WorkspaceProbe.of(dir);
        WorkspaceProbe.Snapshot start = probe.snapshot();
        Files.writeString(dir.resolve("a.txt"), "one\nTWO\nthree\n");
        Files.writeString(dir.resolve("ShoutTest.java"), "class ShoutTest { /* asserts TWO */ }\n");
        for (Map.Entry<String, String> file : more.entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
        WorkspaceChanges changes = probe.changesSince(start);
        return new QualityInput(
                TASK,
                "Shouted line two and added ShoutTest.",
                new Validation(true, true, List.of()),
                changes,
                Optional.empty(),
                probe.diffSince(start, changes),
                List.of());
    }

    private static QualityInput plain() {
        WorkspaceChanges changes = new WorkspaceChanges(
                true, true, List.of("a.txt"), 1, 1, 1, "1 file changed (+1 -1): a.txt", List.of(), List.of());
        return new QualityInput(
                TASK,
                "Shouted line two.",
                new Validation(true, true, List.of()),
                changes,
                Optional.empty(),
                List.of(),
                List.of());
    }

    private static String userPrompt(RecordedRequest request) {
        return (String) TestHttp.messages(request).get(1).get("content");
    }

    private static Decision decide(QualityInput input, QualityScore score) {
        AgentResponse response = AgentResponse.success(
                SessionId.random(), input.responseText(), Usage.ZERO, 1, BigDecimal.ZERO, Duration.ofSeconds(1));
        Confidence confidence = Confidence.of(score, input.validation(), input.changes(), input.verification());
        return DefaultDecisionEngine.ofDefaults()
                .decide(new DecisionContext(
                        TASK,
                        1,
                        3,
                        1,
                        1,
                        new AgentResult.Responded(response),
                        input.changes(),
                        input.verification(),
                        Optional.of(input.validation()),
                        Optional.of(score),
                        Optional.of(confidence),
                        List.of()));
    }

    @Test
    void theJudgeRequestCarriesTheAddedAndRemovedLinesOfATrackedAndANewFile() throws Exception {
        QualityInput input = change(Map.of());
        judged(input, "{\"score\": 0.9, \"pass\": true, \"issues\": [], \"summary\": " + "\"done\"}");

        String prompt = userPrompt(server.takeRequest());
        assertThat(prompt)
                .contains("-two\n")
                .contains("+TWO\n")
                .contains("+class ShoutTest { /* asserts TWO */ }")
                .contains("- modified a.txt *")
                .contains("- added ShoutTest.java *")
                .doesNotContain("The diff was cut");
    }

    @Test
    void aChangeFarOverTheBudgetYieldsARequestUnderItWithTheCutNamed() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            big.append("line ").append(i).append(" of generated code\n");
        }
        QualityInput input = change(Map.of("Generated.java", big.toString()));
        server.enqueue(
                json(200, ollamaAnswer("{\"score\": 0.8, \"pass\": true, \"issues\": [], \"summary\": " + "\"ok\"}")));
        JudgeBudget budget = JudgeBudget.ofTokens(3_000);

        QualityScore score;
        try (OllamaClient judge = LoopbackJudge.ollama(server, "m")) {
            score = QualityController.judgedBy(judge, budget).evaluate(input);
        }

        RecordedRequest request = server.takeRequest();
        int sent = TestHttp.messages(request).stream()
                .mapToInt(m -> ((String) m.get("content")).length())
                .sum();
        assertThat(big.length()).isGreaterThan(20 * budget.chars());
        assertThat(sent).isLessThanOrEqualTo(budget.chars());
        String prompt = userPrompt(request);
        assertThat(prompt)
                .contains("-two\n")
                .contains("+TWO\n")
                .contains("+class ShoutTest")
                .contains("- added Generated.java *")
                .contains("+line 0 of generated code")
                .contains("more lines (")
                .contains("of Generated.java not shown]")
                .contains("The diff was cut to fit (shown in part: Generated.java)");
        assertThat(score.notes())
                .anySatisfy(n ->
                        assertThat(n).contains("saw only part of the change").contains("Generated.java"));
    }

    @Test
    void aFailWithAHighScoreIsNotAcceptedAndItsIssueIsTheFeedback() throws Exception {
        QualityInput input = plain();
        QualityScore score = judged(
                input,
                "{\"score\": 0.9, \"pass\": false, \"issues\": [\"criterion 2 "
                        + "is not met: no test\"], \"summary\": \"close\"}");

        assertThat(score.verdict()).isEqualTo(QualityScore.Verdict.FAIL);
        assertThat(score.score()).isEqualTo(0.9);
        Decision decision = decide(input, score);
        assertThat(decision).isInstanceOf(Decision.Clarify.class);
        assertThat(((Decision.Clarify) decision).issues())
                .contains("criterion 2 is not met: no test")
                .anySatisfy(i -> assertThat(i).contains("contradicts itself: FAIL with score 0.9"));
    }

    @Test
    void anOutOfRangeScoreIsRepairedOnceAndThenOnlyTheScoreIsUnknown() throws Exception {
        QualityInput input = plain();
        String answer = "{\"score\": 85, \"pass\": false, \"issues\": [\"no test\"], \"summary\": \"close\"}";

        QualityScore score = judged(input, answer, answer);

        server.takeRequest();
        assertThat(body(server.takeRequest()).get("messages").toString())
                .contains("score must be between 0 and 1; you answered 85");
        assertThat(score.judge().calls()).isEqualTo(2);
        assertThat(score.verdict()).isEqualTo(QualityScore.Verdict.FAIL);
        assertThat(score.issues()).containsExactly("no test");
        assertThat(score.source()).isEqualTo(QualityScore.Source.COMBINED);
        assertThat(score.score()).isEqualTo(score.heuristicScore());
        assertThat(score.fallbackReason())
                .hasValueSatisfying(r -> assertThat(r)
                        .contains("score must be between 0 and 1; you answered 85")
                        .contains("its score is unknown"));
        assertThat(decide(input, score)).isNotInstanceOf(Decision.Proceed.class);
    }

    @Test
    void anOutOfRangeScoreRepairedToAUsableOneIsUsed() throws Exception {
        QualityScore score = judged(
                plain(),
                "{\"score\": 8, \"pass\": true, \"issues\": [], \"summary\": " + "\"ok\"}",
                "{\"score\": 0.8, \"pass\": true, \"issues\": [], \"summary\": " + "\"ok\"}");

        assertThat(score.source()).isEqualTo(QualityScore.Source.LLM);
        assertThat(score.score()).isEqualTo(0.8);
        assertThat(score.fallbackReason()).isEmpty();
    }

    @Test
    void aStringScoreAndIssuesAsObjectsAreReadAndTheFailCounts() throws Exception {
        QualityInput input = plain();
        QualityScore score = judged(
                input,
                "{\"score\": \"0.8\", \"pass\": false, \"issues\": [{\"file\": "
                        + "\"a.txt\", \"problem\": \"line three is not shouted\"}], \"summary\": \"half done\"}");

        assertThat(score.source()).isEqualTo(QualityScore.Source.LLM);
        assertThat(score.score()).isEqualTo(0.8);
        assertThat(score.verdict()).isEqualTo(QualityScore.Verdict.FAIL);
        assertThat(score.issues()).containsExactly("a.txt: line three is not shouted");
        assertThat(decide(input, score)).isNotInstanceOf(Decision.Proceed.class);
    }

    @Test
    void aVerdictOnlyInTheReasoningTraceIsReadAsALastResortAndSaidSo() throws Exception {
        server.enqueue(json(
                200,
                "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"r1\",\"choices\":"
                        + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning_content\":"
                        + jsonString("The diff shouts line two. {\"score\": 0.75, \"pass\": true, \"issues\": [], "
                                + "\"summary\": \"ok\"}")
                        + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":300,"
                        + "\"completion_tokens\":40}}"));

        QualityScore score = judgeWithOpenAi(server, "r1", plain());

        assertThat(score.source()).isEqualTo(QualityScore.Source.LLM);
        assertThat(score.score()).isEqualTo(0.75);
        assertThat(score.judge().calls()).isEqualTo(1);
        assertThat(score.notes())
                .anySatisfy(n -> assertThat(n).contains("reasoning trace").contains("was empty"));
    }

    @Test
    void aPassUnderTheThresholdIsNamedAsAContradictionAndNotAccepted() throws Exception {
        QualityInput input = plain();
        QualityScore score =
                judged(input, "{\"score\": 0.3, \"pass\": true, \"issues\": [], \"summary\": " + "\"fine\"}");

        Decision decision = decide(input, score);
        assertThat(decision).isNotInstanceOf(Decision.Proceed.class);
        assertThat(decision.reason()).contains("contradicts itself: PASS with score 0.3");
    }

    @Test
    void aServerThatReadOnlyPartOfThePromptIsRecorded() throws Exception {
        server.enqueue(json(
                200,
                ollamaAnswer("{\"score\": 0.9, \"pass\": true, \"issues\": [], \"summary\": " + "\"ok\"}")
                        .replace("\"prompt_eval_count\":400", "\"prompt_eval_count\":20")));

        QualityScore score;
        try (OllamaClient judge = OllamaClient.builder()
                .baseUrl(TestHttp.url(server, ""))
                .model("m")
                .contextWindow(2048)
                .firstByteTimeout(Duration.ofSeconds(10))
                .build()) {
            score = QualityController.judgedBy(judge).evaluate(plain());
        }

        assertThat(score.notes())
                .anySatisfy(n -> assertThat(n).contains("read only 20 tokens").contains("contextWindow"));
    }

    private void git(String... args) {
        GitRepos.git(dir, args);
    }
}
