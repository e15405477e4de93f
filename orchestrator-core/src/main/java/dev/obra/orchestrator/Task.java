package dev.obra.orchestrator;

import static dev.obra.orchestrator.internal.argument.Arguments.requireAtLeast;
import static dev.obra.orchestrator.internal.argument.Arguments.requireNonBlank;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

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
        maxIterations.ifPresent(n -> requireAtLeast(n, 1, "maxIterations"));
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
        return with(copy -> copy.id = newId);
    }

    /**
     * Returns a copy that runs in the given directory.
     *
     * @param directory the directory
     * @return a copy that runs in the given directory
     */
    public Task withWorkingDirectory(Path directory) {
        return with(copy -> copy.workingDirectory = Optional.of(requireNonNull(directory, "directory")));
    }

    /**
     * Returns a copy with the given acceptance criteria.
     *
     * @param criteria the criteria
     * @return a copy with the given acceptance criteria
     */
    public Task withAcceptanceCriteria(List<String> criteria) {
        return with(copy -> copy.acceptanceCriteria = criteria);
    }

    /**
     * Returns a copy verified by the given command, for example {@code List.of("mvn", "-q", "test")}.
     *
     * @param command the command
     * @return a copy verified by the given command, for example {@code List.of("mvn", "-q", "test")}
     */
    public Task withVerification(List<String> command) {
        return with(copy -> copy.verification = Optional.of(requireNonNull(command, "command")));
    }

    /**
     * Returns a copy that may use at most the given number of iterations.
     *
     * @param iterations the iterations
     * @return a copy that may use at most the given number of iterations
     */
    public Task withMaxIterations(int iterations) {
        return with(copy -> copy.maxIterations = OptionalInt.of(iterations));
    }

    /**
     * Returns a copy with the given budget.
     *
     * @param newBudget the new budget
     * @return a copy with the given budget
     */
    public Task withBudget(Budget newBudget) {
        return with(copy -> copy.budget = requireNonNull(newBudget, "budget"));
    }

    private Task with(Consumer<Components> change) {
        Components copy = new Components(this);
        change.accept(copy);
        return copy.task();
    }

    /** A task's components on their way to a copy: a wither changes one, then the new task checks them all. */
    private static final class Components {
        private TaskId id;
        private String description;
        private Optional<Path> workingDirectory;
        private List<String> acceptanceCriteria;
        private Optional<List<String>> verification;
        private OptionalInt maxIterations;
        private Budget budget;

        private Components(Task task) {
            id = task.id;
            description = task.description;
            workingDirectory = task.workingDirectory;
            acceptanceCriteria = task.acceptanceCriteria;
            verification = task.verification;
            maxIterations = task.maxIterations;
            budget = task.budget;
        }

        private Task task() {
            return new Task(id, description, workingDirectory, acceptanceCriteria, verification, maxIterations, budget);
        }
    }
}
