package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;

/*
 * Implementation overview
 *
 * The counting core of Lock (one permit) and Semaphore (n permits). `state` is the number of free
 * permits while nobody waits, and CONTENDED (-1) while waiters are queued (then no permit is
 * free: each released permit goes straight to the first waiter). So:
 *
 *   acquire, fast: CAS state n -> n-1 for n > 0. Fails on 0 and on CONTENDED: a newcomer never
 *                  overtakes a queued waiter (asyncio 3.13's no-barging rule).
 *   release, fast: CAS state n -> n+1 for n >= 0 (nobody waits).
 *   slow paths:    under `guard`, which also owns the FIFO `waiters`. A release hands its permit
 *                  to the first waiter that is still waiting (Waiter.signal); the permit never
 *                  becomes free in between, so nobody can take it first.
 *
 * Invariant (under guard): state == CONTENDED iff `waiters` is not empty.
 * A waiter cancelled before it was chosen just leaves the list; one cancelled after it was chosen
 * (handBack) releases the permit it was given, which goes to the next waiter.
 *
 * With `trackHolder`, `holder` is the thread that last got a permit (for Lock: the owner), set
 * on the fast path by the acquirer and on hand-off by the releaser, so it is never stale while a
 * woken waiter has not run yet.
 */
public final class PermitGate implements WaitOwner {
    private static final int CONTENDED = -1;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PermitGate.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;
    private final int bound;
    private final boolean trackHolder;
    /** The thread holding the permit (Lock only). Written by acquirers and releasers. */
    private volatile Thread holder;
    private final ReentrantLock guard = new ReentrantLock();
    private final WaitList waiters = new WaitList();

    /**
     * @param permits the permits free at first
     * @param bound the most permits there may be (a release past it fails)
     * @param trackHolder remember which thread got the permit (for a lock's owner)
     */
    public PermitGate(int permits, int bound, boolean trackHolder) {
        this.state = permits;
        this.bound = bound;
        this.trackHolder = trackHolder;
    }

    /** Takes a permit if one is free and nobody waits; never blocks. */
    public boolean tryAcquire() {
        for (int s = state; s > 0; s = state) {
            if (STATE.compareAndSet(this, s, s - 1)) {
                if (trackHolder) {
                    holder = Thread.currentThread();
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Takes a permit, suspending the caller in FIFO order while none is free. {@code check} runs
     * under the gate's guard just before the caller queues (a lock's deadlock detection); if it
     * throws, nothing changed. A suspension point unless a permit was free.
     */
    public void acquire(Object blocker, BlockCheck check) {
        if (tryAcquire()) {
            return;
        }
        Waiter w = Waiter.current(blocker);
        guard.lock();
        try {
            for (;;) {
                int s = state;
                if (s > 0) {
                    if (STATE.compareAndSet(this, s, s - 1)) {
                        if (trackHolder) {
                            holder = Thread.currentThread();
                        }
                        return;
                    }
                } else if (s == CONTENDED || STATE.compareAndSet(this, 0, CONTENDED)) {
                    break;
                }
            }
            if (check != null) {
                try {
                    check.beforeBlocking(w);
                } catch (RuntimeException | Error e) {
                    if (waiters.isEmpty()) {
                        state = 0;
                    }
                    throw e;
                }
            }
            waiters.add(w);
        } finally {
            guard.unlock();
        }
        try {
            Waits.await(w, Waits.NO_DEADLINE, this);
        } finally {
            if (check != null) {
                check.afterBlocking(w);
            }
        }
    }

    /**
     * Returns a permit: to the first waiter if any, else to the pool. Returns false, changing
     * nothing, when that would exceed the bound (the caller throws its own message).
     */
    public boolean release() {
        for (int s = state; s >= 0; s = state) {
            if (s >= bound) {
                return false;
            }
            if (trackHolder) {
                holder = null;
            }
            if (STATE.compareAndSet(this, s, s + 1)) {
                return true;
            }
        }
        guard.lock();
        try {
            int s = state;
            if (s >= 0) {
                // Waiters left between the fast path's read and the guard.
                if (s >= bound) {
                    return false;
                }
                if (trackHolder) {
                    holder = null;
                }
                state = s + 1;
                return true;
            }
            handOffLocked();
            return true;
        } finally {
            guard.unlock();
        }
    }

    /** Gives the (contended) permit to the first waiter still waiting, or frees it. */
    private void handOffLocked() {
        Waiter next = waiters.peek();
        while (next != null) {
            waiters.remove(next);
            if (trackHolder) {
                holder = next.thread;
            }
            if (next.signal(null)) {
                break;
            }
            next = waiters.peek();
        }
        if (waiters.isEmpty()) {
            state = next != null ? 0 : 1;
            if (next == null && trackHolder) {
                holder = null;
            }
        }
    }

    @Override
    public void dequeue(Waiter w) {
        guard.lock();
        try {
            waiters.remove(w);
            if (waiters.isEmpty() && state == CONTENDED) {
                state = 0;
            }
        } finally {
            guard.unlock();
        }
    }

    @Override
    public void handBack(Waiter w) {
        release();
    }

    /** Permits free now (0 while anyone waits). */
    public int permits() {
        return Math.max(state, 0);
    }

    /** asyncio 3.13 {@code Semaphore.locked()}: no permit free without waiting, or somebody waits. */
    public boolean locked() {
        return state <= 0;
    }

    /** Waiters queued now. */
    public int waiters() {
        guard.lock();
        try {
            return waiters.size();
        } finally {
            guard.unlock();
        }
    }

    /** The thread that holds the permit (with {@code trackHolder}), or null. */
    public Thread holder() {
        return holder;
    }

    /** Hooks around the blocking path of {@link #acquire}. */
    public interface BlockCheck {
        /** Runs under the gate's guard just before {@code w} is queued; may throw to refuse. */
        void beforeBlocking(Waiter w);

        /** Runs after the wait on {@code w} ended, however it ended. */
        void afterBlocking(Waiter w);
    }
}
