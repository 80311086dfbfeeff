package dev.hermes.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The peer for the board's claim+complete loop: db-scheduler (a durable Java task queue with
 * leases, "picked" rows and heartbeats) on the same PostgreSQL server, through HikariCP as a Java
 * team would run it. A one-time task's execution is its claim (the pick) and its completion (the
 * row is deleted).
 */
final class DbSchedulerPeer {

    /** db-scheduler's PostgreSQL table, as its documentation gives it. */
    private static final String DDL = """
            CREATE TABLE scheduled_tasks (
              task_name text NOT NULL, task_instance text NOT NULL, task_data bytea,
              execution_time timestamp with time zone NOT NULL, picked boolean NOT NULL, picked_by text,
              last_success timestamp with time zone, last_failure timestamp with time zone,
              consecutive_failures int, last_heartbeat timestamp with time zone, version bigint NOT NULL,
              priority smallint, PRIMARY KEY (task_name, task_instance));
            CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
            CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
            CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
            """;

    private DbSchedulerPeer() {
    }

    /** Executions per second of {@code tasks} one-time tasks due now, {@code threads} executor threads. */
    static double claimsPerSecond(String jdbcUrl, String user, int tasks, int threads) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setMaximumPoolSize(threads + 2);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS scheduled_tasks");
                s.execute(DDL);
            }
            AtomicInteger done = new AtomicInteger();
            OneTimeTask<Void> task = Tasks.oneTime("bench").execute((instance, context) -> done.incrementAndGet());
            Scheduler scheduler = Scheduler.create(ds, task).threads(threads)
                    .pollUsingLockAndFetch(0.5, 1.0) // its documented choice for throughput on PostgreSQL
                    .pollingInterval(Duration.ofMillis(100)).build();
            List<TaskInstance<?>> instances = new ArrayList<>();
            for (int i = 0; i < tasks; i++) instances.add(task.instance("t" + i));
            scheduler.scheduleBatch(instances, Instant.now());
            long start = System.nanoTime();
            scheduler.start();
            long deadline = start + Duration.ofSeconds(300).toNanos();
            while (done.get() < tasks && System.nanoTime() < deadline) Thread.sleep(5);
            long wall = System.nanoTime() - start;
            scheduler.stop();
            if (done.get() < tasks) throw new IllegalStateException("db-scheduler ran " + done + " of " + tasks);
            return tasks / (wall / 1e9);
        }
    }
}
