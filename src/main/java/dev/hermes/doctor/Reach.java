package dev.hermes.doctor;

import java.time.Duration;

/**
 * The outcome of one reachability check: a GET of the route's model list.
 *
 * @param kind       what happened
 * @param url        the URL asked, without query string (never a key)
 * @param httpStatus the HTTP status, or 0 when no response arrived
 * @param detail     the plain-words explanation shown to the user
 */
public record Reach(Kind kind, String url, int httpStatus, String detail) {

    /** What happened, from best to worst within each group. */
    public enum Kind {
        KEY_ACCEPTED(Severity.OK),
        OPEN(Severity.OK),
        NO_MODEL_LIST(Severity.OK),
        RATE_LIMITED(Severity.WARNING),
        OTHER_STATUS(Severity.WARNING),
        KEY_REJECTED(Severity.CONFIG),
        KEY_REQUIRED(Severity.CONFIG),
        SERVER_ERROR(Severity.UNREACHABLE),
        REFUSED(Severity.UNREACHABLE),
        DNS(Severity.UNREACHABLE),
        TLS(Severity.UNREACHABLE),
        TIMEOUT(Severity.UNREACHABLE),
        TRANSPORT(Severity.UNREACHABLE),
        NOT_CHECKED(Severity.UNREACHABLE);

        private final Severity severity;

        Kind(Severity severity) {
            this.severity = severity;
        }

        public Severity severity() {
            return severity;
        }
    }

    /** The plain-words meaning of an HTTP answer to the model-list GET. */
    static Reach ofStatus(String url, int status, KeyCheck key) {
        String code = "HTTP " + status;
        if (status / 100 == 2) {
            return key instanceof KeyCheck.Found
                    ? new Reach(Kind.KEY_ACCEPTED, url, status, "reachable, key accepted (" + code + ")")
                    : new Reach(Kind.OPEN, url, status, "reachable (" + code + ", no key sent)");
        }
        if (status == 401 || status == 403) {
            return switch (key) {
                case KeyCheck.Found f -> new Reach(Kind.KEY_REJECTED, url, status,
                        "reachable, but the key was rejected (" + code + "): check " + f.where());
                case KeyCheck.Missing m -> new Reach(Kind.KEY_REQUIRED, url, status,
                        "reachable, but it wants a key (" + code + ") and none is configured");
                case KeyCheck.NotNeeded n -> new Reach(Kind.KEY_REQUIRED, url, status,
                        "reachable, but it wants a key (" + code + "): configure one (key_env or api_key)");
            };
        }
        if (status == 404) {
            return new Reach(Kind.NO_MODEL_LIST, url, status,
                    "reachable (no model list at this URL; that is normal for some providers)");
        }
        if (status == 429) return new Reach(Kind.RATE_LIMITED, url, status, "reachable, but rate-limited right now (" + code + ")");
        if (status >= 500) return new Reach(Kind.SERVER_ERROR, url, status, "reachable, but the provider is failing (" + code + ")");
        return new Reach(Kind.OTHER_STATUS, url, status,
                "reachable, but the model list answered " + code + " (not conclusive; try --deep)");
    }

    static Reach timedOut(String url, Duration timeout, String phase) {
        return new Reach(Kind.TIMEOUT, url, 0, "unreachable: " + phase + " within " + Seconds.text(timeout) + " (timed out)");
    }
}
