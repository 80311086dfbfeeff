package dev.hermes.config;

import dev.hermes.provider.ProviderRegistry;
import dev.hermes.provider.ProviderSettings;
import dev.hermes.provider.ProviderSpec;
import dev.hermes.provider.Route;
import dev.hermes.provider.credentials.CredentialStore;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Origin;
import dev.hermes.util.Sourced;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The text of {@code hermes config show [--origin]}: every effective setting of config.yaml
 * (defaults included), the resolved routes with their six timers, and every environment variable hermes
 * uses, each optionally with its origin. Secrets ({@code api_key}, variables named like
 * {@code *_API_KEY}, {@code *_TOKEN}, {@code *_SECRET}, {@code *_KEY}, {@code *PASSWORD}, and any
 * configured {@code key_env}) are shown as {@value Setting#MASK}.
 */
public final class ConfigReport {
    private static final Pattern SECRET_NAME = Pattern.compile(".*(_KEY|_TOKEN|_SECRET|PASSWORD)$");
    private static final List<String> HERMES_VARS = List.of("HERMES_HOME", EnvLayers.INHERIT_VAR, Routes.STALE_ENV);

    private ConfigReport() {
    }

    public static List<String> lines(Configuration c, boolean withOrigin) {
        List<String> out = new ArrayList<>();
        HermesHome home = c.home();
        HermesConfig config = c.config();
        out.add("# home: " + home.dir() + " (profile " + home.profileName() + ")");
        out.add("# config: " + config.file() + (Files.exists(config.file()) ? "" : " (missing: defaults apply)"));
        out.add("# env files: " + String.join(", ", c.env().files().stream().map(Object::toString).toList()));
        config.unknownKeys().forEach(w -> out.add("# warning: " + w));
        config.unsupported().forEach(w -> out.add("# note: " + w));
        for (Setting s : config.settings()) out.add(line(s.key(), s.display(), s.origin(), withOrigin));

        out.add("# routes");
        try {
            // A private store: showing the routes must not touch the process's pools.
            Routes.Plan plan = c.routes(Routes.Overrides.NONE, new CredentialStore(MonotonicClock.SYSTEM, new Random(0)));
            route(out, "route.primary", plan.primary(), withOrigin);
            for (int i = 0; i < plan.fallbacks().size(); i++) route(out, "route.fallback[" + i + "]", plan.fallbacks().get(i), withOrigin);
        } catch (ConfigException e) {
            out.add("# no route: " + e.getMessage());
        }

        out.add("# environment");
        Set<String> secretNames = configuredKeyVars(config);
        for (String name : usedVariables(c, secretNames)) {
            c.env().lookup(name).ifPresent(v -> out.add(line(name, isSecret(name, secretNames) ? Setting.MASK : v.value(),
                    v.origin(), withOrigin)));
        }
        return out;
    }

    private static void route(List<String> out, String key, Route r, boolean withOrigin) {
        out.add(line(key, r.describe() + " at " + r.endpoint().baseUrl() + " (" + r.endpoint().wire().configName()
                + ", auth " + r.endpoint().auth().name().toLowerCase(Locale.ROOT) + ")", null, false));
        ProviderSettings s = r.settings();
        timeout(out, key, Timeouts.Key.CONNECT, s.connectTimeout(), withOrigin);
        timeout(out, key, Timeouts.Key.HEADERS, s.headersTimeout(), withOrigin);
        timeout(out, key, Timeouts.Key.FIRST_CONTENT, s.firstContentTimeout(), withOrigin);
        timeout(out, key, Timeouts.Key.CONTENT_IDLE, s.contentIdleTimeout(), withOrigin);
        timeout(out, key, Timeouts.Key.LIVENESS_IDLE, s.livenessIdleTimeout(), withOrigin);
        timeout(out, key, Timeouts.Key.DEADLINE, s.deadline(), withOrigin);
    }

    private static void timeout(List<String> out, String route, Timeouts.Key t, Sourced<Duration> d, boolean withOrigin) {
        out.add(line(route + "." + t.key, ConfigLoader.seconds(d.value()), d.origin(), withOrigin));
    }

    private static String line(String key, String value, Origin origin, boolean withOrigin) {
        String base = key + " = " + value.replace("\n", "\\n");
        return withOrigin && origin != null ? base + "    # " + origin.describe() : base;
    }

    /** Key variables named by key_env anywhere: secret whatever their names. */
    private static Set<String> configuredKeyVars(HermesConfig config) {
        Set<String> names = new LinkedHashSet<>();
        if (config.model().keyEnv() != null) names.add(config.model().keyEnv().value());
        config.providers().values().forEach(p -> {
            if (p.keyEnv() != null) names.add(p.keyEnv().value());
        });
        config.fallbacks().forEach(f -> {
            if (f.keyEnv() != null) names.add(f.keyEnv().value());
        });
        return names;
    }

    private static Set<String> usedVariables(Configuration c, Set<String> keyVars) {
        Set<String> names = new LinkedHashSet<>(HERMES_VARS);
        ProviderRegistry registry = ProviderRegistry.builtIn();
        for (String id : registry.ids()) {
            ProviderSpec spec = registry.spec(id);
            names.addAll(spec.keyEnvVars());
        }
        names.addAll(keyVars);
        names.addAll(c.env().namesInFiles());
        return names;
    }

    static boolean isSecret(String name, Set<String> keyVars) {
        return keyVars.contains(name) || SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches();
    }
}
