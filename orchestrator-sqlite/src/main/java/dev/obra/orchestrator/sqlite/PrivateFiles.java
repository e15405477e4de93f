package dev.obra.orchestrator.sqlite;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Creates the store's files and folders readable by their owner only (0600 and 0700), whatever the umask: they hold
 * every prompt, answer and verification output. What exists already keeps the mode its owner gave it. On a file
 * system without POSIX permissions, files are created with its defaults.
 */
final class PrivateFiles {
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    /** Creates {@code folder} and its missing parents, each 0700; folders that exist are left alone. */
    static void createFolders(Path folder) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = folder.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
            } catch (FileAlreadyExistsException raced) {
                continue; // another process made it: its mode is its own
            }
            restrict(p, FOLDER);
        }
    }

    /** Creates {@code file} empty and 0600 if it does not exist; returns whether this call created it. */
    static boolean createFile(Path file) throws IOException {
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException raced) {
            return false;
        }
        restrict(file, FILE);
        return true;
    }

    /** Sets {@code path} to {@code permissions} when the file system has POSIX permissions and the path exists. */
    static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException notPosix) {
            // Windows and the like: their defaults apply.
        } catch (java.nio.file.NoSuchFileException gone) {
            // Deleted in between (SQLite removes -wal and -shm when the last connection closes).
        }
    }
}
