package dev.hermes.doctor;

import dev.hermes.provider.WireApi;

/** What {@code hermes doctor} found for one route: the primary, or one fallback. */
public sealed interface RouteCheck {

    /** "primary", "fallback 1", ... */
    String role();

    /** The worst finding of this route. */
    Severity severity();

    /** The route could not be built from the configuration; {@code message} says why (file:line, key). */
    record Unresolved(String role, String message) implements RouteCheck {
        @Override
        public Severity severity() {
            return Severity.CONFIG;
        }
    }

    /**
     * The route was built and checked.
     *
     * @param baseUrl the base URL, without query string
     * @param deep    the {@code --deep} outcome, or null when not asked for
     */
    record Checked(String role, String provider, String model, String baseUrl, WireApi wire, KeyCheck key, Reach reach,
                   Deep deep) implements RouteCheck {
        @Override
        public Severity severity() {
            Severity keySeverity = key instanceof KeyCheck.Missing ? Severity.CONFIG : Severity.OK;
            Severity s = keySeverity.max(reach.kind().severity());
            return deep == null ? s : s.max(deep.severity());
        }
    }
}
