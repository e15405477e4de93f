package dev.obra.orchestrator.internal.llm;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * A response body written in parts, each flushed, with a wait on a latch before each later part. It makes a body
 * arrive in pieces (a UTF-8 character split across reads) or stop half-way (a stalled stream) on the test's cue,
 * without sleeping.
 */
public final class ScriptedBody implements MockResponseBody {
    private final List<byte[]> parts;
    private final long contentLength;
    private final CountDownLatch gate;

    /**
     * @param parts         written in order; before every part after the first, the writer waits for {@code gate}
     * @param contentLength the announced length, -1 for a chunked body; more than the parts hold makes it stall
     * @param gate          opened by the test when the rest may come
     */
    public ScriptedBody(List<byte[]> parts, long contentLength, CountDownLatch gate) {
        this.parts = List.copyOf(parts);
        this.contentLength = contentLength;
        this.gate = gate;
    }

    @Override
    public long getContentLength() {
        return contentLength;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                await();
            }
            sink.write(parts.get(i));
            sink.flush();
        }
        if (contentLength > parts.stream().mapToLong(p -> p.length).sum()) {
            await();
        }
    }

    private void await() throws InterruptedIOException {
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new InterruptedIOException("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }
}
