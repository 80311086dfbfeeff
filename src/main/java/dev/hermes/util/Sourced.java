package dev.hermes.util;

import java.util.Objects;
import java.util.function.Function;

/**
 * A value together with its {@link Origin}. {@link #toString()} shows the origin only: values may
 * be secrets, and a record printed by accident must leak nothing.
 */
public record Sourced<T>(T value, Origin origin) {

    public Sourced {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(origin, "origin");
    }

    public static <T> Sourced<T> of(T value, Origin origin) {
        return new Sourced<>(value, origin);
    }

    public static <T> Sourced<T> byDefault(T value) {
        return new Sourced<>(value, Origin.DEFAULT);
    }

    public <R> Sourced<R> map(Function<? super T, ? extends R> f) {
        return new Sourced<>(f.apply(value), origin);
    }

    @Override
    public String toString() {
        return "Sourced[from " + origin.describe() + "]";
    }
}
