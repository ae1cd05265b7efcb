package dev.weft.stress;

import dev.weft.CancelledException;
import dev.weft.Loop;
import dev.weft.Task;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * What every stress test shares: one parallel and one cooperative {@link Loop} per JVM, and
 * bounded waits, so that an actor or arbiter of a test that is not a {@code Mode.Termination}
 * test never hangs: a wait that runs out of patience is reported as {@link #HUNG}, an outcome
 * every test declares {@code FORBIDDEN}.
 *
 * <p>Why shared loops: jcstress runs millions of iterations per test, each on a fresh state
 * object. A loop per state would cost a scheduler, a timer thread and a {@code close()} per
 * iteration, and measure loop start-up rather than the property. jcstress forks a JVM per
 * test, so a loop per JVM is a loop per test; the tests leave no task running behind (each
 * waits for the tasks it started), so iterations do not see each other's tasks except as
 * neighbours competing for the cooperative baton, which is what tasks of one loop do anyway.
 * The loops are never closed: their threads are daemons and the forked JVM exits.
 */
final class Harness {
    /** Every task of a parallel-mode test runs here: each task a virtual thread. */
    static final Loop PARALLEL = Loop.parallel();
    /** Every task of a cooperative-mode test runs here: one task at a time, FIFO. */
    static final Loop COOPERATIVE = Loop.cooperative();

    /** How long a bounded wait waits before it calls the test hung. */
    static final long PATIENCE_SECONDS = 10;

    /** How a task ended, as {@link #outcome} reports it; negative codes never collide with results. */
    static final int SUCCESS = 1, HUNG = -1, CANCELLED = -2, FAILED = -3;

    private Harness() {
    }

    /**
     * Runs {@code body} as a task of {@code loop} and waits for it (bounded), from the calling
     * actor thread: the body's result (tests return values >= 0), or {@link #HUNG} (the task
     * is cancelled), {@link #CANCELLED} or {@link #FAILED}.
     */
    static int call(Loop loop, Callable<Integer> body) {
        Task<Integer> task = loop.submit(body);
        int how = outcome(task);
        return how == SUCCESS ? task.resultNow() : how;
    }

    /**
     * Waits (bounded) until {@code task} is done and says how it ended: {@link #SUCCESS},
     * {@link #CANCELLED}, {@link #FAILED}, or {@link #HUNG} if it was still running after the
     * patience (it is then cancelled, so that it does not outlive the iteration).
     */
    static int outcome(Task<?> task) {
        try {
            task.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            return SUCCESS;
        } catch (TimeoutException e) {
            task.cancel();
            return HUNG;
        } catch (CancellationException e) {
            return CANCELLED;
        } catch (ExecutionException e) {
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HUNG;
        }
    }

    /** Interrupts plain actor threads that wait too long in {@link #bounded}. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "stress-watchdog");
            t.setDaemon(true);
            return t;
        });
        w.setRemoveOnCancelPolicy(true);
        return w;
    }

    /**
     * Runs {@code body} on the calling plain thread, which may block in a weft wait, and
     * returns its value; if it is still running after the patience, the thread is interrupted
     * (a weft wait on a plain thread then throws {@link CancelledException}) and this returns
     * {@link #HUNG}. The interrupt never leaks out of this call.
     */
    static int bounded(IntSupplier body) {
        Thread me = Thread.currentThread();
        // 0: running, 1: the watchdog fired (an interrupt is on its way), 2: finished in time
        AtomicInteger state = new AtomicInteger();
        ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> {
            if (state.compareAndSet(0, 1)) {
                me.interrupt();
            }
        }, PATIENCE_SECONDS, TimeUnit.SECONDS);
        try {
            return body.getAsInt();
        } catch (CancelledException e) {
            return HUNG;
        } finally {
            if (!state.compareAndSet(0, 2)) {
                while (!Thread.interrupted()) { // the interrupt may land only now: absorb it
                    Thread.onSpinWait();
                }
            }
            alarm.cancel(false);
        }
    }

    /**
     * Spins until {@code condition} holds, e.g. "two getters are blocked" read from a
     * primitive's {@code statistics()}; a state constructor uses it to set the scene.
     *
     * @throws IllegalStateException if it does not hold within the patience (jcstress then
     *     reports the test as failed with this error)
     */
    static void until(BooleanSupplier condition, String what) {
        if (!within(condition)) {
            throw new IllegalStateException("not within " + PATIENCE_SECONDS + " s: " + what);
        }
    }

    /** Spins until {@code condition} holds (true) or the patience runs out (false). */
    static boolean within(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /** Bit i set for each item i received; bit 8 too if an item was received twice. */
    static int itemMask(Iterable<Integer> items) {
        int mask = 0;
        for (int item : items) {
            if ((mask & 1 << item) != 0) {
                mask |= 1 << 8;
            }
            mask |= 1 << item;
        }
        return mask;
    }

    /**
     * Waits for {@code task} without bound: for {@code Mode.Termination} actors, where a lost
     * wake-up must show as jcstress's STALE.
     */
    static void join(Task<?> task) {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
