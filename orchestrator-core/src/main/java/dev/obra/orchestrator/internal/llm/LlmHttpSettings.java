package dev.obra.orchestrator.internal.llm;

import static dev.obra.orchestrator.internal.argument.Arguments.requireAtLeast;
import static dev.obra.orchestrator.internal.argument.Arguments.requireNonBlank;
import static dev.obra.orchestrator.internal.argument.Arguments.requirePositive;
import static dev.obra.orchestrator.internal.argument.Arguments.requireZeroToTwo;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The settings both local-LLM clients share, made by a {@link Builder} that checks each one when it is set. The
 * public builders delegate to one, and {@link LlmHttp} keeps what it built, so a builder cannot change a built client.
 * Immutable.
 *
 * @param baseUrl          the server's URL, an http or https URL
 * @param model            the model's name; empty until one is set, and a client needs one
 * @param temperature      the temperature for requests that do not set one, 0..2; empty for the server's own
 * @param connectTimeout   the bound on opening a connection
 * @param firstByteTimeout the longest wait for the answer's first byte, and for each later piece of it
 * @param timeout          the bound on a whole call, retries and the waits between them included
 * @param maxRetries       how many times a failed attempt is retried
 * @param apiKey           the key sent as a bearer token, if any
 * @param httpClient       the HTTP client whose pool and dispatcher to share, if any
 * @param sleeper          how to wait between attempts
 */
public record LlmHttpSettings(
        String baseUrl,
        Optional<String> model,
        OptionalDouble temperature,
        Duration connectTimeout,
        Duration firstByteTimeout,
        Duration timeout,
        int maxRetries,
        Optional<String> apiKey,
        Optional<OkHttpClient> httpClient,
        Sleeper sleeper) {
    /** The default connect timeout: a local server either accepts at once or is not there. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The default wait for the first byte of an answer, long enough for a cold model to load. */
    public static final Duration DEFAULT_FIRST_BYTE_TIMEOUT = Duration.ofMinutes(5);
    /** The default bound on a whole call, retries and waits between them included. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    /** The default number of retries after the first attempt. */
    public static final int DEFAULT_MAX_RETRIES = 2;

    /**
     * Checks that no setting is null; the {@link Builder} checks their values.
     *
     * @param baseUrl          the server's URL, an http or https URL
     * @param model            the model's name; empty until one is set, and a client needs one
     * @param temperature      the temperature for requests that do not set one, 0..2; empty for the server's own
     * @param connectTimeout   the bound on opening a connection
     * @param firstByteTimeout the longest wait for the answer's first byte, and for each later piece of it
     * @param timeout          the bound on a whole call, retries and the waits between them included
     * @param maxRetries       how many times a failed attempt is retried
     * @param apiKey           the key sent as a bearer token, if any
     * @param httpClient       the HTTP client whose pool and dispatcher to share, if any
     * @param sleeper          how to wait between attempts
     * @throws NullPointerException when a setting is null
     */
    public LlmHttpSettings {
        requireNonNull(baseUrl, "baseUrl");
        requireNonNull(model, "model");
        requireNonNull(temperature, "temperature");
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(firstByteTimeout, "firstByteTimeout");
        requireNonNull(timeout, "timeout");
        requireNonNull(apiKey, "apiKey");
        requireNonNull(httpClient, "httpClient");
        requireNonNull(sleeper, "sleeper");
    }

    /**
     * Returns a builder with the given base URL and the defaults above.
     *
     * @param defaultBaseUrl the client's default base URL
     * @return a new builder
     * @throws IllegalArgumentException when {@code defaultBaseUrl} is not an http or https URL
     */
    public static Builder builder(String defaultBaseUrl) {
        Builder b = new Builder();
        b.baseUrl(defaultBaseUrl);
        return b;
    }

    /**
     * Returns a builder with these settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.baseUrl = baseUrl;
        b.model = model;
        b.temperature = temperature;
        b.connectTimeout = connectTimeout;
        b.firstByteTimeout = firstByteTimeout;
        b.timeout = timeout;
        b.maxRetries = maxRetries;
        b.apiKey = apiKey;
        b.httpClient = httpClient;
        b.sleeper = sleeper;
        return b;
    }

    /**
     * Returns the base URL as messages show it: without user name and password, and without a trailing slash.
     *
     * @return the base URL without its credentials, or {@code <not an http(s) URL>}
     */
    public String shownBaseUrl() {
        HttpUrl url = HttpUrl.parse(baseUrl);
        if (url == null) {
            return "<not an http(s) URL>";
        }
        String shown = url.newBuilder().username("").password("").build().toString();
        return shown.endsWith("/") ? shown.substring(0, shown.length() - 1) : shown;
    }

    /**
     * Returns the settings for people and logs, without secrets: the API key shows only whether it is set, and the
     * base URL loses its user name and password.
     *
     * @return the settings without secrets
     */
    @Override
    public String toString() {
        return "LlmHttpSettings[baseUrl=" + shownBaseUrl()
                + ", model=" + model.orElse("<none>")
                + ", temperature=" + (temperature.isPresent() ? temperature.getAsDouble() : "<server's>")
                + ", connectTimeout=" + connectTimeout
                + ", firstByteTimeout=" + firstByteTimeout
                + ", timeout=" + timeout
                + ", maxRetries=" + maxRetries
                + ", apiKey=" + (apiKey.isPresent() ? "<set>" : "<none>")
                + ", httpClient=" + (httpClient.isPresent() ? "<shared>" : "<own>") + "]";
    }

    /** Collects the settings, each checked when it is set. Not thread-safe. */
    public static final class Builder {
        private String baseUrl;
        private Optional<String> model = Optional.empty();
        private OptionalDouble temperature = OptionalDouble.empty();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration firstByteTimeout = DEFAULT_FIRST_BYTE_TIMEOUT;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Optional<String> apiKey = Optional.empty();
        private Optional<OkHttpClient> httpClient = Optional.empty();
        private Sleeper sleeper = Sleeper.THREAD;

        private Builder() {}

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
            model = Optional.of(requireNonBlank(value, "model").strip());
        }

        /**
         * Sets the temperature.
         *
         * @param value the temperature
         */
        public void temperature(double value) {
            temperature = OptionalDouble.of(requireZeroToTwo(value, "temperature"));
        }

        /**
         * Sets the timeout.
         *
         * @param value the timeout
         */
        public void timeout(Duration value) {
            timeout = requirePositive(value, "timeout");
        }

        /**
         * Sets the connect timeout.
         *
         * @param value the connect timeout
         */
        public void connectTimeout(Duration value) {
            connectTimeout = requirePositive(value, "connectTimeout");
        }

        /**
         * Sets the first byte timeout.
         *
         * @param value the first byte timeout
         */
        public void firstByteTimeout(Duration value) {
            firstByteTimeout = requirePositive(value, "firstByteTimeout");
        }

        /**
         * Sets the max retries.
         *
         * @param value the max retries
         */
        public void maxRetries(int value) {
            maxRetries = requireAtLeast(value, 0, "maxRetries");
        }

        /**
         * Sets the api key.
         *
         * @param value the api key
         */
        public void apiKey(String value) {
            apiKey = Optional.of(requireNonBlank(value, "apiKey").strip());
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
         * Returns the settings so far.
         *
         * @return the settings so far
         */
        public LlmHttpSettings build() {
            return new LlmHttpSettings(
                    baseUrl,
                    model,
                    temperature,
                    connectTimeout,
                    firstByteTimeout,
                    timeout,
                    maxRetries,
                    apiKey,
                    httpClient,
                    sleeper);
        }
    }
}
