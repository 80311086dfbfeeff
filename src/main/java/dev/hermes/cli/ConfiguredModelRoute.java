package dev.hermes.cli;

import dev.hermes.agent.ModelRoute;
import dev.hermes.config.ConfigException;
import dev.hermes.config.Configuration;
import dev.hermes.config.Routes;
import dev.hermes.failover.CallObserver;
import dev.hermes.failover.FailoverCaller;
import dev.hermes.failover.FailoverSettings;
import dev.hermes.failover.ModelCaller;

import java.util.List;

/**
 * The agent's models as configured: the resilient caller over the primary route and its
 * fallbacks. {@code /model} and {@code /provider} re-resolve the routes from the same
 * configuration with a new override, so a switch gets the provider's own URL, wire, keys and
 * timeouts, and keeps the fallback chain.
 *
 * @param onAlive called on every sign of life from a provider (kanban heartbeats); cheap, never throws
 */
record ConfiguredModelRoute(Configuration configuration, Routes.Overrides overrides, FailoverSettings settings,
                            Runnable onAlive, Routes.Plan plan) implements ModelRoute {

    static ConfiguredModelRoute resolve(Configuration configuration, Routes.Overrides overrides,
                                        FailoverSettings settings, Runnable onAlive) {
        return new ConfiguredModelRoute(configuration, overrides, settings, onAlive, configuration.routes(overrides));
    }

    @Override
    public ModelCaller caller() {
        return caller(settings.session());
    }

    @Override
    public ModelCaller caller(String sessionId) {
        FailoverCaller failover = new FailoverCaller(plan.primary(), plan.fallbacks(), settings.withSession(sessionId));
        return (request, observer) -> failover.call(request, new CallObserver() {
            @Override
            public void text(String delta) {
                observer.text(delta);
            }

            @Override
            public void reasoning(String delta) {
                observer.reasoning(delta);
            }

            @Override
            public void restart(String why) {
                observer.restart(why);
            }

            @Override
            public void alive() {
                onAlive.run();
                observer.alive();
            }

            @Override
            public void status(String line) {
                observer.status(line);
            }
        });
    }

    @Override
    public String provider() {
        return plan.primary().endpoint().provider();
    }

    @Override
    public String model() {
        return plan.primary().model();
    }

    @Override
    public ModelRoute withModel(String model) {
        // an alias brings its own provider and URL; a plain name stays on the current provider
        if (configuration.config().aliases().containsKey(model)) return with(new Routes.Overrides(null, model, null));
        return with(new Routes.Overrides(overrides.provider(), model, overrides.baseUrl()));
    }

    @Override
    public ModelRoute withProvider(String provider) {
        // another provider has its own URL and default model: drop the base URL and model overrides
        return with(new Routes.Overrides(provider, null, null));
    }

    /** Asking costs a round trip at session start, so it is bounded tightly; no answer means "not said". */
    static final java.time.Duration LISTING_TIMEOUT = java.time.Duration.ofSeconds(3);

    @Override
    public Integer listedContextWindow() {
        return dev.hermes.provider.ModelListing.contextWindow(plan.primary(), LISTING_TIMEOUT);
    }

    @Override
    public ModelRoute auxiliary(String task) {
        var aux = task.equals("compression") ? configuration.config().compression().auxiliary() : null;
        if (aux == null) return this;
        try {
            var route = configuration.auxiliaryRoute(aux, overrides);
            var timeout = configuration.config().compression().auxiliaryTimeout();
            return new ConfiguredModelRoute(configuration, overrides, timeout == null ? settings : settings.withCallDeadline(timeout),
                    onAlive, new Routes.Plan(route, List.of()));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private ModelRoute with(Routes.Overrides other) {
        try {
            return resolve(configuration, other, settings, onAlive);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
