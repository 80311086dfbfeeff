-- v3 (PostgreSQL): the review flow, the protocol-violation budget, and the dispatcher's note.
-- Kept side by side with db/sqlite/V3__review_and_protocol.sql: change both together.

ALTER TABLE tasks ADD COLUMN protocol_violations integer NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN dispatch_note text;

ALTER TABLE task_runs DROP CONSTRAINT task_runs_outcome_check;
ALTER TABLE task_runs ADD CONSTRAINT task_runs_outcome_check CHECK (outcome IN ('completed','blocked','crashed',
    'timed_out','spawn_failed','gave_up','reclaimed','rate_limited','stale','protocol_violation','review_requested'));
