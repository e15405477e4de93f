package dev.obra.orchestrator.internal.llm;

import static java.util.Objects.requireNonNull;

import dev.obra.orchestrator.internal.llm.CallWatch.Watch;
import dev.obra.orchestrator.llm.LlmException;
import dev.obra.orchestrator.llm.LlmException.Kind;
import java.io.IOException;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import okio.ForwardingSource;
import okio.Okio;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP engine both local-LLM clients share: timeouts that fit local models, retries with backoff, and errors
 * mapped to {@link LlmException} with the server, the model, the status and the server's own message. Thread-safe.
 *
 * <p>Timeouts: the connect timeout is OkHttp's and bounds opening a connection. The first-byte timeout bounds each
 * wait for the server once connected: sending the request and waiting for the response headers (a cold model sends
 * none until it has loaded), then every wait for more of the body; time the caller spends on what it read does not
 * count. The total timeout bounds the whole call, every retry and wait included, reading the body too. The
 * {@link CallWatch} keeps both, to within {@value CallWatch#PERIOD_MS} ms, and OkHttp's own read, write and call
 * timeouts are off: they would wake okio's watchdog thread on every socket read and write. A first-byte timeout is
 * never retried: the server was there and busy, and disconnecting has already aborted whatever it was loading.
 */
public final class LlmHttp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LlmHttp.class);

    /** The media type of every request body. */
    public static final MediaType JSON = MediaType.get("application/json");

    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
    static final Duration PROBE_EXTRA = Duration.ofSeconds(5);
    private static final long MAX_ERROR_BODY = 64 * 1024;
    /**
     * Older llama.cpp servers and their forks answer 500 to a {@code response_format} they do not know ({@code
     * response_format type must be one of "text" or "json_object", but got: json_schema}): a rejected request, not
     * a failure a retry cures.
     */
    private static final Pattern REJECTED_WITH_500 = Pattern.compile("response_format", Pattern.CASE_INSENSITIVE);

    private static final Pattern MODEL_MISSING = Pattern.compile(
            "model\\b.*\\b(not found|does not exist|no such|not loaded)|\\b(unknown|no such|invalid) model"
                    // LM Studio without a loaded model: 400 (404 in older versions) "No models loaded. Please load..."
                    + "|\\bno models? (is |are )?loaded",
            Pattern.CASE_INSENSITIVE);

    /**
     * Marks an attempt as connected and starts its wait for the server: network interceptors run only once a
     * connection is open, just before the request is written.
     */
    private static final Interceptor MARK_CONNECTED = chain -> {
        Attempt attempt = chain.call().tag(Attempt.class);
        if (attempt != null) {
            attempt.connected = true;
            attempt.watch.waiting();
        }
        return chain.proceed(chain.request());
    };

    private final String server;
    private final String unreachableHint;
    private final LlmHttpSettings settings;
    private final HttpUrl baseUrl;
    private final String shownBaseUrl;
    private final String model;
    private final OkHttpClient client;
    private final boolean ownsClient;
    private final Optional<String> authorization;
    private final Headers headers;
    private volatile boolean closed;

    /**
     * @param settings the settings
     * @param server          the kind of server, for messages ({@code "Ollama"})
     * @param unreachableHint what to tell a user whose server does not answer at all
     * @throws IllegalStateException when no model is set
     */
    public LlmHttp(String server, String unreachableHint, LlmHttpSettings settings) {
        this.server = requireNonNull(server, "server");
        this.unreachableHint = requireNonNull(unreachableHint, "unreachableHint");
        this.settings = requireNonNull(settings, "settings");
        this.model = this.settings.model().orElseThrow(() -> new IllegalStateException("model is required"));
        HttpUrl url = HttpUrl.parse(this.settings.baseUrl());
        this.baseUrl = url.encodedPath().endsWith("/")
                ? url
                : url.newBuilder().addPathSegment("").build();
        this.shownBaseUrl = this.settings.shownBaseUrl();
        this.ownsClient = this.settings.httpClient().isEmpty();
        this.client = this.settings
                .httpClient()
                .map(OkHttpClient::newBuilder)
                .orElseGet(OkHttpClient.Builder::new)
                .connectTimeout(this.settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(0, TimeUnit.MILLISECONDS)
                .writeTimeout(0, TimeUnit.MILLISECONDS)
                .callTimeout(0, TimeUnit.MILLISECONDS)
                .addNetworkInterceptor(MARK_CONNECTED)
                .build();
        this.authorization = this.settings.apiKey().map(key -> "Bearer " + key);
        this.headers =
                authorization.map(value -> Headers.of("Authorization", value)).orElseGet(Headers::of);
    }

    /**
     * Returns the settings this engine was built from.
     *
     * @return the settings this engine was built from
     */
    public LlmHttpSettings settings() {
        return settings;
    }

    /**
     * Returns the model name requests use.
     *
     * @return the model name requests use
     */
    public String model() {
        return model;
    }

    /**
     * Returns the URL of {@code relativePath} under the base URL.
     *
     * @param relativePath the relative path
     * @return the URL of {@code relativePath} under the base URL
     */
    public HttpUrl url(String relativePath) {
        return baseUrl.resolve(relativePath);
    }

    /**
     * Returns {@code "Ollama at http://127.0.0.1:11434, model m"}: what every message starts with.
     *
     * @return {@code "Ollama at http://127.0.0.1:11434, model m"}: what every message starts with
     */
    public String describe() {
        return server + " at " + shownBaseUrl + ", model " + model;
    }

    /**
     * Starts the clock for one call: everything it does must end within the total timeout.
     *
     * @return the deadline
     */
    public Deadline deadline() {
        return new Deadline(System.nanoTime(), settings.timeout());
    }

    /**
     * Returns a POST of {@code json}, with the API key when one is set.
     *
     * @param url the URL
     * @param json the JSON text
     * @return a POST of {@code json}, with the API key when one is set
     */
    public Request post(HttpUrl url, ByteString json) {
        // The constructor, not a Builder: a call is ~100 us on loopback and every allocation shows.
        return new Request(url, headers, "POST", RequestBody.create(json, JSON));
    }

    /**
     * Returns a GET, with the API key when one is set.
     *
     * @param url the URL
     * @return a GET, with the API key when one is set
     */
    public Request get(HttpUrl url) {
        return new Request(url, headers, "GET", null);
    }

    /**
     * Sends {@code request} until it gets a 2xx response or gives up, and returns that response for the caller to
     * read and close. Retries connection failures, 429, 500, 502 and 503 up to {@code maxRetries} times, but not a
     * 500 that rejects the request's {@code response_format}.
     *
     * @param request the request
     * @param deadline the deadline
     * @return the exchange
     * @throws HttpStatusException for an error status (after the retries when it is retryable)
     * @throws LlmException        when the server cannot be reached, a timeout passes, or the thread is interrupted
     */
    public Exchange send(Request request, Deadline deadline) {
        requireNonNull(request, "request");
        requireNonNull(deadline, "deadline");
        if (closed) {
            throw new IllegalStateException("the " + server + " client is closed");
        }
        for (int retry = 0; ; retry++) {
            if (Thread.currentThread().isInterrupted()) {
                throw cancelled(what(request), null);
            }
            if (deadline.remainingNanos() <= 0) {
                throw timedOut(what(request), null);
            }
            Call call = client.newCall(request);
            Watch watch = CallWatch.watch(
                    call, deadline.endNanos, settings.firstByteTimeout().toNanos());
            Attempt attempt = call.tag(Attempt.class, () -> new Attempt(watch));
            Response response;
            try {
                response = call.execute();
            } catch (IOException e) {
                watch.close();
                LlmException failure = failure(e, what(request), attempt, call, watch, deadline, false);
                if (failure.kind() != Kind.UNAVAILABLE || retry >= settings.maxRetries()) {
                    throw failure;
                }
                backoff(what(request), retry, Optional.empty(), failure, deadline);
                continue;
            }
            if (response.isSuccessful()) {
                // The headers came. An error body is read below still under the first-byte clock.
                watch.received();
                return new Exchange(request, response, call, watch, attempt, deadline);
            }
            HttpStatusException failure;
            Optional<Duration> retryAfter;
            try {
                failure = statusFailure(what(request), response);
                retryAfter = retryAfter(response);
            } finally {
                response.close();
                watch.close();
            }
            int status = failure.status();
            boolean retryable = (status == 429 || status == 500 || status == 502 || status == 503)
                    && failure.kind() == Kind.SERVER_ERROR;
            if (!retryable || retry >= settings.maxRetries()) {
                throw retryable && settings.maxRetries() > 0
                        ? failure.withNote(" (after " + settings.maxRetries() + " retries)")
                        : failure;
            }
            backoff(what(request), retry, retryAfter, failure, deadline);
        }
    }

    private static String what(Request request) {
        return request.method() + " " + request.url().encodedPath();
    }

    /**
     * Returns whether {@code url} answers 2xx within the connect timeout plus 5 s; never throws for I/O.
     *
     * @param url the URL
     * @return whether {@code url} answers 2xx within the connect timeout plus 5 s; never throws for I/O
     */
    public boolean probe(HttpUrl url) {
        OptionalInt status = probeStatus(url);
        return status.isPresent() && status.getAsInt() >= 200 && status.getAsInt() < 300;
    }

    /**
     * Returns the status {@code GET url} answers within the connect timeout plus 5 s, without retries; empty when
     * nothing answered or the client is closed.
     *
     * @param url the URL to ask
     * @return the status of the answer, if one came
     */
    public OptionalInt probeStatus(HttpUrl url) {
        if (closed) {
            return OptionalInt.empty();
        }
        Call call = client.newCall(get(url));
        long bound = Math.min(
                settings.connectTimeout().plus(PROBE_EXTRA).toNanos(),
                settings.timeout().toNanos());
        Watch watch = CallWatch.watch(call, System.nanoTime() + bound, bound);
        try (Response response = call.execute()) {
            return OptionalInt.of(response.code());
        } catch (IOException e) {
            log.debug("{}: probe of {} failed: {}", describe(), url.encodedPath(), e.toString());
            return OptionalInt.empty();
        } finally {
            watch.close();
        }
    }

    private void backoff(
            String what, int retry, Optional<Duration> retryAfter, LlmException failure, Deadline deadline) {
        Duration delay = retryAfter.orElseGet(() -> jittered(retry));
        if (delay.toNanos() >= deadline.remainingNanos()) {
            String note = "; not retried: waiting " + delay.toMillis() + " ms"
                    + (retryAfter.isPresent() ? " as Retry-After asks" : "") + " would pass the timeout of "
                    + show(settings.timeout());
            throw failure instanceof HttpStatusException status
                    ? status.withNote(note)
                    : new LlmException(failure.kind(), failure.getMessage() + note, failure.getCause());
        }
        String reason = failure instanceof HttpStatusException status
                ? "HTTP " + status.status() + ": " + status.serverMessage()
                : String.valueOf(failure.getCause());
        log.warn(
                "{}: {} failed ({}); retry {} of {} in {} ms{}",
                describe(),
                what,
                ErrorBodies.clip(reason),
                retry + 1,
                settings.maxRetries(),
                delay.toMillis(),
                retryAfter.isPresent() ? " (Retry-After)" : "");
        try {
            settings.sleeper().sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled(what, e);
        }
    }

    /**
     * Returns a duration for people: {@code 300 ms}, {@code 5 s}, {@code 10 min}.
     *
     * @param d the d
     * @return a duration for people: {@code 300 ms}, {@code 5 s}, {@code 10 min}
     */
    public static String show(Duration d) {
        if (d.toMillis() < 1000 || d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        long s = d.getSeconds();
        return s % 60 == 0 ? s / 60 + " min" : s + " s";
    }

    static Duration jittered(int retry) {
        long base = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(retry, 20));
        return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    static Optional<Duration> retryAfter(Response response) {
        String value = response.header("Retry-After");
        if (value == null) {
            return Optional.empty();
        }
        try {
            double seconds = Double.parseDouble(value.strip());
            return seconds >= 0 && seconds < Long.MAX_VALUE / 1000
                    ? Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)))
                    : Optional.empty();
        } catch (NumberFormatException notSeconds) {
            Date date = response.headers().getDate("Retry-After");
            return date == null
                    ? Optional.empty()
                    : Optional.of(Duration.ofMillis(Math.max(0, date.getTime() - System.currentTimeMillis())));
        }
    }

    private HttpStatusException statusFailure(String what, Response response) {
        int status = response.code();
        String reason = response.message().isBlank() ? "no message" : response.message();
        String message;
        try {
            message = ErrorBodies.message(response.peekBody(MAX_ERROR_BODY).string(), reason);
        } catch (IOException e) {
            message = reason + " (the error body could not be read: " + e + ")";
        }
        Kind kind = status == 500 && REJECTED_WITH_500.matcher(message).find()
                ? Kind.BAD_REQUEST
                : status == 429 || status >= 500
                        ? Kind.SERVER_ERROR
                        : status >= 400 && MODEL_MISSING.matcher(message).find()
                                ? Kind.MODEL_NOT_FOUND
                                : status >= 400 ? Kind.BAD_REQUEST : Kind.MALFORMED_RESPONSE;
        String hint = "";
        if (status == 401 || status == 403) {
            hint = authorization.isPresent()
                    ? " (the server refused the API key)"
                    : " (the server wants an API key: set apiKey)";
        } else if (status == 404 && kind == Kind.BAD_REQUEST) {
            hint = " (is the base URL right? this client sent " + what + ")";
        } else if (status == 503) {
            hint = " (the server may still be loading the model)";
        }
        return new HttpStatusException(
                kind,
                describe() + ": " + what + " returned HTTP " + status + ": " + message + hint,
                status,
                message,
                null);
    }

    private LlmException failure(
            IOException e, String what, Attempt attempt, Call call, Watch watch, Deadline deadline, boolean answered) {
        if (watch.interrupted()) {
            Thread.currentThread().interrupt();
            return cancelled(what, e);
        }
        if (watch.stalled()) {
            String firstByte = show(settings.firstByteTimeout());
            return new LlmException(
                    Kind.TIMEOUT,
                    answered
                            ? describe() + ": the answer to " + what + " stalled: no data for " + firstByte
                                    + " (firstByteTimeout)"
                            : describe() + ": no answer to " + what + " within the first-byte timeout of " + firstByte
                                    + "; a model that is still loading can take minutes: raise firstByteTimeout or warm "
                                    + "the model up first",
                    e);
        }
        if (watch.expired() || deadline.remainingNanos() <= 0 || call.isCanceled()) {
            return timedOut(what, e);
        }
        String cause = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (!attempt.connected) {
            return new LlmException(
                    Kind.UNAVAILABLE, describe() + " is not reachable (" + cause + "); " + unreachableHint, e);
        }
        return new LlmException(
                answered ? Kind.SERVER_ERROR : Kind.UNAVAILABLE,
                describe() + ": the connection "
                        + (answered ? "broke while reading the answer to " : "failed before the server answered ")
                        + what
                        + " (" + cause + ")",
                e);
    }

    private LlmException timedOut(String what, Throwable cause) {
        return new LlmException(
                Kind.TIMEOUT,
                describe() + ": " + what + " did not finish within the total timeout " + "of "
                        + show(settings.timeout()) + " (timeout), retries included",
                cause);
    }

    private LlmException cancelled(String what, Throwable cause) {
        return new LlmException(
                Kind.CANCELLED,
                describe() + ": " + what + " was cancelled: the calling thread was " + "interrupted",
                cause);
    }

    /** Releases the connections of the HTTP client this engine made; a client passed in is left alone. */
    @Override
    public void close() {
        closed = true;
        if (ownsClient) {
            client.connectionPool().evictAll();
        }
    }

    /** When one call must end. */
    public static final class Deadline {
        private final long startNanos;
        private final long endNanos;

        Deadline(long startNanos, Duration total) {
            this.startNanos = startNanos;
            this.endNanos = startNanos + total.toNanos();
        }

        long remainingNanos() {
            return endNanos - System.nanoTime();
        }

        /**
         * Returns the time since the call started.
         *
         * @return the time since the call started
         */
        public Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }
    }

    /** Per-attempt state that the network interceptor fills in. */
    private static final class Attempt {
        final Watch watch;
        volatile boolean connected;

        Attempt(Watch watch) {
            this.watch = watch;
        }
    }

    /** A 2xx response being read. Close it, also on failure. */
    public final class Exchange implements AutoCloseable {
        private final Request request;
        private final Response response;
        private final Call call;
        private final Watch watch;
        private final Attempt attempt;
        private final Deadline deadline;
        private final BufferedSource body;

        private Exchange(
                Request request, Response response, Call call, Watch watch, Attempt attempt, Deadline deadline) {
            this.request = request;
            this.response = response;
            this.call = call;
            this.watch = watch;
            this.attempt = attempt;
            this.deadline = deadline;
            this.body = Okio.buffer(new ForwardingSource(response.body().source()) {
                @Override
                public long read(Buffer sink, long byteCount) throws IOException {
                    watch.waiting();
                    try {
                        return super.read(sink, byteCount);
                    } finally {
                        watch.received();
                    }
                }
            });
        }

        /**
         * Returns the body; every wait for more of it is bounded by the first-byte timeout.
         *
         * @return the body; every wait for more of it is bounded by the first-byte timeout
         */
        public BufferedSource body() {
            return body;
        }

        /**
         * Returns {@code "POST /api/chat"}, for messages.
         *
         * @return {@code "POST /api/chat"}, for messages
         */
        public String what() {
            return LlmHttp.what(request);
        }

        /**
         * Returns the exception for an I/O failure while reading the body (timeout, broken connection, cancel).
         *
         * @param e the e
         * @return the exception for an I/O failure while reading the body (timeout, broken connection, cancel)
         */
        public LlmException failure(IOException e) {
            return LlmHttp.this.failure(e, what(), attempt, call, watch, deadline, true);
        }

        @Override
        public void close() {
            try {
                response.close();
            } finally {
                watch.close();
            }
        }
    }
}
