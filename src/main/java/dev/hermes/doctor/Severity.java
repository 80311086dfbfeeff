package dev.hermes.doctor;

/** How bad one finding is. For the primary route it decides the exit code; for fallbacks it is only shown. */
public enum Severity {
    /** Nothing to do. */
    OK,
    /** Worth knowing; the route may still work (404 on the model list, 429 right now, an unknown config key). */
    WARNING,
    /** Fixable in configuration: a config error, a missing or rejected key. */
    CONFIG,
    /** The provider cannot be reached or is failing. */
    UNREACHABLE;

    /** The worse of the two. */
    Severity max(Severity other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
