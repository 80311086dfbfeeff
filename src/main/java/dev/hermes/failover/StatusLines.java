package dev.hermes.failover;

/**
 * The listener that tells the person waiting what happens, one line per event, through
 * {@link CallObserver#status} (and {@link CallObserver#restart} when shown text becomes void).
 */
final class StatusLines implements CallListener {

    private final CallObserver observer;

    StatusLines(CallObserver observer) {
        this.observer = observer;
    }

    @Override
    public void on(CallEvent event) {
        switch (event) {
            case CallEvent.AttemptStarted s when s.mode() == Continuation.Mode.PREFILL ->
                    observer.status("continuing the answer on " + s.route() + " from " + s.shownChars()
                            + " characters already shown");
            case CallEvent.AttemptStarted s -> { }
            case CallEvent.AttemptEnded e -> { }
            case CallEvent.Retrying r -> observer.status(r.route() + " " + r.failure().describe()
                    + (r.rebuild() ? ", rebuilding client" : "") + "; retry " + r.retry() + "/" + r.max()
                    + (r.delay().isZero() ? "" : " in " + Decide.seconds(r.delay())));
            case CallEvent.Rotating r -> observer.status(r.route() + " " + r.reason().id() + ": trying the next key; retry "
                    + r.retry() + "/" + r.max());
            case CallEvent.MovingOn m -> observer.status(m.route() + " " + m.why() + "; moving on");
            case CallEvent.FallingBack f -> observer.status("falling back to " + f.route());
            case CallEvent.Skipped s -> observer.status("skipping " + s.route() + ": " + s.why());
            case CallEvent.Deferred d -> observer.status("trying " + d.route() + " last: every key is benched for it ("
                    + d.reason() + ", usable again in " + Decide.seconds(d.remaining()) + ")");
            case CallEvent.Restarting r -> observer.restart("restarting the answer on " + r.route() + " (" + r.why() + ")");
            case CallEvent.RebuildFailed r -> observer.status(r.route() + " client rebuild failed: " + r.message()
                    + "; moving on");
        }
    }
}
