// Shows: the smallest complete use of the library. One task, run on the caller's thread, recorded in the default
// in-memory store, judged by heuristics (no LLM configured). The agent is the built-in demo agent so that this runs
// anywhere; for real work use ClaudeCodeAgent.builder().workingDirectory(repo).build() instead.
package dev.obra.orchestrator.examples;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.examples.demo.DemoAgent;
import dev.obra.orchestrator.examples.demo.DemoProject;
import java.nio.file.Files;
import java.nio.file.Path;

/** Quick start: one task, in-memory store. Argument: a directory to create the demo project in (optional). */
public final class QuickStart {
    private QuickStart() {}

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("obra-quickstart-");
        DemoProject project = DemoProject.create(dir);

        TaskResult result =
                Orchestrator.builder().agent(new DemoAgent()).maxIterations(3).run(project.task());

        System.out.println("status:     " + result.status());
        System.out.println("iterations: " + result.iterations().size());
        System.out.println("tokens:     " + result.metrics().totalTokens());
        System.out.println("cost:       $" + result.metrics().costUsd().toPlainString());
        System.out.println("answer:     " + result.output());
    }
}
