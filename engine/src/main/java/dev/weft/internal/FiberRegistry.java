package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The live fibers of one loop, for {@code Loop.tasks()}, {@code dump()} and {@code close()}.
 * Intrusive doubly-linked lists (two fields in each fiber), striped by thread id so that
 * spawning and exiting tasks on different cores rarely meet on the same lock. A map node per
 * task would cost about 40 bytes, a tenth of what a suspended task may cost in all. Each stripe
 * also keeps the threads of the fibers that left it and may still be running their last
 * instructions ({@link #exit}), for {@code close()} to join ({@link #joinExited}).
 *
 * <p>It also counts, striped the same way, the live fibers parked in a weft wait ({@link
 * #parking}), so that a fiber about to spin can tell how many of the loop's fibers may want a
 * carrier ({@link #runnableAtMost}).
 */
final class FiberRegistry {
    private static final int STRIPES = 16; // a power of two
    /** Ints per cache line: the parked counts of two stripes never share a line. */
    private static final int PAD = 16;
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(int[].class);

    private final Stripe[] stripes = new Stripe[STRIPES];
    /**
     * Per stripe, at index {@code stripe * PAD}: its fibers parked in a weft wait now. Written
     * with an atomic add by the parking fiber only, before it parks and after it woke; so a fiber
     * that was woken and waits for a carrier still counts as parked until it runs.
     */
    private final int[] parked = new int[STRIPES * PAD];
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
        /**
         * Threads of fibers that left through {@link #exit} and may still be running their last
         * instructions, for {@link #joinExited}: a ring whose slots are reused once their thread
         * has ended, grown only when every thread in it still runs (its length a power of two).
         * Guarded by lock.
         */
        Thread[] exited = new Thread[4];
        /** Where the ring is tried first. Guarded by lock. */
        int nextExited;
    }

    private Stripe stripe(Fiber f) {
        return stripes[index(f)];
    }

    private static int index(Fiber f) {
        long id = f.thread.threadId();
        return (int) (id ^ (id >>> 16)) & (STRIPES - 1);
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

    /** Takes {@code f} out of the live fibers (it never ran, or it is leaving). */
    void remove(Fiber f) {
        Stripe s = stripe(f);
        s.lock.lock();
        try {
            unlinkLocked(s, f);
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * {@code f}'s thread is leaving: takes {@code f} out of the live fibers, and keeps its thread
     * until it has ended, for {@link #joinExited}. One stripe lock for both: a shared queue of
     * exited threads was a second set of cache lines that every exiting task, on every carrier,
     * wrote to.
     */
    void exit(Fiber f) {
        Stripe s = stripe(f);
        s.lock.lock();
        try {
            unlinkLocked(s, f);
            Thread[] ring = s.exited;
            int n = ring.length;
            for (int i = 0; i < n; i++) {
                int slot = (s.nextExited + i) & (n - 1);
                Thread old = ring[slot];
                if (old == null || !old.isAlive()) {
                    ring[slot] = f.thread;
                    s.nextExited = slot + 1;
                    return;
                }
            }
            ring = Arrays.copyOf(ring, 2 * n); // every thread in it still runs
            ring[n] = f.thread;
            s.exited = ring;
            s.nextExited = n + 1;
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * Waits until the thread of every fiber that left through {@link #exit} has ended (its last
     * instructions run after it left). For the loop's close, once no fiber is live.
     */
    void joinExited() throws InterruptedException {
        for (Stripe s : stripes) {
            Thread[] ring;
            s.lock.lock();
            try {
                ring = s.exited.clone();
            } finally {
                s.lock.unlock();
            }
            for (Thread t : ring) {
                if (t != null) {
                    t.join();
                }
            }
        }
    }

    /** The threads kept for {@link #joinExited} now (for tests). */
    List<Thread> exitedThreads() {
        List<Thread> all = new ArrayList<>();
        for (Stripe s : stripes) {
            s.lock.lock();
            try {
                for (Thread t : s.exited) {
                    if (t != null) {
                        all.add(t);
                    }
                }
            } finally {
                s.lock.unlock();
            }
        }
        return all;
    }

    /** How many slots the rings of exited threads have now, all stripes together (for tests). */
    int exitedSlots() {
        int n = 0;
        for (Stripe s : stripes) {
            s.lock.lock();
            try {
                n += s.exited.length;
            } finally {
                s.lock.unlock();
            }
        }
        return n;
    }

    private static void unlinkLocked(Stripe s, Fiber f) {
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
    }

    boolean isEmpty() {
        for (Stripe s : stripes) {
            if (s.size != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Counts {@code f} as parked in a weft wait ({@code delta} 1, before it parks) or no longer
     * ({@code -1}, once it runs again). Only {@code f}'s own thread calls this.
     */
    void parking(Fiber f, int delta) {
        COUNT.getAndAdd(parked, index(f) * PAD, delta);
    }

    /**
     * Whether at most {@code n} live fibers are not parked in a weft wait: running, ready to
     * run, spinning, or blocked in something weft does not see (a JDK call). Read without the
     * locks: a moment's view.
     */
    boolean runnableAtMost(int n) {
        int seen = 0;
        for (int i = 0; i < STRIPES; i++) {
            seen += stripes[i].size - (int) COUNT.getVolatile(parked, i * PAD);
        }
        return seen <= n;
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
