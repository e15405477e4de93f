package dev.obra.orchestrator.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import dev.obra.orchestrator.store.TaskQuery;
import dev.obra.orchestrator.store.TaskRecord;
import dev.obra.orchestrator.store.TaskSummary;
import dev.obra.orchestrator.workspace.Delivery;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A version 1 store gains the delivery columns in place (migration V2): old tasks have none, new ones keep theirs. */
class V1StoreDeliveryIT {
    @TempDir
    Path dir;

    @Test
    void aVersion1SqliteStoreMigratesInPlaceAndKeepsDeliveriesAfterwards() throws IOException {
        Path file = V1StoreUpgradeIT.copy("obra-v1.db", dir);
        Delivery delivery = new Delivery(
                "obra/v1complet-salvaged",
                "0123456789abcdef0123456789abcdef01234567",
                Optional.of("fedcba9876543210fedcba9876543210fedcba98"),
                new WorkspaceChanges(
                        true, true, List.of("a.txt"), 1, 2, 0, "1 file changed (+2 -0): a.txt", List.of(), List.of()),
                Optional.empty(),
                Optional.empty());

        try (JooqSessionStore store = JooqSessionStore.sqlite(file)) {
            assertThat(Integer.parseInt(store.schemaVersion())).isGreaterThanOrEqualTo(2);
            List<TaskSummary> tasks = store.listTasks(TaskQuery.all());
            assertThat(tasks).hasSize(3);
            assertThat(tasks).allSatisfy(t -> assertThat(t.task().delivery()).isEmpty());
            assertThat(store.pendingDeliveries()).isEmpty();
            store.recordDelivery(TaskId.of("v1-completed"), delivery);
        }
        try (JooqSessionStore store = JooqSessionStore.sqlite(file)) {
            TaskRecord task = store.findTask(TaskId.of("v1-completed")).orElseThrow();
            assertThat(task.delivery()).contains(delivery);
            assertThat(task.description()).isNotBlank();
        }
    }
}
