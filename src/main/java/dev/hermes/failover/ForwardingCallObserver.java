package dev.hermes.failover;

import java.util.Objects;

/**
 * A {@link CallObserver} that passes everything on to another; a wrapper overrides only what it
 * changes (as OkHttp's {@code ForwardingSource} does for sources).
 */
public class ForwardingCallObserver implements CallObserver {

    private final CallObserver delegate;

    public ForwardingCallObserver(CallObserver delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void text(String delta) {
        delegate.text(delta);
    }

    @Override
    public void reasoning(String delta) {
        delegate.reasoning(delta);
    }

    @Override
    public void restart(String why) {
        delegate.restart(why);
    }

    @Override
    public void alive() {
        delegate.alive();
    }

    @Override
    public void status(String line) {
        delegate.status(line);
    }

    @Override
    public void on(CallEvent event) {
        delegate.on(event);
    }
}
