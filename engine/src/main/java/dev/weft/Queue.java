package dev.weft;

import dev.weft.internal.Guard;
import dev.weft.internal.Rings;
import dev.weft.internal.Waiter;
import dev.weft.internal.WaitList;
import dev.weft.internal.WaitOwner;
import dev.weft.internal.Waits;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/*
 * Implementation overview: promises
 *
 * A woken waiter is not handed an item or a slot; it is promised one under the guard, and collects
 * it when it runs (docs/adr/0003). A getter is promised "an item", not a particular one, so a
 * LifoQueue or PriorityQueue gives it the best item at the time it runs; and an item promised to a
 * getter that is then cancelled never left the store, so it cannot be lost. (The store: a FIFO
 * queue's ring, a LifoQueue's or a PriorityQueue's collection; store.size() below is storeSize().)
 *
 *   claimed    items in the store promised to getters that were signalled with CLAIM and have
 *              neither collected nor handed back their promise yet.
 *   reserved   free slots promised to putters that were signalled with SLOT, likewise.
 *
 * Invariants, under guard (maxsize > 0 for those about slots; unbounded, reserved stays 0 and
 * putters stays empty):
 *   (1) claimed <= store.size(), except after shutdown(true) emptied the store: claimed then
 *       only counts down, as its getters find nothing and throw QueueShutDownException.
 *   (2) store.size() + reserved <= maxsize.
 *   (3) store.size() > claimed, an item nobody was promised, implies getters is empty.
 *   (4) store.size() + reserved < maxsize, a slot nobody was promised, implies putters is empty.
 * (3) and (4) hold because every step that adds an unpromised item or frees an unpromised slot
 * promises it at once to the first waiter still waiting, dropping on the way the cancelled ones
 * that have not taken themselves out yet: promiseItemLocked after putLocked, after a getter gives
 * its claim back, and after a woken getter's take failed; promiseSlotLocked after takeLocked,
 * after a putter gives its slot back, and after a woken putter could not use its slot. Each such
 * step makes one item or one slot, and a waiter is queued only when it finds none. (shutdown(true)
 * frees many slots at once, but in the same step it empties putters, and no putter queues after.)
 *
 * Events (all under guard):
 *   put, room           store + 1, promiseItemLocked.
 *   put, no room        queued in putters; ends signalled with SLOT (reserved + 1 by the signaller)
 *                       or SHUTDOWN, or cancelled.
 *   woken putter        SLOT: reserved - 1, then put (store + 1: the slot changes from promised to
 *                       used). Shut down (woken by SLOT or SHUTDOWN), or the store refuses the
 *                       item: promiseSlotLocked passes the slot on, and the put throws.
 *   get, unclaimed item takeLocked: store - 1, promiseSlotLocked.
 *   get, none           queued in getters; ends signalled with CLAIM (claimed + 1) or SHUTDOWN, or
 *                       cancelled.
 *   woken getter        CLAIM: claimed - 1, then takeLocked; if shutdown(true) emptied the store,
 *                       throws instead. SHUTDOWN: throws. A claimed getter takes its item even
 *                       after shutdown(false): gets drain what is left.
 *   shutdown            signals SHUTDOWN to every getter and putter still waiting (no promise);
 *                       promises made before it stand.
 *
 * A promise is handed back when the promised waiter's task is cancelled after the signal and
 * before it collected: Waits.await sees a SIGNALLED waiter end in a cancellation (in endWait, or in
 * beginWait delivering a request already pending) and calls WaitOwner.handBack; Side.handBack then
 * undoes the count (claimed - 1 or reserved - 1) and promises the item or slot to the next waiter.
 * A waiter cancelled before it was signalled was promised nothing: it only leaves its list. A
 * woken putter that cannot use its slot (shut down, store refused) passes it on the same way, as
 * does a woken getter whose take failed in the store (a throwing comparator).
 *
 * Wake-ups follow DESIGN rule 11, decide under the lock, wake after it: under guard,
 * promiseItemLocked and promiseSlotLocked choose the waiter and end its wait (signalFirst: the
 * Waiter CAS, through Guard.signal) and count the promise; the task is unparked, or put on its
 * cooperative loop's ready queue, only when guard is released (shutdown's and taskDone's
 * signals alike). Back in get or put (or in handBack) it takes guard again, to collect (or give
 * back) what it was promised.
 *
 * The lane (a FIFO Queue only): a hand-off that takes no lock when one getter waits alone.
 *
 *   lane       null; a Waiter: a getter waits in the lane; HANDED: a putter handed that getter its
 *              item (in the waiter's value) and the getter has not collected it yet; REVOKED:
 *              shutdown(true) dropped the item handed.
 * A getter that finds nothing opens the lane (lane = itself, under guard) only when nothing else is
 * in the queue's books: the store empty, reserved 0, no putter and no getter queued, not shut down.
 * While it waits there, a put needs no lock: it is the put of the locked path with the item
 * promised to that getter, in three atomic steps:
 *   handedUnfinished + 1, then lane: Waiter g -> HANDED   (claims g: one putter only),
 *   g.signalAndWake(item)      (the outcome and the wake-up in one step),
 * and the woken getter collects with lane: HANDED -> null. HANDED counts as an item in the queue
 * (sizeLocked), as a promised item does.
 * Every locked step that could break the lane's precondition (a put, a shutdown) first settles it
 * (settleLaneLocked): a getter still in the lane moves to the front of getters, so it is served
 * by the locked path; a getter that a putter claimed meanwhile is HANDED. Under guard the lane then
 * only changes by itself from HANDED to null (the collect), which frees a slot: a putter queued on
 * a full queue meanwhile would not see it. So a putter that queues writes puttersQueued and then
 * looks at the lane again (promiseSlotLocked), and a getter that collected reads puttersQueued and,
 * if set, promises the slot under guard: one of the two sees the other (both are volatile).
 * The rare ends: a putter whose signal failed (the getter was cancelled first), and a getter
 * cancelled after the signal (Side.handBack), both put the item back at the front of the store
 * under guard (relocate) and promise it to the next getter. shutdown(true) drops a handed item
 * with the rest (HANDED -> REVOKED) and counts it done; its getter then finds it revoked and
 * throws. A lane put counts its item (handedUnfinished) before its compare-and-set, so the count
 * is in before anyone can see the item; a put that loses the compare-and-set takes it back.
 * Why only FIFO: the lane hands the getter the first item put after it queued; a LifoQueue or a
 * PriorityQueue gives a woken getter the best item at the time it runs, which may come later.
 * Spinning: a getter in the lane spins before it parks (Spin) unless the queue looks like a stream
 * (streaming): the last get after a lane hand-off found the next item already in the store, so the
 * putter went on putting without waiting for the getter, and a getter that parks will find a
 * batch. After a ping-pong's hand-off the next get finds the queue empty. A heuristic only: both
 * flags are guarded, and nothing but the spin depends on them.
 *
 * Why hasRoomLocked checks putters.isEmpty(): it writes down DESIGN rule 3 where a newcomer is let
 * in, a newcomer never overtakes a putter that is queued or already woken. The woken ones are
 * covered by reserved; the queued ones by (4), which makes the size test alone refuse whenever a
 * putter is queued, so the putters test decides nothing while (4) holds. It would decide if a
 * slot ever came free without promiseSlotLocked, as when a store's remove() throws after it
 * shrank (java.util.PriorityQueue.poll with a comparator that throws while sifting down): then
 * newcomers queue behind the waiting putter instead of overtaking it. get() has no such test:
 * (3) alone keeps newcomers behind queued getters.
 */

