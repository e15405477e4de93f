package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.OrchestratorException;
import dev.obra.orchestrator.agent.claude.ClaudeCodeAgent;
import dev.obra.orchestrator.sqlite.JooqSessionStore;
import dev.obra.orchestrator.store.TaskQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code obra doctor}: checks what {@code obra run} needs and says how to fix each failure. */
@Command(
        name = "doctor",
        description = "Check the Claude Code CLI, the LLM judge and the store.",
        footer = {"Exit codes: 0 nothing failed (warnings allowed), 6 at least one check failed."})
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    ClaudeOptions claude;

    @Mixin
    LlmOptions llm;

    @Mixin
    StoreOptions store;

    private final List<String> lines = new ArrayList<>();
    private boolean failed;

    @Override
    public Integer call() {
        checkClaude();
        checkLlm();
        checkStore();
        Terminal out = Terminal.stdout();
        lines.forEach(out::println);
        out.println();
        out.println(failed ? "Some checks failed; fix them as shown above." : "Everything obra run needs is in place.");
        return failed ? ExitCodes.UNAVAILABLE : ExitCodes.OK;
    }

    private void checkClaude() {
        try (ClaudeCodeAgent agent = claude.builder().build()) {
            Optional<String> found = ClaudeOptions.version(agent);
            if (found.isEmpty()) {
                fail("claude", claude.notFound(), "install it, or pass --claude PATH");
                return;
            }
            String version = found.get();
            if (!Credentials.present()) {
                fail(
                        "claude",
                        "Claude Code " + version + " is installed but has no credentials",
                        Credentials.describe());
            } else {
                ok("claude", "Claude Code " + version + "; credentials: " + Credentials.describe());
            }
            if ("root".equals(System.getProperty("user.name"))) {
                warn(
                        "claude",
                        "running as root: --permission-mode bypassPermissions is refused by the CLI "
                                + "unless IS_SANDBOX=1 is set (only do that in a disposable sandbox)",
                        null);
            }
        }
    }

    private void checkLlm() {
        try (LlmOptions.Judge judge = llm.resolve()) {
            if (judge.llm.isPresent()) {
                ok("llm", judge.description);
            } else {
                warn(
                        "llm",
                        "quality will be scored by " + judge.description,
                        "for an LLM judge, install Ollama and run `ollama pull qwen2.5-coder:7b`, or start llama.cpp's "
                                + "server (llama-server -m MODEL.gguf --port 8080), vLLM or LM Studio; see "
                                + "docs/local-llm.md");
            }
        } catch (CliException e) {
            fail("llm", e.getMessage(), "start the server, fix --llm/--llm-model, or drop them to use heuristics");
        }
    }

    private void checkStore() {
        StoreOptions.Location location;
        try {
            location = store.location(null);
        } catch (CliException e) {
            fail("store", e.getMessage(), "pass --db with a file, a jdbc:postgresql: URL or a jdbc:h2: URL");
            return;
        }
        if (location instanceof StoreOptions.Location.Url) {
            checkOpens(location, "check that the server runs and that the URL's database, user and password are right");
        } else if (location instanceof StoreOptions.Location.File sqlite) {
            checkFile(sqlite);
        } else {
            throw new IllegalStateException("unhandled " + location);
        }
    }

    /** Checks a SQLite file: a folder or a file yet to be created is judged here, an existing file is opened. */
    private void checkFile(StoreOptions.Location.File sqlite) {
        Path file = sqlite.path();
        if (Files.isDirectory(file)) {
            fail("store", file + " is a directory", "pass --db with a file name, e.g. --db " + file.resolve("obra.db"));
            return;
        }
        if (!Files.exists(file)) {
            Path parent = file.toAbsolutePath().getParent();
            Path existing = parent;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing != null && Files.isWritable(existing)) {
                ok("store", file + " does not exist yet; it will be created on the first run");
            } else {
                fail(
                        "store",
                        "cannot create " + file + " (" + existing + " is not writable)",
                        "pass --db with a writable location, or set OBRA_DB");
            }
            return;
        }
        // A read-only file fails here too: the store refuses to open one.
        checkOpens(sqlite, "pass --db with another file, or move this one aside");
    }

    /** Opens (and, when it is new, creates) the store, as obra run would; {@code fix} says what to do if it fails. */
    private void checkOpens(StoreOptions.Location location, String fix) {
        try (JooqSessionStore s = StoreOptions.open(location)) {
            ok(
                    "store",
                    location.shown() + ": schema version " + s.schemaVersion() + ", "
                            + s.listTasks(TaskQuery.all()).size() + " task(s)");
        } catch (OrchestratorException | CliException e) {
            fail("store", e.getMessage(), fix);
        }
    }

    private void ok(String what, String text) {
        lines.add(String.format("%-7s OK    %s", what, text));
    }

    private void warn(String what, String text, String fix) {
        lines.add(String.format("%-7s WARN  %s", what, text));
        if (fix != null) {
            lines.add(String.format("%-7s       fix: %s", "", fix));
        }
    }

    private void fail(String what, String text, String fix) {
        failed = true;
        lines.add(String.format("%-7s FAIL  %s", what, text));
        lines.add(String.format("%-7s       fix: %s", "", fix));
    }
}
