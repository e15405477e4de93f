package dev.obra.orchestrator.examples.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes what holds task content (HTML reports) readable by the user only: a new file 0600, each folder created
 * for it 0700, whatever the umask. A file or folder that exists keeps the mode the user gave it.
 */
final class PrivateFiles {
    private PrivateFiles() {}

    /** Writes {@code text} as UTF-8 to {@code file}, creating it and its missing folders privately. */
    static void write(Path file, String text) throws IOException {
        Path target = file.toAbsolutePath();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = target.getParent(); p != null && !Files.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        for (Path folder : missing) {
            if (created(() -> Files.createDirectory(folder))) {
                restrict(folder, "rwx------");
            }
        }
        if (!Files.exists(target) && created(() -> Files.createFile(target))) {
            restrict(target, "rw-------");
        }
        Files.writeString(target, text);
    }

    private interface Creation {
        void run() throws IOException;
    }

    /** Runs {@code creation}; returns false when another process created the path first. */
    private static boolean created(Creation creation) throws IOException {
        try {
            creation.run();
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        }
    }

    private static void restrict(Path path, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException notPosix) {
            // Windows and the like: their defaults apply.
        }
    }
}
