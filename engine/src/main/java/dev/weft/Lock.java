package dev.weft;

import dev.weft.internal.PermitGate;

/**
 * asyncio's {@code Lock}: a mutual-exclusion lock for tasks, which also works between plain
 * threads and across loops.
 *
 * {@snippet :
 * Lock lock = new Lock();
 * try (Permit p = lock.hold()) {     // async with lock:
 *     balance += amount;
 * }
 * }
 *
 * <ul>
 *   <li>Fair: waiters get the lock in arrival order, and a newcomer never overtakes a waiter
 *       that was already chosen (the lock passes straight to it on release).
 *   <li>Not reentrant: a task acquiring a lock it holds would wait forever, so it gets {@link
 *       DeadlockException}. More generally, a task that would block on a lock whose owner is
 *       (transitively) waiting for a lock the task holds gets {@link DeadlockException} naming
 *       the cycle, instead of hanging. The check runs only when the caller is about to block.
 *   <li>As in asyncio, any task may release a lock another task acquired; the acquirer is
 *       recorded as the owner for deadlock detection and {@link Loop#dump()}.
 * </ul>
 *
 * <p><em>Memory consistency effects:</em> actions before a {@link #release()} happen-before the
 * {@link #acquire()} that then gets the lock returns.
 */
public final class Lock {
    final PermitGate gate = new PermitGate(1, 1, true);
    private final DeadlockDetector detector = new DeadlockDetector(this);
    private final String name;

    /** A new unlocked lock. */
    public Lock() {
        this(null);
    }

    /**
     * A new unlocked lock with a name for messages and dumps.
     *
     * @param name the name messages, dumps and {@link DeadlockException} show; null: none
     */
    public Lock(String name) {
        this.name = name;
    }

    /**
     * Acquires the lock, suspending the caller while another holds it. A suspension point only
     * if the lock is taken: a free lock is acquired without suspending, and without delivering a
     * pending cancellation.
     *
     * <p>While suspended, the caller lies dormant until the lock is handed to it, or it is
     * cancelled ({@link CancelledException}; if the lock was handed to it a moment before, it
     * goes on to the next waiter, so it is neither lost nor left held by nobody).
     *
     * @throws DeadlockException if waiting would close a cycle of lock owners
     * @throws CancelledException if the caller was cancelled while it waited (it does not hold the
     *     lock)
     */
    public void acquire() {
        gate.acquire(this, detector);
    }

    /**
     * Releases the lock; the first waiter, if any, gets it. Any task or thread may release.
     *
     * @throws IllegalStateException ("Lock is not acquired.") if the lock is not locked
     */
    public void release() {
        if (!gate.release()) {
            throw new IllegalStateException("Lock is not acquired.");
        }
    }

    /**
     * Whether the lock is held (or handed to a waiter that has not run yet).
     *
     * @return true if an {@link #acquire()} now would have to wait
     */
    public boolean locked() {
        return gate.locked();
    }

    /**
     * {@link #acquire()}, returning a {@link Permit} that releases on close.
     *
     * @return a permit to close (try-with-resources), which releases the lock once
     * @throws DeadlockException if waiting would close a cycle of lock owners
     * @throws CancelledException if the caller was cancelled while it waited (it does not hold the
     *     lock)
     */
    public Permit hold() {
        acquire();
        return this::release;
    }

    /**
     * A snapshot of the lock's state.
     *
     * @return the lock's state at one instant
     */
    public Statistics statistics() {
        return new Statistics(locked(), DeadlockDetector.name(gate.holder()), gate.waiters());
    }

    /**
     * A snapshot of a lock's state ({@link #statistics()}).
     *
     * @param locked whether the lock is held (or handed to a waiter that has not run yet)
     * @param owner the name of the task (or thread) that holds it, or "nobody"
     * @param waiters the tasks (and threads) waiting in {@code acquire}
     */
    public record Statistics(boolean locked, String owner, int waiters) {
    }

    String name() {
        return name != null ? "Lock(" + name + ")" : "Lock@" + Integer.toHexString(System.identityHashCode(this));
    }

    @Override
    public String toString() {
        Object h = gate.holder();
        boolean locked = locked();
        int n = gate.waiters();
        return name() + "[" + (locked ? "locked" : "unlocked") + (locked && h != null ? ", owner=" + DeadlockDetector.name(h) : "")
                + (n > 0 ? ", waiters=" + n : "") + "]";
    }
}
