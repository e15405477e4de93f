package dev.obra.orchestrator.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.store.StoreFixtures;
import dev.obra.orchestrator.testing.Polling;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's file, its -wal and -shm, and the folders it creates are the owner's only, whatever the umask. */
class SqlitePermissionsIT {
    private static final Duration MINUTE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aNewStoreIsPrivateUnderUmask022WithItsWalAndShm() throws Exception {
        Path file = dir.resolve("made/by/obra/obra.db");
        Path log = dir.resolve("holder.log");
        Process holder = ChildJvm.startWithUmask(0022, StoreHolder.class, log, file.toString());
        try {
            // poll: the child has no other signal
            String opened = Polling.poll(() -> read(log), text -> text.contains("OPEN") || !holder.isAlive(), MINUTE);
            assertThat(opened).as("the child opened the store").contains("OPEN");
            Path wal = file.resolveSibling("obra.db-wal");
            Path shm = file.resolveSibling("obra.db-shm");
            assertThat(wal).as("SQLite keeps its WAL while the store is open").exists();
            assertThat(shm).exists();

            assertThat(List.of(mode(file), mode(wal), mode(shm))).containsOnly("rw-------");
            assertThat(List.of(
                            mode(dir.resolve("made")), mode(dir.resolve("made/by")), mode(dir.resolve("made/by/obra"))))
                    .containsOnly("rwx------");
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(60, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
        assertThat(holder.exitValue()).as(Files.readString(log)).isZero();
        assertThat(mode(file)).isEqualTo("rw-------");
    }

    @Test
    void anExistingFileAndFolderKeepTheModesTheirOwnerGaveThem() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-x---"));
        Path file = folder.resolve("obra.db");
        JooqSessionStore.sqlite(file).close();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        try (JooqSessionStore store = JooqSessionStore.sqlite(file)) {
            store.createTask(StoreFixtures.task("kept", StoreFixtures.T0));
            assertThat(mode(file)).isEqualTo("rw-r-----");
            assertThat(mode(folder)).isEqualTo("rwxr-x---");
            assertThat(mode(file.resolveSibling("obra.db-wal")))
                    .as("SQLite gives the WAL the file's mode")
                    .isEqualTo("rw-r-----");
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
