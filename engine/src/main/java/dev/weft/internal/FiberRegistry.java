package dev.weft.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The live fibers of one loop, for {@code Loop.tasks()}, {@code dump()} and {@code close()}.
 * Intrusive doubly-linked lists (two fields in each fiber), striped by thread id so that
 * spawning and exiting tasks on different cores rarely meet on the same lock. A map node per
 * task would cost about 40 bytes, a tenth of what a suspended task may cost in all.
 */
final class FiberRegistry {
    private static final int STRIPES = 16; // a power of two

    private final Stripe[] stripes = new Stripe[STRIPES];
    /**
     * Set by {@link #seal()}: from then on {@link #add} refuses fibers started from outside the
     * loop. Written before seal() visits the stripe locks, read under a stripe lock.
     */
    private volatile boolean sealed;

    FiberRegistry() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    private static final class Stripe {
        final ReentrantLock lock = new ReentrantLock();
        /** Guarded by lock. */
        Fiber head;
        /** Written under lock; read without it by isEmpty(). */
        volatile int size;
    }

    private Stripe stripe(Fiber f) {
        long id = f.thread.threadId();
        return stripes[(int) (id ^ (id >>> 16)) & (STRIPES - 1)];
    }

    /**
     * Registers {@code f} as live; returns false, registering nothing, when the registry is
     * sealed and {@code fromInside} is false (the fiber is started by a thread that is not one
     * of the loop's own fibers).
     */
    boolean add(Fiber f, boolean fromInside) {
        Stripe s = stripe(f);
        s.lock.lock();
        try {
            if (sealed && !fromInside) {
                return false;
            }
            f.regNext = s.head;
            f.regPrev = null;
            if (s.head != null) {
                s.head.regPrev = f;
            }
            s.head = f;
            s.size++;
            return true;
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * Refuses fibers from outside the loop from now on. When this returns, every {@link #add}
     * that was not refused has finished, so a {@link #snapshot()} taken after it sees them all:
     * an add either holds its stripe lock before this visits that stripe (and is done when the
     * visit gets the lock), or takes it after and reads {@code sealed} set.
     */
    void seal() {
        sealed = true;
        for (Stripe s : stripes) {
            s.lock.lock();
            s.lock.unlock();
        }
    }

    void remove(Fiber f) {
        Stripe s = stripe(f);
        s.lock.lock();
        try {
            if (f.regPrev == null && s.head != f) {
                return; // not registered (any more)
            }
            if (f.regPrev == null) {
                s.head = f.regNext;
            } else {
                f.regPrev.regNext = f.regNext;
            }
            if (f.regNext != null) {
                f.regNext.regPrev = f.regPrev;
            }
            f.regPrev = f.regNext = null;
            s.size--;
        } finally {
            s.lock.unlock();
        }
    }

    boolean isEmpty() {
        for (Stripe s : stripes) {
            if (s.size != 0) {
                return false;
            }
        }
        return true;
    }

    /** The live fibers now, stripe by stripe. */
    List<Fiber> snapshot() {
        List<Fiber> all = new ArrayList<>();
        for (Stripe s : stripes) {
            s.lock.lock();
            try {
                for (Fiber f = s.head; f != null; f = f.regNext) {
                    all.add(f);
                }
            } finally {
                s.lock.unlock();
            }
        }
        return all;
    }
}
