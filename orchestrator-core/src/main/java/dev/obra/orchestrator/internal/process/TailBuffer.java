package dev.obra.orchestrator.internal.process;

import static dev.obra.orchestrator.internal.argument.Arguments.requireAtLeast;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the last bytes written to it, so that a process's output can be drained whole while memory stays bounded.
 * Memory grows with what was written, up to the capacity, so a large capacity costs nothing for a short output.
 * Thread-safe: one thread may drain a stream into it while another reads the text.
 */
public final class TailBuffer {
    /** A capacity that keeps everything a Java array can hold: the whole output. */
    public static final int WHOLE = Integer.MAX_VALUE - 8;

    private static final int INITIAL = 8192;

    private final int capacity;
    private byte[] ring;
    private long written;

    /**
     * Returns a buffer that keeps the last {@code capacity} bytes.
     *
     * @param capacity how many of the last bytes written are kept, at least 1; {@link #WHOLE} keeps all
     */
    public TailBuffer(int capacity) {
        this.capacity = requireAtLeast(capacity, 1, "capacity");
        ring = new byte[Math.min(capacity, INITIAL)];
    }

    /**
     * Appends {@code length} bytes of {@code bytes} from {@code offset}.
     *
     * @param bytes the bytes
     * @param offset the offset
     * @param length the length
     */
    public synchronized void write(byte[] bytes, int offset, int length) {
        if (ring.length < capacity && written + length > ring.length) {
            // Below the capacity nothing has wrapped yet: the bytes sit at the start, in order.
            byte[] grown = new byte[(int) Math.min(capacity, Math.max(written + length, 2L * ring.length))];
            System.arraycopy(ring, 0, grown, 0, (int) written);
            ring = grown;
        }
        // Only the last bytes of a long write can be kept; they go where the ring stands after the ones before.
        int kept = Math.min(length, ring.length);
        int from = offset + length - kept;
        int at = (int) ((written + length - kept) % ring.length);
        int head = Math.min(kept, ring.length - at);
        System.arraycopy(bytes, from, ring, at, head);
        System.arraycopy(bytes, from + head, ring, 0, kept - head);
        written += length;
    }

    /**
     * Writes what {@code in} gives until it ends, calling {@code onRead} before each write, then closes it. A failed
     * read ends the drain: the stream of a killed process breaks, and what came before stays.
     *
     * @param in the in
     * @param onRead the on read
     */
    public void drainFrom(InputStream in, Runnable onRead) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                onRead.run();
                write(buffer, 0, n);
            }
        } catch (IOException e) {
            // The stream closes when the process is killed; what was read so far is kept.
        }
    }

    /**
     * Returns how many bytes were written in all.
     *
     * @return how many bytes were written in all
     */
    public synchronized long written() {
        return written;
    }

    /**
     * Returns the kept bytes as UTF-8 text, prefixed with a note when earlier output was dropped.
     *
     * @return the kept bytes as UTF-8 text, prefixed with a note when earlier output was dropped
     */
    public synchronized String text() {
        int size = (int) Math.min(written, ring.length);
        String s;
        if (written <= ring.length) {
            // Nothing has wrapped: the bytes sit at the start, in order.
            s = new String(ring, 0, size, StandardCharsets.UTF_8);
        } else {
            // The ring is full and the oldest byte stands where the next one goes.
            byte[] out = new byte[size];
            int at = (int) (written % ring.length);
            System.arraycopy(ring, at, out, 0, size - at);
            System.arraycopy(ring, 0, out, size - at, at);
            s = new String(out, StandardCharsets.UTF_8);
        }
        if (written > size) {
            int nl = s.indexOf('\n');
            s = "[... " + (written - size) + " earlier bytes dropped]\n" + (nl >= 0 ? s.substring(nl + 1) : s);
        }
        return s;
    }
}
