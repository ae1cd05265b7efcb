package dev.weft;

import dev.weft.internal.TimerHandle;
import dev.weft.internal.Waits;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * asyncio's {@code Timeout}: the scope of {@link Weft#timeout} / {@link Weft#timeoutAt}, given to
 * the body so it can look at or move its deadline.
 *
 * {@snippet :
 * String reply = Weft.timeout(Duration.ofSeconds(5), scope -> {
 *     String r = ask();
 *     scope.reschedule(Weft.now() + Duration.ofSeconds(1).toNanos()); // one more second to finish
 *     return r + finish();
 * });
 * }
 *
 * <p>When the deadline passes while the body runs, the current task is {@linkplain
 * Task#cancel() cancelled}; the {@link CancelledException} that then leaves the body is turned
 * into a {@link TimeoutException} <em>only if this timeout caused it</em>: a cancellation from
 * outside stays a {@link CancelledException}, and of nested timeouts the one that expired is the
 * one that throws. Deadlines are on the loop clock ({@link Weft#now()}); {@link Long#MAX_VALUE}
 * means none.
 */
public final class Timeout {
    private enum State {
        CREATED("created"), ENTERED("active"), EXPIRING("expiring"), EXPIRED("expired"), EXITED("finished");

        final String label;

        State(String label) {
            this.label = label;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Task<?> task;
    // All guarded by lock.
    private State state = State.CREATED;
    private long deadline;
    private TimerHandle timer;
    private int cancellingAtEntry;

    private Timeout(Task<?> task, long deadline) {
        this.task = task;
        this.deadline = deadline;
    }

    /** Runs {@code body} in the current task under a timeout at {@code deadline}. */
    static <T> T run(long deadline, TimeoutBody<T> body) throws TimeoutException {
        Task<?> task = Weft.requireTask();
        Timeout t = new Timeout(task, deadline);
        t.enter();
        T result;
        try {
            result = body.run(t);
        } catch (Throwable e) {
            Throwable out = t.exit(e);
            if (out instanceof TimeoutException te) {
                throw te;
            }
            throw Task.rethrow(out);
        }
        t.exit(null);
        return result;
    }

    private void enter() {
        lock.lock();
        try {
            state = State.ENTERED;
            cancellingAtEntry = task.cancelling();
            rescheduleLocked(deadline);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The current deadline on the loop clock; {@link Long#MAX_VALUE} when there is none.
     *
     * @return the deadline in loop-clock nanoseconds ({@link Weft#now()}), or {@link
     *     Long#MAX_VALUE}
     */
    public long deadline() {
        lock.lock();
        try {
            return deadline;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the deadline ({@link Long#MAX_VALUE}: no deadline) while the body runs; a deadline
     * already past expires the timeout at once.
     *
     * @param deadline the new deadline on the loop clock ({@link Weft#now()}); {@link
     *     Long#MAX_VALUE}: none
     * @throws IllegalStateException if the timeout already expired or its body has returned
     */
    public void reschedule(long deadline) {
        lock.lock();
        try {
            if (state != State.ENTERED) {
                throw new IllegalStateException("cannot reschedule " + (state == State.EXPIRED
                        || state == State.EXPIRING ? "an " : "a ") + state.label + " Timeout");
            }
            rescheduleLocked(deadline);
        } finally {
            lock.unlock();
        }
    }

    private void rescheduleLocked(long when) {
        deadline = when;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (when != Waits.NO_DEADLINE) {
            timer = task.fiber.scheduler.schedule(when, this::onTimeout);
        }
    }

    /**
     * Whether this timeout fired (asked afterwards: did the deadline pass while the body ran?).
     *
     * @return true if the deadline passed and this timeout cancelled its task, even if the body
     *     then caught the cancellation
     */
    public boolean expired() {
        lock.lock();
        try {
            return state == State.EXPIRING || state == State.EXPIRED;
        } finally {
            lock.unlock();
        }
    }

    private void onTimeout() {
        lock.lock();
        try {
            if (state != State.ENTERED) {
                return;
            }
            state = State.EXPIRING;
            timer = null;
            task.cancel();
        } finally {
            lock.unlock();
        }
    }

    /** Leaves the scope; returns what the body's exit should throw (a TimeoutException, or {@code exc}). */
    private Throwable exit(Throwable exc) {
        lock.lock();
        try {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            if (state == State.EXPIRING) {
                state = State.EXPIRED;
                // Only when the count drops back to where it was on entry was this timeout the
                // one (and the only one) that cancelled the task.
                if (task.uncancel() <= cancellingAtEntry && exc instanceof CancelledException) {
                    TimeoutException te = new TimeoutException("timed out");
                    te.initCause(exc);
                    return te;
                }
            } else if (state == State.ENTERED) {
                state = State.EXITED;
            }
            return exc;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "Timeout[" + state.label + (state == State.ENTERED
                    ? ", deadline=" + (deadline == Waits.NO_DEADLINE ? "none" : deadline) : "") + "]";
        } finally {
            lock.unlock();
        }
    }
}
