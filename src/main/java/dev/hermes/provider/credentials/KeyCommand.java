package dev.hermes.provider.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hermes.provider.Credential;
import dev.hermes.provider.MissingCredentialException;
import dev.hermes.util.MonotonicClock;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The key of a provider configured with {@code key_cmd}: a command that prints a short-lived token,
 * bare or as JSON ({@code {"access_token": "...", "expires_in": 3600}}), as OAuth token endpoints,
 * {@code gcloud auth print-access-token} or Claude Code's {@code apiKeyHelper} do. The command runs
 * when a key is needed and its token is reused until shortly before it expires (a bare token is
 * taken to live {@link #BARE_TOKEN_LIFETIME}), or until the provider refuses it with a 401.
 *
 * <p>The command's stderr is discarded and its output never appears in a message (it is a
 * secret); the token is registered with the redactor as every credential is. A command that fails,
 * prints nothing or runs past {@link #TIMEOUT} is a {@link MissingCredentialException} naming where
 * the command is configured. Thread-safe.
 */
public final class KeyCommand implements KeyResolver {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final Duration BARE_TOKEN_LIFETIME = Duration.ofMinutes(5);
    /** Refresh this long before expiry (at most a quarter of the token's life), so no request carries a dying token. */
    static final Duration MARGIN = Duration.ofSeconds(60);
    private static final int MAX_OUTPUT = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String provider;
    private final String command;
    private final String where;
    private final Path dir;
    private final Supplier<Map<String, String>> environment;
    private final MonotonicClock clock;
    private Credential cached;
    private long validUntil;

    /**
     * @param provider    provider id, for messages
     * @param command     the shell command ({@code /bin/sh -c})
     * @param where       where it is configured, e.g. "/root/.hermes/config.yaml:12: providers.gw.key_cmd"
     * @param dir         its working directory
     * @param environment variables added to the inherited environment (the home's .env files)
     */
    public KeyCommand(String provider, String command, String where, Path dir, Supplier<Map<String, String>> environment,
                      MonotonicClock clock) {
        this.provider = provider;
        this.command = command;
        this.where = where;
        this.dir = dir;
        this.environment = environment;
        this.clock = clock;
    }

    @Override
    public synchronized List<Credential> resolve() {
        if (cached == null || validUntil - clock.nanoTime() <= 0) {
            long started = clock.nanoTime();
            Minted minted = parse(run());
            Duration margin = min(MARGIN, minted.lifetime().dividedBy(4));
            cached = new Credential(minted.token(), "key_cmd (" + where + ")", "key_cmd");
            validUntil = started + minted.lifetime().minus(margin).toNanos();
        }
        return List.of(cached);
    }

    @Override
    public synchronized void unauthorised(Credential credential) {
        if (credential.equals(cached)) cached = null;
    }

    @Override
    public String describeMissing() {
        return where + ": key_cmd printed no token for provider '" + provider + "'";
    }

    private record Minted(String token, Duration lifetime) {
    }

    private String run() {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        environment.get().forEach(pb.environment()::putIfAbsent);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw fail("cannot start it: " + e.getMessage());
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readCapped(p.getInputStream()),
                Thread::startVirtualThread);
        try {
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw fail("it did not finish within " + TIMEOUT.toSeconds() + " s");
            }
            byte[] bytes = out.get(5, TimeUnit.SECONDS);
            if (p.exitValue() != 0) throw fail("it exited with status " + p.exitValue());
            return new String(bytes, StandardCharsets.UTF_8).strip();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw fail("interrupted");
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw fail("its output could not be read");
        }
    }

    private static byte[] readCapped(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_OUTPUT);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return bytes;
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** A bare token, or JSON with {@code access_token} and optionally {@code expires_in} (seconds). */
    private Minted parse(String out) {
        if (out.isEmpty()) throw fail("it printed nothing");
        if (!out.startsWith("{")) {
            if (out.chars().anyMatch(Character::isWhitespace)) throw fail("it printed more than a token (print only the token)");
            return new Minted(out, BARE_TOKEN_LIFETIME);
        }
        JsonNode json;
        try {
            json = JSON.readTree(out);
        } catch (IOException e) {
            throw fail("it printed something that is neither a token nor JSON");
        }
        JsonNode token = json.get("access_token");
        if (token == null || !token.isTextual() || token.asText().isBlank()) throw fail("its JSON has no \"access_token\"");
        JsonNode expires = json.get("expires_in");
        Duration lifetime = expires != null && expires.isNumber() && expires.asDouble() > 0
                ? Duration.ofMillis((long) (expires.asDouble() * 1000)) : BARE_TOKEN_LIFETIME;
        return new Minted(token.asText().strip(), lifetime);
    }

    private MissingCredentialException fail(String why) {
        return new MissingCredentialException(provider, where + ": key_cmd for provider '" + provider + "' gave no token: " + why);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
