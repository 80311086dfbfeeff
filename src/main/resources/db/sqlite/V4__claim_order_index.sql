-- v4: the claim order is (priority DESC, created_at, id); with id in the index too, a claim walks
-- tasks_claimable to its first claimable entry instead of sorting the ready tasks after it
-- (SQLite: a temp B-tree for the right part of the ORDER BY; PostgreSQL: a sort, or an
-- incremental sort when its statistics are fresh). Kept side by side with the other dialect's V4.
DROP INDEX tasks_claimable;
CREATE INDEX tasks_claimable ON tasks (status, priority DESC, created_at, id);
