package dev.hermes.failover;

import dev.hermes.log.EventLog;

import java.util.Map;

/** The listener that writes each failed attempt to errors.log once, as it happens, with the session id. */
final class ErrorsLog implements CallListener {

    private final EventLog log;
    private final String session;

    ErrorsLog(EventLog log, String session) {
        this.log = log;
        this.session = session;
    }

    @Override
    public void on(CallEvent event) {
        switch (event) {
            case CallEvent.AttemptEnded e when e.failure() != null ->
                    write(e.failure(), e.provider(), e.model(), e.attempt(), e.record().elapsed().toMillis());
            case CallEvent.RebuildFailed r -> write(r.failure(), r.provider(), r.model(), r.attempt(), 0);
            default -> { }
        }
    }

    private void write(Classification c, String provider, String model, int attempt, long elapsedMs) {
        log.warn(session, "failover", "attempt failed: " + c.failure().describe(), Map.of("provider", provider,
                "model", model, "reason", c.reason().id(), "attempt", attempt, "elapsed_ms", elapsedMs, "rule", c.rule()));
    }
}
