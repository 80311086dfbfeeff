package dev.hermes.app;

import dev.hermes.config.Configuration;
import dev.hermes.config.Routes;
import dev.hermes.failover.FailoverCaller;
import dev.hermes.failover.FailoverSettings;
import dev.hermes.failover.ModelCaller;
import dev.hermes.log.EventLog;

import java.util.concurrent.ThreadLocalRandom;

/** One process's wiring; see the package documentation. Close it when the front end ends. */
public final class App implements AutoCloseable {

    private final Configuration configuration;
    private final EventLog log;
    private final FailoverSettings failover;

    private App(Configuration configuration, EventLog log) {
        this.configuration = configuration;
        this.log = log;
        this.failover = FailoverSettings.from(configuration.config(), configuration.env(), log, null);
    }

    /** Opens the home's event log and builds the failover machinery from config.yaml. */
    public static App open(Configuration configuration) {
        return new App(configuration, EventLog.inDirectory(configuration.home().logsDir()));
    }

    /** As {@link #open}, with a log the caller owns (a reload keeps the running one; tests pass {@code EventLog.NONE}). */
    public static App withLog(Configuration configuration, EventLog log) {
        return new App(configuration, log);
    }

    public Configuration configuration() {
        return configuration;
    }

    public EventLog log() {
        return log;
    }

    /** A fresh id for a request or session: 16 hex digits, minted before anything is logged under it. */
    public static String newId() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }

    /** The failover machinery, logging under {@code id} (null: no id). */
    public FailoverSettings failover(String id) {
        return id == null ? failover : failover.withSession(id);
    }

    /** A caller over {@code plan}, logging under {@code id}. */
    public ModelCaller caller(Routes.Plan plan, String id) {
        return new FailoverCaller(plan.primary(), plan.fallbacks(), failover(id));
    }

    @Override
    public void close() {
        log.close();
    }
}
