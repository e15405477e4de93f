package dev.obra.orchestrator.examples.bench;

import dev.obra.orchestrator.Orchestrator;
import dev.obra.orchestrator.Task;
import dev.obra.orchestrator.TaskHandle;
import dev.obra.orchestrator.TaskId;
import dev.obra.orchestrator.TaskMetrics;
import dev.obra.orchestrator.TaskResult;
import dev.obra.orchestrator.TaskStatus;
import dev.obra.orchestrator.agent.Agent;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.Usage;
import dev.obra.orchestrator.agent.claude.ClaudeCodeAgent;
import dev.obra.orchestrator.workspace.Delivery;
import dev.obra.orchestrator.workspace.WorkingCopy;
import dev.obra.orchestrator.workspace.Workspace;
import dev.obra.orchestrator.workspace.git.GitCli;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Task worktrees on one repository: what making and removing one costs ({@code workspace.create-remove}), whether
 * parallel tasks wait on each other ({@code workspace.parallel}) and the heap each in-flight task takes
 * ({@code workspace.heap-per-task}).
 */
final class WorkspaceBench implements Benchmark {
    private final String name;

    private WorkspaceBench(String name) {
        this.name = name;
    }

    static WorkspaceBench createRemove() {
        return new WorkspaceBench("workspace.create-remove");
    }

    static WorkspaceBench parallel() {
        return new WorkspaceBench("workspace.parallel");
    }

    static WorkspaceBench heapPerTask() {
        return new WorkspaceBench("workspace.heap-per-task");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        switch (name) {
            case "workspace.create-remove":
                return "making and removing a task worktree through GitWorktree (a task that changed nothing), "
                        + "against bare git worktree add + git worktree remove, on a repository of 500 files";
            case "workspace.parallel":
                return "wall time of 8 tasks on one repository in worktrees, each agent sleeping 2 s and writing a "
                        + "file, maxConcurrentTasks(8), against one such task alone";
            default:
                return "heap per in-flight task with 50 tasks in worktrees of one repository running the fake "
                        + "claude at once, against 50 such tasks in place";
        }
    }

    @Override
    public Optional<String> unavailable() {
        return GitCli.onPath().isPresent() ? Optional.empty() : Optional.of("git is not on PATH");
    }

    @Override
    public void run(Report report, Effort effort) throws Exception {
        Path temp = Files.createTempDirectory("obra-workspace-bench");
        Path repo = repository(temp.resolve("repo"));
        switch (name) {
            case "workspace.create-remove":
                createRemove(report, temp, repo, effort);
                break;
            case "workspace.parallel":
                parallel(report, repo, effort);
                break;
            default:
                heapPerTask(report, temp, repo, effort);
                break;
        }
    }

    private static void createRemove(Report report, Path temp, Path repo, Effort effort) throws Exception {
        int runs = effort.count(40);
        Workspace workspace =
                Workspace.gitWorktree().root(temp.resolve("worktrees")).build();
        long[] library = new long[runs];
        long[] bare = new long[runs];
        for (int i = -10; i < runs; i++) {
            long start = System.nanoTime();
            WorkingCopy copy = workspace.open(TaskId.random(), "benchmark task", Optional.of(repo));
            Delivery d = copy.deliver(TaskStatus.COMPLETED, "benchmark", TaskMetrics.ZERO)
                    .orElseThrow();
            long took = System.nanoTime() - start;
            if (d.worktree().isPresent() || d.commit().isPresent()) {
                throw new IllegalStateException("the worktree was not removed cleanly: " + d);
            }
            Path path = temp.resolve("bare-" + i);
            start = System.nanoTime();
            git(repo, "worktree", "add", "--quiet", "-b", "bare/" + (i + 10), path.toString(), "HEAD");
            git(repo, "worktree", "remove", path.toString());
            long tookBare = System.nanoTime() - start;
            if (i >= 0) {
                library[i] = took;
                bare[i] = tookBare;
            }
        }
        report.figure(
                "workspace.create-remove.median",
                Samples.of(library).median() / 1e6,
                Samples.of(bare).median() / 1e6,
                "ms");
        report.note(runs + " of each after 10 warm-ups, alternating");
    }

