package dev.obra.orchestrator.agent.claude;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The real CLI's recorded outputs, test resources under {@code claude-2.1.330/} (its README says how they were
 * recorded).
 */
final class Fixtures {
    static final String DIRECTORY = "/claude-2.1.330/";

    private Fixtures() {}

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
        String resource = DIRECTORY + file;
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no recorded CLI output on the test classpath: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recorded CLI output " + resource, e);
        }
    }
}
