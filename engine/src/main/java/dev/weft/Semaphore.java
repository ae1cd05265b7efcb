package dev.weft;

import dev.weft.internal.PermitGate;

/**
 * asyncio's {@code Semaphore}: a counter of permits; {@link #acquire()} takes one, suspending
 * while none is free, {@link #release()} returns one. Works between tasks of any loop and plain
 * threads.
 *
 * {@snippet :
 * Semaphore limit = new Semaphore(10);          // at most 10 downloads at once
 * try (Permit p = limit.hold()) {
 *     download(url);
 * }
 * }
 *
 * <p>Fair, with asyncio 3.13's rule: {@link #locked()} is true when a permit cannot be taken
 * without waiting, or somebody already waits, and a newcomer never overtakes a waiter (a
 * released permit goes straight to the first one).
 *
 * <p><em>Memory consistency effects:</em> actions before a {@link #release()} happen-before the
 * {@link #acquire()} that gets that permit returns.
 */
public class Semaphore {
    final PermitGate gate;

    /**
     * A semaphore with {@code value} permits free and no upper bound (see {@link
     * BoundedSemaphore}).
     *
     * @param value the permits free at first
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public Semaphore(int value) {
        this(value, Integer.MAX_VALUE);
    }

    Semaphore(int value, int bound) {
        if (value < 0) {
            throw new IllegalArgumentException("Semaphore initial value must be >= 0: " + value);
        }
        this.gate = new PermitGate(value, bound, false);
    }

    /**
     * Takes a permit, suspending the caller while none is free. A suspension point only when it
     * has to wait (then it lies dormant until a permit is handed to it, or it is cancelled:
     * {@link CancelledException}, and a permit handed to it a moment before goes on to the next
     * waiter).
     *
     * @throws CancelledException if the caller was cancelled while it waited (no permit was taken)
     */
    public void acquire() {
        gate.acquire(this, null);
    }

    /**
     * Returns a permit: to the first waiter, if any.
     *
     * @throws IllegalStateException if that would overflow (or, for {@link BoundedSemaphore},
     *     exceed the initial value)
     */
    public void release() {
        if (!gate.release()) {
            throw new IllegalStateException(overReleaseMessage());
        }
    }

    String overReleaseMessage() {
        return "Semaphore released too many times (value would overflow)";
    }

    /**
     * asyncio 3.13: true when a permit cannot be taken without waiting, or somebody waits.
     *
     * @return true if an {@link #acquire()} now would have to wait
     */
    public boolean locked() {
        return gate.locked();
    }

    /**
     * {@link #acquire()}, returning a {@link Permit} that releases on close.
     *
     * @return a permit to close (try-with-resources), which releases once
     * @throws CancelledException if the caller was cancelled while it waited (no permit was taken)
     */
    public Permit hold() {
        acquire();
        return this::release;
    }

    /**
     * A snapshot: free permits and waiters.
     *
     * @return the semaphore's state at one instant
     */
    public Statistics statistics() {
        return new Statistics(gate.permits(), gate.waiters());
    }

    /**
     * A snapshot of a semaphore's state ({@link #statistics()}).
     *
     * @param value the permits free
     * @param waiters the tasks (and threads) waiting in {@code acquire}
     */
    public record Statistics(int value, int waiters) {
    }

    @Override
    public String toString() {
        int n = gate.waiters();
        return getClass().getSimpleName() + "[" + (locked() ? "locked" : "unlocked, value=" + gate.permits())
                + (n > 0 ? ", waiters=" + n : "") + "]";
    }
}
