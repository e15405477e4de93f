package dev.obra.orchestrator.internal;

import java.nio.charset.StandardCharsets;

/**
 * Keeps the last bytes written to it, so that a process's output can be drained whole while memory stays bounded.
 * Not thread-safe.
 */
public final class TailBuffer {
    private final byte[] ring;
    private long written;

    public TailBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        ring = new byte[capacity];
    }

    /** Appends {@code length} bytes of {@code bytes} from {@code offset}. */
    public void write(byte[] bytes, int offset, int length) {
        if (length >= ring.length) {
            System.arraycopy(bytes, offset + length - ring.length, ring, 0, ring.length);
            written += length;
            int start = (int) (written % ring.length);
            rotate(start);
            return;
        }
        for (int i = 0; i < length; i++) {
            ring[(int) ((written + i) % ring.length)] = bytes[offset + i];
        }
        written += length;
    }

    private void rotate(int start) {
        // After a whole-buffer write, position 'start' must hold the oldest byte: shift so the copy reads in order.
        byte[] copy = ring.clone();
        for (int i = 0; i < ring.length; i++) {
            ring[(start + i) % ring.length] = copy[i];
        }
    }

    /** Returns how many bytes were written in all. */
    public long written() {
        return written;
    }

    /** Returns the kept bytes as UTF-8 text, prefixed with a note when earlier output was dropped. */
    public String text() {
        int size = (int) Math.min(written, ring.length);
        byte[] out = new byte[size];
        long first = written - size;
        for (int i = 0; i < size; i++) {
            out[i] = ring[(int) ((first + i) % ring.length)];
        }
        String s = new String(out, StandardCharsets.UTF_8);
        if (written > size) {
            int nl = s.indexOf('\n');
            s = "[... " + (written - size) + " earlier bytes dropped]\n" + (nl >= 0 ? s.substring(nl + 1) : s);
        }
        return s;
    }
}
