/**
 * The kanban board store: tasks, a DAG of links, comments, an append-only event log, runs, and
 * fenced leases, on SQLite (one file per board) or PostgreSQL.
 *
 * <pre>
 *   create/link ──> todo ──promote──> ready ──claim──> running ──complete──> done
 *                                       ▲                 │ block ──> blocked
 *                                       ├── fail/reclaim ─┤ (at the failure limit: blocked, gave_up)
 *                                       │                 ├ forceComplete (a person) ──> done
 *                                       │                 └ requestReview ──> review ──approve──> done
 *                                       └───────── requestChanges ──────────┘  (done ──reopenReview──> review)
 * </pre>
 *
 * {@link dev.hermes.board.BoardStore} is the contract; {@link dev.hermes.board.SqliteBoardStore}
 * and {@link dev.hermes.board.PostgresBoardStore} share one JDBC implementation and differ only
 * in a {@code Dialect}. Rules are written down in docs/kanban.md.
 */
package dev.hermes.board;
