package dev.weft;

import dev.weft.internal.Guard;
import dev.weft.internal.Waiter;
import dev.weft.internal.WaitList;
import dev.weft.internal.Waits;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * asyncio's {@code Condition}: a {@link Lock} plus a queue of tasks waiting to be notified.
 * Java's {@code Object.wait}/{@code notify} force the names {@link #await()}, {@link #signal()}
 * and {@link #signalAll()}.
 *
 * {@snippet :
 * Condition cond = new Condition();
 * try (Permit p = cond.hold()) {
 *     cond.awaitUntil(() -> !buffer.isEmpty());   // releases the lock while it waits
 *     use(buffer.remove());
 * }
 * }
 *
 * <p>Waiters are notified in arrival order. A waiter cancelled after it was notified passes the
 * notification on to the next waiter, so a cancellation never swallows a {@link #signal()}.
 *
 * <p><em>Memory consistency effects:</em> as for the underlying {@link Lock}; and actions before
 * a {@link #signal()} happen-before the notified {@link #await()} returns.
 */
public final class Condition {
    private final Lock lock;
    private final Guard guard = new Guard();
    private final WaitList waiters = new WaitList(guard);

    /** A condition with a lock of its own. */
    public Condition() {
        this(new Lock());
    }

    /**
     * A condition on {@code lock} (several conditions may share one lock).
     *
     * @param lock the lock the condition uses; not null
     */
    public Condition(Lock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /** Acquires the underlying lock (see {@link Lock#acquire()}). */
    public void acquire() {
        lock.acquire();
    }

    /** Releases the underlying lock (see {@link Lock#release()}). */
    public void release() {
        lock.release();
    }

    /**
     * Whether the underlying lock is held (see {@link Lock#locked()}).
     *
     * @return true if the lock is held
     */
    public boolean locked() {
        return lock.locked();
    }

    /**
     * Acquires the underlying lock, returning a {@link Permit} that releases it.
     *
     * @return a permit to close (try-with-resources), which releases the lock once
     * @throws CancelledException if the caller was cancelled while it waited for the lock
     */
    public Permit hold() {
        return lock.hold();
    }

    /**
     * asyncio {@code Condition.wait()}: releases the lock, suspends until notified, then
     * re-acquires the lock before returning. A suspension point. The lock is re-acquired even
     * when the caller is cancelled while waiting (then {@link CancelledException} is thrown once
     * the lock is held again; a notification it had already received goes to the next waiter).
     *
     * @throws IllegalStateException ("cannot wait on un-acquired lock") if the lock is not held
     * @throws CancelledException if the caller was cancelled while it waited (it holds the lock
     *     again)
     */
    public void await() {
        if (!lock.locked()) {
            throw new IllegalStateException("cannot wait on un-acquired lock");
        }
        Waiter w = Waiter.current(this);
        guard.lock();
        try {
            waiters.add(w); // before releasing the lock, so no signal can slip in between
        } finally {
            guard.unlock();
        }
        lock.release();
        CancelledException error = null;
        boolean notified;
        try {
            Waits.await(w, Waits.NO_DEADLINE, waiters);
            notified = true;
        } catch (CancelledException e) {
            error = e;
            notified = w.state() == Waiter.SIGNALLED;
        }
        for (;;) {
            try {
                lock.acquire();
                break;
            } catch (CancelledException e) {
                error = e; // keep trying: the caller must hold the lock when this returns
            }
        }
        if (error != null) {
            if (notified) {
                notifyLocked(1);
            }
            throw error;
        }
    }

    /**
     * asyncio {@code Condition.wait_for(predicate)}: {@link #await()} until {@code predicate} is
     * true (checked first, with the lock held).
     *
     * @param predicate checked with the lock held, first and after each notification
     * @throws IllegalStateException ("cannot wait on un-acquired lock") if the lock is not held
     * @throws CancelledException if the caller was cancelled while it waited (it holds the lock
     *     again)
     */
    public void awaitUntil(BooleanSupplier predicate) {
        Objects.requireNonNull(predicate, "predicate");
        while (!predicate.getAsBoolean()) {
            await();
        }
    }

    /** asyncio {@code notify()}: wakes one waiter. @throws IllegalStateException if the lock is not held */
    public void signal() {
        signal(1);
    }

    /**
     * asyncio {@code notify(n)}: wakes up to {@code n} waiters, in arrival order.
     *
     * @param n the most waiters to wake
     * @throws IllegalStateException ("cannot notify on un-acquired lock") if the lock is not held
     */
    public void signal(int n) {
        if (!lock.locked()) {
            throw new IllegalStateException("cannot notify on un-acquired lock");
        }
        notifyLocked(n);
    }

    /** asyncio {@code notify_all()}: wakes every waiter. */
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    private void notifyLocked(int n) {
        guard.lock();
        try {
            for (int i = 0; i < n && waiters.signalFirst(null) != null; i++) {
                // FIFO
            }
        } finally {
            guard.unlock();
        }
    }

    /**
     * A snapshot: whether the lock is held, and the tasks waiting to be notified.
     *
     * @return the condition's state at one instant
     */
    public Statistics statistics() {
        guard.lock();
        try {
            return new Statistics(lock.locked(), waiters.size());
        } finally {
            guard.unlock();
        }
    }

    /**
     * A snapshot of a condition's state ({@link #statistics()}).
     *
     * @param locked whether the underlying lock is held
     * @param waiters the tasks (and threads) waiting in {@code await} to be notified
     */
    public record Statistics(boolean locked, int waiters) {
    }

    @Override
    public String toString() {
        Statistics s = statistics();
        return "Condition[" + (s.locked() ? "locked" : "unlocked") + (s.waiters() > 0 ? ", waiters=" + s.waiters() : "") + "]";
    }
}
