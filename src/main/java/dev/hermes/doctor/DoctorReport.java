package dev.hermes.doctor;

import java.time.Duration;
import java.util.List;

/**
 * Everything {@code hermes doctor} found, in order: the configuration, then the primary route,
 * then each fallback.
 *
 * @param routes  the primary first (always present), then the fallbacks in order
 * @param timeout the per-request timeout used
 * @param deep    whether {@code --deep} ran
 */
public record DoctorReport(ConfigCheck config, List<RouteCheck> routes, Duration timeout, boolean deep) {

    public DoctorReport {
        routes = List.copyOf(routes);
        if (routes.isEmpty()) throw new IllegalArgumentException("a report always has the primary route");
    }

    /**
     * What decides the exit code: the configuration and the primary route only. A bad config.yaml
     * or a missing or rejected primary key is {@link Severity#CONFIG}; an unreachable or failing
     * primary {@link Severity#UNREACHABLE}. Fallbacks' problems are warnings: they are shown, and
     * counted in {@link #fallbackProblems()}, but the primary alone decides.
     */
    public Severity verdict() {
        Severity s = config.parseError() != null ? Severity.CONFIG : Severity.OK;
        Severity primary = routes.get(0).severity();
        // A config problem is named first even when the primary is also unreachable: fix it first.
        if (s == Severity.CONFIG || primary == Severity.CONFIG) return Severity.CONFIG;
        return primary == Severity.UNREACHABLE ? Severity.UNREACHABLE : Severity.OK;
    }

    /** How many fallbacks have a configuration or reachability problem. */
    public long fallbackProblems() {
        return routes.stream().skip(1).filter(r -> r.severity().compareTo(Severity.CONFIG) >= 0).count();
    }
}
