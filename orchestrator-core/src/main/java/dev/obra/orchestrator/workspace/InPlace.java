package dev.obra.orchestrator.workspace;

import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.TaskStatus;
import java.nio.file.Path;
import java.util.Optional;

/** The task works in its directory as it is and delivers nothing. */
final class InPlace implements Workspace {
    static final InPlace INSTANCE = new InPlace();

    private InPlace() {}

    @Override
    public void check(TaskId task, Optional<Path> directory) {
        // The directory is used as it is: the orchestrator has checked that it exists.
    }

    @Override
    public WorkingCopy open(TaskId task, String description, Optional<Path> directory) {
        return new WorkingCopy() {
            @Override
            public Optional<Path> directory() {
                return directory;
            }

            @Override
            public Optional<Delivery> started() {
                return Optional.empty();
            }

            @Override
            public Optional<Delivery> deliver(TaskStatus status, String reason, TaskMetrics metrics) {
                return Optional.empty();
            }
        };
    }

    @Override
    public String toString() {
        return "Workspace.inPlace()";
    }
}
