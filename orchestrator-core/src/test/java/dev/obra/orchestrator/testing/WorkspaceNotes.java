package dev.obra.orchestrator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.quality.WorkspaceChanges;

/** What tests check on the notes of {@link WorkspaceChanges}. */
public final class WorkspaceNotes {
    private WorkspaceNotes() {}

    /**
     * Asserts that {@code changes} carry exactly one note, that HEAD moved, and that it says {@code detail}.
     *
     * @param changes the changes
     * @param detail what the note says besides that HEAD moved
     */
    public static void assertHeadMoved(WorkspaceChanges changes, String detail) {
        assertThat(changes.notes())
                .singleElement()
                .asString()
                .contains("HEAD moved from")
                .contains(detail);
    }
}
