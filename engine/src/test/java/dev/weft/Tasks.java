package dev.weft;

import dev.weft.internal.Waiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * Test helpers that order tasks by state, never by sleeping: the one home of every helper more
 * than one test class needs.
 */
final class Tasks {
    /** Longer than any test runs: a task sleeping this long waits until it is cancelled. */
    static final Duration FOREVER = Duration.ofDays(365);

    private Tasks() {
    }

    /** Yields (a suspension point, so a cancellation lands here) until {@code condition} holds. */
    static void until(BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            Weft.sleep(Duration.ZERO);
        }
    }

    /**
     * Yields (a suspension point) until {@code t} is parked in a weft wait. In a cooperative loop
     * every yield lets {@code t} run once; in a parallel one this spins politely.
     */
    static void awaitBlocked(Task<?> t) {
        while (!isBlocked(t)) {
            if (t.isDone()) {
                throw new AssertionError(t + " finished instead of blocking");
            }
            Weft.sleep(Duration.ZERO);
        }
    }

    static boolean isBlocked(Task<?> t) {
        Waiter w = t.fiber.waiter();
        return w != null && w.isWaiting();
    }

    /** Spawns a task that sleeps until it is cancelled. */
    static Task<String> blockedForever() {
        return Weft.spawn("forever", () -> {
            Weft.sleep(FOREVER);
            return "forever";
        });
    }

    /** Yields until {@code t} is done. */
    static void awaitDone(Task<?> t) {
        until(t::isDone);
    }

    /**
     * A list that tasks on any thread may add to: what they did (or returned), in the order they
     * did it.
     */
    static <T> List<T> events() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    /** Runs {@code main} on a fresh loop of the given mode and closes it. */
    static <T> T run(Mode mode, Callable<T> main) {
        try (Loop loop = mode.loop()) {
            return loop.run(main);
        }
    }

    static void run(Mode mode, Body main) {
        try (Loop loop = mode.loop()) {
            loop.run(main);
        }
    }

    static Duration hours(long h) {
        return Duration.ofHours(h);
    }

    static Duration minutes(long m) {
        return Duration.ofMinutes(m);
    }

    /** Time elapsed since {@code t0}, a reading of {@link Weft#now()}: virtual on a virtual-time loop. */
    static Duration since(long t0) {
        return Duration.ofNanos(Weft.now() - t0);
    }
}
