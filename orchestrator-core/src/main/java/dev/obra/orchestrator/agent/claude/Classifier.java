package dev.obra.orchestrator.agent.claude;

import dev.obra.orchestrator.SessionId;
import dev.obra.orchestrator.agent.AgentCancelledException;
import dev.obra.orchestrator.agent.AgentException;
import dev.obra.orchestrator.agent.AgentOutcome;
import dev.obra.orchestrator.agent.AgentRequest;
import dev.obra.orchestrator.agent.AgentResponse;
import dev.obra.orchestrator.agent.AgentTimeoutException;
import dev.obra.orchestrator.agent.SessionInUseException;
import dev.obra.orchestrator.agent.SessionMode;
import dev.obra.orchestrator.agent.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a finished run into a response or an exception, in the order
 * {@code docs/claude-code.md} gives under "Outcomes and exceptions": a cancel first, then a
 * parseable result (its {@code is_error}, {@code subtype}, {@code terminal_reason}, {@code api_error_status}), then,
 * without one, the timeouts, the exit code and stderr.
 */
final class Classifier {
    /** How much of stderr goes into a message. */
    static final int MESSAGE_TAIL_CHARS = 2000;

    private static final Set<String> AUTH_TYPES = Set.of("authentication_error", "permission_error", "billing_error");
    private static final Set<String> TRANSIENT_TYPES =
            Set.of("rate_limit_error", "overloaded_error", "api_error", "timeout_error");
    private static final Set<String> REQUEST_TYPES =
            Set.of("invalid_request_error", "not_found_error", "request_too_large");
    private static final Set<String> AUTH_ERRORS = Set.of(
            "authentication_failed",
            "oauth_org_not_allowed",
            "account_on_hold",
            "verification_required",
            "billing_error",
            "cloud_credential_error");
    private static final Set<String> TRANSIENT_ERRORS = Set.of("rate_limit", "overloaded", "server_error");
    private static final Set<String> REQUEST_ERRORS = Set.of("invalid_request", "model_not_found");
    private static final List<String> AUTH_TEXT = List.of(
            "not logged in", "/login", "failed to authenticate", "invalid api key", "invalid x-api-key", "oauth token");
    private static final List<String> NETWORK_TEXT = List.of(
            "connection refused",
            "can't reach",
            "timed out",
            "econnrefused",
            "econnreset",
            "enotfound",
            "etimedout",
            "socket hang up",
            "fetch failed",
            "network error",
            "overloaded",
            "rate limit",
            "server-side issue");
    private static final List<String> CONFIGURATION_STDERR = List.of(
            "Invalid session ID",
            "error: unknown option",
            "error: option",
            "requires --verbose",
            "Input must be provided",
            "No conversation found",
            "--resume requires",
            "also needs --fork-session",
            "Not logged in",
            "requires output-format");
    private static final String ROOT_REFUSAL = "cannot be used with root/sudo privileges";

    private Classifier() {}

