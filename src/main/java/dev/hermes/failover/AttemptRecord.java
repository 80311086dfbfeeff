package dev.hermes.failover;

import java.time.Duration;

/**
 * One attempt of a call, for the final error, the logs and the transcript.
 *
 * @param route   "provider/model"
 * @param reason  the classified reason, or null for the attempt that answered
 * @param detail  what happened in plain words (never a credential)
 * @param elapsed wall time of the attempt
 */
public record AttemptRecord(String route, Reason reason, String detail, Duration elapsed) {

    public boolean succeeded() {
        return reason == null;
    }

    public String describe() {
        return route + ": " + (reason == null ? "answered" : detail.startsWith(reason.id()) ? detail : reason.id() + " - " + detail)
                + " (" + elapsed.toMillis() + " ms)";
    }
}
