package dev.hermes.provider.credentials;

import dev.hermes.config.ConfiguredKeys;
import dev.hermes.config.EnvLayers;
import dev.hermes.config.Environment;
import dev.hermes.provider.Bench;
import dev.hermes.provider.Credential;
import dev.hermes.provider.MissingCredentialException;
import dev.hermes.provider.RouteKey;
import dev.hermes.provider.WireApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialPoolTest {
    @TempDir
    Path home;
    Path envFile;
    Path credFile;
    final AtomicLong now = new AtomicLong(1_000_000_000L);

    @BeforeEach
    void files() {
        envFile = home.resolve(".env");
        credFile = home.resolve("credentials.yaml");
    }

    private CredentialPool pool(Map<String, String> processEnv, PoolStrategy strategy) {
        EnvLayers env = new EnvLayers(new Environment(processEnv, home), List.of(envFile));
        KeyResolver keys = new ConfiguredKeys("openrouter", null, List.of("OPENROUTER_API_KEY"), env,
                ConfiguredKeys.credentialFilesFor(env));
        return new CredentialPool("openrouter", keys, strategy, now::get, new Random(7));
    }

    private void threeKeys() throws Exception {
        Files.writeString(envFile, "OPENROUTER_API_KEY=sk-or-aaaa-0000-1111\n");
        Files.writeString(credFile, """
                openrouter:
                  - key: sk-or-bbbb-0000-2222
                    label: work
                  - sk-or-cccc-0000-3333
                """);
    }

    private static final URI BASE = URI.create("https://openrouter.ai/api/v1");
    private static final RouteKey MODEL_A = new RouteKey("openrouter", BASE, WireApi.CHAT_COMPLETIONS, "a/model");
    private static final RouteKey MODEL_B = new RouteKey("openrouter", BASE, WireApi.CHAT_COMPLETIONS, "b/model");
    private static final RouteKey ELSEWHERE = new RouteKey("openrouter", URI.create("https://eu.openrouter.ai/api/v1"),
            WireApi.CHAT_COMPLETIONS, "a/model");

    private List<String> take(CredentialPool pool, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(pool.acquire(MODEL_A).label());
        return out;
    }

    private static Bench throttled(Duration d) {
        return new Bench(MODEL_A, Bench.Scope.ROUTE, d, "rate_limit");
    }

    private static Bench rejectedKey(Duration d) {
        return new Bench(MODEL_A, Bench.Scope.ENDPOINT, d, "auth");
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void keysComeFromEnvFileThenCredentialsFileWithSources() throws Exception {
        threeKeys();
        CredentialPool pool = pool(Map.of(), PoolStrategy.ROUND_ROBIN);
        Credential first = pool.acquire();
        assertThat(first.secret()).isEqualTo("sk-or-aaaa-0000-1111");
        assertThat(first.source()).isEqualTo(envFile + ":1");
        Credential second = pool.acquire();
        assertThat(second.label()).isEqualTo("work");
        assertThat(second.source()).isEqualTo(credFile + ":2");
        assertThat(pool.acquire().label()).isEqualTo("openrouter#2");
    }

    @Test
    void fillFirstKeepsUsingTheFirstKeyUntilItIsBenched() throws Exception {
        threeKeys();
        CredentialPool pool = pool(Map.of(), PoolStrategy.FILL_FIRST);
        assertThat(take(pool, 3)).containsExactly("OPENROUTER_API_KEY", "OPENROUTER_API_KEY", "OPENROUTER_API_KEY");
        pool.bench(pool.acquire(MODEL_A), throttled(Duration.ofSeconds(60)));
        assertThat(take(pool, 2)).containsExactly("work", "work");
    }

    @Test
    void roundRobinCyclesAndSkipsBenchedKeys() throws Exception {
        threeKeys();
        CredentialPool pool = pool(Map.of(), PoolStrategy.ROUND_ROBIN);
        assertThat(take(pool, 4)).containsExactly("OPENROUTER_API_KEY", "work", "openrouter#2", "OPENROUTER_API_KEY");
        Credential work = pool.acquire(MODEL_A);
        pool.bench(work, rejectedKey(Duration.ofMinutes(5)));
        assertThat(take(pool, 3)).containsExactly("openrouter#2", "OPENROUTER_API_KEY", "openrouter#2");
    }

    @Test
    void leastUsedEvensOutUse() throws Exception {
        threeKeys();
        CredentialPool pool = pool(Map.of(), PoolStrategy.LEAST_USED);
        assertThat(take(pool, 3)).containsExactlyInAnyOrder("OPENROUTER_API_KEY", "work", "openrouter#2");
        pool.bench(pool.acquire(MODEL_A), throttled(Duration.ofHours(1)));
        List<String> next = take(pool, 4);
        assertThat(next).doesNotContain("OPENROUTER_API_KEY");
        assertThat(next).containsOnly("work", "openrouter#2");
        assertThat(next.stream().filter("work"::equals).count()).isEqualTo(2);
    }

    /** Issue 8, defect 1: a throttled model must not make another model on the same key unreachable. */
    @Test
    void aThrottleBenchesTheKeyForThatRouteOnly() throws Exception {
        Files.writeString(envFile, "OPENROUTER_API_KEY=sk-or-only-key-000\n");
        CredentialPool pool = pool(Map.of(), PoolStrategy.FILL_FIRST);
        pool.bench(pool.acquire(MODEL_A), throttled(Duration.ofSeconds(60)));
        assertThat(pool.allBenched(MODEL_A)).hasValue(new Bench.Until("rate_limit", Duration.ofSeconds(60)));
        assertThat(pool.hasUsableKey(MODEL_A, null)).isFalse();
        assertThat(pool.allBenched(MODEL_B)).isEmpty();
        assertThat(pool.hasUsableKey(MODEL_B, null)).isTrue();
        advance(Duration.ofSeconds(60));
        assertThat(pool.allBenched(MODEL_A)).isEmpty();
    }

    @Test
    void aRejectedKeyIsBenchedForItsEndpointEveryModelThere() throws Exception {
        Files.writeString(envFile, "OPENROUTER_API_KEY=sk-or-only-key-000\n");
        CredentialPool pool = pool(Map.of(), PoolStrategy.FILL_FIRST);
        pool.bench(pool.acquire(MODEL_A), rejectedKey(Duration.ofMinutes(5)));
        assertThat(pool.allBenched(MODEL_B)).hasValueSatisfying(u -> assertThat(u.reason()).isEqualTo("auth"));
        assertThat(pool.allBenched(ELSEWHERE)).isEmpty();
    }

    @Test
    void aBenchedKeyOnlyMovesToTheBackAndTheSoonestFreeIsHandedOutWhenAllAre() throws Exception {
        threeKeys();
        CredentialPool pool = pool(Map.of(), PoolStrategy.FILL_FIRST);
        List<Credential> keys = List.of(pool.acquire(MODEL_A), pool.acquire(MODEL_A), pool.acquire(MODEL_A));
        pool.bench(keys.get(0), throttled(Duration.ofSeconds(50)));
        pool.bench(pool.acquire(MODEL_A), throttled(Duration.ofSeconds(20)));
        pool.bench(pool.acquire(MODEL_A), throttled(Duration.ofSeconds(40)));
        assertThat(pool.acquire(MODEL_A).label()).isEqualTo("work"); // benched, but free first
        assertThat(pool.allBenched(MODEL_A)).hasValue(new Bench.Until("rate_limit", Duration.ofSeconds(20)));
        assertThat(pool.hasUsableKey(MODEL_A, null)).isFalse();
        assertThat(pool.acquire().label()).isEqualTo("OPENROUTER_API_KEY"); // no route: benches do not apply
    }

    @Test
    void otherKeysThanTheOneUsedDecideWhetherRotatingHelps() throws Exception {
        threeKeys();
        CredentialPool pool = pool(Map.of(), PoolStrategy.FILL_FIRST);
        Credential first = pool.acquire(MODEL_A);
        assertThat(pool.hasUsableKey(MODEL_A, first)).isTrue();
        Files.delete(credFile);
        assertThat(pool.hasUsableKey(MODEL_A, first)).isFalse();
    }

    @Test
    void everyAcquireReResolvesTheSources() throws Exception {
        Files.writeString(envFile, "OPENROUTER_API_KEY=sk-or-old-key-000\n");
        CredentialPool pool = pool(Map.of(), PoolStrategy.FILL_FIRST);
        assertThat(pool.acquire().secret()).isEqualTo("sk-or-old-key-000");

        Files.writeString(envFile, "# rotated\nOPENROUTER_API_KEY=sk-or-new-key-111\n");
        Credential c = pool.acquire();
        assertThat(c.secret()).isEqualTo("sk-or-new-key-111");
        assertThat(c.source()).isEqualTo(envFile + ":2");

        Files.delete(envFile);
        Files.writeString(credFile, "openrouter: [ sk-or-file-key-222 ]\n");
        assertThat(pool.acquire().secret()).isEqualTo("sk-or-file-key-222");
    }

    @Test
    void aReplacedKeyIsNotBenchedForItsPredecessorsSins() throws Exception {
        Files.writeString(envFile, "OPENROUTER_API_KEY=sk-or-dead-key-000\n");
        CredentialPool pool = pool(Map.of(), PoolStrategy.FILL_FIRST);
        pool.bench(pool.acquire(MODEL_A), rejectedKey(Duration.ofMinutes(5)));
        assertThat(pool.allBenched(MODEL_A)).isPresent();

        Files.writeString(envFile, "OPENROUTER_API_KEY=sk-or-fresh-key-111\n");
        assertThat(pool.allBenched(MODEL_A)).isEmpty();
        assertThat(pool.acquire(MODEL_A).secret()).isEqualTo("sk-or-fresh-key-111");
    }

    @Test
    void processEnvironmentKeyComesFirst() throws Exception {
        threeKeys();
        Credential c = pool(Map.of("OPENROUTER_API_KEY", "sk-or-proc-key-999"), PoolStrategy.FILL_FIRST).acquire();
        assertThat(c.secret()).isEqualTo("sk-or-proc-key-999");
        assertThat(c.source()).isEqualTo("env OPENROUTER_API_KEY");
    }

    @Test
    void missingKeyNamesTheVariableAndEveryFileSearched() {
        assertThatThrownBy(() -> pool(Map.of(), PoolStrategy.FILL_FIRST).acquire())
                .isInstanceOf(MissingCredentialException.class)
                .hasMessage("no API key for provider 'openrouter': set OPENROUTER_API_KEY in the environment or in "
                        + envFile + ", or list keys under 'openrouter:' in " + credFile);
    }

    @Test
    void aBrokenCredentialsFileIsReportedWithoutItsContent() throws Exception {
        Files.writeString(credFile, "openrouter:\n  - { key: sk-or-visible-000, lable: x }\n");
        assertThatThrownBy(() -> pool(Map.of(), PoolStrategy.FILL_FIRST).acquire())
                .isInstanceOf(MissingCredentialException.class)
                .hasMessageContaining(credFile + ":2: openrouter[0]: unknown field 'lable'")
                .hasMessageNotContaining("sk-or-visible");
    }

    @Test
    void credentialsNeverPrintTheirKeys() throws Exception {
        threeKeys();
        Credential c = pool(Map.of(), PoolStrategy.FILL_FIRST).acquire();
        assertThat(c.toString()).doesNotContain("sk-or");
    }
}
