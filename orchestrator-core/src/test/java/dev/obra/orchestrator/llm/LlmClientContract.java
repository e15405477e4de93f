package dev.obra.orchestrator.llm;

import static dev.obra.orchestrator.internal.llm.TestHttp.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.obra.orchestrator.internal.llm.LlmClientBuilder;
import dev.obra.orchestrator.internal.llm.ScriptedBody;
import dev.obra.orchestrator.internal.llm.TestHttp;
import dev.obra.orchestrator.llm.LlmException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every HTTP {@link LlmInterface} client does the same, whatever its server's wire format: retries and their
 * waits, the three timeouts, interrupts, connection reuse. Each client's IT extends this and says, through the
 * hooks, what its server sends; the tests of its own wire format stay in the subclass.
 *
 * @param <C> the client
 * @param <B> its builder
 */
public abstract class LlmClientContract<C extends LlmInterface & AutoCloseable, B extends LlmClientBuilder<B, C>> {
    protected final MockWebServer server = TestHttp.loopbackServer();
    /** The waits the client asked for, in order: give {@code sleeps::add} as its sleeper, so no test waits. */
    protected final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    protected final CountDownLatch gate = new CountDownLatch(1);
    private final List<C> clients = new ArrayList<>();
    private final ServerKind kind;
    private final Streaming<C> streaming;

    /**
     * Describes the server and the client.
     *
     * @param kind      what the server is and answers
     * @param streaming the client's own streaming method, such as {@code OllamaClient::stream}
     */
    protected LlmClientContract(ServerKind kind, Streaming<C> streaming) {
        this.kind = kind;
        this.streaming = streaming;
    }

    /**
     * A client's own streaming method: the clients share no interface that has one.
     *
     * @param <C> the client
     */
    @FunctionalInterface
    public interface Streaming<C> {
        /**
         * Streams {@code request} with {@code client}.
         *
         * @param client  the client
         * @param request the request
         * @param onText  takes each piece of the answer's text
         * @return the whole answer
         */
        LlmResponse stream(C client, LlmRequest request, Consumer<String> onText);
    }

    /**
     * What kind of server the client talks to.
     *
     * @param basePath        the path of the API below the server's root: "" or "/v1"
     * @param unreachableHint the part of the hint for an unreachable server that names this kind of server
     * @param answer          a complete answer to {@link #judgeRequest()}
     */
    public record ServerKind(String basePath, String unreachableHint, Answer answer) {}

    /**
     * A complete non-streamed answer as the server sends it.
     *
     * @param body             the JSON body
     * @param text             the answer's text in it
     * @param completionTokens the completion tokens it reports
     */
    public record Answer(String body, String text, int completionTokens) {}

    /** Returns a builder for a client of {@code baseUrl} with a model and {@link #sleeps} as its sleeper set. */
    protected abstract B builder(String baseUrl);

    /** Returns an error body in the server's shape, carrying {@code message}. */
    protected abstract String errorBody(String message);

    /** Returns one piece of a streamed answer, with {@code text} in it, that does not end the stream. */
    protected abstract String streamPiece(String text);

    /** Returns the last piece of a streamed answer, with {@code text} in it, and the end of the stream. */
    protected abstract String streamEnd(String text);

    /** Returns a response with the headers the server streams with. */
    protected abstract MockResponse.Builder streamResponse();

    @AfterEach
    void stop() throws Exception {
        gate.countDown();
        for (C client : clients) {
            client.close();
        }
        server.close();
    }

    /** Returns a builder for the test server. */
    protected B builder() {
        return builder(TestHttp.url(server, kind.basePath()))
                .firstByteTimeout(Duration.ofSeconds(10)); // a test that forgets to enqueue an answer fails fast
    }

    /** Builds a client that is closed after the test. */
    protected C client(B builder) {
        C client = builder.build();
        clients.add(client);
        return client;
    }

    /** Returns the {@link GradingRequest} at temperature 0. */
    protected static LlmRequest judgeRequest() {
        return GradingRequest.of().withTemperature(0);
    }

    /** Returns a 429 whose {@code Retry-After} asks for {@code seconds}. */
    private MockResponse tooManyRequests(String seconds) {
        return new MockResponse.Builder()
                .code(429)
                .setHeader("Retry-After", seconds)
                .body(errorBody("too many requests"))
                .build();
    }

