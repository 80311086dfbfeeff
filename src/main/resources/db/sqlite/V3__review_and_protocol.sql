-- v3 (SQLite): the review flow, the protocol-violation budget, and the dispatcher's note.
-- Kept side by side with db/postgresql/V3__review_and_protocol.sql: change both together.

-- A worker that ends without finishing its task (a protocol violation) is counted apart from
-- crashes and timeouts, with its own limit (see Failures.PROTOCOL_VIOLATION_LIMIT).
ALTER TABLE tasks ADD COLUMN protocol_violations INTEGER NOT NULL DEFAULT 0;
-- Why the dispatcher is not starting a worker for this ready task (a configuration problem of
-- its assignee profile); NULL when nothing stands in the way. Not a failure.
ALTER TABLE tasks ADD COLUMN dispatch_note TEXT;

-- SQLite cannot alter a CHECK constraint: rebuild task_runs with the review outcomes allowed.
CREATE TABLE task_runs_v3 (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id      TEXT    NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    attempt      INTEGER NOT NULL,
    claimant     TEXT    NOT NULL,
    host         TEXT    NOT NULL,
    worker_pid   INTEGER NOT NULL,
    started_at   INTEGER NOT NULL,
    heartbeat_at INTEGER,
    ended_at     INTEGER,
    outcome      TEXT CHECK (outcome IN ('completed','blocked','crashed','timed_out','spawn_failed','gave_up',
                     'reclaimed','rate_limited','stale','protocol_violation','review_requested')),
    summary      TEXT,
    metadata     TEXT,
    error        TEXT,
    UNIQUE (task_id, attempt),
    CHECK ((ended_at IS NULL) = (outcome IS NULL))
);
INSERT INTO task_runs_v3 (id, task_id, attempt, claimant, host, worker_pid, started_at, heartbeat_at, ended_at,
                          outcome, summary, metadata, error)
    SELECT id, task_id, attempt, claimant, host, worker_pid, started_at, heartbeat_at, ended_at, outcome, summary,
           metadata, error FROM task_runs;
DROP TABLE task_runs;
ALTER TABLE task_runs_v3 RENAME TO task_runs;
CREATE UNIQUE INDEX task_runs_one_open ON task_runs (task_id) WHERE ended_at IS NULL;