    /**
     * Returns the response for {@code run}, or throws the exception that stands for it.
     *
     * @throws AgentException the run produced no usable result
     */
    static AgentResponse classify(
            ClaudeProcess.Finished run, AgentRequest request, Duration timeout, Duration idleTimeout) {
        if (run.ending() == ClaudeProcess.Ending.CANCELLED) {
            throw new AgentCancelledException("claude was cancelled and its process tree stopped; " + describe(run));
        }
        Optional<ResultMessage> result = run.scan().result();
        if (result.isPresent()) {
            return respond(result.get(), run, request);
        }
        if (run.ending() == ClaudeProcess.Ending.TIMED_OUT) {
            throw new AgentTimeoutException(
                    "claude ran longer than its timeout of " + timeout + " and was stopped with its process tree; "
                            + describe(run),
                    timeout,
                    false);
        }
        if (run.ending() == ClaudeProcess.Ending.IDLE_TIMED_OUT) {
            throw new AgentTimeoutException(
                    "claude wrote nothing for its idle timeout of " + idleTimeout
                            + " and was stopped with its process tree; " + describe(run),
                    idleTimeout,
                    true);
        }
        String stderr = run.stderrTail();
        if (stderr.contains("is already in use")) {
            throw new SessionInUseException(
                    request.sessionId(),
                    "claude refused session id " + request.sessionId()
                            + " because a session with that id exists (retry with a new id); " + describe(run));
        }
        if (stderr.contains(ROOT_REFUSAL)) {
            throw new AgentException(
                    AgentException.Kind.CONFIGURATION,
                    "claude refuses bypassPermissions when run "
                            + "as root; set IS_SANDBOX=1 in the agent's environment (only inside a sandbox or container) or "
                            + "choose another permission mode; " + describe(run));
        }
        if (isCorruptedConfiguration(stderr)) {
            // Reported for parallel CLIs sharing one .claude.json (anthropics/claude-code #15608, #29003): the file
            // is read again by the next run, so a new attempt may well succeed.
            throw new AgentException(
                    AgentException.Kind.PROCESS_FAILED,
                    "claude found its configuration file "
                            + "corrupted, as a concurrent write by another claude can leave it; a new attempt reads it "
                            + "again; " + describe(run));
        }
        for (String marker : CONFIGURATION_STDERR) {
            if (stderr.contains(marker)) {
                throw new AgentException(
                        AgentException.Kind.CONFIGURATION,
                        "claude refused its arguments or configuration; " + describe(run));
            }
        }
        if (run.exitCode() == 0) {
            throw new AgentException(
                    AgentException.Kind.PROTOCOL,
                    "claude exited 0 without a result message ("
                            + run.scan().lines() + " lines, " + run.scan().malformedLines() + " malformed); "
                            + describe(run));
        }
        if (run.exitCode() > 128) {
            throw new AgentException(
                    AgentException.Kind.PROCESS_FAILED,
                    "claude was killed by signal " + (run.exitCode() - 128) + " before it reported a result; "
                            + describe(run));
        }
        throw new AgentException(
                AgentException.Kind.PROCESS_FAILED, "claude failed without reporting a result; " + describe(run));
    }

    /** Returns whether stderr holds the CLI's "configuration file at ... is corrupted" message. */
    static boolean isCorruptedConfiguration(String stderr) {
        String text = stderr.toLowerCase(Locale.ROOT);
        int file = text.indexOf("configuration file");
        return file >= 0 && text.indexOf("is corrupted", file) > file;
    }

    private static AgentResponse respond(ResultMessage r, ClaudeProcess.Finished run, AgentRequest request) {
        if (r.startupFailureReason().isPresent()) {
            String reason = r.startupFailureReason().get();
            throw new AgentException(
                    AgentException.Kind.CONFIGURATION,
                    "claude could not start (" + reason + ")"
                            + (reason.contains("root")
                                    ? ": as root, bypassPermissions needs IS_SANDBOX=1 in the agent's " + "environment"
                                    : "")
                            + "; " + describe(run));
        }
        if (r.numTurns() == 0 && r.errors().stream().anyMatch(e -> e.startsWith("No conversation found"))) {
            throw new AgentException(
                    AgentException.Kind.CONFIGURATION,
                    "claude found no conversation to resume: " + String.join("; ", r.errors()) + "; " + describe(run));
        }
        SessionId expected = request.sessionId();
        if (r.sessionId().isPresent() && !r.sessionId().get().equals(expected.value())) {
            throw new AgentException(
                    AgentException.Kind.PROTOCOL,
                    "claude reported session " + r.sessionId().get() + " but was given " + expected + "; "
                            + describe(run));
        }
        AgentOutcome outcome = outcome(r, run.scan().assistantError());
        BigDecimal reported = r.totalCostUsd();
        BigDecimal previous = request.mode() instanceof SessionMode.Resume resume
                ? resume.previousReportedCostUsd()
                : BigDecimal.ZERO;
        BigDecimal own = reported.subtract(previous).max(BigDecimal.ZERO);
        own = own.signum() == 0 ? BigDecimal.ZERO : own.stripTrailingZeros();
        // modelUsage also counts subagents, but is cumulative when resumed; usage is this run's main loop only.
        Usage usage = request.mode() instanceof SessionMode.New
                ? r.modelUsage().filter(u -> u.total() > 0).orElse(r.usage())
                : r.usage();
        List<String> errors = new ArrayList<>(r.errors());
        if (outcome != AgentOutcome.SUCCESS) {
            if (errors.isEmpty()) {
                errors.add(errorText(r));
            }
            errors.add(describe(run));
        }
        return new AgentResponse(
                r.text().orElse(""),
                expected,
                outcome,
                usage,
                r.numTurns(),
                own,
                reported,
                r.duration().orElse(run.took()),
                errors,
                r.permissionDenials());
    }