    private static void parallel(Report report, Path repo, Effort effort) throws Exception {
        Agent agent = request -> {
            try {
                TimeUnit.SECONDS.sleep(2);
                Files.writeString(
                        request.workingDirectory().orElseThrow().resolve("out-" + request.sessionId() + ".txt"),
                        "done\n");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new dev.obra.orchestrator.agent.AgentCancelledException("cancelled");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return AgentResponse.success(
                    request.sessionId(), "done", new Usage(1, 1, 0, 0), 1, BigDecimal.ZERO, Duration.ofSeconds(2));
        };
        double alone = Double.MAX_VALUE;
        double eight = Double.MAX_VALUE;
        for (int round = 0; round < (effort == Effort.FULL ? 2 : 1); round++) {
            alone = Math.min(alone, wall(agent, repo, 1));
            eight = Math.min(eight, wall(agent, repo, 8));
        }
        report.figure("workspace.parallel.wall", eight, alone, "s");
        report.note("best of 2 rounds; each task commits one file on its own branch");
    }

    private static double wall(Agent agent, Path repo, int tasks) throws Exception {
        try (Orchestrator orchestrator = Orchestrator.builder()
                .agent(agent)
                .maxIterations(1)
                .maxConcurrentTasks(8)
                .workspace(Workspace.gitWorktree().build())
                .build()) {
            long start = System.nanoTime();
            List<TaskHandle> handles = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                handles.add(orchestrator.submit(
                        Task.of("parallel benchmark task " + i).withWorkingDirectory(repo)));
            }
            for (TaskHandle handle : handles) {
                TaskResult result = handle.result().get();
                if (result.delivery().flatMap(Delivery::commit).isEmpty()) {
                    throw new IllegalStateException("a benchmark task delivered no commit: " + result);
                }
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static void heapPerTask(Report report, Path temp, Path repo, Effort effort) throws Exception {
        int tasks = effort == Effort.FULL ? 50 : 2;
        String sleep = effort == Effort.FULL ? "20" : "2";
        double inPlace = heap(temp, repo, tasks, Workspace.inPlace(), sleep);
        double worktrees = heap(temp, repo, tasks, Workspace.gitWorktree().build(), sleep);
        report.figure("workspace.heap-per-task", worktrees / 1024, inPlace / 1024, "KiB");
        report.note(tasks + " tasks in flight each; heap used after GC with all running, minus before, per task");
    }

    /** Returns the heap per in-flight task, in bytes, with {@code tasks} fake-claude tasks running at once. */
    private static double heap(Path temp, Path repo, int tasks, Workspace workspace, String sleep) throws Exception {
        Path pids = Files.createTempFile(temp, "pids", ".txt");
        ClaudeCodeAgent agent = FakeClaudeLocation.agent(
                        FakeClaudeLocation.find(),
                        repo,
                        Files.createDirectories(temp.resolve("config")),
                        Map.of(
                                "FAKE_CLAUDE_SCENARIO",
                                "edit",
                                "FAKE_CLAUDE_SLEEP_SECONDS",
                                sleep,
                                "FAKE_CLAUDE_PID_FILE",
                                pids.toString()))
                .timeout(Duration.ofMinutes(5))
                .build();
        try (Orchestrator orchestrator = Orchestrator.builder()
                .agent(agent)
                .maxIterations(1)
                .maxConcurrentTasks(tasks)
                .workspace(workspace)
                .build()) {
            long before = usedHeap();
            List<TaskHandle> handles = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                handles.add(orchestrator.submit(
                        Task.of("heap benchmark " + i + "\nEDIT: task " + i).withWorkingDirectory(repo)));
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (Files.readAllLines(pids).size() < tasks) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only "
                            + Files.readAllLines(pids).size() + " of " + tasks + " fake claudes started in 3 minutes");
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            long during = usedHeap();
            for (TaskHandle handle : handles) {
                handle.result().get();
            }
            return (double) (during - before) / tasks;
        }
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Makes a repository of 500 small files in 20 folders, with one commit. */
    private static Path repository(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        git(dir, "init", "--quiet");
        for (int d = 0; d < 20; d++) {
            Path folder = Files.createDirectories(dir.resolve("src/pkg" + d));
            for (int f = 0; f < 25; f++) {
                Files.writeString(folder.resolve("File" + f + ".java"), "class File" + f + " { int x = " + f + "; }\n");
            }
        }
        git(dir, "add", "--all");
        git(dir, "-c", "user.name=bench", "-c", "user.email=bench@obra.invalid", "commit", "--quiet", "-m", "Start");
        git(dir, "config", "user.name", "bench");
        git(dir, "config", "user.email", "bench@obra.invalid");
        return dir;
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + new String(out));
        }
    }
}
