package dev.weft.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock a primitive guards its state and its {@link WaitList}s with, which wakes the waiters
 * signalled under it only once it is released.
 *
 * <p>Who gets the item, the permit or the slot is decided under the lock, as before: {@link
 * #signal} ends the wait at once (its compare-and-set, see {@link Waiter}). Only the wake-up, an
 * unpark or a place in a cooperative loop's ready queue, waits for the outermost {@link #unlock}.
 * Woken under the lock, a task on another core would run at once into the lock its waker still
 * holds, park on it and need a second wake-up; in a hand-off through a {@code Queue} that doubled
 * the round trip. This is the rule {@code java.util.concurrent}'s locks follow: release, then
 * unpark the successor.
 *
 * <p>Waking later changes nothing the woken task can see: its wait already ended under the lock,
 * and it cannot run before the unlock either way, since the first thing it does on waking is to
 * take this lock. The waiters signalled in one critical section are woken in the order they were
 * signalled.
 */
public final class Guard {
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled under the lock, to wake at the outermost unlock, chained by {@link Waiter#next}. */
    private Waiter wakeFirst, wakeLast;

    public void lock() {
        lock.lock();
    }

    /** Releases the lock; the outermost release then wakes every waiter signalled under it. */
    public void unlock() {
        Waiter w = wakeFirst;
        if (w != null && lock.getHoldCount() == 1) {
            wakeFirst = wakeLast = null;
        } else {
            w = null;
        }
        lock.unlock();
        while (w != null) {
            Waiter next = w.next;
            w.next = null;
            w.wake();
            w = next;
        }
    }

    /**
     * With the lock held: ends {@code w}'s wait with success, handing over {@code value} (see
     * {@link Waiter#signal(Object)}), and wakes it when the lock is released. Returns false when
     * the wait had already ended (cancelled or timed out); the caller then keeps {@code value}.
     * {@code w} must have been taken out of its {@link WaitList} first: its link then chains the
     * waiters to wake.
     */
    public boolean signal(Waiter w, Object value) {
        if (w.listed()) {
            throw new IllegalStateException("signalled while still in a wait list: " + w);
        }
        if (!w.signalWithoutWaking(value)) {
            return false;
        }
        if (wakeLast == null) {
            wakeFirst = w;
        } else {
            wakeLast.next = w;
        }
        wakeLast = w;
        return true;
    }

    /** With the lock held: the waiters signalled under it and not yet woken, in wake order (for tests). */
    java.util.List<Waiter> wakesPending() {
        java.util.List<Waiter> pending = new java.util.ArrayList<>();
        for (Waiter w = wakeFirst; w != null; w = w.next) {
            pending.add(w);
        }
        return pending;
    }

    /** Whether the calling thread holds the lock. */
    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }
}
