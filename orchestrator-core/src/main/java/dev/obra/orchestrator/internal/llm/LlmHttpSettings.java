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

    /**
     * Starts with the given base URL and the defaults above.
     *
     * @param defaultBaseUrl the default base url
     */
    public LlmHttpSettings(String defaultBaseUrl) {
        baseUrl(defaultBaseUrl);
    }

    /**
     * Returns an independent copy.
     *
     * @return an independent copy
     */
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

    /**
     * Sets the base url.
     *
     * @param value the base url
     */
    public void baseUrl(String value) {
        requireNonNull(value, "baseUrl");
        HttpUrl url = HttpUrl.parse(value.strip());
        if (url == null) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL, was '" + value + "'");
        }
        baseUrl = value.strip();
    }

    /**
     * Sets the model.
     *
     * @param value the model
     */
    public void model(String value) {
        if (requireNonNull(value, "model").isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        model = value.strip();
    }

    /**
     * Sets the temperature.
     *
     * @param value the temperature
     */
    public void temperature(double value) {
        if (!(value >= 0 && value <= 2)) {
            throw new IllegalArgumentException("temperature must be in 0..2, was " + value);
        }
        temperature = OptionalDouble.of(value);
    }

    /**
     * Sets the timeout.
     *
     * @param value the timeout
     */
    public void timeout(Duration value) {
        timeout = positive(value, "timeout");
    }

    /**
     * Sets the connect timeout.
     *
     * @param value the connect timeout
     */
    public void connectTimeout(Duration value) {
        connectTimeout = positive(value, "connectTimeout");
    }

    /**
     * Sets the first byte timeout.
     *
     * @param value the first byte timeout
     */
    public void firstByteTimeout(Duration value) {
        firstByteTimeout = positive(value, "firstByteTimeout");
    }

    /**
     * Sets the max retries.
     *
     * @param value the max retries
     */
    public void maxRetries(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + value);
        }
        maxRetries = value;
    }

    /**
     * Sets the api key.
     *
     * @param value the api key
     */
    public void apiKey(String value) {
        if (requireNonNull(value, "apiKey").isBlank()) {
            throw new IllegalArgumentException("apiKey must not be blank");
        }
        apiKey = Optional.of(value.strip());
    }

    /**
     * Sets the http client.
     *
     * @param value the http client
     */
    public void httpClient(OkHttpClient value) {
        httpClient = Optional.of(requireNonNull(value, "httpClient"));
    }

    /**
     * Sets the sleeper.
     *
     * @param value the sleeper
     */
    public void sleeper(Sleeper value) {
        sleeper = requireNonNull(value, "sleeper");
    }

    /**
     * Returns the base url.
     *
     * @return the base url
     */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Returns the model.
     *
     * @return the model
     */
    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    /**
     * Returns the temperature.
     *
     * @return the temperature
     */
    public OptionalDouble temperature() {
        return temperature;
    }

    /**
     * Returns the timeout.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Returns the connect timeout.
     *
     * @return the connect timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Returns the first byte timeout.
     *
     * @return the first byte timeout
     */
    public Duration firstByteTimeout() {
        return firstByteTimeout;
    }

    /**
     * Returns the max retries.
     *
     * @return the max retries
     */
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
