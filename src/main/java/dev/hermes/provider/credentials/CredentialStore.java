package dev.hermes.provider.credentials;

import dev.hermes.util.MonotonicClock;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The process-wide set of credential pools, so that a key benched by one route or one rebuilt
 * client stays benched for every other user of the same keys. Thread-safe.
 */
public final class CredentialStore {
    private static final CredentialStore SHARED = new CredentialStore(MonotonicClock.SYSTEM, RandomGenerator.getDefault());

    private final MonotonicClock clock;
    private final RandomGenerator random;
    private final Map<String, CredentialPool> pools = new ConcurrentHashMap<>();

    public CredentialStore(MonotonicClock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    /** The store for this process (system clock). */
    public static CredentialStore shared() {
        return SHARED;
    }

    /**
     * The pool registered under {@code poolId}, created on first use. The id must capture
     * everything that decides which keys the resolver finds (provider, key variables, files), so
     * that one id always means one set of keys; the first registration's resolver and strategy stay.
     */
    public CredentialPool pool(String poolId, String provider, KeyResolver resolver, PoolStrategy strategy) {
        return pools.computeIfAbsent(poolId, id -> new CredentialPool(provider, resolver, strategy, clock, random));
    }
}
