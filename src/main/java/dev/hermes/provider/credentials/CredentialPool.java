package dev.hermes.provider.credentials;

import dev.hermes.llm.ApiError;
import dev.hermes.provider.Credential;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.MissingCredentialException;
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
import java.util.random.RandomGenerator;

/**
 * The keys of one provider, with a pick strategy and benching of keys the provider rejected.
 *
 * <p>{@link #acquire()} asks its {@link KeyResolver} for the current keys on every call: a key
 * changed in the environment, a .env file or credentials.yaml is used by the very next request,
 * and nothing is cached from construction (the first seed's bug). Bench and usage bookkeeping is
 * keyed by a hash of the key itself, so a replaced key starts fresh.
 *
 * <p>Thread-safe: many concurrent calls may acquire and report rejections.
 */
public final class CredentialPool implements CredentialSource {
    static final Duration AUTH_BENCH = Duration.ofMinutes(5);
    static final Duration LIMIT_BENCH = Duration.ofHours(1);

    private final String provider;
    private final KeyResolver resolver;
    private final PoolStrategy strategy;
    private final MonotonicClock clock;
    private final RandomGenerator random;
    private final Map<String, Long> benchedUntil = new HashMap<>();
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

    /**
     * The key for the next request.
     *
     * @throws MissingCredentialException when no key is configured (naming the variable and the
     *                                    files searched) or every key is benched (saying until when)
     */
    @Override
    public Credential acquire() {
        List<Credential> all = resolver.resolve();
        if (all.isEmpty()) throw new MissingCredentialException(provider, resolver.describeMissing());
        synchronized (this) {
            List<Credential> usable = usable(all);
            if (usable.isEmpty()) {
                long now = clock.nanoTime();
                long soonest = all.stream().mapToLong(c -> benchedUntil.get(id(c)) - now).min().orElse(0);
                throw new MissingCredentialException(provider, "all " + all.size() + " key" + (all.size() == 1 ? "" : "s")
                        + " for provider '" + provider + "' are benched after being rejected by the provider; the first is usable again in "
                        + human(Duration.ofNanos(soonest)));
            }
            Credential pick = pick(all, usable);
            String id = id(pick);
            uses.merge(id, 1L, Long::sum);
            lastHandedOut = id;
            return pick;
        }
    }

    @Override
    public boolean hasUsableKey() {
        try {
            List<Credential> all = resolver.resolve();
            synchronized (this) {
                return !usable(all).isEmpty();
            }
        } catch (MissingCredentialException e) {
            return false;
        }
    }

    /** The keys not benched right now; call holding this pool's lock. */
    private List<Credential> usable(List<Credential> all) {
        long now = clock.nanoTime();
        List<Credential> usable = new ArrayList<>();
        for (Credential c : all) {
            Long until = benchedUntil.get(id(c));
            if (until == null || until - now <= 0) usable.add(c);
        }
        return usable;
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

    /**
     * Benches the key: 5 minutes after a 401, an hour after a 402 or 429, or for the provider's
     * Retry-After when it gave one. Other errors are not the key's fault and leave it usable.
     */
    @Override
    public void rejected(Credential credential, ApiError error) {
        if (credential == null || error == null) return;
        if (error.httpStatus() == 401) resolver.unauthorised(credential);
        Duration bench = switch (error.httpStatus()) {
            case 401 -> AUTH_BENCH;
            case 402, 429 -> LIMIT_BENCH;
            default -> null;
        };
        if (bench == null) return;
        if (error.retryAfter() != null && !error.retryAfter().isNegative()) bench = error.retryAfter();
        synchronized (this) {
            benchedUntil.merge(id(credential), clock.nanoTime() + bench.toNanos(), Math::max);
        }
    }

    static String human(Duration d) {
        long s = Math.max(1, (d.toMillis() + 999) / 1000);
        if (s < 60) return s + "s";
        if (s < 3600) return (s / 60) + "m " + (s % 60) + "s";
        return (s / 3600) + "h " + (s % 3600 / 60) + "m";
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
