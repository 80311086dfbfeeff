package dev.hermes.board;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shared JDBC implementation; the backends differ only in their {@link Dialect} and how they
 * open connections. Operations live in small classes by concern (tasks, graph, status, claims,
 * fenced writes); this class only routes.
 */
abstract sealed class JdbcBoardStore implements BoardStore permits SqliteBoardStore, PostgresBoardStore {

    private final Db db;
    private final TaskOps tasks;
    private final GraphOps graph;
    private final StatusOps status;
    private final ClaimOps claims;
    private final FencedOps fenced;
    private final ReviewOps review;
    private final ManageOps manage;

    JdbcBoardStore(Db db, BoardOptions options) {
        this.db = db;
        try {
            Migrator.migrate(db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        this.graph = new GraphOps(db);
        this.tasks = new TaskOps(db, graph);
        this.status = new StatusOps(db, tasks, graph);
        this.claims = new ClaimOps(db);
        this.fenced = new FencedOps(db, tasks, graph, options.rateLimitCooldown());
        this.review = new ReviewOps(db, tasks, graph);
        this.manage = new ManageOps(db, tasks);
    }

    @Override public Task create(NewTask task) { return tasks.create(task); }
    @Override public Task get(TaskId id) { return tasks.get(id); }
    @Override public List<Task> list(TaskQuery query) { return tasks.list(query); }
    @Override public Task update(TaskId id, TaskPatch patch, String by) { return tasks.update(id, patch, by); }
    @Override public Task transition(TaskId id, TaskStatus to, String by, String reason) {
        return status.transition(id, to, by, reason);
    }
    @Override public void link(TaskId parent, TaskId child) { graph.link(parent, child); }
    @Override public boolean unlink(TaskId parent, TaskId child) { return graph.unlink(parent, child); }
    @Override public List<TaskId> parents(TaskId id) { return graph.parents(id); }
    @Override public List<TaskId> children(TaskId id) { return graph.children(id); }
    @Override public List<TaskId> promote() { return graph.promote(); }
    @Override public Comment comment(TaskId id, String author, String body) { return tasks.comment(id, author, body); }
    @Override public List<Comment> comments(TaskId id) { return tasks.comments(id); }
    @Override public List<TaskEvent> events(TaskId id) { return tasks.events(id); }
    @Override public List<TaskEvent> eventsAfter(long afterId, int limit) { return tasks.eventsAfter(afterId, limit); }
    @Override public List<Run> runs(TaskId id) { return tasks.runs(id); }

    @Override public Optional<Claim> claim(Claimant claimant, Duration lease, ClaimFilter filter) {
        return claims.claim(claimant, lease, filter);
    }
    @Override public WriteResult attachWorker(Claim claim, long workerPid) { return fenced.attachWorker(claim, workerPid); }
    @Override public WriteResult heartbeat(Claim claim, Duration extendBy) { return fenced.heartbeat(claim, extendBy); }
    @Override public WriteResult comment(Claim claim, String body) { return fenced.comment(claim, body); }
    @Override public WriteResult complete(Claim claim, String summary, Map<String, ?> metadata) {
        return fenced.complete(claim, summary, metadata);
    }
    @Override public WriteResult requestReview(Claim claim, String summary, Map<String, ?> metadata) {
        return fenced.requestReview(claim, summary, metadata);
    }
    @Override public WriteResult block(Claim claim, String reason) { return fenced.block(claim, reason); }
    @Override public WriteResult fail(Claim claim, RunOutcome outcome, String error) {
        return fenced.fail(claim, outcome, error);
    }
    @Override public List<Claim> reclaimExpired() { return claims.reclaimExpired(); }
    @Override public boolean releaseWorker(TaskId id, long attempt, String by) {
        return claims.releaseWorker(id, attempt, by);
    }
    @Override public boolean holdWorker(TaskId id, long attempt, Duration hold, String reason) {
        return claims.holdWorker(id, attempt, hold, reason);
    }
    @Override public Task forceComplete(TaskId id, String by, String summary) {
        return status.forceComplete(id, by, summary);
    }
    @Override public Task requestReview(TaskId id, String by, String note) { return review.requestReview(id, by, note); }
    @Override public Task approve(TaskId id, String by, String note) { return review.approve(id, by, note); }
    @Override public Task requestChanges(TaskId id, String by, String reason) {
        return review.requestChanges(id, by, reason);
    }
    @Override public Task reopenReview(TaskId id, String by, String reason) { return review.reopenReview(id, by, reason); }
    @Override public Task reclaim(TaskId id, String by, String reason) { return manage.reclaim(id, by, reason); }
    @Override public Task reassign(TaskId id, String assignee, String by, boolean reclaim) {
        return manage.reassign(id, assignee, by, reclaim);
    }
    @Override public Task promote(TaskId id, String by) { return manage.promote(id, by); }
    @Override public List<TaskId> gc(Duration olderThan) { return manage.gc(olderThan); }
    @Override public boolean noteDispatch(TaskId id, String note) { return manage.noteDispatch(id, note); }

    @Override
    public void close() {
        db.close();
    }
}
