package dev.hermes.doctor;

import dev.hermes.config.ConfigException;
import dev.hermes.config.ConfigLoader;
import dev.hermes.config.ConfigWarning;
import dev.hermes.config.EnvLayers;
import dev.hermes.config.Environment;
import dev.hermes.config.HermesConfig;
import dev.hermes.config.HermesHome;
import dev.hermes.config.Routes;
import dev.hermes.provider.Credential;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.MissingCredentialException;
import dev.hermes.provider.ProviderRegistry;
import dev.hermes.provider.Route;
import dev.hermes.provider.credentials.CredentialStore;
import dev.hermes.provider.http.Urls;
import dev.hermes.util.MonotonicClock;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code hermes doctor}: checks the configuration, then every route's key and reachability, and
 * returns a {@link DoctorReport}. It goes on past problems: a config.yaml that does not parse is
 * reported and the rest is checked with what can still be known.
 *
 * <p>Threading: keys are read on the calling thread (local files only); the network checks of all
 * routes run at once on virtual threads, each bounded by the timeout, and {@link #run} returns
 * within the timeout plus {@link #MARGIN} whatever the providers do. Nothing it starts outlives it.
 */
public final class Doctor {
    /** Time allowed beyond the per-request timeout for the whole run. */
    public static final Duration MARGIN = Duration.ofSeconds(1);
    /** The one user message {@code --deep} sends (with max_tokens 8). */
    public static final String DEEP_PROMPT = "Reply with the single word OK.";

    /**
     * @param timeout   per request (connect to response headers; the whole --deep call)
     * @param deep      also send one tiny chat request per route
     * @param overrides command-line overrides of the primary route
     */
    public record Options(Duration timeout, boolean deep, Routes.Overrides overrides) {
        public Options {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
            Objects.requireNonNull(overrides, "overrides");
        }
    }

    private final MonotonicClock clock;

    public Doctor(MonotonicClock clock) {
        this.clock = clock;
    }

    /**
     * Runs every check.
     *
     * @param profileFlag the {@code -p} value, or null
     * @throws ConfigException only when the home itself cannot be resolved (unknown profile)
     */
    public DoctorReport run(Environment environment, String profileFlag, Options options) {
        HermesHome home = HermesHome.resolve(environment, profileFlag);
        String parseError = null;
        HermesConfig config;
        try {
            config = ConfigLoader.load(home.configFile());
        } catch (ConfigException e) {
            parseError = e.getMessage();
            config = ConfigLoader.parse(home.configFile(), ""); // the defaults: enough for the .env layers and flags
        }
        EnvLayers env = EnvLayers.of(environment, home, config.inheritRootEnv().value());
        ConfigCheck configCheck = new ConfigCheck(home.dir(), home.profileName(), home.configFile(),
                Files.exists(home.configFile()), parseError, config.unknownKeys().stream().map(ConfigWarning::toString).toList(),
                config.unsupported().stream().map(ConfigWarning::toString).toList(), env.files(), home.isProfile() ? env.files().contains(home.rootEnvFile()) : null);

        // A private store: doctor must not bench keys for, or be affected by, the process's pools.
        Routes routes = new Routes(ProviderRegistry.builtIn(), new CredentialStore(clock, new Random(0)), env);
        List<Supplier<Route>> wanted = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        HermesConfig effective = config;
        boolean primaryFromFlags = options.overrides().provider() != null;
        if (parseError != null && !primaryFromFlags) {
            wanted.add(() -> {
                throw new ConfigException("not checked: config.yaml did not parse (pass --provider and --model to check a route anyway)");
            });
        } else {
            wanted.add(() -> routes.primary(effective, options.overrides()));
        }
        roles.add("primary");
        for (int i = 0; i < config.fallbacks().size(); i++) {
            int index = i;
            wanted.add(() -> routes.fallback(effective, index));
            roles.add("fallback " + (i + 1));
        }
        return new DoctorReport(configCheck, check(roles, wanted, options), options.timeout(), options.deep());
    }

    private List<RouteCheck> check(List<String> roles, List<Supplier<Route>> wanted, Options options) {
        Duration timeout = options.timeout();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        try {
            List<Pending> pending = new ArrayList<>();
            for (int i = 0; i < wanted.size(); i++) {
                Route route;
                try {
                    route = wanted.get(i).get();
                } catch (ConfigException e) {
                    pending.add(new Pending(new RouteCheck.Unresolved(roles.get(i), e.getMessage()), null, null, null, null));
                    continue;
                }
                KeyCheck key;
                Credential credential = null;
                try {
                    credential = route.credentials() == CredentialSource.NONE ? null : route.credentials().acquire();
                    key = credential == null ? new KeyCheck.NotNeeded() : KeyCheck.Found.of(credential);
                } catch (MissingCredentialException e) {
                    key = new KeyCheck.Missing(e.getMessage());
                }
                Credential sent = credential;
                KeyCheck found = key;
                Future<Reach> reach = pool.submit(() -> ReachProbe.probe(http, route.endpoint(), sent, found, timeout));
                Future<Deep> deep = options.deep() ? pool.submit(() -> DeepProbe.run(route, timeout)) : null;
                pending.add(new Pending(null, route, key, reach, deep));
            }
            long deadline = clock.nanoTime() + timeout.plus(MARGIN).toNanos();
            List<RouteCheck> out = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) out.add(collect(pending.get(i), roles.get(i), deadline, timeout));
            return out;
        } finally {
            pool.shutdownNow();
            http.shutdownNow();
        }
    }

    /** One route's checks in flight, or its configuration error (then only {@code unresolved} is set). */
    private record Pending(RouteCheck unresolved, Route route, KeyCheck key, Future<Reach> reach, Future<Deep> deep) {
    }

    private RouteCheck collect(Pending p, String role, long deadline, Duration timeout) {
        if (p.unresolved() != null) return p.unresolved();
        Route route = p.route();
        String base = Urls.display(route.endpoint().baseUrl());
        Reach r = await(p.reach(), deadline, Reach.timedOut(base, timeout, "the check did not finish"),
                e -> new Reach(Reach.Kind.NOT_CHECKED, base, 0, "not checked: " + e));
        Deep d = p.deep() == null ? null : await(p.deep(), deadline,
                new Deep(Severity.UNREACHABLE, "the model did not answer within " + Seconds.text(timeout)),
                e -> new Deep(Severity.UNREACHABLE, "not run: " + e));
        return new RouteCheck.Checked(role, route.endpoint().provider(), route.model(), base, route.endpoint().wire(),
                p.key(), r, d);
    }

    /** The task's result by the deadline; {@code late} (and the task cancelled) after it. */
    private <T> T await(Future<T> f, long deadline, T late, Function<Throwable, T> failed) {
        try {
            return f.get(Math.max(0, deadline - clock.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return late;
        } catch (ExecutionException e) {
            return failed.apply(e.getCause());
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return failed.apply(e);
        }
    }
}
