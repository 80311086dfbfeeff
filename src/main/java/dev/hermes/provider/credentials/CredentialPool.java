package dev.hermes.provider.credentials;

import dev.hermes.provider.Bench;
import dev.hermes.provider.Credential;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.MissingCredentialException;
import dev.hermes.provider.RouteKey;
import dev.hermes.util.MonotonicClock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The keys of one provider, with a pick strategy and benching of keys the provider rejected.
 * A bench has a scope ({@link Bench}): a throttled key is set aside for that route only, a
 * rejected key for that endpoint. A benched key only moves to the back: when every key is
 * benched for a route, the one whose bench ends first is handed out.
 *
 * <p>{@link #acquire()} asks its {@link KeyResolver} for the current keys on every call: a key
 * changed in the environment, a .env file or credentials.yaml is used by the very next request,
 * and nothing is cached from construction (the first seed's bug). Bench and usage bookkeeping is
 * keyed by a hash of the key itself, so a replaced key starts fresh.
 *
 * <p>Thread-safe: many concurrent calls may acquire and report rejections.
 */
public final class CredentialPool implements CredentialSource {

    private record Benched(String keyId, Bench bench, long untilNanos) {
    }

    private final String provider;
    private final KeyResolver resolver;
    private final PoolStrategy strategy;
    private final MonotonicClock clock;
    private final RandomGenerator random;
    private final List<Benched> benches = new ArrayList<>();
    private final Map<String, Long> uses = new HashMap<>();
    private String lastHandedOut;

    public CredentialPool(String provider, KeyResolver resolver, PoolStrategy strategy, MonotonicClock clock,
                          RandomGenerator random) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    public String provider() {
        return provider;
    }

    public PoolStrategy strategy() {
        return strategy;
    }

    /** A key by the pool's strategy, benches ignored (no route to judge them by). */
    @Override
    public Credential acquire() {
        return acquire(null);
    }

    /**
     * The key for the next request on {@code route}: by the pool's strategy among the keys not
     * benched for it, else the key whose bench ends first.
     *
     * @throws MissingCredentialException when no key is configured (naming the variable and the
     *                                    files searched)
     */
    @Override
    public Credential acquire(RouteKey route) {
        List<Credential> all = resolver.resolve();
        if (all.isEmpty()) throw new MissingCredentialException(provider, resolver.describeMissing());
        synchronized (this) {
            List<Credential> usable = usable(all, route);
            Credential pick = usable.isEmpty() ? soonestFree(all, route) : pick(all, usable);
            String id = id(pick);
            uses.merge(id, 1L, Long::sum);
            lastHandedOut = id;
            return pick;
        }
    }

    @Override
    public boolean hasUsableKey(RouteKey route, Credential except) {
        try {
            List<Credential> all = resolver.resolve();
            synchronized (this) {
                return usable(all, route).stream().anyMatch(c -> except == null || !c.secret().equals(except.secret()));
            }
        } catch (MissingCredentialException e) {
            return false;
        }
    }

    @Override
    public Optional<Bench.Until> allBenched(RouteKey route) {
        List<Credential> all;
        try {
            all = resolver.resolve();
        } catch (MissingCredentialException e) {
            return Optional.empty();
        }
        synchronized (this) {
            if (all.isEmpty() || !usable(all, route).isEmpty()) return Optional.empty();
            long now = clock.nanoTime();
            Benched first = null;
            for (Credential c : all) {
                Benched b = latest(id(c), route, now);
                if (first == null || b.untilNanos() - first.untilNanos() < 0) first = b;
            }
            return Optional.of(new Bench.Until(first.bench().reason(), Duration.ofNanos(first.untilNanos() - now)));
        }
    }

    /**
     * Sets the key aside as the bench says; an earlier, longer bench of the same scope stays. A key
     * refused as unauthorised is also told to the resolver, which mints a fresh one if it can
     * ({@code key_cmd}).
     */
    @Override
    public void bench(Credential credential, Bench bench) {
        if (credential == null) return;
        if (bench.reason().equals("auth")) resolver.unauthorised(credential);
        if (bench.length().isNegative() || bench.length().isZero()) return;
        synchronized (this) {
            long now = clock.nanoTime();
            benches.removeIf(b -> b.untilNanos() - now <= 0);
            benches.add(new Benched(id(credential), bench, now + bench.length().toNanos()));
        }
    }

    /** The keys not benched for the route right now; call holding this pool's lock. */
    private List<Credential> usable(List<Credential> all, RouteKey route) {
        if (route == null) return all;
        long now = clock.nanoTime();
        List<Credential> usable = new ArrayList<>();
        for (Credential c : all) {
            if (latest(id(c), route, now) == null) usable.add(c);
        }
        return usable;
    }

    /** The bench of this key covering the route that ends last, or null when none is active. */
    private Benched latest(String keyId, RouteKey route, long now) {
        Benched latest = null;
        for (Benched b : benches) {
            if (b.keyId().equals(keyId) && b.untilNanos() - now > 0 && b.bench().covers(route)
                    && (latest == null || b.untilNanos() - latest.untilNanos() > 0)) {
                latest = b;
            }
        }
        return latest;
    }

    private Credential soonestFree(List<Credential> all, RouteKey route) {
        long now = clock.nanoTime();
        Credential best = all.getFirst();
        long bestUntil = Long.MAX_VALUE;
        for (Credential c : all) {
            Benched b = latest(id(c), route, now);
            long until = b == null ? now : b.untilNanos();
            if (bestUntil == Long.MAX_VALUE || until - bestUntil < 0) {
                best = c;
                bestUntil = until;
            }
        }
        return best;
    }

    private Credential pick(List<Credential> all, List<Credential> usable) {
        return switch (strategy) {
            case FILL_FIRST -> usable.getFirst();
            case RANDOM -> usable.get(random.nextInt(usable.size()));
            case LEAST_USED -> {
                Credential best = usable.getFirst();
                for (Credential c : usable) {
                    if (uses.getOrDefault(id(c), 0L) < uses.getOrDefault(id(best), 0L)) best = c;
                }
                yield best;
            }
            case ROUND_ROBIN -> {
                int last = -1;
                for (int i = 0; i < all.size(); i++) {
                    if (id(all.get(i)).equals(lastHandedOut)) last = i;
                }
                for (int step = 1; step <= all.size(); step++) {
                    Credential c = all.get((last + step) % all.size());
                    if (usable.contains(c)) yield c;
                }
                yield usable.getFirst();
            }
        };
    }

    /** A stable, non-reversible id of the key: bookkeeping follows the key, not its label. */
    private static String id(Credential c) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(c.secret().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
