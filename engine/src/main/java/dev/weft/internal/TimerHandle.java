package dev.weft.internal;

/** A pending timer of a loop's clock; {@link #cancel()} is idempotent and safe from any thread. */
@FunctionalInterface
public interface TimerHandle {
    TimerHandle NONE = () -> { };

    void cancel();
}
