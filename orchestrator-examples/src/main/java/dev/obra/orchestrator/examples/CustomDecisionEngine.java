// Shows: a DecisionEngine of your own. This one is stricter than the default rules: it never accepts a result unless
// a verification command ran and passed, and it escalates at once when the agent deleted a file. Everything else is
// left to DefaultDecisionEngine, which it wraps.
package dev.obra.orchestrator.examples;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.decision.Decision;
import dev.obra.orchestrator.decision.DecisionContext;
import dev.obra.orchestrator.decision.DecisionEngine;
import dev.obra.orchestrator.decision.DefaultDecisionEngine;
import dev.obra.orchestrator.examples.demo.DemoAgent;
import dev.obra.orchestrator.examples.demo.DemoProject;
import java.nio.file.Files;
import java.nio.file.Path;

/** A custom decision engine that requires a passing verification and refuses deletions. */
public final class CustomDecisionEngine implements DecisionEngine {
    private final DefaultDecisionEngine defaults =
            DefaultDecisionEngine.builder().qualityThreshold(0.8).build();

    @Override
    public Decision decide(DecisionContext context) {
        Path dir = context.task().workingDirectory().orElse(Path.of(""));
        boolean deleted = context.changes().changedFiles().stream().anyMatch(f -> !Files.exists(dir.resolve(f)));
        if (deleted) {
            return new Decision.Escalate(
                    "the agent deleted files: " + context.changes().summary());
        }
        Decision decision = defaults.decide(context);
        if (decision instanceof Decision.Proceed
                && context.verification().map(v -> !v.passed()).orElse(true)) {
            return new Decision.Retry("Run and pass the verification command before you finish.");
        }
        return decision;
    }

    public static void main(String[] args) throws Exception {
        DemoProject project = DemoProject.create(Files.createTempDirectory("obra-custom-"));
        TaskResult result = Orchestrator.builder()
                .agent(new DemoAgent())
                .decisionEngine(new CustomDecisionEngine())
                .run(project.task());
        System.out.println("status: " + result.status());
        result.iterations()
                .forEach(i -> System.out.println(
                        "iteration " + i.iteration() + ": " + i.decision().name() + " - "
                                + i.decision().reason().lines().findFirst().orElse("")));
    }
}
