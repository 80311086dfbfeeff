package dev.hermes.proxy;

import dev.hermes.config.Configuration;
import dev.hermes.config.Routes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model names a client may ask for, each the chain that serves it: the configured
 * {@code model.default} means the configured chain ({@code model} + {@code fallback_providers}),
 * a {@code model_aliases} name that route followed by its own {@code fallbacks} or else
 * {@code fallback_providers}; any other name is unknown.
 * Resolved once per (re)load, so a request costs a map look-up.
 */
final class ModelCatalog {

    private final Map<String, Routes.Plan> plans;

    private ModelCatalog(Map<String, Routes.Plan> plans) {
        this.plans = plans;
    }

    /** @throws dev.hermes.config.ConfigException when the configured chain cannot be built */
    static ModelCatalog load(Configuration configuration) {
        Map<String, Routes.Plan> plans = new LinkedHashMap<>();
        Routes.Plan configured = configuration.routes(Routes.Overrides.NONE);
        plans.put(configured.primary().model(), configured);
        for (String alias : configuration.config().aliases().keySet()) plans.put(alias, configuration.routesFor(alias));
        return new ModelCatalog(Map.copyOf(plans));
    }

    Optional<Routes.Plan> plan(String name) {
        return Optional.ofNullable(plans.get(name));
    }

    List<String> names() {
        return plans.keySet().stream().sorted().toList();
    }
}
