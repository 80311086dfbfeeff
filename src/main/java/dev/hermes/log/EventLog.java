package dev.hermes.log;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The runtime's log: one line per event in {@code <home>/logs/agent.log} (INFO and up, 5 MB x 3)
 * and {@code errors.log} (WARN and up, 2 MB x 2). Every line passes through {@link Redactor}.
 *
 * <p>Line format: {@code 2026-11-21T23:59:00.123Z WARN  [session] component: message key=value ...}.
 * Logging never throws: a full disk must not take a model call down with it (the first failure
 * is reported once on stderr).
 */
public final class EventLog {

    /** Discards everything; for commands that run without a home. */
    public static final EventLog NONE = new EventLog(null, null, Clock.systemUTC());

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final RollingFile agentLog;
    private final RollingFile errorLog;
    private final Clock clock;
    private final AtomicBoolean complained = new AtomicBoolean();

    private EventLog(RollingFile agentLog, RollingFile errorLog, Clock clock) {
        this.agentLog = agentLog;
        this.errorLog = errorLog;
        this.clock = clock;
    }

    public static EventLog inDirectory(Path logsDir) {
        return inDirectory(logsDir, Clock.systemUTC());
    }

    public static EventLog inDirectory(Path logsDir, Clock clock) {
        return new EventLog(new RollingFile(logsDir.resolve("agent.log"), 5L << 20, 3),
                new RollingFile(logsDir.resolve("errors.log"), 2L << 20, 2), clock);
    }

    public void info(String session, String component, String message, Map<String, ?> fields) {
        write(Level.INFO, session, component, message, fields);
    }

    public void warn(String session, String component, String message, Map<String, ?> fields) {
        write(Level.WARN, session, component, message, fields);
    }

    public void error(String session, String component, String message, Map<String, ?> fields) {
        write(Level.ERROR, session, component, message, fields);
    }

    public void write(Level level, String session, String component, String message, Map<String, ?> fields) {
        if (agentLog == null || level == Level.DEBUG) return;
        String line = Redactor.redact(format(level, session, component, message, fields));
        try {
            agentLog.append(line);
            if (level.compareTo(Level.WARN) >= 0) errorLog.append(line);
        } catch (IOException e) {
            if (complained.compareAndSet(false, true)) {
                System.err.println("hermes: cannot write log: " + e.getMessage());
            }
        }
    }

    private String format(Level level, String session, String component, String message, Map<String, ?> fields) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(TIME.format(Instant.now(clock))).append(' ');
        sb.append(String.format("%-5s", level)).append(' ');
        sb.append('[').append(session == null ? "-" : session).append("] ");
        sb.append(component).append(": ").append(oneLine(message));
        if (fields != null) {
            fields.forEach((k, v) -> sb.append(' ').append(k).append('=').append(quoted(String.valueOf(v))));
        }
        return sb.toString();
    }

    private static String oneLine(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static String quoted(String v) {
        String s = oneLine(v);
        return s.isEmpty() || s.indexOf(' ') >= 0 || s.indexOf('"') >= 0 ? '"' + s.replace("\"", "\\\"") + '"' : s;
    }

    public void close() {
        if (agentLog != null) agentLog.close();
        if (errorLog != null) errorLog.close();
    }
}
