package dev.obra.orchestrator.examples.report;

import static dev.obra.orchestrator.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.agent.PermissionDenial;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.breakpoint.Resolution;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.store.BreakpointRecord;
import dev.obra.orchestrator.store.InMemorySessionStore;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.StoreFixtures;
import dev.obra.orchestrator.store.TaskRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class HtmlReportTest {
    private static final String HOSTILE = "</pre><script>alert('x')</script> & \"quotes\" \u0001\u0007 ünïcødé ✓";

    @Test
    void hostileTextIsEscapedAndThePageStaysWellFormed() throws Exception {
        InMemorySessionStore store = new InMemorySessionStore();
        TaskRecord task = StoreFixtures.task(HOSTILE, T0);
        store.createTask(task);
        SessionRecord s = StoreFixtures.openSession(task.id(), 1, 1, T0);
        store.openSession(s);
        store.closeSession(StoreFixtures.completed(s, new Usage(1234, 56, 0, 0), 2, "0.007116", 1500));
        store.recordIteration(StoreFixtures.fullIteration(task.id(), 1, s.sessionId(), new Decision.Retry(HOSTILE)));
        store.recordBreakpoint(
                new BreakpointRecord(task.id(), 1, "costAbove", HOSTILE, Resolution.continueWith(HOSTILE), T0, T0));
        store.finishTask(task.finish(
                TaskStatus.FAILED, Optional.of(new Decision.Abort(HOSTILE)), HOSTILE, HOSTILE, T0.plusSeconds(5)));

        String html = HtmlReport.of(store, task.id()).render();

        assertThat(html)
                .doesNotContain("<script>", "\u0001")
                .contains("&lt;/pre&gt;&lt;script&gt;", "ünïcødé ✓", "$0.007116", "costAbove");
        Document page = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        assertThat(page.getElementsByTagName("script").getLength()).isZero();
        assertThat(page.getElementsByTagName("svg").getLength()).isEqualTo(1);
        assertThat(page.getElementsByTagName("section").getLength()).isEqualTo(1);
    }

    @Test
    void eachSessionShowsTheToolsItWasRefused() {
        InMemorySessionStore store = new InMemorySessionStore();
        TaskRecord task = StoreFixtures.task("Run the tests", T0);
        store.createTask(task);
        SessionRecord s = StoreFixtures.openSession(task.id(), 1, 1, T0);
        store.openSession(s);
        PermissionDenial denial =
                new PermissionDenial("Bash", "toolu_1", "{\"command\":\"mvn -q test <x>\"}", "Bash(mvn -q test <x>)");
        store.closeSession(StoreFixtures.completed(s, new Usage(1, 1, 0, 0), 2, "0.01", 100)
                .withPermissionDenials(List.of(denial, denial)));

        String html = HtmlReport.of(store, task.id()).render();

        assertThat(html).contains("<th>Refused tools</th>", "Bash(mvn -q test &lt;x&gt;) twice");
    }

    @Test
    void anEmojiAtTheClipPointLoneSurrogatesAndNonCharactersStillMakeAPageThatIsWrittenAndParses(@TempDir Path dir)
            throws Exception {
        // given: the 4,000th and 4,001st characters are the two halves of one emoji, in the answer and the output
        String astride = "a".repeat(3_999) + "\uD83D\uDE00" + "b".repeat(10);
        String odd = "lone high \uD800 lone low \uDC00 reversed \uDC00\uD800 nonchar \uFFFE\uFFFF kept \uD83D\uDE00";
        InMemorySessionStore store = new InMemorySessionStore();
        TaskRecord task = StoreFixtures.task("emoji " + odd, T0);
        store.createTask(task);
        SessionRecord s = StoreFixtures.openSession(task.id(), 1, 1, T0);
        store.openSession(s);
        store.closeSession(StoreFixtures.completed(s, new Usage(1, 1, 0, 0), 1, "0.001", 10));
        IterationRecord full = StoreFixtures.fullIteration(task.id(), 1, s.sessionId(), new Decision.Retry(odd));
        store.recordIteration(withText(full, astride, astride));
        store.recordIteration(withText(
                StoreFixtures.fullIteration(task.id(), 2, s.sessionId(), new Decision.Retry("again")), odd, odd));

        // when: written as obra report writes it
        Path file = dir.resolve("report.html");
        Files.writeString(file, HtmlReport.of(store, task.id()).render());

        // then
        Document page =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        assertThat(page.getElementsByTagName("section").getLength()).isEqualTo(2);
        String text = Files.readString(file);
        assertThat(text)
                .doesNotContain("\uFFFE", "\uFFFF")
                .contains(
                        "a".repeat(3_999) + "\n[... 11 more]",
                        "lone high \uFFFD lone low \uFFFD reversed "
                                + "\uFFFD\uFFFD nonchar \uFFFD\uFFFD kept \uD83D\uDE00");
        assertThat(text.codePoints().filter(c -> c >= 0xD800 && c <= 0xDFFF))
                .as("unpaired surrogates")
                .isEmpty();
    }

    @Test
    void clippingKeepsWholeCodePoints() {
        assertThat(HtmlReport.clip("ab\uD83D\uDE00cd", 3)).isEqualTo("ab\n[... 3 more]");
        assertThat(HtmlReport.clip("ab\uD83D\uDE00cd", 4)).isEqualTo("ab\uD83D\uDE00\n[... 2 more]");
        assertThat(HtmlReport.clip("abc", 3)).isEqualTo("abc");
    }

    private static IterationRecord withText(IterationRecord it, String answer, String output) {
        VerificationResult v =
                new VerificationResult(List.of("python3", "-c", "print()"), 1, false, output, Duration.ofMillis(5));
        return new IterationRecord(
                it.taskId(),
                it.iteration(),
                it.sessionId(),
                it.attempts(),
                it.prompt(),
                answer,
                it.validation(),
                it.quality(),
                it.confidence(),
                it.decision(),
                it.changes(),
                Optional.of(v),
                it.createdAt());
    }

    @Test
    void anUnknownTaskIsRefused() {
        TaskId unknown = TaskId.random();
        assertThatThrownBy(() -> HtmlReport.of(new InMemorySessionStore(), unknown))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(unknown.value());
    }
}
