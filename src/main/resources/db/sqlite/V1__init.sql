-- Board schema v1 (SQLite). Times are INTEGER milliseconds since the epoch, from SQLite's clock.
-- Kept side by side with db/postgresql/V1__init.sql: change both together.

CREATE TABLE tasks (
    id                   TEXT    PRIMARY KEY,
    title                TEXT    NOT NULL,
    body                 TEXT    NOT NULL DEFAULT '',
    status               TEXT    NOT NULL CHECK (status IN
                             ('triage','todo','ready','running','blocked','review','done','archived')),
    assignee             TEXT,
    priority             INTEGER NOT NULL DEFAULT 0,
    skills               TEXT    NOT NULL DEFAULT '[]',
    model                TEXT,
    provider             TEXT,
    max_runtime_seconds  INTEGER CHECK (max_runtime_seconds > 0),
    max_retries          INTEGER NOT NULL DEFAULT 2 CHECK (max_retries >= 1),
    workspace            TEXT,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    claimant             TEXT,
    lease_until          INTEGER,
    attempt              INTEGER NOT NULL DEFAULT 0,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    cooldown_until       INTEGER,
    -- a running task always has a claim and a lease; nothing else has either
    CHECK ((status = 'running') = (claimant IS NOT NULL)),
    CHECK ((claimant IS NULL) = (lease_until IS NULL))
);

CREATE INDEX tasks_claimable ON tasks (status, priority DESC, created_at);
CREATE INDEX tasks_assignee ON tasks (assignee, status);

CREATE TABLE task_links (
    parent_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    child_id  TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    PRIMARY KEY (parent_id, child_id),
    CHECK (parent_id <> child_id)
);

CREATE INDEX task_links_child ON task_links (child_id);

CREATE TABLE task_comments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id    TEXT    NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    author     TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE INDEX task_comments_task ON task_comments (task_id, id);

CREATE TABLE task_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id    TEXT    NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    payload    TEXT    NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL
);

CREATE INDEX task_events_task ON task_events (task_id, id);

CREATE TABLE task_runs (
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
                     'reclaimed','rate_limited','stale','protocol_violation')),
    summary      TEXT,
    metadata     TEXT,
    error        TEXT,
    UNIQUE (task_id, attempt),
    CHECK ((ended_at IS NULL) = (outcome IS NULL))
);

-- at most one open run per task: a second live worker on one task cannot even be recorded
CREATE UNIQUE INDEX task_runs_one_open ON task_runs (task_id) WHERE ended_at IS NULL;
