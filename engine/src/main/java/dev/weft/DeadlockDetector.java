package dev.weft;

import dev.weft.internal.Fiber;
import dev.weft.internal.PermitGate;
import dev.weft.internal.Waiter;
import dev.weft.internal.jfr.Jfr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Deadlock detection for {@link Lock}, on the blocking path only. Before a thread queues on a
 * lock it records what it waits for, then follows owner -> lock it waits for -> owner ...; when
 * the chain comes back to itself it throws {@link DeadlockException} instead of blocking.
 *
 * <p>Registration and walk happen under one global lock, so of two threads closing a cycle at
 * the same moment the second always sees the first: exactly one of them gets the exception.
 * Waits that already ended (their {@link Waiter} is no longer waiting) break the chain, so a
 * stale entry never makes a false cycle.
 */
final class DeadlockDetector implements PermitGate.BlockCheck {
    private static final ReentrantLock CHECK = new ReentrantLock();
    /** Threads blocked in Lock.acquire, and their wait. */
    private static final ConcurrentHashMap<Thread, Waiter> LOCK_WAITS = new ConcurrentHashMap<>();

    private final Lock lock;

    DeadlockDetector(Lock lock) {
        this.lock = lock;
    }

    @Override
    public void beforeBlocking(Waiter w) {
        Thread me = Thread.currentThread();
        Thread holder = lock.gate.holder();
        if (holder == me) {
            throw refused(me, "deadlock: " + name(me) + " acquires " + lock.name()
                    + ", which it already holds (Lock is not reentrant)");
        }
        CHECK.lock();
        try {
            LOCK_WAITS.put(me, w);
            List<String> chain = new ArrayList<>();
            chain.add(name(me) + " waits for " + lock.name() + " held by " + name(holder));
            Set<Thread> seen = new HashSet<>();
            for (Thread t = holder; t != null && seen.add(t); ) {
                Waiter tw = LOCK_WAITS.get(t);
                if (tw == null || !tw.isWaiting() || !(tw.blocker() instanceof Lock next)) {
                    return;
                }
                Thread h = next.gate.holder();
                chain.add(name(t) + " waits for " + next.name() + " held by " + name(h));
                if (h == me) {
                    LOCK_WAITS.remove(me, w);
                    throw refused(me, "deadlock: " + String.join(", ", chain));
                }
                t = h;
            }
        } finally {
            CHECK.unlock();
        }
    }

    /** The exception for a refused acquire, recorded as a {@code dev.weft.Deadlock} event first. */
    private DeadlockException refused(Thread me, String message) {
        if (Jfr.on()) {
            Jfr.deadlock(name(me), lock.name(), message);
        }
        return new DeadlockException(message);
    }

    @Override
    public void afterBlocking(Waiter w) {
        LOCK_WAITS.remove(Thread.currentThread(), w);
    }

    /**
     * The name of a holder or waiter: a {@link Fiber} (its task's name), or a thread: its task's
     * name, found through the thread while the thread is alive; else the thread's own name (a
     * task's thread is named after the task when the task was given a name), or its id.
     */
    static String name(Object who) {
        if (who == null) {
            return "nobody";
        }
        if (who instanceof Fiber f) {
            return f.task() != null ? f.task().name() : "a loop callback";
        }
        Thread t = (Thread) who;
        if (t.getUncaughtExceptionHandler() instanceof Fiber f) {
            return name(f);
        }
        return "thread " + (t.getName().isEmpty() ? "#" + t.threadId() : t.getName());
    }
}
