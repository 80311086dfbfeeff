package dev.hermes.provider;

import java.util.Optional;

/**
 * A live view of the keys for one provider. Wire clients call {@link #acquire(RouteKey)} for every
 * request they build, so a client rebuilt after a stall, or a key rotated after a 429, always
 * sends the current key: nothing is cached from construction time (the first seed's bug).
 */
public interface CredentialSource {

    /** For providers that take no key (local servers). */
    CredentialSource NONE = () -> null;

    /**
     * A key for a request outside any route (doctor's checks), ignoring benches.
     *
     * @return a credential, or null only for keyless providers
     * @throws MissingCredentialException when no key is configured; the message names the
     *                                    environment variable and every file searched
     */
    Credential acquire();

    /**
     * The key for the next request on {@code route}: one not benched for it when there is one,
     * else the one whose bench ends first. Benches change the order, never refuse: whether a
     * route whose keys are all benched is worth a try is the caller's decision.
     *
     * @throws MissingCredentialException when no key is configured
     */
    default Credential acquire(RouteKey route) {
        return acquire();
    }

    /** The provider rejected or throttled this key: set it aside as {@code bench} says. */
    default void bench(Credential credential, Bench bench) {
    }

    /** When every key is benched for {@code route}: the soonest bench's reason and what remains of it. */
    default Optional<Bench.Until> allBenched(RouteKey route) {
        return Optional.empty();
    }

    /**
     * Whether a key other than {@code except} (may be null) and not benched for {@code route}
     * exists: whether rotating to another key is possible. False for keyless sources.
     */
    default boolean hasUsableKey(RouteKey route, Credential except) {
        return false;
    }
}