/**
 * asyncio's {@code Queue}: a FIFO queue for tasks, bounded by {@code maxsize} (unbounded when
 * {@code maxsize <= 0}). Works between tasks of any loop and plain threads: a platform thread
 * may {@link #put} what tasks {@link #get}.
 *
 * {@snippet :
 * Queue<Job> jobs = new Queue<>(100);
 * Weft.spawn(() -> { for (Job j : source) jobs.put(j); jobs.shutdown(); });
 * try {
 *     for (;;) { handle(jobs.get()); jobs.taskDone(); }
 * } catch (QueueShutDownException drained) { }
 * }
 *
 * <ul>
 *   <li>{@code put}/{@code get} suspend while the queue is full/empty; {@code putNowait}/{@code
 *       getNowait} throw {@link QueueFullException}/{@link QueueEmptyException} instead.
 *   <li>Fair: blocked getters and putters are served in arrival order, and a newcomer never
 *       overtakes one already woken (an item put while getters wait is promised to the first
 *       of them; a slot freed while putters wait is kept for the first of them).
 *   <li>A cancelled {@code get} never loses an item and a cancelled {@code put} never loses a
 *       slot: what was promised to it goes to the next waiter.
 *   <li>{@link #taskDone()} and {@link #join()} count the items consumed.
 *   <li>{@link #shutdown()}: later puts throw {@link QueueShutDownException}; gets drain what is
 *       left and then throw; blocked putters and getters wake. {@code shutdown(true)} drops the
 *       items (counted as done, so {@code join} returns) and blocked getters throw at once.
 *   <li>{@code null} items are refused ({@link NullPointerException}), as in {@code
 *       java.util.concurrent}.
 * </ul>
 *
 * <p><em>Memory consistency effects:</em> actions before a {@code put} happen-before the {@code
 * get} that takes that item returns; actions before {@link #taskDone()} happen-before a {@link
 * #join()} that returns because of it.
 *
 * @param <E> the type of the items
 */
