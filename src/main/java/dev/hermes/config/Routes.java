package dev.hermes.config;

import dev.hermes.provider.AuthStyle;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.Endpoint;
import dev.hermes.provider.ProviderRegistry;
import dev.hermes.provider.ProviderSettings;
import dev.hermes.provider.ProviderSpec;
import dev.hermes.provider.Route;
import dev.hermes.provider.WireApi;
import dev.hermes.provider.credentials.CredentialStore;
import dev.hermes.util.Origin;
import dev.hermes.util.Sourced;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns config.yaml plus command-line overrides into the primary route and the fallback routes.
 *
 * <p>Per route, the most specific setting wins: a flag (primary only), then the route's own entry
 * ({@code model.*} or {@code fallback_providers[i].*}), then {@code providers.<id>.*}, then the
 * built-in registry. Timeouts, per timer: {@code providers.<id>.models.<model>}, then
 * {@code providers.<id>}, then the global {@code timeouts} section, then
 * {@code HERMES_STREAM_STALE_TIMEOUT} (content idle only), then the defaults of
 * {@link Timeouts#withDefaults}. Errors name the config key and its line.
 */
public final class Routes {
    /** The original's variable for the stale (our content idle) timeout, in seconds. */
    public static final String STALE_ENV = "HERMES_STREAM_STALE_TIMEOUT";

    /** Command-line overrides for the primary route; nulls mean "not given". */
    public record Overrides(String provider, String model, String baseUrl) {
        public static final Overrides NONE = new Overrides(null, null, null);
    }

    /** The primary route and the fallbacks, in order. */
    public record Plan(Route primary, List<Route> fallbacks) {
        public Plan {
            fallbacks = List.copyOf(fallbacks);
        }
    }

    private final ProviderRegistry registry;
    private final CredentialStore store;
    private final EnvLayers env;

    public Routes(ProviderRegistry registry, CredentialStore store, EnvLayers env) {
        this.registry = registry;
        this.store = store;
        this.env = env;
    }

    /**
     * The primary route and every fallback.
     *
     * @throws ConfigException for the first route that cannot be built
     */
    public Plan resolve(HermesConfig config, Overrides o) {
        Route primary = primary(config, o);
        List<Route> fallbacks = new ArrayList<>();
        for (int i = 0; i < config.fallbacks().size(); i++) fallbacks.add(fallback(config, i));
        return new Plan(primary, fallbacks);
    }

    /**
     * The primary route alone, so a caller can report each route's problem on its own ({@code hermes doctor}).
     *
     * @throws ConfigException when no model is configured or the route cannot be built
     */
    public Route primary(HermesConfig config, Overrides o) {
        RouteConfig m = config.model();
        Sourced<String> provider = o.provider() != null ? Sourced.of(o.provider(), new Origin.Flag("--provider")) : m.provider();
        if (provider == null) {
            throw new ConfigException("no model configured: set model.provider and model.default in " + config.file()
                    + " (e.g. `model: {provider: openrouter, default: anthropic/claude-sonnet-4}`), or pass --provider and --model");
        }
        boolean sameProvider = m.provider() != null && m.provider().value().equals(provider.value());
        RouteConfig rc = sameProvider ? m : new RouteConfig("model", provider, m.model(), null, null, null, null);
        Sourced<String> model = o.model() != null ? Sourced.of(o.model(), new Origin.Flag("--model")) : rc.model();
        if (model == null) {
            throw new ConfigException("no model for provider '" + provider.value() + "': set model.default in "
                    + config.file() + ", or pass --model");
        }
        Sourced<URI> baseUrl = o.baseUrl() == null ? null : Sourced.of(flagUrl(o.baseUrl()), new Origin.Flag("--base-url"));
        return build(config, rc, provider, model, baseUrl);
    }

    /**
     * The fallback {@code fallback_providers[index]} alone.
     *
     * @throws ConfigException when the entry lacks a provider or model, or cannot be built
     */
    public Route fallback(HermesConfig config, int index) {
        RouteConfig f = config.fallbacks().get(index);
        if (f.provider() == null) throw new ConfigException(f.key() + ".provider: missing (every fallback names a provider)");
        if (f.model() == null) throw new ConfigException(f.key() + ".model: missing (every fallback names a model)");
        return build(config, f, f.provider(), f.model(), null);
    }

    /**
     * An {@code auxiliary.<task>} route: its provider and model, each defaulting to the primary's.
     *
     * @throws ConfigException when neither names a provider, or the route cannot be built
     */
    public Route auxiliary(HermesConfig config, RouteConfig rc, Overrides o) {
        Route primary = primary(config, o);
        Sourced<String> provider = rc.provider() != null ? rc.provider()
                : Sourced.byDefault(primary.endpoint().provider());
        Sourced<String> model = rc.model() != null ? rc.model() : Sourced.byDefault(primary.model());
        return build(config, rc, provider, model, null);
    }

    private Route build(HermesConfig config, RouteConfig rc, Sourced<String> provider, Sourced<String> model,
                        Sourced<URI> baseUrlFlag) {
        String id = provider.value();
        ProviderConfig pc = config.provider(id);
        ProviderSpec spec = registry.find(id).orElse(null);
        boolean userDefined = spec == null || id.equals(ProviderRegistry.CUSTOM);
        if (spec == null) {
            String where = where(provider, rc.keyOf("provider"));
            if (registry.retiredReason(id) != null) throw new ConfigException(where + registry.retiredReason(id));
            if (pc.baseUrl() == null) {
                throw new ConfigException(where + "unknown provider '" + id + "' (known: " + String.join(", ", registry.ids())
                        + "; or define providers." + id + ".base_url)");
            }
            spec = new ProviderSpec(id, null, WireApi.CHAT_COMPLETIONS, AuthStyle.BEARER, List.of(), false);
        }
        Sourced<URI> baseUrl = first(baseUrlFlag, rc.baseUrl(), pc.baseUrl(),
                spec.baseUrl() == null ? null : Sourced.of(spec.baseUrl(), new Origin.Default("provider " + id)));
        if (baseUrl == null) {
            throw new ConfigException(where(provider, rc.keyOf("base_url")) + "provider '" + id + "' needs a base_url");
        }
        WireApi wire = first(rc.apiMode(), pc.apiMode(), Sourced.byDefault(spec.wire())).value();
        Sourced<String> keyEnv = first(rc.keyEnv(), pc.keyEnv());
        Sourced<String> apiKey = first(rc.apiKey(), pc.apiKey());
        List<String> envVars = keyEnv != null ? List.of(keyEnv.value()) : spec.keyEnvVars();
        boolean keyless = apiKey == null && envVars.isEmpty() && (spec.auth() == AuthStyle.NONE || userDefined);
        AuthStyle auth = keyless ? AuthStyle.NONE
                : userDefined || spec.auth() == AuthStyle.NONE
                ? (wire == WireApi.ANTHROPIC_MESSAGES ? AuthStyle.X_API_KEY : AuthStyle.BEARER)
                : spec.auth();
        boolean local = spec.local() || isLoopback(baseUrl.value());
        ProviderSettings settings = settings(config, pc, model.value(), local);
        Map<String, String> headers = new LinkedHashMap<>();
        pc.headers().forEach((k, v) -> headers.put(k, v.value()));
        Endpoint endpoint = new Endpoint(id, baseUrl.value(), wire, auth, headers, settings.connectTimeout().value());
        return new Route(endpoint, model.value(), keyless ? CredentialSource.NONE : credentials(config, id, apiKey, envVars),
                settings);
    }

    private CredentialSource credentials(HermesConfig config, String id, Sourced<String> apiKey, List<String> envVars) {
        List<Path> files = ConfiguredKeys.credentialFilesFor(env);
        // One id per distinct set of key sources, so benching is shared exactly where keys are.
        String poolId = id + "|" + envVars + "|" + (apiKey == null ? "" : apiKey.origin().describe()) + "|" + files;
        return store.pool(poolId, id, new ConfiguredKeys(id, apiKey, envVars, env, files), config.poolStrategy(id).value());
    }

    /** Model over provider over the global section over the environment, then built-in defaults. */
    private ProviderSettings settings(HermesConfig config, ProviderConfig pc, String model, boolean local) {
        Sourced<Duration> staleEnv = env.lookup(STALE_ENV).map(s -> s.map(v -> seconds(v, s.origin()))).orElse(null);
        Timeouts fromEnv = new Timeouts(null, null, null, staleEnv, null, null);
        return pc.models().getOrDefault(model, Timeouts.NONE).over(pc.timeouts()).over(config.timeouts()).over(fromEnv)
                .withDefaults(local);
    }

    private static Duration seconds(String v, Origin origin) {
        try {
            double d = Double.parseDouble(v.trim());
            if (d >= 0.001 && d < 1e9) return Duration.ofMillis((long) (d * 1000));
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(origin.describe() + ": " + STALE_ENV + " must be a positive number of seconds, got \"" + v + "\"");
    }

    private static URI flagUrl(String v) {
        try {
            URI u = new URI(v);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) return u;
        } catch (URISyntaxException ignored) {
            // reported below
        }
        throw new ConfigException("--base-url must be an http(s) URL, got \"" + v + "\"");
    }

    private static boolean isLoopback(URI u) {
        String h = u.getHost() == null ? "" : u.getHost();
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    /** "file:line: key: ", or "--flag: " when the value came from the command line. */
    private static String where(Sourced<?> s, String key) {
        return switch (s.origin()) {
            case Origin.InFile f -> f.describe() + ": " + key + ": ";
            case Origin.Flag f -> f.flag() + ": ";
            case Origin.EnvVar e -> key + " (" + e.describe() + "): ";
            case Origin.Default d -> key + ": ";
        };
    }

    @SafeVarargs
    private static <T> Sourced<T> first(Sourced<T>... candidates) {
        for (Sourced<T> c : candidates) if (c != null) return c;
        return null;
    }
}
