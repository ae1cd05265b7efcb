package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * Implementation overview
 *
 * The counting core of Lock (one permit) and Semaphore (n permits), with asyncio 3.13's fairness:
 * waiters are served FIFO, and a newcomer never overtakes a waiter that was already woken, i.e.
 * while any waiter is queued, or was handed a permit and has not run yet, every acquire queues.
 *
 * `state` is the number of free permits while the gate is uncontended, and CONTENDED (-1) while
 * waiters are queued or woken-but-not-resumed (then the free permits are in `value`, under guard):
 *
 *   acquire, fast: CAS state n -> n-1 for n > 0. Fails on 0 and on CONTENDED.
 *   release, fast: CAS state n -> n+1 for 0 <= n < bound.
 *   slow paths:    under `guard`, which owns `waiters`, `value` and `woken`. A release hands its
 *                  permit to the first waiter still waiting (Waiter.signal), which counts as
 *                  `woken` until it resumes; with nobody waiting it adds to `value`. A woken
 *                  waiter that resumes hands free permits on to the next waiters (asyncio's
 *                  `finally: while self._value > 0: self._wake_up_next()`), so permits released
 *                  while it was on its way reach the queue in order.
 *
 * Invariant (under guard): state == CONTENDED iff waiters is not empty or woken > 0. Only the
 * acquire slow path enters CONTENDED (a CAS from 0); only the guard holder leaves it, by
 * publishing `value` into `state` once nobody is queued or woken.
 *
 * A waiter cancelled before it was chosen just leaves; one cancelled after it was chosen
 * (handBack) returns its permit, which goes to the next waiter. Nothing is lost.
 *
 * With `trackHolder`, `holder` is the thread that last got a permit (for Lock: the owner), set by
 * the acquirer on the fast path and by the releaser on hand-off, so it is not stale while a woken
 * waiter has not run yet. A thread, not the task's fiber: Thread.currentThread() is an intrinsic,
 * while finding the current fiber (Fiber.current(), through the thread's handler slot) cost an
 * uncontended acquire/release 1.8 ns of its 15.8 (JMH, LockBenchmark tasks=1). Readers find the
 * task through the thread while it lives (DeadlockDetector.name).
 */
public final class PermitGate implements WaitOwner {
    private static final int CONTENDED = -1;
    private static final VarHandle STATE, HOLDER;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PermitGate.class, "state", int.class);
            HOLDER = MethodHandles.lookup().findVarHandle(PermitGate.class, "holder", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;
    private final int bound;
    private final boolean trackHolder;
    /**
     * The thread holding the permit (Lock only). Written by acquirers and releasers with
     * release stores (no fence on the fast path), read with acquire loads. It is information for
     * deadlock detection and dumps: the detector only follows holders of locks held across a
     * blocking wait, whose write is long visible by then.
     */
    @SuppressWarnings("unused")
    private Thread holder;
    private final Guard guard = new Guard();
    // Guarded by guard.
    private final WaitList waiters = new WaitList(guard);
    /** Free permits while CONTENDED. */
    private int value;
    /** Waiters handed a permit that have not resumed yet. */
    private int woken;

    /**
     * @param permits the permits free at first
     * @param bound the most free permits there may be (a release past it fails)
     * @param trackHolder remember who got the permit (for a lock's owner)
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
                    HOLDER.setRelease(this, Thread.currentThread());
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Takes a permit, suspending the caller in FIFO order while none is free or others wait.
     * {@code check} runs under the gate's guard just before the caller queues (a lock's deadlock
     * detection); if it throws, nothing changed. A suspension point unless a permit was free.
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
                            HOLDER.setRelease(this, Thread.currentThread());
                        }
                        return;
                    }
                } else if (s == CONTENDED) {
                    break;
                } else if (STATE.compareAndSet(this, 0, CONTENDED)) {
                    value = 0;
                    break;
                }
            }
            if (check != null) {
                try {
                    check.beforeBlocking(w);
                } catch (RuntimeException | Error e) {
                    uncontendLocked();
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
        guard.lock();
        try {
            woken--; // it has run: newcomers may stop queueing behind it
            wakeMoreLocked();
            uncontendLocked();
        } finally {
            guard.unlock();
        }
    }

    /**
     * Returns a permit: to the first waiter if any, else to the free ones. Returns false,
     * changing nothing, when the free permits would exceed the bound (the caller throws).
     */
    public boolean release() {
        int r = releaseUncontended();
        if (r != CONTENDED) {
            return r == RELEASED;
        }
        guard.lock();
        try {
            if (state != CONTENDED) {
                // Nobody is queued any more: release as on the fast path.
                return releaseUncontended() == RELEASED;
            }
            if (value >= bound) {
                return false;
            }
            value++;
            wakeMoreLocked();
            uncontendLocked();
            return true;
        } finally {
            guard.unlock();
        }
    }

    private static final int RELEASED = 1, REFUSED = 0;

    /** The fast-path release: RELEASED, REFUSED (over the bound), or CONTENDED (take the slow path). */
    private int releaseUncontended() {
        for (int s = state; s >= 0; s = state) {
            if (s >= bound) {
                return REFUSED;
            }
            if (trackHolder) {
                HOLDER.setRelease(this, null);
            }
            if (STATE.compareAndSet(this, s, s + 1)) {
                return RELEASED;
            }
        }
        return CONTENDED;
    }

    /** Hands free permits to the first waiters still waiting, FIFO. */
    private void wakeMoreLocked() {
        while (value > 0) {
            Waiter next = waiters.peek();
            if (next == null) {
                break;
            }
            waiters.remove(next);
            if (trackHolder) {
                HOLDER.setRelease(this, next.thread());
            }
            if (guard.signal(next, null)) {
                value--;
                woken++;
            }
        }
        if (trackHolder && value > 0 && woken == 0) {
            HOLDER.setRelease(this, null);
        }
    }

    /** Leaves CONTENDED once nobody is queued or on the way. */
    private void uncontendLocked() {
        if (state == CONTENDED && waiters.isEmpty() && woken == 0) {
            state = value;
        }
    }

    @Override
    public void dequeue(Waiter w) {
        guard.lock();
        try {
            waiters.remove(w);
            wakeMoreLocked();
            uncontendLocked();
        } finally {
            guard.unlock();
        }
    }

    @Override
    public void handBack(Waiter w) {
        guard.lock();
        try {
            woken--;
            value++;
            wakeMoreLocked();
            uncontendLocked();
        } finally {
            guard.unlock();
        }
    }

    /** Permits free now. */
    public int permits() {
        int s = state;
        if (s >= 0) {
            return s;
        }
        guard.lock();
        try {
            return state >= 0 ? state : value;
        } finally {
            guard.unlock();
        }
    }

    /**
     * asyncio 3.13 {@code Semaphore.locked()}: no permit can be taken without waiting, because
     * none is free or somebody is queued or woken and not yet run.
     */
    public boolean locked() {
        return state <= 0;
    }

    /** Waiters queued now (not counting those woken that have not run yet). */
    public int waiters() {
        guard.lock();
        try {
            return waiters.size();
        } finally {
            guard.unlock();
        }
    }

    /** The thread (a task's, or a plain one) holding the permit (with {@code trackHolder}), or null. */
    public Thread holder() {
        return (Thread) HOLDER.getAcquire(this);
    }

    /** Hooks around the blocking path of {@link #acquire}. */
    public interface BlockCheck {
        /** Runs under the gate's guard just before {@code w} is queued; may throw to refuse. */
        void beforeBlocking(Waiter w);

        /** Runs after the wait on {@code w} ended, however it ended. */
        void afterBlocking(Waiter w);
    }
}
