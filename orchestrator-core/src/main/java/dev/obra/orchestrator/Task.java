package dev.obra.orchestrator;

import static dev.obra.orchestrator.internal.argument.Arguments.requireNonBlank;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One unit of work for the agent: what to do, where, how it is checked, and the limits.
 *
 * <pre>{@code
 * Task task = Task.of("Add a --json flag to the report command")
 *     .withWorkingDirectory(repo)
 *     .withAcceptanceCriteria(List.of("report --json prints valid JSON"))
 *     .withVerification(List.of("mvn", "-q", "test"));
 * }</pre>
 *
 * @param id                 the task's identity
 * @param description        what the agent must do, not blank
 * @param workingDirectory   where the agent works; empty means the agent's own default directory
 * @param acceptanceCriteria what a finished result must satisfy, given to the agent and the judge
 * @param verification       a command (an argument list, never run through a shell) whose exit code 0 means the
 *                           work is correct, run in the working directory after every iteration
 * @param maxIterations      overrides the orchestrator's {@code maxIterations} for this task
 * @param budget             the limits on cost, tokens and wall time
 */
public record Task(
        TaskId id,
        String description,
        Optional<Path> workingDirectory,
        List<String> acceptanceCriteria,
        Optional<List<String>> verification,
        OptionalInt maxIterations,
        Budget budget) {

    /**
     * Creates the value, checking its components.
     *
     * @param id the task's identity
     * @param description what the agent must do, not blank
     * @param workingDirectory where the agent works; empty means the agent's own default directory
     * @param acceptanceCriteria what a finished result must satisfy, given to the agent and the judge
     * @param verification a command (an argument list, never run through a shell) whose exit code 0 means the
     *                     work is correct, run in the working directory after every iteration
     * @param maxIterations overrides the orchestrator's {@code maxIterations} for this task
     * @param budget the limits on cost, tokens and wall time
     */
    public Task {
        requireNonNull(id, "id");
        requireNonBlank(description, "description", "task description");
        requireNonNull(workingDirectory, "workingDirectory");
        acceptanceCriteria = List.copyOf(requireNonNull(acceptanceCriteria, "acceptanceCriteria"));
        requireNonNull(verification, "verification");
        verification = verification.map(List::copyOf);
        verification.ifPresent(command -> {
            if (command.isEmpty() || command.get(0).isBlank()) {
                throw new IllegalArgumentException("verification command must name a program, was " + command);
            }
        });
        requireNonNull(maxIterations, "maxIterations");
        if (maxIterations.isPresent() && maxIterations.getAsInt() < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, was " + maxIterations.getAsInt());
        }
        requireNonNull(budget, "budget");
    }

    /**
     * Returns a task with a random id, the given description, and no other settings.
     *
     * @param description the description
     * @return a task with a random id, the given description, and no other settings
     */
    public static Task of(String description) {
        return new Task(
                TaskId.random(),
                description,
                Optional.empty(),
                List.of(),
                Optional.empty(),
                OptionalInt.empty(),
                Budget.UNLIMITED);
    }

    /**
     * Returns a copy with the given id.
     *
     * @param newId the new id
     * @return a copy with the given id
     */
    public Task withId(TaskId newId) {
        return new Task(newId, description, workingDirectory, acceptanceCriteria, verification, maxIterations, budget);
    }

    /**
     * Returns a copy that runs in the given directory.
     *
     * @param directory the directory
     * @return a copy that runs in the given directory
     */
    public Task withWorkingDirectory(Path directory) {
        return new Task(
                id,
                description,
                Optional.of(requireNonNull(directory, "directory")),
                acceptanceCriteria,
                verification,
                maxIterations,
                budget);
    }

    /**
     * Returns a copy with the given acceptance criteria.
     *
     * @param criteria the criteria
     * @return a copy with the given acceptance criteria
     */
    public Task withAcceptanceCriteria(List<String> criteria) {
        return new Task(id, description, workingDirectory, criteria, verification, maxIterations, budget);
    }

    /**
     * Returns a copy verified by the given command, for example {@code List.of("mvn", "-q", "test")}.
     *
     * @param command the command
     * @return a copy verified by the given command, for example {@code List.of("mvn", "-q", "test")}
     */
    public Task withVerification(List<String> command) {
        return new Task(
                id,
                description,
                workingDirectory,
                acceptanceCriteria,
                Optional.of(requireNonNull(command, "command")),
                maxIterations,
                budget);
    }

    /**
     * Returns a copy that may use at most the given number of iterations.
     *
     * @param iterations the iterations
     * @return a copy that may use at most the given number of iterations
     */
    public Task withMaxIterations(int iterations) {
        return new Task(
                id,
                description,
                workingDirectory,
                acceptanceCriteria,
                verification,
                OptionalInt.of(iterations),
                budget);
    }

    /**
     * Returns a copy with the given budget.
     *
     * @param newBudget the new budget
     * @return a copy with the given budget
     */
    public Task withBudget(Budget newBudget) {
        return new Task(
                id,
                description,
                workingDirectory,
                acceptanceCriteria,
                verification,
                maxIterations,
                requireNonNull(newBudget, "budget"));
    }
}
