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
import dev.hermes.provider.credentials.KeyCommand;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Origin;
import dev.hermes.util.Sourced;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns config.yaml plus command-line overrides into the primary route and the fallback routes.
 *
 * <p>Per route, the most specific setting wins: a flag (primary only), then the route's own entry
 * ({@code model.*} or {@code fallback_providers[i].*}), then {@code providers.<id>.*}, then the
 * built-in registry. Timeouts, per timer: {@code providers.<id>.models.<model>}, then
 * {@code providers.<id>}, then the global {@code timeouts} section, then
 * the environment ({@code HERMES_STREAM_STALE_TIMEOUT}: content idle; {@code HERMES_STREAM_READ_TIMEOUT}:
 * headers and liveness idle; {@code HERMES_API_TIMEOUT}: connect, headers and liveness idle), then the defaults of
 * {@link Timeouts#withDefaults}. Errors name the config key and its line.
 */
public final class Routes {
    /** The original's variable for the stale (our content idle) timeout, in seconds. */
    public static final String STALE_ENV = "HERMES_STREAM_STALE_TIMEOUT";
    /** The original's stream read timeout (our headers and liveness idle), in seconds. */
    public static final String READ_ENV = "HERMES_STREAM_READ_TIMEOUT";
    /** The original's per-operation HTTP timeout (our connect, headers and liveness idle), in seconds. */
    public static final String API_ENV = "HERMES_API_TIMEOUT";
    /** {@code model.provider: auto}: pick the provider from the keys that are set. */
    public static final String AUTO = "auto";

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
     * The primary route and every fallback: the one way from a requested model to the chain of
     * routes that serves it. A model override naming a {@code model_aliases} entry routes to the
     * alias (and its own {@code fallbacks}, when it has them); any other model name runs on the
     * configured provider, followed by {@code fallback_providers}.
     *
     * @throws ConfigException for the first route that cannot be built
     */
    public Plan resolve(HermesConfig config, Overrides o) {
        Route primary = primary(config, o);
        ModelAlias alias = alias(config, o);
        List<Route> fallbacks = new ArrayList<>();
        if (alias != null && alias.fallbacks() != null) {
            for (RouteConfig f : alias.fallbacks()) fallbacks.add(fallback(config, f));
        } else {
            for (int i = 0; i < config.fallbacks().size(); i++) fallbacks.add(fallback(config, i));
        }
        return new Plan(primary, fallbacks);
    }

    /**
     * The primary route alone, so a caller can report each route's problem on its own ({@code hermes doctor}).
     *
     * @throws ConfigException when no model is configured or the route cannot be built
     */
    public Route primary(HermesConfig config, Overrides o) {
        ModelAlias alias = alias(config, o);
        return alias != null ? aliasRoute(config, alias, o) : configured(config, o);
    }

    /** The route of the {@code model} section (or the flags), with {@code o.model()} taken as a plain model name. */
    private Route configured(HermesConfig config, Overrides o) {
        RouteConfig m = config.model();
        Sourced<String> provider = o.provider() != null ? Sourced.of(o.provider(), new Origin.Flag("--provider")) : m.provider();
        if (provider == null) {
            throw new ConfigException("no model configured: set model.provider and model.default in " + config.file()
                    + " (e.g. `model: {provider: openrouter, default: anthropic/claude-sonnet-4}`), or pass --provider and --model");
        }
        boolean sameProvider = m.provider() != null && m.provider().value().equals(provider.value());
        if (AUTO.equals(provider.value())) provider = Sourced.of(autoProvider(config, provider), provider.origin());
        RouteConfig rc = sameProvider ? m : new RouteConfig("model", provider, m.model(), null, null, null, null);
        Sourced<String> model = o.model() != null ? Sourced.of(o.model(), new Origin.Flag("--model"))
                : first(rc.model(), config.provider(provider.value()).model());
        if (model == null) {
            throw new ConfigException("no model for provider '" + provider.value() + "': set model.default in "
                    + config.file() + ", or pass --model");
        }
        return build(config, rc, provider, model, baseUrlFlag(o));
    }

    /**
     * The fallback {@code fallback_providers[index]} alone.
     *
     * @throws ConfigException when the entry lacks a provider or model, or cannot be built
     */
    public Route fallback(HermesConfig config, int index) {
        return fallback(config, config.fallbacks().get(index));
    }

    private Route fallback(HermesConfig config, RouteConfig f) {
        if (f.provider() == null) throw new ConfigException(at(f) + f.key() + ".provider: missing (every fallback names a provider)");
        if (f.model() == null) throw new ConfigException(at(f) + f.key() + ".model: missing (every fallback names a model)");
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

    /** "file:line: " of an entry, from any of its settings (a misspelt key leaves the others), or "". */
    private static String at(RouteConfig f) {
        for (Sourced<?> s : java.util.Arrays.asList(f.provider(), f.model(), f.baseUrl(), f.apiMode(), f.keyEnv(), f.apiKey(), f.keyCmd())) {
            if (s != null && s.origin() instanceof Origin.InFile file) return file.describe() + ": ";
        }
        return "";
    }

    /** The alias a model override names, unless a --provider other than the alias's own was given too. */
    private static ModelAlias alias(HermesConfig config, Overrides o) {
        ModelAlias a = o.model() == null ? null : config.aliases().get(o.model());
        if (a == null || o.provider() == null) return a;
        return a.route().provider() != null && a.route().provider().value().equals(o.provider()) ? a : null;
    }

    /** An alias's own route: no provider means custom when it has a base_url, else the configured provider. */
    private Route aliasRoute(HermesConfig config, ModelAlias alias, Overrides o) {
        RouteConfig rc = alias.route();
        if (rc.model() == null) throw new ConfigException(rc.keyOf("model") + ": missing (an alias names a model)");
        Sourced<String> provider = rc.provider();
        if (provider == null && rc.baseUrl() != null) provider = Sourced.of(ProviderRegistry.CUSTOM, rc.baseUrl().origin());
        if (provider == null) {
            if (config.model().provider() == null) {
                throw new ConfigException(rc.keyOf("provider") + ": missing, and no model.provider to use instead");
            }
            return configured(config, new Overrides(null, rc.model().value(), o.baseUrl()));
        }
        if (AUTO.equals(provider.value())) provider = Sourced.of(autoProvider(config, provider), provider.origin());
        return build(config, rc, provider, rc.model(), baseUrlFlag(o));
    }

    private static Sourced<URI> baseUrlFlag(Overrides o) {
        return o.baseUrl() == null ? null : Sourced.of(flagUrl(o.baseUrl()), new Origin.Flag("--base-url"));
    }

    /**
     * {@code provider: auto}, as in the original: the first provider whose key is set (in the
     * environment, a .env file or config.yaml), OpenRouter first, then the built-in table's order.
     */
    private String autoProvider(HermesConfig config, Sourced<String> auto) {
        List<String> order = new ArrayList<>();
        order.add("openrouter");
        for (String id : registry.ids()) if (!order.contains(id)) order.add(id);
        List<String> vars = new ArrayList<>();
        for (String id : order) {
            ProviderSpec spec = registry.find(id).orElse(null);
            if (spec == null || spec.keyEnvVars().isEmpty()) continue;
            ProviderConfig pc = config.provider(id);
            if (pc.apiKey() != null || pc.keyCmd() != null) return id;
            List<String> idVars = pc.keyEnv() != null ? List.of(pc.keyEnv().value()) : spec.keyEnvVars();
            for (String v : idVars) if (env.lookup(v).isPresent()) return id;
            vars.addAll(idVars);
        }
        throw new ConfigException(where(auto, "model.provider") + "'auto' picks the provider whose key is set, but none is: set one of "
                + String.join(", ", vars) + " in " + env.describeSearch() + ", or name the provider");
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
        Sourced<String> keyCmd = first(rc.keyCmd(), pc.keyCmd());
        List<String> envVars = keyEnv != null ? List.of(keyEnv.value()) : spec.keyEnvVars();
        boolean keyless = keyCmd == null && apiKey == null && envVars.isEmpty() && (spec.auth() == AuthStyle.NONE || userDefined);
        AuthStyle auth = keyless ? AuthStyle.NONE
                : userDefined || spec.auth() == AuthStyle.NONE
                ? (wire == WireApi.ANTHROPIC_MESSAGES ? AuthStyle.X_API_KEY : AuthStyle.BEARER)
                : spec.auth();
        boolean local = spec.local() || isLoopback(baseUrl.value());
        ProviderSettings settings = settings(config, pc, model.value(), local);
        Map<String, String> headers = new LinkedHashMap<>();
        pc.headers().forEach((k, v) -> headers.put(k, v.value()));
        rc.headers().forEach((k, v) -> headers.put(k, v.value()));
        Endpoint endpoint = new Endpoint(id, baseUrl.value(), wire, auth, headers, settings.connectTimeout().value());
        CredentialSource keys = keyless ? CredentialSource.NONE
                : keyCmd != null ? commandKeys(config, id, keyCmd, rc.keyCmd() != null ? rc.keyOf("key_cmd") : "providers." + id + ".key_cmd")
                : credentials(config, id, apiKey, envVars);
        return new Route(endpoint, model.value(), keys, settings);
    }

    /** A {@code key_cmd}: preferred over api_key and key_env, as in the original. One pool per command. */
    private CredentialSource commandKeys(HermesConfig config, String id, Sourced<String> keyCmd, String key) {
        String poolId = id + "|key_cmd|" + keyCmd.value();
        Path dir = config.file().toAbsolutePath().getParent();
        KeyCommand resolver = new KeyCommand(id, keyCmd.value(), keyCmd.origin().describe() + ": " + key, dir,
                this::fileVariables, MonotonicClock.SYSTEM);
        return store.pool(poolId, id, resolver, config.poolStrategy(id).value());
    }

    /** The variables of the home's .env files, for commands hermes runs on the user's behalf. */
    private Map<String, String> fileVariables() {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String name : env.namesInFiles()) env.lookup(name).ifPresent(v -> vars.put(name, v.value()));
        return vars;
    }

    private CredentialSource credentials(HermesConfig config, String id, Sourced<String> apiKey, List<String> envVars) {
        List<Path> files = ConfiguredKeys.credentialFilesFor(env);
        // One id per distinct set of key sources, so benching is shared exactly where keys are.
        String poolId = id + "|" + envVars + "|" + (apiKey == null ? "" : apiKey.origin().describe()) + "|" + files;
        return store.pool(poolId, id, new ConfiguredKeys(id, apiKey, envVars, env, files), config.poolStrategy(id).value());
    }

    /** Model over provider over the global section over the environment, then built-in defaults. */
    private ProviderSettings settings(HermesConfig config, ProviderConfig pc, String model, boolean local) {
        Map<Timeouts.Key, Sourced<Duration>> fromEnv = new EnumMap<>(Timeouts.Key.class);
        envSeconds(STALE_ENV).ifPresent(v -> fromEnv.put(Timeouts.Key.CONTENT_IDLE, v));
        envSeconds(READ_ENV).ifPresent(v -> {
            fromEnv.put(Timeouts.Key.HEADERS, v);
            fromEnv.put(Timeouts.Key.LIVENESS_IDLE, v);
        });
        envSeconds(API_ENV).ifPresent(v -> Timeouts.perOperation(v, fromEnv));
        return pc.models().getOrDefault(model, Timeouts.NONE).over(pc.timeouts()).over(config.timeouts())
                .over(Timeouts.of(fromEnv)).withDefaults(local);
    }

    private Optional<Sourced<Duration>> envSeconds(String name) {
        return env.lookup(name).map(s -> s.map(v -> seconds(name, v, s.origin())));
    }

    private static Duration seconds(String name, String v, Origin origin) {
        try {
            double d = Double.parseDouble(v.trim());
            if (d >= 0.001 && d < 1e9) return Duration.ofMillis((long) (d * 1000));
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(origin.describe() + ": " + name + " must be a positive number of seconds, got \"" + v + "\"");
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
