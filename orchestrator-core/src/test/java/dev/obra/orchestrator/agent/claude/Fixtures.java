package dev.obra.orchestrator.agent.claude;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real CLI's recorded outputs in {@code ../shared/fixtures/claude-2.1.330}, beside the repository. */
final class Fixtures {
    static final Path DIRECTORY = Path.of(System.getProperty("basedir", "."))
            .resolve("../../shared/fixtures/claude-2.1.330").normalize();

    private Fixtures() {
    }

    static byte[] stdout(String name) {
        return read(name + ".out");
    }

    static String stderr(String name) {
        return new String(read(name + ".err"), StandardCharsets.UTF_8);
    }

    static int exitCode(String name) {
        return Integer.parseInt(new String(read(name + ".exit"), StandardCharsets.UTF_8).strip());
    }

    private static byte[] read(String file) {
        try {
            return Files.readAllBytes(DIRECTORY.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("the fixtures of ../shared must sit beside the repository: " + file, e);
        }
    }
}
