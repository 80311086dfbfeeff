package dev.hermes.app;

import dev.hermes.config.Configuration;
import dev.hermes.config.FailoverConfig;
import dev.hermes.config.Routes;
import dev.hermes.failover.Backoff;
import dev.hermes.failover.CircuitBreakers;
import dev.hermes.failover.ClientPool;
import dev.hermes.failover.FailoverCaller;
import dev.hermes.failover.FailoverSettings;
import dev.hermes.failover.ModelCaller;
import dev.hermes.failover.PrefillSupport;
import dev.hermes.log.EventLog;
import dev.hermes.stream.StreamWatchdog;
import dev.hermes.util.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/** One process's wiring; see the package documentation. Close it when the front end ends. */
public final class App implements AutoCloseable {

    private static final DateTimeFormatter SESSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final Configuration configuration;
    private final EventLog log;
    private final FailoverSettings failover;

    private App(Configuration configuration, EventLog log) {
        this.configuration = configuration;
        this.log = log;
        this.failover = failover(configuration.failover(), log);
    }

    /**
     * The failover machinery for the configured policy: the process-wide breakers (with the
     * configured thresholds), client pool, watchdog and prefill knowledge, and the system's
     * clock, random and sleeper.
     */
    private static FailoverSettings failover(FailoverConfig c, EventLog log) {
        return FailoverSettings.builder()
                .retriesPerRoute(c.retriesPerRoute())
                .streamRetries(c.streamRetries())
                .backoff(new Backoff(c.backoff(), RandomGenerator.getDefault(), Sleeper.SYSTEM))
                .breakers(CircuitBreakers.shared(c.breaker()))
                .clients(ClientPool.shared())
                .watchdog(StreamWatchdog.shared())
                .prefill(PrefillSupport.shared())
                .log(log)
                .callDeadline(c.callDeadline())
                .moveOnAfterTimeout(c.moveOnAfterTimeout())
                .maxAnswerChars(c.maxAnswerChars())
                .slowDrip(c.slowDrip())
                .build();
    }

    /**
     * Opens the home's event log and builds the failover machinery from the configuration.
     *
     * @throws dev.hermes.config.ConfigException when the environment's part of the failover policy
     *                                           ({@code HERMES_STREAM_RETRIES}) is bad
     */
    public static App open(Configuration configuration) {
        EventLog log = EventLog.inDirectory(configuration.home().logsDir());
        try {
            return new App(configuration, log);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
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

    /**
     * A fresh session id (chat, kanban worker): the UTC second it starts, then four hex digits, as
     * in {@code 20261121-235900-a1b2}, so ids sort by start time. Minted before anything is
     * logged or recorded under it.
     */
    public static String newSessionId() {
        return SESSION_TIME.format(Clock.systemUTC().instant()) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    /** A fresh request id (proxy): 16 hex digits, minted before anything is logged under it (once per request: no format parsing). */
    public static String newRequestId() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    /** The failover machinery, logging under {@code id} (null: no id). */
    public FailoverSettings failover(String id) {
        return id == null ? failover : failover.withSession(id);
    }

    /** A caller over {@code plan}, logging under {@code id}. */
    public ModelCaller caller(Routes.Plan plan, String id) {
        return caller(plan, id, null);
    }

    /** As {@link #caller(Routes.Plan, String)}, each call ending within {@code deadline} (null: the configured one). */
    public ModelCaller caller(Routes.Plan plan, String id, Duration deadline) {
        FailoverSettings settings = failover(id);
        return new FailoverCaller(plan.primary(), plan.fallbacks(),
                deadline == null ? settings : settings.withCallDeadline(deadline));
    }

    @Override
    public void close() {
        log.close();
    }
}