    @Test
    void a429IsRetriedAfterTheDelayRetryAfterAsksFor() {
        server.enqueue(tooManyRequests("7"));
        server.enqueue(json(200, kind.answer().body()));
        C client = client(builder());

        LlmResponse response = client.complete(judgeRequest());

        assertThat(response.text()).isEqualTo(kind.answer().text());
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aRetryAfterBeyondTheTimeoutFailsAtOnceInsteadOfWaiting() {
        server.enqueue(tooManyRequests("3600"));
        C client = client(builder().timeout(Duration.ofSeconds(30)));

        LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(judgeRequest()));

        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.httpStatus()).hasValue(429);
        assertThat(e.getMessage()).contains("too many requests").contains("Retry-After");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void a500IsRetriedWithAJitteredBackoffThenSucceeds() {
        server.enqueue(json(500, errorBody("llama runner process has terminated")));
        server.enqueue(json(200, kind.answer().body()));
        C client = client(builder());

        LlmResponse response = client.complete(judgeRequest());

        assertThat(response.completionTokens()).isEqualTo(kind.answer().completionTokens());
        assertThat(sleeps)
                .singleElement()
                .satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(250), Duration.ofMillis(500)));
    }

    @Test
    void a503IsRetriedMaxRetriesTimesThenReported() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(503, errorBody("server busy, please try again")));
        }
        C client = client(builder().maxRetries(2));

        LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(judgeRequest()));

        assertThat(e.kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(e.httpStatus()).hasValue(503);
        assertThat(e.getMessage()).contains("server busy").contains("after 2 retries");
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void aRefusedConnectionIsRetriedThenReportedAsUnavailable() {
        C client = client(builder(TestHttp.closedPortUrl(kind.basePath())).maxRetries(2));

        LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(judgeRequest()));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.httpStatus()).isEmpty();
        assertThat(e.getMessage()).contains("is not reachable").contains(kind.unreachableHint());
        assertThat(sleeps).hasSize(2);
        assertThat(client.isAvailable()).isFalse();
    }

    @Test
    void aServerThatNeverAnswersCostsOneFirstByteTimeoutAndIsNotRetried() {
        server.enqueue(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build());
        server.enqueue(json(200, kind.answer().body()));
        C client = client(builder().firstByteTimeout(Duration.ofMillis(300)));

        long start = System.nanoTime();
        LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(judgeRequest()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("first-byte timeout of 300 ms");
        assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void anErrorBodyThatStallsIsGivenUpAfterTheFirstByteTimeout() {
        byte[] whole = errorBody("invalid options").getBytes(UTF_8);
        byte[] start = Arrays.copyOf(whole, whole.length - 4);
        server.enqueue(new MockResponse.Builder()
                .code(400)
                .body(new ScriptedBody(List.of(start), start.length + 100, gate))
                .build());
        C client = client(builder().firstByteTimeout(Duration.ofMillis(300)));

        long begin = System.nanoTime();
        LlmException e = catchThrowableOfType(LlmException.class, () -> client.complete(judgeRequest()));
        Duration took = Duration.ofNanos(System.nanoTime() - begin);

        assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(e.httpStatus()).hasValue(400);
        assertThat(e.getMessage()).contains("HTTP 400").contains("the error body could not be read");
        assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void timeSpentOnTheAnswerBetweenReadsIsNotAStall() throws Exception {
        byte[] first = streamPiece("slow ").getBytes(UTF_8);
        byte[] rest = streamEnd("reader").getBytes(UTF_8);
        server.enqueue(streamResponse()
                .body(new ScriptedBody(List.of(first, rest), -1, gate))
                .build());
        C client = client(builder().firstByteTimeout(Duration.ofMillis(200)));
        List<String> pieces = new CopyOnWriteArrayList<>();

        LlmResponse response = streaming.stream(client, LlmRequest.of("x"), piece -> {
            pieces.add(piece);
            if (pieces.size() == 1) {
                gate.countDown();
                // A consumer busy for longer than the first-byte timeout while the rest of the answer arrives: the
                // limit is on waiting for the server, not on the caller.
                LockSupport.parkNanos(Duration.ofMillis(600).toNanos());
            }
        });

        assertThat(response.text()).isEqualTo("slow reader");
        assertThat(pieces).containsExactly("slow ", "reader");
    }

    @Test
    void aStreamThatGoesSilentFailsAtTheFirstByteTimeout() {
        Stall stall = streamThatStallsAfter("par", -1, builder().firstByteTimeout(Duration.ofMillis(300)));

        assertThat(stall.failure().kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(stall.failure().getMessage()).contains("stalled: no data for 300 ms");
        assertThat(stall.pieces()).containsExactly("par");
        assertThat(stall.took()).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
    }

    @Test
    void aBodyThatStallsIsCutOffAtTheTotalTimeout() {
        Stall stall = streamThatStallsAfter("partial", 1000, builder().timeout(Duration.ofMillis(600)));

        assertThat(stall.failure().kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(stall.failure().getMessage()).contains("total timeout of 600 ms");
        assertThat(stall.pieces()).containsExactly("partial");
        assertThat(stall.took()).isBetween(Duration.ofMillis(550), Duration.ofSeconds(5));
    }

    /**
     * What a streamed call gave.
     *
     * @param response the whole answer
     * @param pieces   each piece of its text, in order
     */
    protected record Streamed(LlmResponse response, List<String> pieces) {}

    /**
     * Streams {@code request} from a response with {@code headers} whose {@code body} arrives in two reads, split at
     * byte {@code split}; the second waits until the client has given the first piece.
     */
    protected Streamed streamInTwoReads(MockResponse.Builder headers, String body, int split, LlmRequest request) {
        byte[] all = body.getBytes(UTF_8);
        server.enqueue(headers.body(new ScriptedBody(
                        List.of(Arrays.copyOfRange(all, 0, split), Arrays.copyOfRange(all, split, all.length)),
                        all.length,
                        gate))
                .build());
        C client = client(builder());
        List<String> pieces = new CopyOnWriteArrayList<>();
        LlmResponse response = streaming.stream(client, request, piece -> {
            pieces.add(piece);
            gate.countDown();
        });
        return new Streamed(response, pieces);
    }

    private record Stall(LlmException failure, List<String> pieces, Duration took) {}

    /**
     * Streams an answer whose body stops after the piece with {@code text}: chunked when {@code missingBytes} is
     * -1, else announcing that many bytes more than it sends.
     */
    private Stall streamThatStallsAfter(String text, int missingBytes, B builder) {
        byte[] first = streamPiece(text).getBytes(UTF_8);
        long length = missingBytes < 0 ? -1 : first.length + missingBytes;
        server.enqueue(streamResponse()
                .body(new ScriptedBody(List.of(first), length, gate))
                .build());
        C client = client(builder);
        List<String> pieces = new CopyOnWriteArrayList<>();

        long start = System.nanoTime();
        LlmException e = catchThrowableOfType(
                LlmException.class, () -> streaming.stream(client, LlmRequest.of("x"), pieces::add));
        return new Stall(e, pieces, Duration.ofNanos(System.nanoTime() - start));
    }

    @Test
    void anInterruptCancelsACallThatIsWaitingForTheServer() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build());
        C client = client(builder());
        List<Object> outcome = new CopyOnWriteArrayList<>();
        Thread caller = new Thread(() -> {
            try {
                client.complete(judgeRequest());
            } catch (LlmException e) {
                outcome.add(e.kind());
                outcome.add(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        assertThat(server.takeRequest(5, TimeUnit.SECONDS)).isNotNull();

        caller.interrupt();
        caller.join(5_000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(outcome).containsExactly(Kind.CANCELLED, true);
    }

    @Test
    void callsReuseOneConnection() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(200, kind.answer().body()));
        }
        C client = client(builder());

        for (int i = 0; i < 3; i++) {
            client.complete(judgeRequest());
        }

        for (int i = 0; i < 3; i++) {
            RecordedRequest request = server.takeRequest();
            assertThat(request.getConnectionIndex()).isZero();
            assertThat(request.getExchangeIndex()).isEqualTo(i);
        }
    }
}
