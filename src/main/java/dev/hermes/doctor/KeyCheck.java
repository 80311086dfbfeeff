package dev.hermes.doctor;

import dev.hermes.provider.Credential;

/** What {@code hermes doctor} found for a route's API key. Never holds the key itself. */
public sealed interface KeyCheck {

    /** A key was found. */
    record Found(String variable, String source, String fingerprint) implements KeyCheck {
        static Found of(Credential c) {
            return new Found(c.label(), c.source(), c.fingerprint());
        }

        /** "MINIMAX_API_KEY in the environment", "MINIMAX_API_KEY at /root/.hermes/.env:3". */
        public String where() {
            return source.equals("env " + variable) ? variable + " in the environment" : variable + " at " + source;
        }
    }

    /** No usable key; {@code message} is the credential source's, naming the variable and files searched. */
    record Missing(String message) implements KeyCheck {
    }

    /** A keyless endpoint (a local server). */
    record NotNeeded() implements KeyCheck {
    }
}
