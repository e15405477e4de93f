package dev.obra.orchestrator.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.obra.orchestrator.store.StoreException;
import dev.obra.orchestrator.store.StoreFixtures;
import dev.obra.orchestrator.store.TaskRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad paths and URLs get a StoreException that says which and what to do, and nothing is written. */
class StoreOpeningIT {
    @TempDir
    Path dir;

    @Test
    void aStoreSaysWhichSchemaVersionItIsAt() {
        Path file = dir.resolve("nested/folders/obra.db");
        try (JooqSessionStore store = JooqSessionStore.sqlite(file)) {
            assertThat(store.schemaVersion()).isEqualTo("4");
        }
        try (JooqSessionStore reopened = JooqSessionStore.sqlite(file)) {
            assertThat(reopened.schemaVersion()).isEqualTo("4");
        }
        try (JooqSessionStore h2 = JooqSessionStore.h2("jdbc:h2:mem:" + UUID.randomUUID())) {
            assertThat(h2.schemaVersion()).isEqualTo("4");
        }
    }

    @Test
    void aFolderIsNotADatabaseFile() {
        assertThatThrownBy(() -> JooqSessionStore.sqlite(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("is a folder")
                .hasMessageContaining(dir.resolve("obra.db").toString());
    }

    @Test
    void aReadOnlyFileIsRefusedAndLeftAsItWas() throws Exception {
        Path file = dir.resolve("obra.db");
        JooqSessionStore.sqlite(file).close();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> JooqSessionStore.sqlite(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("read-only")
                .hasMessageContaining("chmod u+w");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aCorruptFileIsRefusedAndLeftAsItWas() throws Exception {
        Path file = dir.resolve("obra.db");
        byte[] garbage = "this was never a database\n".repeat(400).getBytes(StandardCharsets.UTF_8);
        Files.write(file, garbage);

        assertThatThrownBy(() -> JooqSessionStore.sqlite(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not an SQLite database or is damaged");
        assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
    }

    @Test
    void aUrlForAnotherDatabaseIsRefusedWithoutShowingItsPassword() {
        assertThatThrownBy(() -> JooqSessionStore.h2("jdbc:postgresql://127.0.0.1:5432/obra?user=me&password=s3cret"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:5432/obra")
                .hasMessageContaining("JooqSessionStore.postgres(DataSource)")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> JooqSessionStore.h2("jdbc:sqlite:" + dir.resolve("x.db")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("JooqSessionStore.sqlite(Path)");
        assertThat(dir.resolve("x.db")).doesNotExist();
    }

    @Test
    void anH2DatabaseOfAnotherApplicationIsRefusedAndLeftAlone() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("app");
        try (var c = DriverManager.getConnection(url);
                var s = c.createStatement()) {
            s.execute("CREATE TABLE invoices (id INT PRIMARY KEY)");
        }

        assertThatThrownBy(() -> JooqSessionStore.h2(url))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("other tables");
        try (var c = DriverManager.getConnection(url);
                var s = c.createStatement();
                var rows = s.executeQuery(
                        "SELECT count(*) FROM information_schema.tables " + "WHERE table_schema = 'PUBLIC'")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).as("no table was added").isEqualTo(1);
        }
    }

    @Test
    void anInMemoryH2StoreKeepsItsTablesWhileItIsOpen() {
        try (JooqSessionStore store = JooqSessionStore.h2("jdbc:h2:mem:obra-" + UUID.randomUUID())) {
            TaskRecord task = StoreFixtures.task("in memory", StoreFixtures.T0);
            store.createTask(task);
            assertThat(store.findTask(task.id())).contains(task);
        }
    }

    @Test
    void optionsThatWouldAbandonLivingStoresAreRefused() {
        assertThatThrownBy(() -> JooqSessionStore.Options.builder()
                        .heartbeatInterval(Duration.ofSeconds(10))
                        .abandonAfter(Duration.ofSeconds(15))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least twice");
    }
}
