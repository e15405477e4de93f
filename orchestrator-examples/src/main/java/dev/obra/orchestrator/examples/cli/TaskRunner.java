package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskHandle;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.agent.Agent;
import dev.obra.orchestrator.store.SessionStore;
import dev.obra.orchestrator.workspace.Workspace;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one task for the command line: live progress, Ctrl-C cancels the task cleanly (the agent's process tree is
 * stopped and the session recorded CANCELLED before the JVM exits), and a summary at the end.
 */
final class TaskRunner {
    private TaskRunner() {}

    /** Runs {@code task} with the agent, the judge if there is one, and the store; then prints the summary. */
    static TaskResult run(Agent agent, LlmOptions.Judge judge, SessionStore sessions, Task task, Terminal out) {
        return run(agent, judge, sessions, task, Workspace.inPlace(), out, true);
    }

    /**
     * As {@link #run(Agent, LlmOptions.Judge, SessionStore, Task, Terminal)}, in the given workspace; may keep the
     * verification denied.
     */
    static TaskResult run(
            Agent agent,
            LlmOptions.Judge judge,
            SessionStore sessions,
            Task task,
            Workspace workspace,
            Terminal out,
            boolean allowVerificationCommand) {
        Orchestrator.Builder builder = Orchestrator.builder()
                .agent(agent)
                .sessionStore(sessions)
                .allowVerificationCommand(allowVerificationCommand)
                .workspace(workspace);
        judge.llm.ifPresent(builder::llm);
        builder.judgeBudget(judge.budget);
        TaskResult result = withProgress(builder, task, out);
        summary(result, out);
        return result;
    }

    private static TaskResult withProgress(Orchestrator.Builder builder, Task task, Terminal out) {
        try (ProgressPrinter progress =
                        new ProgressPrinter(out, Terminal.isInteractive(), Terminal.columns(System.getenv()));
                Orchestrator orchestrator = builder.listener(progress).build()) {
            TaskHandle handle = orchestrator.submit(task);
            Thread onCtrlC = new Thread(
                    () -> {
                        if (handle.cancel()) {
                            out.println();
                            out.println("cancelling task " + handle.taskId() + " ...");
                            awaitQuietly(handle);
                        }
                    },
                    "obra-cancel-on-exit");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            try {
                return handle.result().get();
            } catch (InterruptedException e) {
                handle.cancel();
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.CANCELLED, "interrupted; task " + handle.taskId() + " cancelled");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("the task failed", cause);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(onCtrlC);
                } catch (IllegalStateException shuttingDown) {
                    // The JVM is exiting (Ctrl-C): the hook is running and records the cancellation.
                }
            }
        }
    }

    private static void awaitQuietly(TaskHandle handle) {
        try {
            handle.result().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Exiting anyway; what could be recorded was recorded.
        }
    }

    /** Prints how the task ended and its metrics. */
    private static void summary(TaskResult result, Terminal out) {
        out.println();
        out.println("Task " + result.taskId() + ": " + result.status());
        out.println("Reason: " + result.reason().strip());
        result.delivery().ifPresent(d -> {
            out.println("Branch: " + d.branch() + " (from " + d.baseCommit().substring(0, 12) + ")");
            out.println("Commit: "
                    + d.commit()
                            .map(c -> c + "  " + d.changes().summary())
                            .orElse("none" + (d.changes().hasChanges() ? "" : ": nothing changed")));
            d.failure().ifPresent(f -> out.println("Problem: " + f));
            d.worktree().ifPresent(w -> out.println("Worktree kept: " + w));
        });
        out.println();
        out.print(Tables.metrics(result.metrics()));
    }
}
