package dev.hermes.failover;

import dev.hermes.llm.ChatRequest;
import dev.hermes.provider.Route;

import dev.hermes.stream.StreamTimeouts;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The longest a single model call can take, whatever the providers do. Chaos tests assert
 * every call ends within it. See docs/resilience.md for the formula and its assumptions.
 */
public final class WorstCase {

    /** Allowance per attempt for the watchdog's lag and for closing the connection. */
    public static final Duration DEFAULT_SLACK = Duration.ofSeconds(1);

    /**
     * @param chain              the timeouts of each route in the fallback chain, primary first
     * @param retriesPerProvider the {@link RetryBudget} size per provider
     * @param backoff            backoff settings (the longest single wait is the larger of the
     *                           backoff cap and the Retry-After cap)
     * @param slack              allowance per attempt beyond its deadline
     */
    public record Config(List<StreamTimeouts> chain, int retriesPerProvider, Backoff.Config backoff, Duration slack) {
        public Config {
            chain = List.copyOf(chain);
            if (chain.isEmpty()) throw new IllegalArgumentException("the fallback chain is empty");
            if (retriesPerProvider < 0) throw new IllegalArgumentException("retriesPerProvider must be >= 0");
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(slack, "slack");
        }
    }

    private WorstCase() {
    }

    /**
     * The worst case of one call over {@code chain} with these settings: {@link #bound} with each
     * route's timers sized to the request, capped by the settings' call deadline when that is shorter.
     */
    public static Duration forCall(List<Route> chain, ChatRequest request, FailoverSettings settings) {
        List<StreamTimeouts> timeouts = chain.stream().map(r -> Timeouts.forRoute(r, request)).toList();
        Duration bound = bound(new Config(timeouts, settings.retriesPerRoute(), settings.backoff().config(), DEFAULT_SLACK));
        Duration limit = settings.callDeadline();
        return limit != null && limit.compareTo(bound) < 0 ? limit : bound;
    }

    /**
     * Sum over the chain of {@code (1 + r) * (deadline_i + slack) + r * longestWait}: every
     * provider is tried, each attempt runs to its deadline, and every retry waits the longest.
     */
    public static Duration bound(Config config) {
        int r = config.retriesPerProvider();
        Duration waits = config.backoff().longestWait().multipliedBy(r);
        Duration total = Duration.ZERO;
        for (StreamTimeouts t : config.chain()) {
            total = total.plus(t.deadline().plus(config.slack()).multipliedBy(1L + r)).plus(waits);
        }
        return total;
    }
}
