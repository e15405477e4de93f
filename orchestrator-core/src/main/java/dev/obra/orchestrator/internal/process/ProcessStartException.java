package dev.obra.orchestrator.internal.process;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A child process could not be started: the executable is missing, not executable, or the system refused. */
public final class ProcessStartException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    /** The executable that could not be started. */
    private final String program;

    ProcessStartException(String program, IOException cause) {
        super("could not start " + program + ": " + cause.getMessage(), cause);
        this.program = program;
    }

    /**
     * Returns the executable that could not be started.
     *
     * @return the command's first element, as given
     */
    public String program() {
        return program;
    }

    /**
     * Returns what the system said, e.g. {@code Cannot run program "x": error=2, No such file or directory}.
     *
     * @return the message of the {@link IOException} that starting the process threw
     */
    public String reason() {
        return getCause().getMessage();
    }
}
