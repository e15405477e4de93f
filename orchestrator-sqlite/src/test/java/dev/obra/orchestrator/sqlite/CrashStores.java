package dev.obra.orchestrator.sqlite;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The SQLite stores of the crash tests and their children: heartbeats every 50 ms and sessions abandoned after
 * 500 ms without one, so that the work of a killed writer is recovered within a second.
 */
final class CrashStores {
    private CrashStores() {}

    /** Opens the store on {@code file}, with the fast heartbeat. */
    static JooqSessionStore open(Path file) {
        return JooqSessionStore.sqlite(
                file,
                JooqSessionStore.Options.builder()
                        .heartbeatInterval(Duration.ofMillis(50))
                        .abandonAfter(Duration.ofMillis(500))
                        .build());
    }
}
