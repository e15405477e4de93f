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
}