public class Queue<E> {
    /** What a woken getter is given: an item is kept for it in the store. */
    private static final Object CLAIM = new Object();
    /** What a woken putter is given: a slot is kept for it. */
    private static final Object SLOT = new Object();
    /** What shutdown gives blocked getters and putters. */
    private static final Object SHUTDOWN = new Object();
    /** In {@link #lane}: a putter handed its item to the getter that waited there. */
    private static final Object HANDED = new Object();
    /** In {@link #lane}: {@code shutdown(true)} dropped the item handed there. */
    private static final Object REVOKED = new Object();
    private static final VarHandle LANE, HANDED_UNFINISHED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LANE = l.findVarHandle(Queue.class, "lane", Object.class);
            HANDED_UNFINISHED = l.findVarHandle(Queue.class, "handedUnfinished", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int maxsize;
    /**
     * Where a {@link LifoQueue}'s or a {@link PriorityQueue}'s items are; null for a FIFO {@code
     * Queue}, whose items are in {@link #ring}. Guarded by guard (as the ring).
     */
    private final java.util.Queue<E> store;
    /**
     * Whether this is a FIFO {@code Queue}: its items are in the ring, and puts may hand off
     * through the lane without the lock.
     */
    private final boolean lanes;
    /** The lock-free hand-off to a getter waiting alone (see the overview). */
    private volatile Object lane;
    /**
     * Whether a getter waiting in the lane should not spin for its item: the last get after a
     * lane hand-off found the next item already there, so the putter did not wait for the getter
     * (a stream), and a getter that parks finds a batch when it wakes, where one that spins takes
     * the items one at a time as they come. After a ping-pong's hand-off the next get finds the
     * queue empty: the putter is waiting for the answer. Guarded by guard.
     */
    private boolean streaming;
    /**
     * Set by a get that waits in the lane, for the next get to learn {@link #streaming} from;
     * cleared by a get that finds an item. Guarded by guard.
     */
    private boolean afterLane;
    /**
     * Items put in the lane and not yet marked done: added to by such a put without the lock,
     * taken from under guard. The unfinished items are this and {@link #unfinished}.
     */
    private volatile int handedUnfinished;
    /**
     * Set under guard by a putter that queued while an item handed in the lane filled the queue;
     * read by the getter that collects it, which then passes the slot on (see the overview).
     */
    private volatile boolean puttersQueued;
    private final Guard guard = new Guard();
    // All below guarded by guard.
    private final WaitList getters = new WaitList(guard);
    private final WaitList putters = new WaitList(guard);
    private final WaitList joiners = new WaitList(guard);
    /** Items in the store promised to woken getters. */
    private int claimed;
    /**
     * A FIFO queue's items: {@link #ringCount} of them from {@link #ringHead} on, in a ring whose
     * length is a power of two (null for the other kinds). Its indices are fields of the queue, not
     * of a collection of its own: a put and a get, which take the lock from each other's cores,
     * then read and write one line of the queue's fields where they read two (DESIGN, "Queue
     * throughput").
     */
    private Object[] ring;
    private int ringHead, ringCount;
    /** Free slots kept for woken putters. */
    private int reserved;
    /** Items put by the locked path and not yet marked done; see also {@link #handedUnfinished}. */
    private int unfinished;
    private boolean shutdown;

    /**
     * The owner of one side's waiters (getters or putters). A waiter cancelled before it was
     * woken just leaves; one cancelled after it was woken with a promise (an item kept for a
     * getter, a slot kept for a putter) gives the promise back, which goes to the next waiter.
     */
    private final class Side implements WaitOwner {
        private final WaitList list;
        private final Object promise;
        private final Runnable giveBackLocked;

        Side(WaitList list, Object promise, Runnable giveBackLocked) {
            this.list = list;
            this.promise = promise;
            this.giveBackLocked = giveBackLocked;
        }

        @Override
        public void dequeue(Waiter w) {
            guard.lock();
            try {
                if (!LANE.compareAndSet(Queue.this, w, null)) { // it waited in the lane, alone
                    list.remove(w);
                }
            } finally {
                guard.unlock();
            }
        }

        @Override
        public void handBack(Waiter w) {
            Object v = w.value();
            if (v == promise) {
                guard.lock();
                try {
                    giveBackLocked.run();
                } finally {
                    guard.unlock();
                }
            } else if (promise == CLAIM && v != SHUTDOWN) {
                relocate(v); // an item handed in the lane
            }
        }
    }

    private final WaitOwner getterOwner = new Side(getters, CLAIM, () -> {
        claimed--;
        promiseItemLocked();
    });

    private final WaitOwner putterOwner = new Side(putters, SLOT, () -> {
        reserved--;
        promiseSlotLocked();
    });


    /** An unbounded queue. */
    public Queue() {
        this(0);
    }

    /**
     * A queue of at most {@code maxsize} items; {@code maxsize <= 0} means unbounded.
     *
     * @param maxsize the most items the queue holds; 0 or less: no bound
     */
    public Queue(int maxsize) {
        this(maxsize, null);
    }

    /** A queue whose items are in {@code store}; null: a FIFO queue, its items in its own ring. */
    Queue(int maxsize, java.util.Queue<E> store) {
        this.maxsize = maxsize;
        this.store = store;
        this.lanes = store == null;
        this.ring = lanes ? new Object[16] : null;
    }

    // ---- put ------------------------------------------------------------------------------

    /**
     * Puts {@code item}, suspending while the queue is full. A suspension point only when it has
     * to wait: then it lies dormant until a slot is kept for it, the queue is shut down ({@link
     * QueueShutDownException}), or the caller is cancelled ({@link CancelledException}; the item
     * is not put, and a slot kept for it goes to the next putter).
     *
     * @param item the item to put; not null
     * @throws QueueShutDownException if the queue is shut down
     * @throws CancelledException if the caller was cancelled while it waited (the item was not put)
     */
    public void put(E item) {
        Objects.requireNonNull(item, "item");
        checkItem(item);
        if (lanes && handInLane(item)) {
            return;
        }
        Waiter w;
        guard.lock();
        try {
            settleLaneLocked(); // from here on the lane can only go from HANDED to null
            if (shutdown) {
                throw shutDown();
            }
            boolean handed = lane == HANDED; // read before the room test, which may count it
            if (hasRoomLocked()) {
                putLocked(item);
                return;
            }
            w = Waiter.current(this);
            putters.add(w);
            if (handed) { // its getter may collect, freeing a slot, without the lock
                puttersQueued = true;
                promiseSlotLocked(); // and may have done so since the room test
            }
        } finally {
            guard.unlock();
        }
        Waits.await(w, Waits.NO_DEADLINE, putterOwner);
        guard.lock();
        try {
            if (w.value() == SLOT) {
                reserved--;
            }
            if (shutdown) {
                promiseSlotLocked();
                throw shutDown();
            }
            try {
                putLocked(item);
            } catch (RuntimeException | Error e) {
                promiseSlotLocked(); // the store refused the item: its slot goes to the next putter
                throw e;
            }
        } finally {
            guard.unlock();
        }
    }

    /**
     * Puts {@code item} if there is room now, without suspending.
     *
     * @param item the item to put; not null
     * @throws QueueFullException if the queue is full (or its free slots are kept for woken putters)
     * @throws QueueShutDownException if the queue is shut down
     */
    public void putNowait(E item) {
        Objects.requireNonNull(item, "item");
        checkItem(item);
        if (lanes && handInLane(item)) {
            return;
        }
        guard.lock();
        try {
            settleLaneLocked();
            if (shutdown) {
                throw shutDown();
            }
            if (!hasRoomLocked()) {
                throw new QueueFullException("Queue is full: " + this);
            }
            putLocked(item);
        } finally {
            guard.unlock();
        }
    }

    /** Room for a newcomer: a free slot not kept for a woken putter, and nobody queued before it. */
    private boolean hasRoomLocked() {
        return maxsize <= 0 || (sizeLocked() + reserved < maxsize && putters.isEmpty());
    }

    /** The items in the queue: the store's, and one handed in the lane and not yet collected. */
    private int sizeLocked() {
        return lane == HANDED ? storeSize() + 1 : storeSize();
    }

    // ---- the store: the ring of a FIFO queue, or the collection of the other kinds -------------

    private int storeSize() {
        return lanes ? ringCount : store.size();
    }

    /** Adds {@code e} at the end; if the store throws, nothing has changed. */
    private void storeAdd(E e) {
        if (!lanes) {
            store.add(e);
            return;
        }
        ensureRoom();
        ring[(ringHead + ringCount++) & (ring.length - 1)] = e;
    }

    /** FIFO only: {@code e} goes back to the front, before the oldest item. */
    private void storeAddFirst(E e) {
        ensureRoom();
        ringHead = (ringHead - 1) & (ring.length - 1);
        ring[ringHead] = e;
        ringCount++;
    }

    /** A full ring doubles, its items moved to the front of the new one in order. */
    private void ensureRoom() {
        if (ringCount == ring.length) {
            ring = Rings.doubled(ring, ringHead);
            ringHead = 0;
        }
    }

    /** Takes the next item in the queue's order; the store is not empty. */
    @SuppressWarnings("unchecked")
    private E storeRemove() {
        if (!lanes) {
            return store.remove();
        }
        Object[] r = ring;
        E e = (E) r[ringHead];
        r[ringHead] = null;
        ringHead = (ringHead + 1) & (r.length - 1);
        ringCount--;
        return e;
    }

    private void storeClear() {
        if (!lanes) {
            store.clear();
            return;
        }
        java.util.Arrays.fill(ring, null);
        ringHead = 0;
        ringCount = 0;
    }

    // ---- the lane (see the overview) ------------------------------------------------------

    /**
     * Hands {@code item} to a getter waiting alone in the lane, without the lock; false when none
     * waits there (the caller takes the locked path).
     */
    private boolean handInLane(E item) {
        if (!(lane instanceof Waiter g)) {
            return false;
        }
        // Counted before the item is in the lane: its getter may call taskDone as soon as it
        // runs, and shutdown(true) counts a handed item done at once.
        HANDED_UNFINISHED.getAndAdd(this, 1);
        if (!LANE.compareAndSet(this, g, HANDED)) {
            uncount();
            return false;
        }
        if (!g.signalAndWake(item)) {
            relocate(item); // it was cancelled a moment ago
        }
        return true;
    }

    /**
     * A put that counted its item for the lane did not get in: takes the count back, and wakes a
     * join() that saw the count meanwhile if none is left.
     */
    private void uncount() {
        guard.lock();
        try {
            doneLocked(1); // only the sum of the two counts is ever read
        } finally {
            guard.unlock();
        }
    }

    /**
     * Under guard, before a step that counts on the lane's precondition: a getter still waiting in
     * the lane moves to the front of the getters' list (it was first in line), so the locked path
     * serves it. Afterwards the lane is not a waiter, and holds until the guard is released.
     */
    private void settleLaneLocked() {
        if (lanes && lane instanceof Waiter g && LANE.compareAndSet(this, g, null)) {
            getters.addFirst(g);
        }
    }

    /**
     * An item handed in the lane was not collected (the getter was cancelled before or after the
     * signal): back to the front of the store, the oldest item, and promised to the next getter;
     * unless shutdown(true) dropped it meanwhile (and counted it done).
     */
    private void relocate(Object item) {
        guard.lock();
        try {
            if (LANE.compareAndSet(this, HANDED, null)) {
                @SuppressWarnings("unchecked")
                E e = (E) item;
                storeAddFirst(e);
                promiseItemLocked();
            }
        } finally {
            guard.unlock();
        }
    }

    /** The woken getter of the lane takes its item; false when shutdown(true) dropped it. */
    private boolean collect() {
        if (LANE.compareAndSet(this, HANDED, null)) {
            if (puttersQueued) { // a putter queued on the slot the item took (see the overview)
                guard.lock();
                try {
                    puttersQueued = false; // a putter that queues from now on sees the lane empty
                    promiseSlotLocked();
                } finally {
                    guard.unlock();
                }
            }
            return true;
        }
        return false; // REVOKED
    }

    /**
     * Throws what the store would throw for {@code item} (a {@link PriorityQueue}'s {@code
     * ClassCastException}), before a put waits or touches the queue. Runs without the lock.
     */
    void checkItem(E item) {
    }

    /** Adds an item; if the store throws, nothing has changed (the caller passes on a kept slot). */
    private void putLocked(E item) {
        storeAdd(item);
        unfinished++;
        promiseItemLocked();
    }

    /** An item is in the store that nobody was promised: give it to the first waiting getter. */
    private void promiseItemLocked() {
        if (storeSize() > claimed && getters.signalFirst(CLAIM) != null) {
            claimed++;
        }
    }

    /** A slot is free that nobody was promised: keep it for the first waiting putter. */
    private void promiseSlotLocked() {
        if (maxsize > 0 && sizeLocked() + reserved < maxsize && putters.signalFirst(SLOT) != null) {
            reserved++;
        }
    }

    // ---- get ------------------------------------------------------------------------------

    /**
     * Takes the next item, suspending while the queue is empty. A suspension point only when it
     * has to wait: then it lies dormant until an item is promised to it, the queue is shut down
     * ({@link QueueShutDownException}), or the caller is cancelled ({@link CancelledException};
     * an item promised to it stays in the queue for the next getter).
     *
     * @return the next item: the oldest for a {@code Queue}, the newest for a {@link LifoQueue},
     *     the first in its order for a {@link PriorityQueue}
     * @throws QueueShutDownException if the queue is shut down and has nothing left
     * @throws CancelledException if the caller was cancelled while it waited (no item was taken)
     */
    public E get() {
        Waiter w;
        guard.lock();
        try {
            if (storeSize() > claimed) {
                if (afterLane) {
                    afterLane = false;
                    streaming = true;
                }
                return takeLocked();
            }
            if (shutdown) {
                throw shutDown();
            }
            w = Waiter.current(this);
            if (afterLane) {
                streaming = false;
            }
            if (lanes && lane == null && ringCount == 0 && reserved == 0 && putters.isEmpty() && getters.isEmpty()) {
                w.expectHandOff(!streaming);
                lane = w;
                afterLane = true; // the next get tells whether the putter went on putting
            } else {
                getters.add(w);
            }
        } finally {
            guard.unlock();
        }
        Waits.await(w, Waits.NO_DEADLINE, getterOwner);
        Object v = w.value();
        if (v != CLAIM && v != SHUTDOWN) { // handed in the lane
            if (collect()) {
                @SuppressWarnings("unchecked")
                E item = (E) v;
                return item;
            }
            throw shutDown();
        }
        guard.lock();
        try {
            if (v == CLAIM) {
                claimed--;
                if (storeSize() != 0) {
                    try {
                        return takeLocked();
                    } catch (RuntimeException | Error e) {
                        promiseItemLocked(); // the store failed (a throwing comparator): pass the claim on
                        throw e;
                    }
                }
            }
            throw shutDown(); // woken by shutdown, or its item was dropped by shutdown(true)
        } finally {
            guard.unlock();
        }
    }

    /**
     * Takes the next item if there is one not promised to a woken getter, without suspending.
     *
     * @return the next item, in the queue's order (see {@link #get()})
     * @throws QueueEmptyException if there is none
     * @throws QueueShutDownException if the queue is shut down and has nothing left
     */
    public E getNowait() {
        guard.lock();
        try {
            if (storeSize() > claimed) {
                return takeLocked();
            }
            if (shutdown) {
                throw shutDown();
            }
            throw new QueueEmptyException("Queue is empty: " + this);
        } finally {
            guard.unlock();
        }
    }

    private E takeLocked() {
        E item = storeRemove();
        promiseSlotLocked();
        return item;
    }

    // ---- task_done / join -----------------------------------------------------------------

    /**
     * Marks one item taken with {@code get} as processed; when every item put has been marked,
     * {@link #join()} callers wake.
     *
     * @throws IllegalStateException ("task_done() called too many times") if more calls than items
     */
    public void taskDone() {
        guard.lock();
        try {
            if (unfinishedLocked() == 0) {
                throw new IllegalStateException("task_done() called too many times");
            }
            doneLocked(1);
        } finally {
            guard.unlock();
        }
    }

    /**
     * {@code k} items are done (at most as many as are unfinished): by taskDone, or dropped by
     * shutdown(true). Wakes the joiners when none is left.
     */
    private void doneLocked(int k) {
        int fromLocked = Math.min(k, unfinished);
        unfinished -= fromLocked;
        int rest = k - fromLocked;
        while (rest > 0) {
            int h = handedUnfinished; // a put in the lane adds to it without the lock
            int take = Math.min(rest, h);
            if (take == 0) {
                break;
            }
            if (HANDED_UNFINISHED.compareAndSet(this, h, h - take)) {
                rest -= take;
            }
        }
        if (unfinishedLocked() == 0) {
            wakeJoinersLocked();
        }
    }

    private int unfinishedLocked() {
        return unfinished + handedUnfinished;
    }

    private void wakeJoinersLocked() {
        while (joiners.signalFirst(null) != null) {
            // all of them
        }
    }

    /**
     * Suspends until every item put has been marked with {@link #taskDone()} (returns at once,
     * without suspending, when none is outstanding). A cancellation of the caller ends the wait.
     */
    public void join() {
        Waiter w;
        guard.lock();
        try {
            if (unfinishedLocked() == 0) {
                return;
            }
            w = Waiter.current(this);
            joiners.add(w);
        } finally {
            guard.unlock();
        }
        Waits.await(w, Waits.NO_DEADLINE, joiners);
    }

    // ---- shutdown -------------------------------------------------------------------------

    /** {@code shutdown(false)}: puts fail from now on, gets drain what is left then fail. */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * asyncio 3.13 {@code Queue.shutdown(immediate)}: later puts throw {@link
     * QueueShutDownException} and blocked putters wake with it; blocked getters wake and throw
     * once nothing is left. With {@code immediate}, the items left are dropped and counted as
     * done (so {@link #join()} returns), and gets throw at once.
     *
     * @param immediate true to drop the items left and make gets fail at once; false to let gets
     *     drain them first
     */
    public void shutdown(boolean immediate) {
        guard.lock();
        try {
            settleLaneLocked();
            shutdown = true;
            if (immediate) {
                int n = storeSize();
                storeClear(); // getters already promised an item find none and throw
                // An item handed in the lane and not yet collected is dropped too: its getter
                // finds it revoked and throws.
                if (LANE.compareAndSet(this, HANDED, REVOKED)) {
                    n++;
                }
                doneLocked(n);
            }
            while (getters.signalFirst(SHUTDOWN) != null) {
                // every blocked getter
            }
            while (putters.signalFirst(SHUTDOWN) != null) {
                // every blocked putter
            }
        } finally {
            guard.unlock();
        }
    }

    private QueueShutDownException shutDown() {
        return new QueueShutDownException("Queue is shut down");
    }


    // ---- state ----------------------------------------------------------------------------

    /**
     * The number of items in the queue (including any promised to a woken getter).
     *
     * @return the number of items in the queue now
     */
    public int qsize() {
        guard.lock();
        try {
            return sizeLocked();
        } finally {
            guard.unlock();
        }
    }

    /**
     * Whether the queue holds no item now ({@code qsize() == 0}); an item promised to a woken
     * getter still counts.
     *
     * @return true if the queue is empty
     */
    public boolean empty() {
        return qsize() == 0;
    }

    /**
     * Whether the queue holds {@code maxsize} items (never, when unbounded).
     *
     * @return true if the queue is bounded and holds {@code maxsize} items or more now
     */
    public boolean full() {
        return maxsize > 0 && qsize() >= maxsize;
    }

    /**
     * The bound given at construction.
     *
     * @return the most items the queue holds; 0 or less means unbounded
     */
    public int maxsize() {
        return maxsize;
    }

    /**
     * A snapshot of the queue's state.
     *
     * @return the queue's counts at one instant, read under its lock
     */
    public Statistics statistics() {
        guard.lock();
        try {
            int inLane = lane instanceof Waiter ? 1 : 0;
            return new Statistics(sizeLocked(), maxsize, getters.size() + inLane, putters.size(), unfinishedLocked(), shutdown);
        } finally {
            guard.unlock();
        }
    }

    /**
     * A snapshot of a queue's state ({@link #statistics()}).
     *
     * @param size items in the queue
     * @param maxsize the bound (0 or less: unbounded)
     * @param getters tasks blocked in {@code get}
     * @param putters tasks blocked in {@code put}
     * @param unfinished items put and not yet marked with {@code taskDone}
     * @param shutdown whether {@link #shutdown(boolean)} has been called
     */
    public record Statistics(int size, int maxsize, int getters, int putters, int unfinished, boolean shutdown) {
    }

    @Override
    public String toString() {
        Statistics s = statistics();
        return getClass().getSimpleName() + "[size=" + s.size() + (maxsize > 0 ? "/" + maxsize : "") + ", getters="
                + s.getters() + ", putters=" + s.putters() + ", unfinished=" + s.unfinished()
                + (s.shutdown() ? ", shut down" : "") + "]";
    }
}
