package dev.obra.orchestrator.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when a tool or server it needs is missing: off CI it is skipped with a message, on CI (.ci/run
 * exports {@code CI=true}, as CI services do) it fails, so that a broken setup cannot pass as skipped tests.
 */
public final class Required {
    private Required() {}

    /**
     * Returns whether the tests run on CI: {@code CI} is {@code true} in any case.
     *
     * @return whether they do
     */
    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Skips the calling test, or fails it on CI, because what {@code message} names is missing. Never returns.
     *
     * @param message what is missing, and how to get it
     * @param <T> whatever the caller needs in its place, so that this fits in {@code orElseGet}
     * @return never
     * @throws AssertionError on CI
     * @throws org.opentest4j.TestAbortedException off CI
     */
    public static <T> T missing(String message) {
        if (onCi()) {
            throw new AssertionError(message + " (CI=true: a missing tool or server is a failure)");
        }
        return Assumptions.abort(message);
    }
}
