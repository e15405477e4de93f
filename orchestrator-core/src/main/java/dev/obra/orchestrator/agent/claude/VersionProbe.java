package dev.obra.orchestrator.agent.claude;

import dev.obra.orchestrator.agent.AgentException;
import dev.obra.orchestrator.internal.process.TailBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/** Runs {@code claude --version} with Commons Exec's executor and watchdog; output is kept bounded. */
final class VersionProbe {
    private static final Pattern VERSION = Pattern.compile("([0-9]+\\.[0-9]+\\.[0-9]+)");

    private VersionProbe() {
    }

    static String version(Path program, Map<String, String> env, Optional<Path> directory, Duration timeout) {
        TailBuffer out = new TailBuffer(4096);
        TailBuffer err = new TailBuffer(4096);
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(timeout).get();
        DefaultExecutor executor = DefaultExecutor.builder().get();
        directory.ifPresent(d -> executor.setWorkingDirectory(d.toFile()));
        executor.setStreamHandler(new PumpStreamHandler(sink(out), sink(err)));
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        int exit;
        try {
            exit = executor.execute(new CommandLine(program.toString()).addArgument("--version", false), env);
        } catch (IOException e) {
            throw new AgentException(AgentException.Kind.NOT_INSTALLED, "could not run " + program + " --version ("
                    + e.getMessage() + "); install the CLI with `" + ClaudeCodeAgent.INSTALL_HINT + "`", e);
        }
        String stdout = out.text();
        if (watchdog.killedProcess()) {
            throw new AgentException(AgentException.Kind.TIMEOUT, program + " --version did not answer within "
                    + timeout);
        }
        Matcher m = VERSION.matcher(stdout);
        if (exit != 0 || !m.find()) {
            throw new AgentException(AgentException.Kind.PROCESS_FAILED, program + " --version exited with code "
                    + exit + " and printed '" + stdout.strip() + "', stderr: " + err.text().strip());
        }
        return m.group(1);
    }

    private static OutputStream sink(TailBuffer buffer) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                buffer.write(b, off, len);
            }
        };
    }
}
