package dev.weft;

import dev.weft.internal.Waiter;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Test helpers that order tasks by state, never by sleeping. */
final class Tasks {
    private Tasks() {
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

    /** Yields until {@code t} is done. */
    static void awaitDone(Task<?> t) {
        while (!t.isDone()) {
            Weft.sleep(Duration.ZERO);
        }
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
}
