package dev.hermes.config;

import dev.hermes.failover.Backoff;
import dev.hermes.failover.CircuitBreaker;
import dev.hermes.failover.FailoverSettings;
import dev.hermes.failover.SlowDrip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The typed failover policy config.yaml and the environment give, each key on its own, and bad values named. */
class FailoverConfigTest {

    @TempDir
    Path user;

    private FailoverConfig load(String yaml, Map<String, String> vars) throws Exception {
        Files.writeString(Files.createDirectories(user.resolve(".hermes")).resolve("config.yaml"), yaml);
        return Configuration.load(new Environment(vars, user), null).failover();
    }

    private FailoverConfig load(String yaml) throws Exception {
        return load(yaml, Map.of());
    }

    private Path file() {
        return user.resolve(".hermes/config.yaml");
    }

    @Test
    void nothingConfiguredMeansTheFailoversOwnDefaults() throws Exception {
        FailoverConfig c = load("");
        assertThat(c).isEqualTo(FailoverConfig.defaults());
        assertThat(c.retriesPerRoute()).isEqualTo(FailoverSettings.DEFAULT_RETRIES);
        assertThat(c.streamRetries()).isEqualTo(FailoverSettings.DEFAULT_RETRIES);
        assertThat(c.backoff()).isEqualTo(Backoff.Config.DEFAULTS);
        assertThat(c.breaker()).isEqualTo(CircuitBreaker.Config.DEFAULTS);
        assertThat(c.callDeadline()).isNull();
        assertThat(c.moveOnAfterTimeout()).isTrue();
        assertThat(c.maxAnswerChars()).isEqualTo(FailoverSettings.DEFAULT_MAX_ANSWER_CHARS);
        assertThat(c.slowDrip()).isNull();
    }

    @Test
    void eachKeySetsItsPartAndOnlyThat() throws Exception {
        FailoverConfig d = FailoverConfig.defaults();
        Backoff.Config b = d.backoff();
        CircuitBreaker.Config k = d.breaker();
        assertThat(load("agent: {retries: 4}\n").retriesPerRoute()).isEqualTo(4);
        assertThat(load("agent: {retries: 4}\n").streamRetries()).isEqualTo(4);
        assertThat(load("agent: {api_max_retries: 3}\n").retriesPerRoute()).isEqualTo(2);
        assertThat(load("failover: {backoff_base_seconds: 0.25}\n").backoff())
                .isEqualTo(new Backoff.Config(Duration.ofMillis(250), b.cap(), b.jitter(), b.retryAfterCap()));
        assertThat(load("failover: {backoff_cap_seconds: 10}\n").backoff())
                .isEqualTo(new Backoff.Config(b.base(), Duration.ofSeconds(10), b.jitter(), b.retryAfterCap()));
        assertThat(load("failover: {retry_after_cap_seconds: 5}\n").backoff())
                .isEqualTo(new Backoff.Config(b.base(), b.cap(), b.jitter(), Duration.ofSeconds(5)));
        assertThat(load("failover: {breaker_failure_threshold: 9}\n").breaker())
                .isEqualTo(new CircuitBreaker.Config(9, k.cooldown(), k.tripBase(), k.tripMax(), k.probeTimeout()));
        assertThat(load("failover: {breaker_cooldown_seconds: 12}\n").breaker())
                .isEqualTo(new CircuitBreaker.Config(k.failureThreshold(), Duration.ofSeconds(12), k.tripBase(), k.tripMax(),
                        k.probeTimeout()));
        assertThat(load("failover: {call_deadline_seconds: 45}\n").callDeadline()).isEqualTo(Duration.ofSeconds(45));
        assertThat(load("failover: {move_on_after_timeout: false}\n").moveOnAfterTimeout()).isFalse();
        assertThat(load("failover: {max_answer_chars: 20000}\n").maxAnswerChars()).isEqualTo(20_000);
        assertThat(load("failover: {slow_drip_min_chars: 7}\n").slowDrip()).isEqualTo(new SlowDrip(7, SlowDrip.DEFAULT_WINDOW));
        assertThat(load("failover: {slow_drip_min_chars: 7, slow_drip_window_seconds: 20}\n").slowDrip())
                .isEqualTo(new SlowDrip(7, Duration.ofSeconds(20)));
        // the window alone does not turn the guard on
        assertThat(load("failover: {slow_drip_window_seconds: 20}\n").slowDrip()).isNull();
        assertThat(load("", Map.of("HERMES_STREAM_RETRIES", "0")).streamRetries()).isZero();
        assertThat(load("", Map.of("HERMES_STREAM_RETRIES", "0")).retriesPerRoute()).isEqualTo(2);
    }

    @Test
    void aBadValueIsAnErrorNamingTheFileTheLineAndTheKey() {
        assertThatThrownBy(() -> load("failover:\n  max_answer_chars: 10\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file() + ":2")
                .hasMessageContaining("'failover.max_answer_chars' must be an integer from 10000 to 1000000000, got 10");
        assertThatThrownBy(() -> load("failover:\n  move_on_after_timeout: sometimes\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file() + ":2").hasMessageContaining("failover.move_on_after_timeout");
        assertThatThrownBy(() -> load("failover:\n  call_deadline_seconds: 0\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file() + ":2").hasMessageContaining("failover.call_deadline_seconds");
    }

    @Test
    void aCombinationThePolicyRefusesIsAnErrorNamingTheKeyAndItsLine() {
        // each value is fine alone; a cap below the base is not
        assertThatThrownBy(() -> load("failover:\n  backoff_base_seconds: 5\n  backoff_cap_seconds: 1\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file() + ":3: 'failover.backoff_cap_seconds' (1) is below"
                        + " 'failover.backoff_base_seconds' (5)");
        // only the base set, above the default cap of 30 s: the base's line is named
        assertThatThrownBy(() -> load("failover:\n  backoff_base_seconds: 45\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file() + ":2: 'failover.backoff_cap_seconds' (30) is below"
                        + " 'failover.backoff_base_seconds' (45)");
    }

    @Test
    void aBadStreamRetriesVariableIsAnErrorNamingItAndWhereItWasSet() throws Exception {
        Files.createDirectories(user.resolve(".hermes"));
        Files.writeString(user.resolve(".hermes/.env"), "HERMES_STREAM_RETRIES=101\n");
        assertThatThrownBy(() -> load(""))
                .isInstanceOf(ConfigException.class)
                .hasMessage(user.resolve(".hermes/.env") + ":1: HERMES_STREAM_RETRIES must be a whole number from 0 to 100,"
                        + " got \"101\"");
    }
}
