package dev.hermes.cli;

import dev.hermes.config.Routes;
import picocli.CommandLine.Option;

/** The primary-route overrides, shared by {@code hermes chat} and {@code hermes -z}. */
final class RouteOptions {

    @Option(names = "--provider", paramLabel = "ID", description = "Provider for this run (overrides model.provider).")
    String provider;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME", description = "Model for this run (overrides model.default).")
    String model;

    @Option(names = "--base-url", paramLabel = "URL", description = "Base URL for this run (overrides the provider's).")
    String baseUrl;

    Routes.Overrides overrides() {
        return new Routes.Overrides(provider, model, baseUrl);
    }

    /** Whether any override was given. */
    boolean given() {
        return provider != null || model != null || baseUrl != null;
    }

    /** These overrides where given, else {@code outer}'s (for {@code hermes --model X -z ...}). */
    RouteOptions or(RouteOptions outer) {
        RouteOptions merged = new RouteOptions();
        merged.provider = provider != null ? provider : outer.provider;
        merged.model = model != null ? model : outer.model;
        merged.baseUrl = baseUrl != null ? baseUrl : outer.baseUrl;
        return merged;
    }
}
