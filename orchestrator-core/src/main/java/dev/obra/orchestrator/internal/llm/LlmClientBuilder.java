package dev.obra.orchestrator.internal.llm;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The settings every local-LLM client's builder has, each checked when it is set, kept in one
 * {@link LlmHttpSettings}; a client's public builder extends this and adds its own. Not thread-safe.
 *
 * @param <B> the client's builder, which each setter returns
 * @param <C> the client it builds
 */
public abstract class LlmClientBuilder<B extends LlmClientBuilder<B, C>, C> {
    private final LlmHttpSettings.Builder settings;

    /**
     * Starts from {@code settings}, which this builder then owns.
     *
     * @param settings the defaults, or a built client's settings for its {@code toBuilder()}
     */
    protected LlmClientBuilder(LlmHttpSettings.Builder settings) {
        this.settings = requireNonNull(settings, "settings");
    }

    /**
     * Returns the settings so far, for the client's constructor.
     *
     * @return the settings this builder owns
     */
    protected final LlmHttpSettings.Builder settings() {
        return settings;
    }

    /**
     * Sets the server's URL (default: the client's {@code DEFAULT_BASE_URL}).
     *
     * @param url an http or https URL
     * @return this builder
     * @throws IllegalArgumentException when {@code url} is not an http or https URL
     */
    public final B baseUrl(String url) {
        settings.baseUrl(url);
        return self();
    }

    /**
     * Sets the model (required): the name the server knows it by, for example {@code qwen2.5-coder:7b}.
     *
     * @param name the model's name
     * @return this builder
     * @throws IllegalArgumentException when {@code name} is blank
     */
    public final B model(String name) {
        settings.model(name);
        return self();
    }

    /**
     * Sets the temperature for requests that do not set one (default: the server's or the model's own).
     *
     * @param value 0..2
     * @return this builder
     * @throws IllegalArgumentException when {@code value} is outside 0..2
     */
    public final B temperature(double value) {
        settings.temperature(value);
        return self();
    }

    /**
     * Sets the bound on a whole call, retries and the waits between them included (default 10 minutes).
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException when {@code value} is zero or negative
     */
    public final B timeout(Duration value) {
        settings.timeout(value);
        return self();
    }

    /**
     * Sets the bound on opening a connection (default 5 seconds).
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException when {@code value} is zero or negative
     */
    public final B connectTimeout(Duration value) {
        settings.connectTimeout(value);
        return self();
    }

    /**
     * Sets the longest wait for the answer's first byte once connected, and for each later piece of it (default
     * 5 minutes).
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException when {@code value} is zero or negative
     */
    public final B firstByteTimeout(Duration value) {
        settings.firstByteTimeout(value);
        return self();
    }

    /**
     * Sets how many times a failed attempt is retried (default 2).
     *
     * @param value 0 for none
     * @return this builder
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public final B maxRetries(int value) {
        settings.maxRetries(value);
        return self();
    }

    /**
     * Makes the client use {@code client}'s connection pool, dispatcher, proxy and interceptors, with this
     * builder's timeouts in place of {@code client}'s. Closing the built client leaves {@code client} open.
     *
     * @param client the HTTP client to share
     * @return this builder
     */
    public final B httpClient(OkHttpClient client) {
        settings.httpClient(client);
        return self();
    }

    /**
     * Builds the client.
     *
     * @return the client, immutable and thread-safe
     * @throws IllegalStateException when no model is set
     */
    public abstract C build();

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
