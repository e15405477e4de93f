// Shows: a breakpoint that hands the task to a person. After every iteration that failed, the handler asks on the
// console whether to stop, go on, or go on with guidance; the guidance reaches the agent's next prompt, and every
// breakpoint and answer is recorded in the store.
package dev.obra.orchestrator.examples;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.breakpoint.BreakpointEvent;
import dev.obra.orchestrator.breakpoint.Breakpoints;
import dev.obra.orchestrator.breakpoint.Resolution;
import dev.obra.orchestrator.examples.demo.DemoAgent;
import dev.obra.orchestrator.examples.demo.DemoProject;
import dev.obra.orchestrator.store.BreakpointRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** Human in the loop: a breakpoint handler that asks on the console. */
public final class HumanInTheLoop {
    private HumanInTheLoop() {}

    public static void main(String[] args) throws Exception {
        BufferedReader console = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        DemoProject project = DemoProject.create(Files.createTempDirectory("obra-human-"));
        Orchestrator orchestrator = Orchestrator.builder()
                .agent(new DemoAgent())
                .breakpoint(Breakpoints.consecutiveFailures(1))
                .breakpointHandler(event -> ask(console, event))
                .build();

        TaskResult result = orchestrator.run(project.task());

        System.out.println("status: " + result.status() + " (" + result.reason() + ")");
        for (BreakpointRecord b : orchestrator.sessionStore().breakpoints(result.taskId())) {
            System.out.println("breakpoint after iteration " + b.iteration() + ": " + b.resolution());
        }
    }

    private static Resolution ask(BufferedReader console, BreakpointEvent event) {
        System.out.println();
        System.out.println("Breakpoint: " + event.breakpoint().description() + " (iteration "
                + event.context().iteration() + ", decision "
                + event.context().decision().name() + ")");
        System.out.println(event.context().decision().reason());
        System.out.print("Type 's' to stop, Enter to go on, or guidance for the agent: ");
        System.out.flush();
        try {
            String answer = console.readLine();
            if (answer == null || answer.strip().equalsIgnoreCase("s")) {
                return Resolution.stop("stopped by a person at the console");
            }
            return answer.isBlank() ? Resolution.proceed() : Resolution.continueWith(answer.strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console", e);
        }
    }
}
