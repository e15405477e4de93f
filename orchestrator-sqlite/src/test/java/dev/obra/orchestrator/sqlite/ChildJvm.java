package dev.obra.orchestrator.sqlite;

import dev.obra.orchestrator.internal.process.Executables;
import dev.obra.orchestrator.testing.ChildJvms;
import dev.obra.orchestrator.testing.Required;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a main class of the test sources in a new JVM, with this JVM's java and class path. */
final class ChildJvm {
    /**
     * Sets RLIMIT_FSIZE and ignores SIGXFSZ (so that a write past the limit fails with EFBIG instead of killing the
     * process), then replaces itself with the JVM: argv[1] is the limit in bytes, argv[2..] the JVM's command.
     */
    private static final String FILE_SIZE_LIMITER = """
            import os, resource, signal, sys
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            limit = int(sys.argv[1])
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
            os.execv(sys.argv[2], sys.argv[2:])
            """;

    private ChildJvm() {}

    /** Starts {@code main} with {@code args}; its stdout and stderr go to {@code log}. */
    static Process start(Class<?> main, Path log, String... args) throws IOException {
        return start(List.of(), main, log, args);
    }

    /**
     * Starts {@code main} with {@code args} in a JVM that cannot write any file past {@code maxFileBytes}: each
     * write beyond it fails with EFBIG ("File too large"), as on a full disk. Needs python3 on the PATH; without
     * it the calling test is skipped, or fails when {@code CI=true}.
     */
    static Process startWithFileSizeLimit(long maxFileBytes, Class<?> main, Path log, String... args)
            throws IOException {
        String python = Executables.find(
                        "python3", Path.of("").toAbsolutePath(), System.getenv().getOrDefault("PATH", ""))
                .map(Path::toString)
                .orElseGet(() ->
                        Required.missing("python3 is not on the PATH, so no child JVM can be given a file-size limit"));
        return start(List.of(python, "-c", FILE_SIZE_LIMITER, Long.toString(maxFileBytes)), main, log, args);
    }

    /**
     * Starts {@code main} with {@code args} in a JVM with {@code umask}, which python3 sets before it becomes the
     * JVM: Java cannot set its own.
     */
    static Process startWithUmask(int umask, Class<?> main, Path log, String... args) throws IOException {
        return start(ChildJvms.underUmask("python3", umask), main, log, args);
    }

    private static Process start(List<String> launcher, Class<?> main, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(ChildJvms.mainClass(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"), main, List.of(args)));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
