package dev.hermes.config;

import dev.hermes.provider.ProviderRegistry;
import dev.hermes.provider.credentials.CredentialStore;

/**
 * Everything a command needs to start: the home, its config.yaml and its environment layers.
 * The usual entry point: {@code Configuration.load(Environment.system(), profileFlag).routes(overrides)}.
 *
 * @param environment the process environment and user home
 * @param home        the resolved home (root or profile)
 * @param config      the home's config.yaml (defaults when missing)
 * @param env         environment variables with .env layering
 */
public record Configuration(Environment environment, HermesHome home, HermesConfig config, EnvLayers env) {

    /**
     * Resolves the home, reads its config.yaml and sets up the .env layers.
     *
     * @param profileFlag the {@code -p/--profile} value, or null
     * @throws ConfigException for an unknown or invalid profile, or a bad config.yaml
     */
    public static Configuration load(Environment environment, String profileFlag) {
        HermesHome home = HermesHome.resolve(environment, profileFlag);
        HermesConfig config = ConfigLoader.load(home.configFile());
        EnvLayers env = EnvLayers.of(environment, home, config.inheritRootEnv().value());
        Configuration loaded = new Configuration(environment, home, config, env);
        ConfiguredSecrets.remember(loaded);
        return loaded;
    }

    /**
     * The failover policy: config.yaml's, with {@code HERMES_STREAM_RETRIES} from the environment
     * layers.
     *
     * @throws ConfigException naming the variable and where it was set, when its value is not 0 to 100
     */
    public FailoverConfig failover() {
        return config.failover().withEnvironment(env);
    }

    /** The primary and fallback routes, with pools from the process-wide credential store. */
    public Routes.Plan routes(Routes.Overrides overrides) {
        return routes(overrides, CredentialStore.shared());
    }

    /** An {@code auxiliary.<task>} route, with pools from the process-wide credential store. */
    public dev.hermes.provider.Route auxiliaryRoute(RouteConfig auxiliary, Routes.Overrides overrides) {
        return new Routes(ProviderRegistry.builtIn(), CredentialStore.shared(), env).auxiliary(config, auxiliary, overrides);
    }

    /**
     * The chain of routes serving a requested model name: a {@code model_aliases} entry (with its
     * own fallbacks, if any) or a model of the configured provider, then the fallbacks.
     *
     * @throws ConfigException when a route cannot be built
     */
    public Routes.Plan routesFor(String model) {
        return routes(new Routes.Overrides(null, model, null));
    }

    public Routes.Plan routes(Routes.Overrides overrides, CredentialStore store) {
        return new Routes(ProviderRegistry.builtIn(), store, env).resolve(config, overrides);
    }
}
