package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.internal.jfr.Jfr;
import dev.weft.internal.jfr.WaitEvent;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The one way weft waits. Every blocking operation (a lock, a queue, a task, a sleep) queues a
 * {@link Waiter} where its waker will find it and calls {@link #await}, which suspends the caller
 * the way its loop wants (a parked virtual thread in a parallel loop, a baton hand-off in a
 * cooperative one, a parked plain thread outside any loop) and applies the cancellation rules.
 */
public final class Waits {
    /** The deadline of a wait without one. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private Waits() {
    }

    /**
     * Suspends until {@code w} is signalled (returns true), its deadline on the caller's loop
     * clock passes (returns false; {@code owner.dequeue} was called) or the caller is cancelled
     * (throws {@link CancelledException}; {@code owner.dequeue} or, when the waiter had already
     * been signalled, {@code owner.handBack} was called).
     *
     * <p>A pending cancellation request is delivered on entry, before anything else: callers
     * check their fast path first, so a wait that can complete at once never gets here.
     */
    public static boolean await(Waiter w, long deadline, WaitOwner owner) {
        Fiber f = w.fiber();
        if (f == null) {
            return awaitPlain(w, deadline, owner);
        }
        Fiber.PendingCancel pending = f.beginWait(w);
        if (pending != null) {
            if (!pending.forward()) {
                abandon(w, owner);
                throw new CancelledException(pending.message());
            }
            // The wait is installed; hand the pending request to what it awaits. If that cannot
            // take it (it finished meanwhile), the request is posted again and ends this wait.
            if (!w.forward().forwardCancel(pending.message())) {
                f.repostCancel();
            }
        }
        WaitEvent recorded = Jfr.on() ? Jfr.waitBegins() : null; // null unless a recording takes it
        f.scheduler.block(f, w, deadline);
        if (recorded != null) {
            waitEnded(recorded, w);
        }
        CancelledException ce = f.endWait(w);
        int s = w.state();
        if (ce != null) {
            if (s == Waiter.SIGNALLED) {
                owner.handBack(w);
            } else {
                owner.dequeue(w);
            }
            throw ce;
        }
        if (s == Waiter.TIMED_OUT) {
            owner.dequeue(w);
            return false;
        }
        return true;
    }

    /** A thread that is not a task: an interrupt is its cancellation, and clears the flag. */
    private static boolean awaitPlain(Waiter w, long deadline, WaitOwner owner) {
        if (Thread.interrupted()) {
            abandon(w, owner);
            throw new CancelledException(null);
        }
        WaitEvent recorded = Jfr.on() ? Jfr.waitBegins() : null;
        park(w, deadline, null);
        if (recorded != null) {
            waitEnded(recorded, w);
        }
        switch (w.state()) {
            case Waiter.SIGNALLED:
                return true;
            case Waiter.TIMED_OUT:
                owner.dequeue(w);
                return false;
            default:
                owner.dequeue(w);
                throw new CancelledException(w.cancelMessage());
        }
    }

    /** Commits a {@code dev.weft.Wait} event (if it lasted past its threshold). */
    private static void waitEnded(WaitEvent recorded, Waiter w) {
        String outcome = switch (w.state()) {
            case Waiter.SIGNALLED -> "signalled";
            case Waiter.TIMED_OUT -> "timed out";
            default -> "cancelled";
        };
        Fiber f = w.fiber();
        Jfr.waitEnded(recorded, f == null ? null : f.task(), w.blocker(), outcome);
    }

    /** The wait ends before it began: undo the queueing (or a signal that already came). */
    private static void abandon(Waiter w, WaitOwner owner) {
        if (w.tryCancel(null)) {
            owner.dequeue(w);
        } else if (w.state() == Waiter.SIGNALLED) {
            owner.handBack(w);
        }
    }

    /**
     * Parks the calling thread (a plain one, or a fiber of a parallel loop) until {@code w} ends.
     * A fiber counts itself as parked in its loop's {@code count} (null for a plain thread) while
     * it does. One frame: a suspended task's frames are most of what it costs in memory.
     */
    static void park(Waiter w, long deadline, FiberRegistry count) {
        if (!w.announcePark()) {
            return;
        }
        Fiber counted = count == null ? null : w.fiber();
        if (counted != null) {
            count.parking(counted, 1);
        }
        try {
            while (w.isWaiting()) {
                if (deadline == NO_DEADLINE) {
                    LockSupport.park(w);
                } else {
                    long remaining = remaining(deadline, System.nanoTime());
                    if (remaining == 0) {
                        w.tryTimeout();
                        break;
                    }
                    LockSupport.parkNanos(w, remaining);
                }
                if (Thread.interrupted()) {
                    Fiber f = w.fiber();
                    if (f != null) {
                        f.interruptedWhileWaiting();
                    } else if (w.forward() == null || !w.forward().forwardCancel(null)) {
                        w.tryCancel(null);
                    }
                }
            }
        } finally {
            if (counted != null) {
                count.parking(counted, -1);
            }
        }
    }

    /**
     * Hands back a cancellation that a {@code close()} method set aside to finish closing: as a
     * request pending for the calling task's next suspension point, or as the interrupt status
     * of a plain thread.
     */
    public static void handBackCancellation() {
        Fiber f = Fiber.current();
        if (f != null) {
            f.repostCancel();
        } else {
            Thread.currentThread().interrupt();
        }
    }

    /** asyncio {@code sleep(0)}: a suspension point that lets every other ready task run once. */
    public static void yieldNow() {
        Fiber f = Fiber.current();
        if (f == null) {
            if (Thread.interrupted()) {
                throw new CancelledException(null);
            }
            Thread.yield();
            return;
        }
        Waiter w = new Waiter(f, "sleep(0)");
        Fiber.PendingCancel pending = f.beginWait(w); // never forwards: w has no forward
        if (pending != null) {
            throw new CancelledException(pending.message());
        }
        f.scheduler.yieldNow(f, w);
        w.tryComplete();
        CancelledException ce = f.endWait(w);
        if (ce != null) {
            throw ce;
        }
    }

    /** asyncio {@code sleep(delay)}: always a suspension point. */
    public static void sleep(long nanos) {
        if (nanos <= 0) {
            yieldNow();
            return;
        }
        await(Waiter.current("sleep"), deadlineAfter(nanos), WaitOwner.NONE);
    }

    /** The calling task's loop clock, or {@link System#nanoTime()} on a plain thread. */
    public static long now() {
        Fiber f = Fiber.current();
        return f == null ? System.nanoTime() : f.scheduler.now();
    }

    /**
     * The nanoseconds from {@code now} until {@code deadline}, both on one clock: 0 once it has
     * passed, saturating at {@link Long#MAX_VALUE}. Deadlines are compared, never subtracted
     * blindly: {@code Long.MIN_VALUE - now} would wrap into a delay of centuries.
     */
    static long remaining(long deadline, long now) {
        if (deadline <= now) {
            return 0;
        }
        long r = deadline - now;
        return r < 0 ? Long.MAX_VALUE : r; // wrapped: farther away than a long can say
    }

    /** {@code now() + nanos}, saturating; a delay of zero or less is due now. */
    public static long deadlineAfter(long nanos) {
        long now = now();
        if (nanos <= 0) {
            return now;
        }
        long d = now + nanos;
        return d < now ? NO_DEADLINE - 1 : Math.min(d, NO_DEADLINE - 1);
    }

    /** A duration in nanoseconds, saturating at {@code Long.MAX_VALUE} / {@code MIN_VALUE}. */
    public static long toNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
