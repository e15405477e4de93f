package dev.obra.orchestrator.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where Claude Code would find credentials. Only names are ever printed, never values. */
final class Credentials {
    private static final List<String> VARIABLES =
            List.of("ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_AUTH_TOKEN");

    private Credentials() {}

    static boolean present() {
        return variable().isPresent() || file().isPresent();
    }

    static String describe() {
        return variable()
                .map(v -> v + " is set")
                .or(() -> file().map(f -> "login stored in " + f))
                .orElse("none: set ANTHROPIC_API_KEY, or run `claude` once and log in, or `claude setup-token`");
    }

    private static Optional<String> variable() {
        return VARIABLES.stream()
                .filter(v -> {
                    String value = System.getenv(v);
                    return value != null && !value.isBlank();
                })
                .findFirst();
    }

    private static Optional<Path> file() {
        String configDir = System.getenv("CLAUDE_CONFIG_DIR");
        Path dir = configDir != null && !configDir.isBlank()
                ? Path.of(configDir)
                : Path.of(System.getProperty("user.home"), ".claude");
        Path credentials = dir.resolve(".credentials.json");
        return Files.isRegularFile(credentials) ? Optional.of(credentials) : Optional.empty();
    }
}
