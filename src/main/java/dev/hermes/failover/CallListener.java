package dev.hermes.failover;

/** Receives a failover call's {@link CallEvent}s on the calling thread, in order; must be fast and not throw. */
@FunctionalInterface
public interface CallListener {

    void on(CallEvent event);
}
