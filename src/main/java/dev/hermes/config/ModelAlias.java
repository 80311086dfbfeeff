package dev.hermes.config;

import java.util.List;

/**
 * A {@code model_aliases.<name>} entry: a short name for a model on a provider, usable wherever a
 * model is named ({@code -m}, {@code /model}, the proxy's requested model). See
 * {@link Routes#resolve(HermesConfig, Routes.Overrides)}.
 *
 * @param name      the alias
 * @param route     where it leads: {@code model}, {@code provider}, {@code base_url}, {@code api_mode},
 *                  keys and headers, as in a fallback entry
 * @param fallbacks its own fallback chain ({@code fallbacks:}), or null to keep {@code fallback_providers}
 */
public record ModelAlias(String name, RouteConfig route, List<RouteConfig> fallbacks) {
    public ModelAlias {
        fallbacks = fallbacks == null ? null : List.copyOf(fallbacks);
    }
}
