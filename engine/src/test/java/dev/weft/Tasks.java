package dev.weft;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.Fiber;
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

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /**
     * A task body ({@code Tasks::bodyStack}) that returns its own stack, from its own frame down
     * to the thread's start: what a body runs on top of, and what a suspended task carries frozen
     * below its wait. Frames of TaskContext (which installs a copied MDC, when the creator had
     * one) are left out.
     */
    static List<StackWalker.StackFrame> bodyStack() {
        return WALKER.walk(frames -> frames.filter(f -> f.getDeclaringClass() != TaskContext.class).toList());
    }

    /**
     * Checks a stack {@link #bodyStack} returned: the body, {@code frames[0]}, was called by its
     * fiber's runBody, and the frame the JDK's VirtualThread.run called is the fiber's start.
     * Returns that frame's index.
     */
    static int assertCalledByItsFiber(List<StackWalker.StackFrame> frames) {
        StackWalker.StackFrame body = frames.get(0);
        assertTrue(body.getDeclaringClass() == Tasks.class && body.getMethodName().equals("bodyStack"), show(frames));
        StackWalker.StackFrame caller = frames.get(1);
        assertTrue(Fiber.class.isAssignableFrom(caller.getDeclaringClass()) && caller.getMethodName().equals("runBody"),
                show(frames));
        int vt = 0;
        while (vt < frames.size() && !frames.get(vt).getClassName().equals("java.lang.VirtualThread")) {
            vt++;
        }
        assertTrue(vt > 1 && vt < frames.size(), show(frames));
        assertTrue(frames.get(vt - 1).getClassName().startsWith(Fiber.class.getName()), show(frames));
        return vt - 1;
    }

    /** A stack, one frame a line, for a failure message. */
    static String show(List<StackWalker.StackFrame> frames) {
        return frames.stream().map(f -> "\n  at " + f).reduce("", String::concat);
    }
}
