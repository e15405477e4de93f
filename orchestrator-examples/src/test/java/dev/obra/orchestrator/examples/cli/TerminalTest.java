package dev.obra.orchestrator.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.AgentResult;
import dev.obra.orchestrator.agent.PermissionDenial;
import dev.obra.orchestrator.agent.Usage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTest {
    private static final String ESC = "\u001b";
    private static final String BEL = "\u0007";

    @Test
    void oscStringsUpToBelOrStAreRemoved() {
        assertThat(Terminal.clean("a" + ESC + "]52;c;aGVsbG8=" + BEL + "b")).isEqualTo("ab");
        assertThat(Terminal.clean("a" + ESC + "]0;title" + ESC + "\\b")).isEqualTo("ab");
        assertThat(Terminal.clean("a\u009d8;;http://x\u009cb")).isEqualTo("ab");
        assertThat(Terminal.clean("a" + ESC + "]52;c;unterminated\nnext line")).isEqualTo("a\nnext line");
    }

    @Test
    void csiAndOtherEscapeSequencesAreRemoved() {
        assertThat(Terminal.clean(ESC + "[2J" + ESC + "[1;31mred" + ESC + "[0m" + ESC + "[?1049h"))
                .isEqualTo("red");
        assertThat(Terminal.clean("x\u009b2Jy")).isEqualTo("xy");
        assertThat(Terminal.clean(ESC + "(B" + ESC + "7" + ESC + "Pq#0;2;0;0;0" + ESC + "\\" + "ok"))
                .isEqualTo("ok");
        assertThat(Terminal.clean("end" + ESC)).isEqualTo("end");
    }

    @Test
    void controlsOtherThanNewlineAndTabAreRemovedAndTheRestIsKept() {
        assertThat(Terminal.clean("a\u0000b\rc\u0008d\u007fe\u0085f\tg\nh")).isEqualTo("abcdef\tg\nh");
        String plain = "FAIL: median(5, 3, 9, 1) ünïcødé ✓ \uD83D\uDE00";
        assertThat(Terminal.clean(plain)).isSameAs(plain);
    }

    @Test
    void everythingPrintedIsCleanedButOurOwnControlSequences() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Terminal out = new Terminal(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        out.control("\r" + ESC + "[2K");
        out.print("a" + ESC + "[2J");
        out.println("b" + ESC + "]52;c;eA==" + BEL);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("\r" + ESC + "[2Kab" + System.lineSeparator());
    }

    @Test
    void aRefusedCommandHoldingEscapeSequencesIsShownWithoutTheirRemains() {
        // given a refused call whose command colours its output and sets the clipboard (longer than the line's clip)
        String rule =
                "Bash(printf '" + ESC + "[31mred" + ESC + "[0m' " + ESC + "]52;c;" + "eA==".repeat(60) + BEL + ")";
        AgentResponse response = AgentResponse.success(
                        SessionId.random(), "done", Usage.ZERO, 1, BigDecimal.ZERO, Duration.ofSeconds(1))
                .withPermissionDenials(List.of(new PermissionDenial("Bash", "toolu_1", "{}", rule)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Terminal out = new Terminal(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        // when run's progress line and show's line print it
        out.println("agent "
                + ProgressPrinter.describe(new AgentResult.Responded(response), Duration.ofSeconds(2))
                + "; task so far 0 tokens");
        out.println("  s-1 (iteration 1, attempt 1): " + Tables.refusals(response.permissionDenials()));

        // then each sequence is gone whole: no "[31m" or "]52;" left visible, and nothing clipped away
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "agent success in 2.0s wall clock (the CLI reports 1.0s of its own), 0 tokens, 1 turn(s), $0;"
                                + " refused Bash(printf 'red' ) once; task so far 0 tokens",
                        "  s-1 (iteration 1, attempt 1): Bash(printf 'red' ) once");
    }

    @Test
    void aStatusLineIsCutBelowTheTerminalsWidth() {
        String status = "  ... iteration 2/5, agent working for 12.3s (task 45.6s, 123,456 tokens, $0.42)";
        assertThat(Terminal.fit(status, 40)).hasSize(39).endsWith("…").startsWith("  ... iteration 2/5");
        assertThat(Terminal.fit(status, 200)).isEqualTo(status);
        assertThat(Terminal.fit("\uD83D\uDE00".repeat(10), 5)).isEqualTo("\uD83D\uDE00".repeat(3) + "…");
    }

    @Test
    void theWidthComesFromColumnsOrASaneDefault() {
        assertThat(Terminal.columns(Map.of("COLUMNS", "132"))).isEqualTo(132);
        assertThat(Terminal.columns(Map.of())).isEqualTo(Terminal.DEFAULT_COLUMNS);
        assertThat(Terminal.columns(Map.of("COLUMNS", "wide"))).isEqualTo(Terminal.DEFAULT_COLUMNS);
        assertThat(Terminal.columns(Map.of("COLUMNS", "0"))).isEqualTo(Terminal.DEFAULT_COLUMNS);
    }
}
