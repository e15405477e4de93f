package dev.obra.orchestrator.internal.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds an executable as a process launcher would: a path as given, a bare name on PATH. */
public final class Executables {
    private Executables() {}

    /**
     * Returns whether {@code name} is a path (it holds a separator) rather than a bare name to look up on PATH.
     *
     * @param name the name
     * @return whether {@code name} is a path (it holds a separator) rather than a bare name to look up on PATH
     */
    public static boolean isPath(String name) {
        return name.contains("/") || name.contains(File.separator);
    }

    /**
     * Returns the absolute path of the executable {@code name}: a path resolved against {@code base} when relative,
     * a bare name in the first directory of {@code pathVariable} that has it; empty when it is not there or not
     * executable.
     *
     * @param name the name
     * @param base the base
     * @param pathVariable the path variable
     * @return the absolute path of the executable {@code name}: a path resolved against {@code base} when relative, a bare name in the first directory of {@code pathVariable} that has it; empty when it is not there or not executable
     */
    public static Optional<Path> find(String name, Path base, String pathVariable) {
        if (isPath(name)) {
            Path path = base.toAbsolutePath().resolve(name);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name).toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
