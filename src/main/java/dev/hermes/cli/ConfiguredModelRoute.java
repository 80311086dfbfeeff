package dev.hermes.cli;

import dev.hermes.agent.ModelRoute;
import dev.hermes.app.App;
import dev.hermes.config.ConfigException;
import dev.hermes.config.Routes;
import dev.hermes.failover.ForwardingCallObserver;
import dev.hermes.failover.ModelCaller;

import java.time.Duration;
import java.util.List;

/**
 * The agent's models as configured: the resilient caller over the primary route and its
 * fallbacks, handed out by the composition root ({@link App#caller}). {@code /model} and
 * {@code /provider} re-resolve the routes from the same configuration with a new override, so a
 * switch gets the provider's own URL, wire, keys and timeouts, and keeps the fallback chain.
 *
 * @param callDeadline the longest one call may take, or null for the configured deadline
 * @param onAlive      called on every sign of life from a provider (kanban heartbeats); cheap, never throws
 */
record ConfiguredModelRoute(App app, Routes.Overrides overrides, Duration callDeadline, Runnable onAlive,
                            Routes.Plan plan) implements ModelRoute {

    static ConfiguredModelRoute resolve(App app, Routes.Overrides overrides, Runnable onAlive) {
        return new ConfiguredModelRoute(app, overrides, null, onAlive, app.configuration().routes(overrides));
    }

    @Override
    public ModelCaller caller() {
        return caller(null);
    }

    @Override
    public ModelCaller caller(String sessionId) {
        ModelCaller failover = app.caller(plan, sessionId, callDeadline);
        return (request, observer) -> failover.call(request, new ForwardingCallObserver(observer) {
            @Override
            public void alive() {
                onAlive.run();
                super.alive();
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
        if (app.configuration().config().aliases().containsKey(model)) return with(new Routes.Overrides(null, model, null));
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
        return dev.hermes.provider.clients.ModelListing.contextWindow(plan.primary(), LISTING_TIMEOUT);
    }

    @Override
    public ModelRoute auxiliary(String task) {
        var compression = app.configuration().config().compression();
        var aux = task.equals("compression") ? compression.auxiliary() : null;
        if (aux == null) return this;
        try {
            var route = app.configuration().auxiliaryRoute(aux, overrides);
            return new ConfiguredModelRoute(app, overrides, compression.auxiliaryTimeout(), onAlive,
                    new Routes.Plan(route, List.of()));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private ModelRoute with(Routes.Overrides other) {
        try {
            return resolve(app, other, onAlive);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
