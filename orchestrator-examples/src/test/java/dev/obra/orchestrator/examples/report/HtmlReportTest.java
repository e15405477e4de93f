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
import dev.obra.orchestrator.store.BreakpointRecord;
import dev.obra.orchestrator.store.InMemorySessionStore;
import dev.obra.orchestrator.store.SessionRecord;
import dev.obra.orchestrator.store.StoreFixtures;
import dev.obra.orchestrator.store.TaskRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
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
        store.recordBreakpoint(new BreakpointRecord(task.id(), 1, "costAbove", HOSTILE,
                Resolution.continueWith(HOSTILE), T0, T0));
        store.finishTask(task.finish(TaskStatus.FAILED, Optional.of(new Decision.Abort(HOSTILE)), HOSTILE, HOSTILE,
                T0.plusSeconds(5)));

        String html = HtmlReport.of(store, task.id()).render();

        assertThat(html).doesNotContain("<script>", "\u0001").contains("&lt;/pre&gt;&lt;script&gt;",
                "ünïcødé ✓", "$0.007116", "costAbove");
        Document page = DocumentBuilderFactory.newInstance().newDocumentBuilder()
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
        PermissionDenial denial = new PermissionDenial("Bash", "toolu_1", "{\"command\":\"mvn -q test <x>\"}",
                "Bash(mvn -q test <x>)");
        store.closeSession(StoreFixtures.completed(s, new Usage(1, 1, 0, 0), 2, "0.01", 100)
                .withPermissionDenials(List.of(denial, denial)));

        String html = HtmlReport.of(store, task.id()).render();

        assertThat(html).contains("<th>Refused tools</th>", "Bash(mvn -q test &lt;x&gt;) twice");
    }

    @Test
    void anUnknownTaskIsRefused() {
        TaskId unknown = TaskId.random();
        assertThatThrownBy(() -> HtmlReport.of(new InMemorySessionStore(), unknown))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(unknown.value());
    }
}