    /**
     * Returns the best words for an error result without {@code errors}: its text, else a subtype that says more than
     * {@code success}, else the HTTP status of the API error, as the Agent SDKs do.
     */
    static String errorText(ResultMessage r) {
        Optional<String> text = r.text().map(String::strip).filter(t -> !t.isEmpty());
        if (text.isPresent()) {
            return text.get();
        }
        if (!r.subtype().isBlank() && !r.subtype().equals("success")) {
            return r.subtype();
        }
        if (r.apiErrorStatus().isPresent()) {
            return "API error (HTTP " + r.apiErrorStatus().getAsInt() + ")"
                    + r.apiErrorType().map(t -> " " + t).orElse("");
        }
        return "claude reported an error without saying which";
    }

    /** Returns the outcome a result message reports. */
    static AgentOutcome outcome(ResultMessage r, Optional<String> assistantError) {
        String terminal = r.terminalReason().orElse("");
        switch (r.subtype()) {
            case "error_max_turns":
                return AgentOutcome.MAX_TURNS;
            case "error_max_budget_usd":
                return AgentOutcome.BUDGET_EXCEEDED;
            case "error_during_execution":
                return terminal.startsWith("aborted") ? AgentOutcome.CANCELLED : AgentOutcome.EXECUTION_ERROR;
            default:
                break;
        }
        if (!r.isError()) {
            return AgentOutcome.SUCCESS;
        }
        if (terminal.equals("max_turns")) {
            return AgentOutcome.MAX_TURNS;
        }
        if (terminal.equals("budget_exhausted")) {
            return AgentOutcome.BUDGET_EXCEEDED;
        }
        if (r.apiErrorStatus().isPresent()) {
            int status = r.apiErrorStatus().getAsInt();
            if (status == 401 || status == 403) {
                return AgentOutcome.AUTH_ERROR;
            }
            if (status == 408 || status == 429 || status >= 500) {
                return AgentOutcome.API_ERROR;
            }
            if (status >= 400) {
                return AgentOutcome.REQUEST_ERROR;
            }
        }
        String type = r.apiErrorType().orElse("");
        String error = assistantError.orElse("");
        if (AUTH_TYPES.contains(type) || AUTH_ERRORS.contains(error)) {
            return AgentOutcome.AUTH_ERROR;
        }
        if (TRANSIENT_TYPES.contains(type) || TRANSIENT_ERRORS.contains(error)) {
            return AgentOutcome.API_ERROR;
        }
        if (REQUEST_TYPES.contains(type) || REQUEST_ERRORS.contains(error)) {
            return AgentOutcome.REQUEST_ERROR;
        }
        String text = r.text().orElse("").toLowerCase(Locale.ROOT);
        if (AUTH_TEXT.stream().anyMatch(text::contains)) {
            return AgentOutcome.AUTH_ERROR;
        }
        if (NETWORK_TEXT.stream().anyMatch(text::contains) || terminal.equals("api_error")) {
            return AgentOutcome.API_ERROR;
        }
        return AgentOutcome.EXECUTION_ERROR;
    }

    /** Returns "claude (pid N) exited with code C; stderr: ..." for messages. */
    static String describe(ClaudeProcess.Finished run) {
        StringBuilder s = new StringBuilder("claude (pid ").append(run.pid()).append(")");
        s.append(run.exitCode() >= 0 ? " exited with code " + run.exitCode() : " did not exit");
        if (!run.killed().isEmpty()) {
            s.append(", killed pids ").append(run.killed());
        }
        String stderr = run.stderrTail().strip();
        if (stderr.isEmpty()) {
            s.append(", stderr empty");
        } else {
            if (stderr.length() > MESSAGE_TAIL_CHARS) {
                stderr = "..." + stderr.substring(stderr.length() - MESSAGE_TAIL_CHARS);
            }
            s.append(", stderr: ").append(stderr);
        }
        return s.toString();
    }
}
