package dev.hermes.testing;

import dev.hermes.provider.Credential;
import dev.hermes.provider.CredentialSource;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A credential source that hands out a new key on every {@link #acquire()} ("sk-test-SECRET-0001",
 * "sk-test-SECRET-0002", ...), so tests can check that clients ask for a key
 * per request and never leak one.
 */
public final class RotatingCredentials implements CredentialSource {

    /** Every key this source hands out contains this marker; search output for it to find leaks. */
    public static final String SECRET_MARKER = "SECRET";

    private final AtomicInteger issued = new AtomicInteger();

    @Override
    public Credential acquire() {
        int n = issued.incrementAndGet();
        return new Credential(key(n), "test source", "key#" + n);
    }

    /** The n-th key handed out (1-based). */
    public static String key(int n) {
        return "sk-test-" + SECRET_MARKER + "-%04d".formatted(n);
    }

    public int issued() {
        return issued.get();
    }

}
