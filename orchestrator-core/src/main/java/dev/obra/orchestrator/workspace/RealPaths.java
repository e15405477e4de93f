package dev.obra.orchestrator.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real paths of paths that may not exist yet: the real path of the nearest existing ancestor, plus the rest. */
final class RealPaths {
    private RealPaths() {}

    static Path of(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }
}
