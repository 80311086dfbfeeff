package dev.hermes.failover;

/**
 * What the caller of a resilient model call sees while it runs. Text arrives in order; when an
 * answer had to be restarted on another provider that cannot continue the partial text,
 * {@link #restart} says that everything delivered so far is void and a new answer follows.
 * Concatenating the text delivered after the last restart always gives the final answer exactly.
 *
 * <p>The observer is also a {@link CallListener} of the call's typed events, after the status
 * lines and errors.log: what records a call (the session transcript, the proxy's metrics)
 * subscribes here, so one event stream feeds every account of it.
 *
 * <p>Called on the calling thread; implementations must be fast and must not throw.
 */
public interface CallObserver extends CallListener {

    CallObserver NONE = new CallObserver() {
    };

    /** A piece of the answer's text. */
    default void text(String delta) {
    }

    /** A piece of the model's reasoning (shown dimmed, never part of the answer). */
    default void reasoning(String delta) {
    }

    /** Everything delivered through {@link #text} so far is void; the answer starts again. */
    default void restart(String why) {
    }

    /**
     * The provider sent something: content or only a keep-alive. A sign that the call is alive,
     * for heartbeats (a slow model that pings keeps a kanban lease); nothing to show.
     */
    default void alive() {
    }

    /** A one-line, human-readable account of what the runtime is doing: retries, rebuilds, fallbacks. */
    default void status(String line) {
    }

    /** One of the call's typed events; see {@link CallEvent} for their order. */
    @Override
    default void on(CallEvent event) {
    }

    /** This observer, with {@code listener} also hearing each event, after this observer. */
    default CallObserver alsoTelling(CallListener listener) {
        return new ForwardingCallObserver(this) {
            @Override
            public void on(CallEvent event) {
                super.on(event);
                listener.on(event);
            }
        };
    }
}
