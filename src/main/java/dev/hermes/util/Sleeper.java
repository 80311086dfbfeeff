package dev.hermes.util;

import java.time.Duration;

/** Waits. Injected wherever code backs off, so tests can record the waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));

    void sleep(Duration duration) throws InterruptedException;
}
