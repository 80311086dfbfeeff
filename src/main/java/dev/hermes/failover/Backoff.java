package dev.hermes.failover;

import dev.hermes.util.Sleeper;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before retrying the same provider: exponential with jitter, or the
 * provider's own Retry-After when it sent one. A Retry-After longer than
 * {@link Config#retryAfterCap()} is not waited out within a call: {@link #plan} answers
 * {@link Wait.TooLong} and the caller moves to the next provider instead (the breaker keeps the
 * route closed for the time the provider asked).
 *
 * <p>Thread-safe if the random generator is.
 */
public final class Backoff {

    public enum Jitter {
        /** Uniform in [0, min(cap, base * 2^(retry-1))]. */
        FULL,
        /** Uniform in [base, 3 * previous delay], at most cap (AWS's "decorrelated jitter"). */
        DECORRELATED
    }

    /**
     * @param base          first delay scale
     * @param cap           longest computed delay
     * @param jitter        jitter flavour
     * @param retryAfterCap longest provider-requested wait honoured within a call
     */
    public record Config(Duration base, Duration cap, Jitter jitter, Duration retryAfterCap) {
        public static final Config DEFAULTS = new Config(Duration.ofSeconds(1), Duration.ofSeconds(30), Jitter.FULL,
                Duration.ofSeconds(60));

        public Config {
            Objects.requireNonNull(jitter, "jitter");
            if (base.isNegative() || base.isZero()) throw new IllegalArgumentException("backoff base must be positive");
            if (cap.compareTo(base) < 0) throw new IllegalArgumentException("backoff cap " + cap + " < base " + base);
            if (retryAfterCap.isNegative()) throw new IllegalArgumentException("retry-after cap must not be negative");
        }

        /** The longest single wait this config can produce. */
        public Duration longestWait() {
            return cap.compareTo(retryAfterCap) >= 0 ? cap : retryAfterCap;
        }
    }

    /** What to do before the next retry. */
    public sealed interface Wait {
        record Sleep(Duration duration) implements Wait {
        }

        /** The provider asked for longer than we wait within a call. */
        record TooLong(Duration asked) implements Wait {
        }
    }

    private final Config config;
    private final RandomGenerator random;
    private final Sleeper sleeper;

    public Backoff(Config config, RandomGenerator random, Sleeper sleeper) {
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    public Config config() {
        return config;
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry).
     *
     * @param previous   the previous wait of this call on this provider (Duration.ZERO for none);
     *                   used by decorrelated jitter
     * @param retryAfter the provider's Retry-After, or null
     */
    public Wait plan(int retry, Duration previous, Duration retryAfter) {
        if (retry < 1) throw new IllegalArgumentException("retry numbers start at 1: " + retry);
        if (retryAfter != null) {
            return retryAfter.compareTo(config.retryAfterCap()) > 0 ? new Wait.TooLong(retryAfter)
                    : new Wait.Sleep(retryAfter.isNegative() ? Duration.ZERO : retryAfter);
        }
        long base = config.base().toNanos(), cap = config.cap().toNanos();
        long nanos = switch (config.jitter()) {
            case FULL -> random.nextLong(0, Math.min(cap, base << Math.min(retry - 1, 30)) + 1);
            case DECORRELATED -> {
                long upper = Math.max(base, Math.min(cap, saturatedTriple(previous.toNanos())));
                yield Math.min(cap, random.nextLong(base, upper + 1));
            }
        };
        return new Wait.Sleep(Duration.ofNanos(nanos));
    }

    /** Sleeps for a planned wait. */
    public void await(Wait.Sleep wait) throws InterruptedException {
        if (!wait.duration().isZero()) sleeper.sleep(wait.duration());
    }

    private static long saturatedTriple(long n) {
        return n > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : n * 3;
    }
}
