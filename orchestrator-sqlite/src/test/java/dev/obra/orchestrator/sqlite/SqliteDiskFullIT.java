package dev.obra.orchestrator.sqlite;

import static dev.obra.orchestrator.sqlite.SqliteCrashIT.integrityCheck;
import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite store whose disk fills up: a child JVM that may not write any file past 4 MiB (RLIMIT_FSIZE, with
 * SIGXFSZ ignored, so that writes fail with EFBIG as they would with ENOSPC) records iterations until a write
 * fails. The failure is a typed error naming the database and the cause, and the file is whole afterwards.
 */
class SqliteDiskFullIT {
    /** Room for the schema and a few dozen 64 KiB answers, and for the 1 MiB native library SQLite unpacks. */
    private static final long FILE_SIZE_LIMIT = 4L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aWritePastTheFileSizeLimitFailsTypedAndTheFileStaysWhole() throws Exception {
        // given: a child JVM that records iterations under the file-size limit until the store refuses one
        Path file = dir.resolve("obra.db");
        Path log = dir.resolve("child.log");
        Process child = ChildJvm.startWithFileSizeLimit(FILE_SIZE_LIMIT, DiskFiller.class, log, file.toString());
        boolean exited = child.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(exited).as("the child ended; its log: %s", lines).isTrue();
        assertThat(child.exitValue())
                .as("the child's exit code; its log: %s", lines)
                .isZero();

        // then: the write that did not fit failed with a StoreException naming the database and the cause
        String failure = lines.stream()
                .filter(l -> l.startsWith("FAILED "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no write failed; the log: " + lines));
        assertThat(failure)
                .startsWith("FAILED " + StoreException.class.getName() + ": ")
                .contains("SQLite database " + file.toAbsolutePath())
                .containsIgnoringCase("disk is full")
                .containsIgnoringCase("file-size limit");
        int recorded =
                (int) lines.stream().filter(l -> l.startsWith("RECORDED ")).count();
        assertThat(recorded).as("iterations recorded before the limit").isGreaterThan(5);
        TaskId task = TaskId.of(lines.get(0).substring("TASK ".length()));

        // and: the file passes SQLite's integrity check, and a store opens it with every recorded iteration whole
        assertThat(integrityCheck(file)).isEqualTo("ok");
        try (JooqSessionStore store = JooqSessionStore.sqlite(file)) {
            List<IterationRecord> iterations = store.iterations(task);
            assertThat(iterations)
                    .extracting(IterationRecord::iteration)
                    .containsExactlyElementsOf(
                            IntStream.rangeClosed(1, recorded).boxed().toList());
            assertThat(iterations).allSatisfy(it -> assertThat(it.response()).hasSize(64 * 1024));
            assertThat(store.findTask(task)).isPresent();
        }
        assertThat(integrityCheck(file)).isEqualTo("ok");
    }
}
