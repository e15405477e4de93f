package dev.obra.orchestrator.quality;

import static dev.obra.orchestrator.internal.llm.TestHttp.body;
import static dev.obra.orchestrator.internal.llm.TestHttp.json;
import static dev.obra.orchestrator.testing.LoopbackJudge.assistantMessage;
import static dev.obra.orchestrator.testing.LoopbackJudge.jsonString;
import static dev.obra.orchestrator.testing.LoopbackJudge.judgeWithOllama;
import static dev.obra.orchestrator.testing.LoopbackJudge.judgeWithOpenAi;
import static dev.obra.orchestrator.testing.LoopbackJudge.ollamaChatAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.internal.llm.TestHttp;
import dev.obra.orchestrator.llm.ollama.OllamaClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The quality controller with the real HTTP clients, against a loopback server that plays the judge. */
class QualityControllerIT {
    private static final String VERDICT = "{\"score\": 0.9, \"pass\": true, \"issues\": [\"no test for the 404 "
            + "path\"], \"summary\": \"adds the endpoint with a test\"}";

    private final MockWebServer server = TestHttp.loopbackServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private static QualityInput input(Optional<VerificationResult> verification) {
        Task task = Task.of("Add a GET /health endpoint")
                .withAcceptanceCriteria(List.of("GET /health answers 200 with {\"status\":\"ok\"}"));
        WorkspaceChanges changes = new WorkspaceChanges(
                true,
                true,
                List.of("src/main/java/Health.java"),
                1,
                24,
                0,
                "1 file changed (+24 -0): src/main/java/Health.java",
                List.of(),
                List.of());
        return new QualityInput(
                task,
                "Added HealthController and a test; mvn test passes.",
                new Validation(true, true, List.of()),
                changes,
                verification,
                List.of(),
                List.of());
    }

    private static Optional<VerificationResult> passed() {
        return Optional.of(
                new VerificationResult(List.of("mvn", "-q", "test"), 0, false, "Tests run: 12", Duration.ofSeconds(9)));
    }

    private static String ollamaAnswer(String content, String doneReason, int promptTokens, int evalTokens) {
        return ollamaChatAnswer("qwen2.5-coder:7b", assistantMessage(content), doneReason, promptTokens, evalTokens);
    }

