-- Obra session store, schema version 1, SQLite.
-- As postgresql/V1__create_store.sql, except: costs are TEXT, because SQLite has no exact decimal type (the store
-- sums them exactly; plain SUM(cost_usd) gives a floating-point approximation), and breakpoint_event.id is the
-- rowid.

CREATE TABLE task (
    id                    VARCHAR(128)   NOT NULL,
    description           TEXT           NOT NULL,
    working_directory     TEXT,
    status                VARCHAR(16)    NOT NULL,
    max_iterations        INTEGER        NOT NULL,
    final_decision        VARCHAR(16),
    final_decision_reason TEXT,
    status_reason         TEXT           NOT NULL,
    output                TEXT           NOT NULL,
    created_at            BIGINT         NOT NULL,
    finished_at           BIGINT,
    owner                 VARCHAR(255)   NOT NULL,
    heartbeat_at          BIGINT         NOT NULL,
    CONSTRAINT task_pk PRIMARY KEY (id)
);
CREATE INDEX task_created_at ON task (created_at);
CREATE INDEX task_status_created_at ON task (status, created_at);
CREATE INDEX task_running ON task (heartbeat_at) WHERE status IN ('PENDING', 'RUNNING');

CREATE TABLE session_record (
    session_id            VARCHAR(36)    NOT NULL,
    task_id               VARCHAR(128)   NOT NULL,
    iteration             INTEGER        NOT NULL,
    attempt               INTEGER        NOT NULL,
    mode                  VARCHAR(8)     NOT NULL,
    parent_session_id     VARCHAR(36),
    status                VARCHAR(16)    NOT NULL,
    started_at            BIGINT         NOT NULL,
    ended_at              BIGINT,
    input_tokens          BIGINT         NOT NULL,
    output_tokens         BIGINT         NOT NULL,
    cache_creation_tokens BIGINT         NOT NULL,
    cache_read_tokens     BIGINT         NOT NULL,
    num_turns             INTEGER        NOT NULL,
    cost_usd              TEXT            NOT NULL,
    reported_cost_usd     TEXT            NOT NULL,
    duration_ms           BIGINT         NOT NULL,
    error_kind            TEXT,
    error_message         TEXT,
    owner                 VARCHAR(255)   NOT NULL,
    heartbeat_at          BIGINT         NOT NULL,
    CONSTRAINT session_record_pk PRIMARY KEY (session_id),
    CONSTRAINT session_record_task_fk FOREIGN KEY (task_id) REFERENCES task (id)
);
CREATE INDEX session_record_task ON session_record (task_id, started_at);
CREATE INDEX session_record_running ON session_record (heartbeat_at) WHERE status = 'RUNNING';

CREATE TABLE iteration (
    task_id                  VARCHAR(128)     NOT NULL,
    iteration                INTEGER          NOT NULL,
    session_id               VARCHAR(36)      NOT NULL,
    attempts                 INTEGER          NOT NULL,
    prompt                   TEXT             NOT NULL,
    response                 TEXT             NOT NULL,
    validation_passed        BOOLEAN,
    validation_complete      BOOLEAN,
    validation_issues        TEXT,
    quality_score            DOUBLE PRECISION,
    quality_source           VARCHAR(16),
    quality_heuristic_score  DOUBLE PRECISION,
    quality_summary          TEXT,
    quality_issues           TEXT,
    quality_fallback_reason  TEXT,
    judge_calls              INTEGER,
    judge_duration_ms        BIGINT,
    judge_prompt_tokens      BIGINT,
    judge_completion_tokens  BIGINT,
    confidence               DOUBLE PRECISION,
    confidence_agreement     DOUBLE PRECISION,
    confidence_evidence      DOUBLE PRECISION,
    decision                 VARCHAR(16)      NOT NULL,
    decision_reason          TEXT             NOT NULL,
    changes_probed           BOOLEAN          NOT NULL,
    changes_git              BOOLEAN          NOT NULL,
    changed_files            TEXT             NOT NULL,
    files_changed            INTEGER          NOT NULL,
    insertions               BIGINT           NOT NULL,
    deletions                BIGINT           NOT NULL,
    changes_summary          TEXT             NOT NULL,
    verification_command     TEXT,
    verification_exit_code   INTEGER,
    verification_timed_out   BOOLEAN,
    verification_output_tail TEXT,
    verification_duration_ms BIGINT,
    created_at               BIGINT           NOT NULL,
    CONSTRAINT iteration_pk PRIMARY KEY (task_id, iteration),
    CONSTRAINT iteration_task_fk FOREIGN KEY (task_id) REFERENCES task (id),
    CONSTRAINT iteration_session_fk FOREIGN KEY (session_id) REFERENCES session_record (session_id)
);
CREATE INDEX iteration_session ON iteration (session_id);

CREATE TABLE breakpoint_event (
    id                INTEGER        NOT NULL,
    task_id           VARCHAR(128)   NOT NULL,
    iteration         INTEGER        NOT NULL,
    name              TEXT           NOT NULL,
    description       TEXT           NOT NULL,
    resolution        VARCHAR(16)    NOT NULL,
    resolution_detail TEXT,
    occurred_at       BIGINT         NOT NULL,
    resolved_at       BIGINT         NOT NULL,
    CONSTRAINT breakpoint_event_pk PRIMARY KEY (id),
    CONSTRAINT breakpoint_event_task_fk FOREIGN KEY (task_id) REFERENCES task (id)
);
CREATE INDEX breakpoint_event_task ON breakpoint_event (task_id, id);
