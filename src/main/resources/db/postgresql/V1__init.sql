-- Board schema v1 (PostgreSQL). Times are timestamptz from the server's now().
-- Kept side by side with db/sqlite/V1__init.sql: change both together.

CREATE TABLE tasks (
    id                   text        PRIMARY KEY,
    title                text        NOT NULL,
    body                 text        NOT NULL DEFAULT '',
    status               text        NOT NULL CHECK (status IN
                             ('triage','todo','ready','running','blocked','review','done','archived')),
    assignee             text,
    priority             integer     NOT NULL DEFAULT 0,
    skills               text        NOT NULL DEFAULT '[]',
    model                text,
    provider             text,
    max_runtime_seconds  bigint      CHECK (max_runtime_seconds > 0),
    max_retries          integer     NOT NULL DEFAULT 2 CHECK (max_retries >= 1),
    workspace            text,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    claimant             text,
    lease_until          timestamptz,
    attempt              bigint      NOT NULL DEFAULT 0,
    consecutive_failures integer     NOT NULL DEFAULT 0,
    cooldown_until       timestamptz,
    -- a running task always has a claim and a lease; nothing else has either
    CHECK ((status = 'running') = (claimant IS NOT NULL)),
    CHECK ((claimant IS NULL) = (lease_until IS NULL))
);

CREATE INDEX tasks_claimable ON tasks (status, priority DESC, created_at);
CREATE INDEX tasks_assignee ON tasks (assignee, status);

CREATE TABLE task_links (
    parent_id text NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    child_id  text NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    PRIMARY KEY (parent_id, child_id),
    CHECK (parent_id <> child_id)
);

CREATE INDEX task_links_child ON task_links (child_id);

CREATE TABLE task_comments (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id    text        NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    author     text        NOT NULL,
    body       text        NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE INDEX task_comments_task ON task_comments (task_id, id);

CREATE TABLE task_events (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id    text        NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    kind       text        NOT NULL,
    payload    text        NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL
);

CREATE INDEX task_events_task ON task_events (task_id, id);

CREATE TABLE task_runs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id      text        NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    attempt      bigint      NOT NULL,
    claimant     text        NOT NULL,
    host         text        NOT NULL,
    worker_pid   bigint      NOT NULL,
    started_at   timestamptz NOT NULL,
    heartbeat_at timestamptz,
    ended_at     timestamptz,
    outcome      text CHECK (outcome IN ('completed','blocked','crashed','timed_out','spawn_failed','gave_up',
                     'reclaimed','rate_limited','stale','protocol_violation')),
    summary      text,
    metadata     text,
    error        text,
    UNIQUE (task_id, attempt),
    CHECK ((ended_at IS NULL) = (outcome IS NULL))
);

-- at most one open run per task: a second live worker on one task cannot even be recorded
CREATE UNIQUE INDEX task_runs_one_open ON task_runs (task_id) WHERE ended_at IS NULL;