    private static String completion(String content, String finishReason) {
        return "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"local-model\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":" + jsonString(content) + "},\"finish_reason\":\""
                + finishReason + "\"}],\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":40}}";
    }

    private QualityScore judgedByOllama(QualityInput input) {
        return judgeWithOllama(server, "qwen2.5-coder:7b", input);
    }

    private QualityScore judgedByOpenAi(QualityInput input) {
        return judgeWithOpenAi(server, "local-model", input);
    }

    @Test
    void theJudgesVerdictIsUsedAndItsCostRecorded() throws Exception {
        server.enqueue(json(200, ollamaAnswer(VERDICT, "stop", 412, 38)));

        QualityScore score = judgedByOllama(input(passed()));

        assertThat(score.source()).isEqualTo(QualityScore.Source.LLM);
        assertThat(score.score()).isEqualTo(0.9);
        assertThat(score.summary()).isEqualTo("PASS: adds the endpoint with a test");
        assertThat(score.issues()).containsExactly("no test for the 404 path");
        assertThat(score.fallbackReason()).isEmpty();
        assertThat(score.judge().calls()).isEqualTo(1);
        assertThat(score.judge().promptTokens()).isEqualTo(412);
        assertThat(score.judge().completionTokens()).isEqualTo(38);
        Map<String, Object> sent = body(server.takeRequest());
        assertThat(sent.get("format"))
                .asString()
                .contains("score")
                .contains("pass")
                .contains("issues")
                .contains("summary");
        assertThat(sent.get("options"))
                .isEqualTo(Map.of(
                        "temperature",
                        0.0,
                        "num_predict",
                        (double) QualityController.JUDGE_MAX_TOKENS,
                        "num_ctx",
                        4096.0));
        String prompt = sent.get("messages").toString();
        assertThat(prompt)
                .contains(JudgePrompt.SYSTEM)
                .contains("Add a GET /health endpoint")
                .contains("GET /health answers 200")
                .contains("Added HealthController")
                .contains("src/main/java/Health.java")
                .contains("mvn -q test")
                .contains("exited with code 0");
    }

    @Test
    void thinkTagsAndCodeFencesAroundTheVerdictAreStripped() {
        server.enqueue(json(
                200,
                completion(
                        "<think>\nThe diff adds a controller. {\"score\": 0.2} would be "
                                + "unfair.\n</think>\nHere is the verdict:\n```json\n" + VERDICT + "\n```",
                        "stop")));

        QualityScore score = judgedByOpenAi(input(passed()));

        assertThat(score.source()).isEqualTo(QualityScore.Source.LLM);
        assertThat(score.score()).isEqualTo(0.9);
        assertThat(score.judge().promptTokens()).isEqualTo(300);
    }

    @Test
    void anOverflowingScoreGetsOneRepairThatTellsTheModelWhatWasWrong() throws Exception {
        String garbage = VERDICT.replace("0.9", "1e5762596119");
        server.enqueue(json(200, ollamaAnswer(garbage, "stop", 400, 30)));
        server.enqueue(json(200, ollamaAnswer(VERDICT, "stop", 480, 35)));

        QualityScore score = judgedByOllama(input(passed()));

        assertThat(score.source()).isEqualTo(QualityScore.Source.LLM);
        assertThat(score.score()).isEqualTo(0.9);
        assertThat(score.judge().calls()).isEqualTo(2);
        assertThat(score.judge().promptTokens()).isEqualTo(880);
        assertThat(score.judge().completionTokens()).isEqualTo(65);
        server.takeRequest();
        List<Map<String, Object>> repair = TestHttp.messages(server.takeRequest());
        assertThat(repair).hasSize(4);
        assertThat(repair.get(2)).containsEntry("role", "assistant").containsEntry("content", garbage);
        assertThat(repair.get(3)).containsEntry("role", "user");
        assertThat(repair.get(3).get("content"))
                .asString()
                .contains("1e5762596119")
                .contains("between 0 and 1");
    }

    @Test
    void anAnswerCutOffAtTheTokenLimitIsRepairedWithMoreRoom() throws Exception {
        server.enqueue(json(200, completion("{\"score\": 0.9, \"pass\": true, \"issues\": [\"the te", "length")));
        server.enqueue(json(200, completion(VERDICT, "stop")));

        QualityScore score = judgedByOpenAi(input(passed()));

        assertThat(score.source()).isEqualTo(QualityScore.Source.LLM);
        assertThat(score.judge().calls()).isEqualTo(2);
        assertThat(body(server.takeRequest())).containsEntry("max_tokens", (double) QualityController.JUDGE_MAX_TOKENS);
        Map<String, Object> repair = body(server.takeRequest());
        assertThat(repair).containsEntry("max_tokens", (double) QualityController.REPAIR_MAX_TOKENS);
        assertThat(repair.get("messages").toString()).contains("cut off at the token limit");
    }

    @Test
    void garbageTwiceFallsBackToHeuristicsAndSaysWhy() {
        server.enqueue(json(200, ollamaAnswer("The change looks fine to me.", "stop", 400, 8)));
        server.enqueue(json(200, ollamaAnswer("Really, it is fine.", "stop", 420, 6)));

        QualityScore score = judgedByOllama(input(passed()));

        assertThat(score.source()).isEqualTo(QualityScore.Source.HEURISTIC);
        assertThat(score.score()).isEqualTo(score.heuristicScore());
        assertThat(score.fallbackReason())
                .hasValueSatisfying(
                        reason -> assertThat(reason).contains("unusable").contains("no JSON object"));
        assertThat(score.judge().calls()).isEqualTo(2);
        assertThat(score.judge().completionTokens()).isEqualTo(14);
    }

    @Test
    void aJudgeThatIsDownFallsBackToHeuristicsWithoutARepair() {
        QualityScore score;
        try (OllamaClient judge = OllamaClient.builder()
                .baseUrl(TestHttp.closedPortUrl(""))
                .model("m")
                .maxRetries(0)
                .build()) {
            score = QualityController.judgedBy(judge).evaluate(input(passed()));
        }

        assertThat(score.source()).isEqualTo(QualityScore.Source.HEURISTIC);
        assertThat(score.fallbackReason())
                .hasValueSatisfying(reason ->
                        assertThat(reason).contains("the LLM judge failed").contains("is not reachable"));
        assertThat(score.judge().calls()).isEqualTo(1);
        assertThat(score.judge().promptTokens()).isZero();
    }

    @Test
    void aVerdictThatAFailingVerificationContradictsIsCombinedWithTheEvidence() {
        server.enqueue(json(200, ollamaAnswer(VERDICT, "stop", 412, 38)));
        Optional<VerificationResult> failed = Optional.of(new VerificationResult(
                List.of("mvn", "-q", "test"), 1, false, "Tests run: 12, Failures: 2", Duration.ofSeconds(9)));

        QualityScore score = judgedByOllama(input(failed));

        assertThat(score.source()).isEqualTo(QualityScore.Source.COMBINED);
        assertThat(score.score()).isEqualTo(score.heuristicScore()).isLessThan(0.9);
    }
}
