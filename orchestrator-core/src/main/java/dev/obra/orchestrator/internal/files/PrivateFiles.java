package dev.obra.orchestrator.internal.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Creates files and folders readable by their owner only (0600 and 0700), whatever the umask: the store's files and
 * the HTML reports hold every prompt, answer and verification output. What exists already keeps the mode its owner
 * gave it. On a file system without POSIX permissions, files are created with its defaults.
 */
public final class PrivateFiles {
    /** A private file's permissions: {@code rw-------}. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** A private folder's permissions: {@code rwx------}. */
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    /**
     * Creates {@code folder} and its missing parents, each 0700; folders that exist are left alone, and so is one
     * another process creates at the same time.
     *
     * @param folder the folder
     * @throws IOException when a folder cannot be created
     */
    public static void createFolders(Path folder) throws IOException {
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

    /**
     * Creates {@code file} empty and 0600 if it does not exist.
     *
     * @param file the file; its folder exists
     * @return whether this call created it
     * @throws IOException when it cannot be created
     */
    public static boolean createFile(Path file) throws IOException {
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException raced) {
            return false;
        }
        restrict(file, FILE);
        return true;
    }

    /**
     * Writes {@code text} as UTF-8 to {@code file}, creating it 0600 and its missing folders 0700 first.
     *
     * @param file the file
     * @param text what it holds afterwards
     * @throws IOException when it cannot be created or written
     */
    public static void write(Path file, String text) throws IOException {
        Path target = file.toAbsolutePath();
        if (target.getParent() != null) {
            createFolders(target.getParent());
        }
        createFile(target);
        Files.writeString(target, text);
    }

    /**
     * Sets {@code path} to {@code permissions} when the file system has POSIX permissions and the path still exists.
     *
     * @param path the file or folder
     * @param permissions its new permissions
     * @throws IOException when they cannot be set
     */
    public static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException notPosix) {
            // Windows and the like: their defaults apply.
        } catch (NoSuchFileException gone) {
            // Deleted in between (SQLite removes -wal and -shm when the last connection closes).
        }
    }
}
