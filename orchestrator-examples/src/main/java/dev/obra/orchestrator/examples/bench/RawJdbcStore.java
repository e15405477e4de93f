package dev.obra.orchestrator.examples.bench;

import dev.obra.orchestrator.quality.QualityScore;
import dev.obra.orchestrator.quality.VerificationResult;
import dev.obra.orchestrator.quality.WorkspaceChanges;
import dev.obra.orchestrator.store.IterationRecord;
import dev.obra.orchestrator.store.SessionRecord;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The baseline of the store benchmarks: the same inserts, updates and aggregate as JooqSessionStore, written by hand
 * in plain JDBC on one connection in auto-commit mode, a statement prepared per call as ordinary JDBC code does.
 * List columns get ready-made JSON text, so the baseline does not even serialize.
 */
final class RawJdbcStore {
    static final String INSERT_SESSION = """
            INSERT INTO session_record (session_id, task_id, iteration, attempt, mode, \
            parent_session_id, status, started_at, ended_at, input_tokens, output_tokens, cache_creation_tokens, \
            cache_read_tokens, num_turns, cost_usd, reported_cost_usd, duration_ms, error_kind, error_message, \
            owner, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String CLOSE_SESSION = """
            UPDATE session_record SET status = ?, ended_at = ?, \
            input_tokens = ?, output_tokens = ?, cache_creation_tokens = ?, cache_read_tokens = ?, num_turns = ?, \
            cost_usd = ?, reported_cost_usd = ?, duration_ms = ?, error_kind = ?, error_message = ? \
            WHERE session_id = ? AND task_id = ? AND status = 'RUNNING'""";
    private static final String INSERT_ITERATION = """
            INSERT INTO iteration (task_id, iteration, session_id, attempts, \
            prompt, response, validation_passed, validation_complete, validation_issues, quality_score, \
            quality_source, quality_heuristic_score, quality_summary, quality_issues, quality_fallback_reason, \
            judge_calls, judge_duration_ms, judge_prompt_tokens, judge_completion_tokens, confidence, \
            confidence_agreement, confidence_evidence, decision, decision_reason, changes_probed, changes_git, \
            changed_files, files_changed, insertions, deletions, changes_summary, verification_command, \
            verification_exit_code, verification_timed_out, verification_output_tail, verification_duration_ms, \
            created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \
            ?, ?, ?, ?, ?, ?, ?, ?)""";
    static final String TASK_METRICS = """
            SELECT count(session_id), count(DISTINCT iteration), sum(input_tokens), \
            sum(output_tokens), sum(cache_creation_tokens), sum(cache_read_tokens), sum(num_turns), sum(cost_usd), \
            sum(duration_ms) FROM session_record WHERE task_id = ?""";

    private final Connection connection;
    private final boolean costAsText;
    private final String issuesJson;
    private final String filesJson;
    private final String commandJson;

    RawJdbcStore(Connection connection, boolean costAsText, String issuesJson, String filesJson, String commandJson) {
        this.connection = connection;
        this.costAsText = costAsText;
        this.issuesJson = issuesJson;
        this.filesJson = filesJson;
        this.commandJson = commandJson;
    }

    void openSession(SessionRecord s, String owner) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(INSERT_SESSION)) {
            bindNewSession(p, s, owner, System.currentTimeMillis());
            p.executeUpdate();
        }
    }

    /** Binds the 21 columns of a new session row, as the store writes them. */
    void bindNewSession(PreparedStatement p, SessionRecord s, String owner, long now) throws SQLException {
        p.setString(1, s.sessionId().value());
        p.setString(2, s.taskId().value());
        p.setInt(3, s.iteration());
        p.setInt(4, s.attempt());
        p.setString(5, s.mode().name());
        p.setString(6, s.parentSessionId().map(Object::toString).orElse(null));
        p.setString(7, s.status().name());
        p.setLong(8, s.startedAt().toEpochMilli());
        if (s.endedAt().isPresent()) {
            p.setLong(9, s.endedAt().get().toEpochMilli());
        } else {
            p.setNull(9, Types.BIGINT);
        }
        p.setLong(10, s.usage().inputTokens());
        p.setLong(11, s.usage().outputTokens());
        p.setLong(12, s.usage().cacheCreationInputTokens());
        p.setLong(13, s.usage().cacheReadInputTokens());
        p.setInt(14, s.numTurns());
        cost(p, 15, s.costUsd());
        cost(p, 16, s.reportedCostUsd());
        p.setLong(17, s.duration().toMillis());
        p.setString(18, s.error().map(e -> e.kind()).orElse(null));
        p.setString(19, s.error().map(e -> e.message()).orElse(null));
        p.setString(20, owner);
        p.setLong(21, now);
    }

    void closeSession(SessionRecord s) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(CLOSE_SESSION)) {
            p.setString(1, s.status().name());
            p.setLong(2, s.endedAt().orElseThrow().toEpochMilli());
            p.setLong(3, s.usage().inputTokens());
            p.setLong(4, s.usage().outputTokens());
            p.setLong(5, s.usage().cacheCreationInputTokens());
            p.setLong(6, s.usage().cacheReadInputTokens());
            p.setInt(7, s.numTurns());
            cost(p, 8, s.costUsd());
            cost(p, 9, s.reportedCostUsd());
            p.setLong(10, s.duration().toMillis());
            p.setString(11, s.error().map(e -> e.kind()).orElse(null));
            p.setString(12, s.error().map(e -> e.message()).orElse(null));
            p.setString(13, s.sessionId().value());
            p.setString(14, s.taskId().value());
            if (p.executeUpdate() != 1) {
                throw new IllegalStateException("session " + s.sessionId() + " was not open");
            }
        }
    }

    /** Inserts an iteration that has every part (as the benchmark's iterations do). */
    void recordIteration(IterationRecord it) throws SQLException {
        QualityScore q = it.quality().orElseThrow();
        WorkspaceChanges w = it.changes();
        VerificationResult v = it.verification().orElseThrow();
        try (PreparedStatement p = connection.prepareStatement(INSERT_ITERATION)) {
            p.setString(1, it.taskId().value());
            p.setInt(2, it.iteration());
            p.setString(3, it.sessionId().value());
            p.setInt(4, it.attempts());
            p.setString(5, it.prompt());
            p.setString(6, it.response());
            p.setBoolean(7, it.validation().orElseThrow().passed());
            p.setBoolean(8, it.validation().orElseThrow().complete());
            p.setString(9, issuesJson);
            p.setDouble(10, q.score());
            p.setString(11, q.source().name());
            p.setDouble(12, q.heuristicScore());
            p.setString(13, q.summary());
            p.setString(14, issuesJson);
            p.setString(15, q.fallbackReason().orElse(null));
            p.setInt(16, q.judge().calls());
            p.setLong(17, q.judge().duration().toMillis());
            p.setLong(18, q.judge().promptTokens());
            p.setLong(19, q.judge().completionTokens());
            p.setDouble(20, it.confidence().orElseThrow().value());
            p.setDouble(21, it.confidence().orElseThrow().agreement());
            p.setDouble(22, it.confidence().orElseThrow().evidence());
            p.setString(23, it.decision().name());
            p.setString(24, it.decision().reason());
            p.setBoolean(25, w.probed());
            p.setBoolean(26, w.gitRepository());
            p.setString(27, filesJson);
            p.setInt(28, w.filesChanged());
            p.setLong(29, w.insertions());
            p.setLong(30, w.deletions());
            p.setString(31, w.summary());
            p.setString(32, commandJson);
            p.setInt(33, v.exitCode());
            p.setBoolean(34, v.timedOut());
            p.setString(35, v.outputTail());
            p.setLong(36, v.duration().toMillis());
            p.setLong(37, it.createdAt().toEpochMilli());
            p.executeUpdate();
        }
    }

    /** Runs the plain aggregate of a task's sessions; returns the session count, so the work cannot be skipped. */
    long taskMetrics(String taskId) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(TASK_METRICS)) {
            p.setString(1, taskId);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                long sessions = r.getLong(1);
                for (int i = 2; i <= 9; i++) {
                    r.getObject(i);
                }
                return sessions;
            }
        }
    }

    private void cost(PreparedStatement p, int index, BigDecimal usd) throws SQLException {
        if (costAsText) {
            p.setString(index, usd.toPlainString());
        } else {
            p.setBigDecimal(index, usd);
        }
    }
}
