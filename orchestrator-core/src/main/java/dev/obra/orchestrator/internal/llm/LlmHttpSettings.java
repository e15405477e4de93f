package dev.obra.orchestrator.internal.llm;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The settings both local-LLM clients share, each checked when it is set. The public builders delegate to one of
 * these, and {@link LlmHttp} copies it, so a builder cannot change a built client. Not thread-safe.
 */
public final class LlmHttpSettings {
    /** The default connect timeout: a local server either accepts at once or is not there. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The default wait for the first byte of an answer, long enough for a cold model to load. */
    public static final Duration DEFAULT_FIRST_BYTE_TIMEOUT = Duration.ofMinutes(5);
    /** The default bound on a whole call, retries and waits between them included. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    /** The default number of retries after the first attempt. */
    public static final int DEFAULT_MAX_RETRIES = 2;

    String baseUrl;
    String model;
    OptionalDouble temperature = OptionalDouble.empty();
    Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    Duration firstByteTimeout = DEFAULT_FIRST_BYTE_TIMEOUT;
    Duration timeout = DEFAULT_TIMEOUT;
    int maxRetries = DEFAULT_MAX_RETRIES;
    Optional<String> apiKey = Optional.empty();
    Optional<OkHttpClient> httpClient = Optional.empty();
    Sleeper sleeper = Sleeper.THREAD;

    /** Starts with the given base URL and the defaults above. */
    public LlmHttpSettings(String defaultBaseUrl) {
        baseUrl(defaultBaseUrl);
    }

    /** Returns an independent copy. */
    public LlmHttpSettings copy() {
        LlmHttpSettings c = new LlmHttpSettings(baseUrl);
        c.model = model;
        c.temperature = temperature;
        c.connectTimeout = connectTimeout;
        c.firstByteTimeout = firstByteTimeout;
        c.timeout = timeout;
        c.maxRetries = maxRetries;
        c.apiKey = apiKey;
        c.httpClient = httpClient;
        c.sleeper = sleeper;
        return c;
    }

    public void baseUrl(String value) {
        requireNonNull(value, "baseUrl");
        HttpUrl url = HttpUrl.parse(value.strip());
        if (url == null) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL, was '" + value + "'");
        }
        baseUrl = value.strip();
    }

    public void model(String value) {
        if (requireNonNull(value, "model").isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        model = value.strip();
    }

    public void temperature(double value) {
        if (!(value >= 0 && value <= 2)) {
            throw new IllegalArgumentException("temperature must be in 0..2, was " + value);
        }
        temperature = OptionalDouble.of(value);
    }

    public void timeout(Duration value) {
        timeout = positive(value, "timeout");
    }

    public void connectTimeout(Duration value) {
        connectTimeout = positive(value, "connectTimeout");
    }

    public void firstByteTimeout(Duration value) {
        firstByteTimeout = positive(value, "firstByteTimeout");
    }

    public void maxRetries(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + value);
        }
        maxRetries = value;
    }

    public void apiKey(String value) {
        if (requireNonNull(value, "apiKey").isBlank()) {
            throw new IllegalArgumentException("apiKey must not be blank");
        }
        apiKey = Optional.of(value.strip());
    }

    public void httpClient(OkHttpClient value) {
        httpClient = Optional.of(requireNonNull(value, "httpClient"));
    }

    public void sleeper(Sleeper value) {
        sleeper = requireNonNull(value, "sleeper");
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    public OptionalDouble temperature() {
        return temperature;
    }

    public Duration timeout() {
        return timeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration firstByteTimeout() {
        return firstByteTimeout;
    }

    public int maxRetries() {
        return maxRetries;
    }

    private static Duration positive(Duration value, String name) {
        if (requireNonNull(value, name).isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
        return value;
    }
}
