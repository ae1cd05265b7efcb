package dev.weft.internal;

/**
 * The structure a {@link Waiter} is queued in (a lock, a queue, a task's done list), told by
 * {@link Waits#await} how a wait ended when the waiter has to be taken out or undone.
 */
public interface WaitOwner {
    /** Owners that keep no state for their waiters. */
    WaitOwner NONE = new WaitOwner() {
        @Override
        public void dequeue(Waiter w) {
        }
    };

    /**
     * The waiter gave up before anyone signalled it (cancelled, or timed out): take it out of the
     * wait list. Called by the waiting thread, with no lock held.
     */
    void dequeue(Waiter w);

    /**
     * The waiter was signalled (it was handed the lock, the permit, the item in {@link
     * Waiter#value()}) but its task is being cancelled before it could use it: pass it on to the
     * next waiter, as if it had never been given. Called by the waiting thread, with no lock held.
     */
    default void handBack(Waiter w) {
    }
}
