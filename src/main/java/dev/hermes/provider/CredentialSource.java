package dev.hermes.provider;

import dev.hermes.llm.ApiError;

/**
 * A live view of the keys for one provider. Wire clients call {@link #acquire()} for every request
 * they build, so a client rebuilt after a stall, or a key rotated after a 429, always sends the
 * current key: nothing is cached from construction time (the first seed's bug).
 */
public interface CredentialSource {

    /** For providers that take no key (local servers). */
    CredentialSource NONE = new CredentialSource() {
        @Override
        public Credential acquire() {
            return null;
        }
    };

    /**
     * The key to use for the next request.
     *
     * @return a credential, or null only for keyless providers
     * @throws MissingCredentialException when no usable key exists; the message names the
     *                                    environment variable and every file searched
     */
    Credential acquire();

    /** The provider rejected or throttled this key (401, 402, 429): the pool may bench it. */
    default void rejected(Credential credential, ApiError error) {
    }

    /**
     * Whether {@link #acquire()} would now hand out a key (after a rejection benched the one in
     * use, this says whether rotating to another key is possible). False for keyless sources.
     */
    default boolean hasUsableKey() {
        return false;
    }
}
