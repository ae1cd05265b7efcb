package dev.weft;

import dev.weft.internal.Guard;
import dev.weft.internal.Waiter;
import dev.weft.internal.WaitList;
import dev.weft.internal.Waits;

/**
 * asyncio's {@code Event}: a flag that tasks can wait for. {@link #set()} wakes every waiter;
 * {@link #clear()} resets it.
 *
 * {@snippet :
 * Event ready = new Event();
 * Weft.spawn(() -> { load(); ready.set(); });
 * ready.await();                    // suspends until set()
 * }
 *
 * <p><em>Memory consistency effects:</em> actions before {@link #set()} happen-before an {@link
 * #await()} that returns because of it.
 */
public final class Event {
    private final Guard guard = new Guard();
    private final WaitList waiters = new WaitList(guard);
    /** Written under guard. */
    private volatile boolean value;

    /** A new event, not set. */
    public Event() {
    }

    /** Sets the flag and wakes every task waiting for it, in the order they came. */
    public void set() {
        guard.lock();
        try {
            if (value) {
                return;
            }
            value = true;
            while (waiters.signalFirst(null) != null) {
                // every waiter, FIFO
            }
        } finally {
            guard.unlock();
        }
    }

    /** Resets the flag; later {@link #await()} calls wait again. */
    public void clear() {
        guard.lock();
        try {
            value = false;
        } finally {
            guard.unlock();
        }
    }

    /**
     * asyncio {@code Event.is_set()}: whether the flag is set.
     *
     * @return true between a {@link #set()} and the next {@link #clear()}
     */
    public boolean isSet() {
        return value;
    }

    /**
     * asyncio {@code Event.wait()}: returns at once (true) if the flag is set, without
     * suspending; otherwise suspends until {@link #set()} is called, or the caller is cancelled
     * ({@link CancelledException}). Always returns true.
     *
     * @return true
     * @throws CancelledException if the caller was cancelled while it waited
     */
    public boolean await() {
        if (value) {
            return true;
        }
        Waiter w = Waiter.current(this);
        guard.lock();
        try {
            if (value) {
                return true;
            }
            waiters.add(w);
        } finally {
            guard.unlock();
        }
        Waits.await(w, Waits.NO_DEADLINE, waiters);
        return true;
    }

    /**
     * A snapshot: the flag and the waiters.
     *
     * @return the event's state at one instant
     */
    public Statistics statistics() {
        guard.lock();
        try {
            return new Statistics(value, waiters.size());
        } finally {
            guard.unlock();
        }
    }

    /**
     * A snapshot of an event's state ({@link #statistics()}).
     *
     * @param set whether the flag is set
     * @param waiters the tasks (and threads) waiting in {@code await}
     */
    public record Statistics(boolean set, int waiters) {
    }

    @Override
    public String toString() {
        Statistics s = statistics();
        return "Event[" + (s.set() ? "set" : "unset") + (s.waiters() > 0 ? ", waiters=" + s.waiters() : "") + "]";
    }
}
