package dev.hermes.agent;

import dev.hermes.failover.ModelCaller;

import java.util.Objects;

/**
 * How the agent reaches models, and how the chat's {@code /model} and {@code /provider} switch
 * it. The CLI builds one from the configuration (the resilient caller over the primary route and
 * its fallbacks); {@link #fixed} serves callers that cannot switch providers.
 */
public interface ModelRoute {

    /** The caller for every model call; it replaces the model per route as it fails over. */
    ModelCaller caller();

    /**
     * The caller for the model calls of session {@code sessionId}: what it records (errors.log's
     * one line per failed attempt) names the session.
     */
    default ModelCaller caller(String sessionId) {
        return caller();
    }

    /** The primary provider id, for display and the transcript. */
    String provider();

    /** The primary model id put in requests. */
    String model();

    /**
     * The same provider with another model.
     *
     * @throws IllegalArgumentException with a message for the user when it cannot be done
     */
    ModelRoute withModel(String model);

    /**
     * Another primary provider (its configured or default model).
     *
     * @throws IllegalArgumentException with a message for the user when it is unknown or unusable
     */
    ModelRoute withProvider(String provider);

    /**
     * The route for an auxiliary task such as {@code "compression"}: the one configured under
     * {@code auxiliary.<task>}, or this route when there is none.
     *
     * @throws IllegalArgumentException with a message for the user when the configured one is unusable
     */
    default ModelRoute auxiliary(String task) {
        return this;
    }

    /** The primary model's context window as its provider's model list gives it, or null when it does not say. */
    default Integer listedContextWindow() {
        return null;
    }

    /** A route over one caller: models can be switched, providers cannot. */
    static ModelRoute fixed(ModelCaller caller, String provider, String model) {
        Objects.requireNonNull(caller, "caller");
        return new ModelRoute() {
            @Override
            public ModelCaller caller() {
                return caller;
            }

            @Override
            public String provider() {
                return provider;
            }

            @Override
            public String model() {
                return model;
            }

            @Override
            public ModelRoute withModel(String other) {
                return fixed(caller, provider, other);
            }

            @Override
            public ModelRoute withProvider(String other) {
                throw new IllegalArgumentException("switching providers is not available in this session");
            }
        };
    }
}
