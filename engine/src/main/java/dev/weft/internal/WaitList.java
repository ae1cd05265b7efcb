package dev.weft.internal;

/**
 * The FIFO of waiters every primitive keeps: O(1) append, removal of any waiter, and signalling of
 * the first one still waiting. Not thread-safe: the owning primitive guards it with its own lock,
 * and when that lock is a {@link Guard}, the waiters this list signals are woken when it is
 * released, and the list is the {@link WaitOwner} of its waits: a wait that ends without a signal
 * (cancelled, timed out) takes itself out under the guard.
 */
public final class WaitList implements WaitOwner {
    private final Guard guard;
    private Waiter head, tail;
    private int size;

    /** A list whose signals wake at once (its owner's lock is not a {@link Guard}). */
    public WaitList() {
        this(null);
    }

    /** A list guarded by {@code guard}: its signals wake when {@code guard} is released. */
    public WaitList(Guard guard) {
        this.guard = guard;
    }

    /** Appends {@code w}, which must be in no list (a waiter joins one list in its life). */
    public void add(Waiter w) {
        if (w.listed()) {
            throw new IllegalStateException("already in a wait list: " + w);
        }
        w.prev = tail;
        w.next = null;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        size++;
    }

    /**
     * Puts {@code w}, which must be in no list, at the front: a waiter that was first in line
     * elsewhere (a {@code Queue}'s lane) keeps its place when it joins the list.
     */
    public void addFirst(Waiter w) {
        if (w.listed()) {
            throw new IllegalStateException("already in a wait list: " + w);
        }
        w.prev = null;
        w.next = head;
        if (head == null) {
            tail = w;
        } else {
            head.prev = w;
        }
        head = w;
        size++;
    }

    /**
     * A wait on this list ended without a signal: takes {@code w} out under the guard. Only for a
     * list made with a {@link Guard}; the caller must not hold it.
     */
    @Override
    public void dequeue(Waiter w) {
        guard.lock();
        try {
            remove(w);
        } finally {
            guard.unlock();
        }
    }

    /**
     * Removes {@code w} if it is still in this list; returns whether it was. {@code w} must have
     * been added to this list, if to any (a waiter joins only the list of what it waits on).
     */
    public boolean remove(Waiter w) {
        if (!w.listed()) {
            return false;
        }
        if (w.prev == null) {
            head = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            tail = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = w; // in no list
        w.next = null;
        size--;
        return true;
    }

    /** The first waiter, or null. */
    public Waiter peek() {
        return head;
    }

    /**
     * Removes waiters from the front until one accepts {@code value} (see {@link
     * Waiter#signal(Object)}); returns that waiter, or null when none was waiting. Waiters that
     * were cancelled or timed out a moment ago are dropped on the way (they would have dequeued
     * themselves).
     */
    public Waiter signalFirst(Object value) {
        for (Waiter w = head; w != null; w = head) {
            remove(w);
            if (guard != null ? guard.signal(w, value) : w.signal(value)) {
                return w;
            }
        }
        return null;
    }

    /** Whether any waiter is still queued and waiting. */
    public boolean hasWaiting() {
        for (Waiter w = head; w != null; w = w.next) {
            if (w.isWaiting()) {
                return true;
            }
        }
        return false;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }
}
