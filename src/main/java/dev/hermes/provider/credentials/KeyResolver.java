package dev.hermes.provider.credentials;

import dev.hermes.provider.Credential;

import java.util.List;

/**
 * Finds the current keys for one provider from wherever they are configured (environment, .env
 * files, config.yaml, credentials.yaml). Called on every acquisition, so it must read its sources
 * afresh each time (files may be cached only while unchanged).
 */
public interface KeyResolver {

    /**
     * The keys, in preference order, without duplicates.
     *
     * @throws dev.hermes.provider.MissingCredentialException when a source cannot be read (the
     *                                                        message names the file and line)
     */
    List<Credential> resolve();

    /** Why no key was found: the variable to set and every file searched. Never contains a key. */
    String describeMissing();

    /**
     * The provider refused {@code credential} as unauthorised (401). A resolver that mints
     * short-lived tokens forgets it, so the next {@link #resolve()} mints a fresh one.
     */
    default void unauthorised(Credential credential) {
    }
}
