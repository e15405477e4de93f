package dev.obra.orchestrator.agent.claude;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a scan of Claude Code's stdout found.
 *
 * @param result         the last {@code type:"result"} message, when one parsed
 * @param assistantError the {@code error} of the last assistant message that had one (e.g. {@code overloaded})
 * @param lines          lines read
 * @param nonJsonLines   lines that did not start with {@code {} or {@code [} and were skipped
 * @param malformedLines lines that started as JSON but did not parse (a truncated last line among them)
 * @param bytes          bytes read
 */
record ScanSummary(
        Optional<ResultMessage> result,
        Optional<String> assistantError,
        long lines,
        long nonJsonLines,
        long malformedLines,
        long bytes) {

    ScanSummary {
        requireNonNull(result, "result");
        requireNonNull(assistantError, "assistantError");
    }
}
