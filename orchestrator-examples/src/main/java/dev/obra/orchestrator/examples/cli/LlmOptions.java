package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.llm.LlmException;
import dev.obra.orchestrator.llm.LlmInterface;
import dev.obra.orchestrator.llm.ollama.OllamaClient;
import dev.obra.orchestrator.llm.openai.OpenAiCompatibleClient;
import dev.obra.orchestrator.quality.JudgeBudget;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options that choose the LLM judge. Without any, a local server at a default address is used if one answers. */
final class LlmOptions {
    /** The APIs a judge can speak. */
    enum Api {
        ollama,
        openai
    }

    @Option(
            names = "--llm",
            paramLabel = "URL",
            description = "Base URL of the judge's server, e.g. http://127.0.0.1:11434 (Ollama) or "
                    + "http://127.0.0.1:8080/v1 (llama.cpp, vLLM, LM Studio). Default: probe those two.")
    String url;

    @Option(
            names = "--llm-api",
            paramLabel = "API",
            description = "ollama or openai (default: openai when the URL ends in /v1, else ollama).")
    Api api;

    @Option(
            names = "--llm-model",
            paramLabel = "MODEL",
            description = "The judge's model (default: the first model the server lists).")
    String model;

    @Option(
            names = "--llm-api-key-env",
            paramLabel = "VAR",
            description = "Name of an environment variable holding the OpenAI-compatible server's API key.")
    String apiKeyEnv;

    @Option(names = "--no-llm", description = "Score quality by heuristics only; do not look for a judge.")
    boolean none;

    @Option(
            names = "--judge-budget-tokens",
            paramLabel = "TOKENS",
            description = "The most (estimated) tokens of the judge's prompt, the change's diff included; bigger "
                    + "diffs are cut and the cut is named (default: 6144, for a model with an 8k window).")
    Integer budgetTokens;

    /** Returns the bound on the judge's prompt these options ask for. */
    JudgeBudget budget() {
        if (budgetTokens == null) {
            return JudgeBudget.DEFAULT;
        }
        try {
            return JudgeBudget.ofTokens(budgetTokens);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "--judge-budget-tokens: " + e.getMessage());
        }
    }

    /** A chosen judge, or none, with a line that says which. */
    static final class Judge implements AutoCloseable {
        final Optional<LlmInterface> llm;
        final String description;
        final JudgeBudget budget;

        Judge(Optional<LlmInterface> llm, String description, JudgeBudget budget) {
            this.llm = llm;
            this.description = description;
            this.budget = budget;
        }

        @Override
        public void close() {
            llm.ifPresent(l -> LlmOptions.close(l, "the LLM client"));
        }
    }

    /** Closes {@code llm} when it holds resources; {@code what} names it in the error. */
    private static void close(LlmInterface llm, String what) {
        if (llm instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + what + " failed", e);
            }
        }
    }

    /**
     * Returns the judge. An explicitly named server that does not answer is an error; when none was named, the
     * default addresses are probed and heuristics are used when nothing answers.
     */
    Judge resolve() {
        return find(budget());
    }

    private Judge find(JudgeBudget budget) {
        if (none) {
            return new Judge(Optional.empty(), "heuristics (--no-llm)", budget);
        }
        if (url != null) {
            Api chosen = api != null ? api : url.replaceAll("/+$", "").endsWith("/v1") ? Api.openai : Api.ollama;
            Candidate c = new Candidate(chosen, url);
            if (!c.available()) {
                throw new CliException(
                        ExitCodes.UNAVAILABLE,
                        "the LLM server at " + url + " (" + chosen
                                + ") does not answer; start it, fix --llm, or pass --no-llm");
            }
            return c.judge(true, budget);
        }
        for (Candidate c : List.of(
                new Candidate(Api.ollama, OllamaClient.DEFAULT_BASE_URL),
                new Candidate(Api.openai, OpenAiCompatibleClient.DEFAULT_BASE_URL))) {
            if (c.available()) {
                return c.judge(false, budget);
            }
            c.close();
        }
        return new Judge(
                Optional.empty(),
                "heuristics (no local LLM answers at " + OllamaClient.DEFAULT_BASE_URL + " or "
                        + OpenAiCompatibleClient.DEFAULT_BASE_URL + "; see docs/local-llm.md)",
                budget);
    }

    /**
     * A server that may answer; probed cheaply before a model is chosen. The probe is built for {@code --llm-model}
     * when it is given, and then becomes the judge's client.
     */
    private final class Candidate implements AutoCloseable {
        final Api which;
        final String baseUrl;
        final LlmInterface probe;

        Candidate(Api which, String baseUrl) {
            this.which = which;
            this.baseUrl = baseUrl;
            this.probe = build(model == null ? "probe" : model);
        }

        boolean available() {
            return probe.isAvailable();
        }

        /** Returns the judge on this server, which answered; the models it lists are the connectivity check. */
        Judge judge(boolean explicit, JudgeBudget budget) {
            List<String> models = listModels();
            if (model != null) {
                return new Judge(Optional.of(probe), which + " model " + model + " at " + baseUrl, budget);
            }
            close();
            if (models.isEmpty()) {
                if (explicit) {
                    throw new CliException(
                            ExitCodes.UNAVAILABLE,
                            "the LLM server at " + baseUrl
                                    + " has no model; pull one (ollama pull qwen2.5-coder:7b) or pass --llm-model");
                }
                return new Judge(
                        Optional.empty(),
                        "heuristics (" + which + " at " + baseUrl
                                + " answers but has no model; try: ollama pull qwen2.5-coder:7b)",
                        budget);
            }
            String chosen = models.get(0);
            return new Judge(Optional.of(build(chosen)), which + " model " + chosen + " at " + baseUrl, budget);
        }

        private List<String> listModels() {
            try {
                if (probe instanceof OllamaClient ollama) {
                    return ollama.listModels();
                }
                if (probe instanceof OpenAiCompatibleClient openAi) {
                    return openAi.listModels();
                }
                throw new IllegalStateException("unhandled " + probe);
            } catch (LlmException e) {
                throw new CliException(
                        ExitCodes.UNAVAILABLE, "cannot list the models of " + baseUrl + ": " + e.getMessage(), e);
            }
        }

        private LlmInterface build(String modelName) {
            if (which == Api.ollama) {
                return OllamaClient.builder().baseUrl(baseUrl).model(modelName).build();
            }
            OpenAiCompatibleClient.Builder b =
                    OpenAiCompatibleClient.builder().baseUrl(baseUrl).model(modelName);
            if (apiKeyEnv != null) {
                String key = System.getenv(apiKeyEnv);
                if (key == null || key.isBlank()) {
                    throw new CliException(
                            ExitCodes.USAGE, "--llm-api-key-env names " + apiKeyEnv + ", which is not set");
                }
                b.apiKey(key);
            }
            return b.build();
        }

        @Override
        public void close() {
            LlmOptions.close(probe, "the LLM probe");
        }
    }
}
