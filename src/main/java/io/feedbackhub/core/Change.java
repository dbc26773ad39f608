package io.feedbackhub.core;

/** One field of a partial update: keep the current value, or set a new one (null clears it). */
public sealed interface Change<T> {
    record Keep<T>() implements Change<T> {
    }

    record Set<T>(T value) implements Change<T> {
    }

    static <T> Change<T> keep() {
        return new Keep<>();
    }

    static <T> Change<T> set(T value) {
        return new Set<>(value);
    }

    default T applyTo(T current) {
        return this instanceof Set<T> s ? s.value() : current;
    }

    default boolean isSet() {
        return this instanceof Set<T>;
    }
}
