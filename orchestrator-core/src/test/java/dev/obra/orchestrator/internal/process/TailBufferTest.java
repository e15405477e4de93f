package dev.obra.orchestrator.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TailBufferTest {
    @Test
    void keepsEverythingWhileItFits() {
        TailBuffer tail = new TailBuffer(16);
        byte[] text = "hello\nworld\n".getBytes(StandardCharsets.UTF_8);
        tail.write(text, 0, text.length);
        assertThat(tail.text()).isEqualTo("hello\nworld\n");
        assertThat(tail.written()).isEqualTo(12);
    }

    @Test
    void keepsTheLastBytesAcrossSmallAndLargeWrites() {
        TailBuffer tail = new TailBuffer(10);
        byte[] a = "line1\nline2\n".getBytes(StandardCharsets.UTF_8);
        tail.write(a, 0, a.length);
        byte[] b = "abc\n".getBytes(StandardCharsets.UTF_8);
        tail.write(b, 0, b.length);
        assertThat(tail.text()).isEqualTo("[... 6 earlier bytes dropped]\nabc\n");
        byte[] big = "0123456789ABCDEFGHIJ\nend\n".getBytes(StandardCharsets.UTF_8);
        tail.write(big, 0, big.length);
        assertThat(tail.text()).isEqualTo("[... 31 earlier bytes dropped]\nend\n");
    }

    @Test
    void aLargeCapacityGrowsWithTheOutputAndKeepsItWhole() {
        TailBuffer whole = new TailBuffer(TailBuffer.WHOLE);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            byte[] line = (i + "\n").getBytes(StandardCharsets.UTF_8);
            whole.write(line, 0, line.length);
            expected.append(i).append('\n');
        }
        assertThat(whole.text()).isEqualTo(expected.toString());
    }

    @Test
    void aBufferThatGrewToItsCapacityThenKeepsOnlyTheTail() {
        TailBuffer tail = new TailBuffer(20_000);
        byte[] block = new byte[9_000];
        for (int i = 0; i < 3; i++) {
            java.util.Arrays.fill(block, (byte) ('a' + i));
            block[block.length - 1] = '\n';
            tail.write(block, 0, block.length);
        }
        String text = tail.text();
        assertThat(tail.written()).isEqualTo(27_000);
        assertThat(text).startsWith("[... 7000 earlier bytes dropped]\n").endsWith("c\n");
        assertThat(text.chars().filter(c -> c == 'c').count()).isEqualTo(8_999);
    }
}
