package dev.weft.internal;

import dev.weft.CancelledException;
import dev.weft.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * Implementation overview: the cancellation state machine
 *
 * All of it changes under `lock`, a spin lock whose critical sections never block; they call out
 * only to thread.interrupt() and to finish's Completion, which only writes fields. begin,
 * beginWait, endWait and finish are called by the fiber's own thread; cancel, uncancel and
 * repostCancel by any thread.
 *
 * States. `phase` (with the flags mustCancel, interruptSent and interruptWithdrawn, bits of one
 * byte beside it) is NEW until the fiber's thread calls begin(), RUNNING while the body runs,
 * FINISHED from finish() on. RUNNING has two sub-states: "waiting on w" while `waiter` is set, from
 * beginWait(w) to endWait(w) around the park (Waits.await, Waits.yieldNow), and "no wait" while
 * the body computes or sits in a JDK blocking call. What the fields mean in each:
 *
 *                   NEW                    RUNNING, no wait          RUNNING, waiting on w     FINISHED
 *   waiter          null                   null                      w                         null
 *   mustCancel      a request came before  a request is pending:     a request was posted      false
 *                   the start; begin()     the next beginWait or     during the wait; w has
 *                   throws it              finish takes it           ended, endWait throws it
 *   interruptSent   false                  the pending request was   false                     stale, unread
 *                                          also sent as an interrupt
 *
 * cancelRequests ("n" below) is asyncio's _num_cancels_requested in every phase; cancelMessage is
 * the message of the latest request posted here (a forwarded one leaves it alone).
 *
 * post(m) is requestLocked: mustCancel = true, cancelMessage = m, then the delivery depends on the
 * state: waiting on w -> w.tryCancel(m), and if that won, w is woken once the lock is released
 * (if w had already ended, signalled or timed out, endWait still throws); RUNNING, no wait ->
 * thread.interrupt() and interruptSent = true (every post interrupts again: an earlier interrupt
 * may have been consumed by a JDK call already); NEW -> nothing more, begin() delivers it.
 *
 * Events:
 *
 *   begin()         NEW -> RUNNING, no wait. A pending request is cleared and returned: the task
 *                   throws it before any of its body runs (asyncio throws it in at the first step).
 *   cancel(m)       FINISHED: returns false and changes nothing. Otherwise n++, then: waiting on a
 *                   forwarding w that is still WAITING, the request goes to the awaited task,
 *                   outside the lock (that task may be awaiting one that forwards back), and only
 *                   if it cannot take it (it finished meanwhile) post(m) after all; else post(m).
 *   interrupt       of the fiber's thread, by weft or anyone. Parked in a weft wait (Waits.park, or
 *                   the cooperative scheduler's baton), the thread clears it and calls cancel(null).
 *                   Otherwise it stays set, for a JDK blocking call to consume or for the next
 *                   beginWait or finish to read.
 *   beginWait(w)    RUNNING, no wait. Reads and clears the interrupt flag under the lock (cancel()
 *                   interrupts under it, so flag and interruptSent agree); a withdrawn interrupt
 *                   (interruptWithdrawn, see uncancel) does not count as set. A set flag that is not
 *                   our pending interrupt, !(mustCancel && interruptSent), is a foreign interrupt:
 *                   n++ and a request with message null is pending. If a request is pending,
 *                   mustCancel and interruptSent are cleared and
 *                     - our interrupt was consumed (interruptSent, flag clear): a JDK call threw
 *                       InterruptedException, which was the delivery; the wait goes ahead as
 *                       below;
 *                     - else, w forwards: waiter = w (-> waiting on w) and PendingCancel(m,
 *                       forward) is returned; Waits.await forwards the request, and calls
 *                       repostCancel() if it is refused;
 *                     - else PendingCancel(m) is returned, and Waits.await throws it as a
 *                       CancelledException; the wait never starts (Waits.await undoes the
 *                       queueing, or hands back a signal that came).
 *                   Otherwise waiter = w (-> waiting on w) and null is returned: nothing is
 *                   allocated unless a request is delivered.
 *   endWait(w)      waiting on w -> RUNNING, no wait (waiter = null). If w was CANCELLED, or a
 *                   request is pending, mustCancel and interruptSent are cleared and the request is
 *                   returned (w's message, or the pending one), to be thrown; Waits.await then
 *                   hands back what a signalled w had received (WaitOwner.handBack).
 *   uncancel()      Any phase: n-- if n > 0. Reaching 0 drops a pending request: mustCancel and
 *                   interruptSent are cleared, and our unconsumed interrupt too when the fiber's
 *                   own thread calls it. Another thread cannot clear it: it sets
 *                   interruptWithdrawn, and the next beginWait clears the flag instead of taking
 *                   it for a foreign interrupt (asyncio drops the request). A foreign interrupt
 *                   that lands in the same window is dropped with it; a new cancel() owns the
 *                   flag again (interruptWithdrawn cleared as it interrupts).
 *   repostCancel()  Not FINISHED and n > 0: post(cancelMessage), n unchanged (asyncio's
 *                   uncancel(); cancel() pair). Otherwise nothing.
 *   finish(...)     RUNNING -> FINISHED, mustCancel cleared. Reads and clears the interrupt flag.
 *                   A body that returned normally with a request pending, unless that request was
 *                   our interrupt and a JDK call consumed it, ends cancelled (asyncio
 *                   test_cancel_at_end). The outcome is published in this critical section, so a
 *                   cancel() that loses to the end finds FINISHED and returns false. A foreign
 *                   interrupt that came after the last wait is dropped here, not counted.
 *
 * Invariants, under lock:
 *   - interruptSent implies mustCancel (NEW, RUNNING), and is false while waiter is set: a post
 *     during a wait never interrupts, and beginWait took any earlier interrupt.
 *   - waiter is set only in RUNNING, and mustCancel is false while it is still WAITING: a post
 *     during a wait ends it (tryCancel) or finds it ended, and a forwarded request sets neither.
 *     So a request is delivered once (DESIGN rule 2): by begin, beginWait, endWait or finish,
 *     whichever clears mustCancel first, by a JDK call that consumed our interrupt, or by the
 *     awaited task it was forwarded to.
 *   - The choice is made under the lock, the wake-up after it (DESIGN rule 11): cancel and
 *     repostCancel cancel the waiter under the lock (its CAS) and wake it once they released it.
 *     The canceller leaves the waiter in its primitive's wait list; the woken task takes itself
 *     out (WaitOwner.dequeue) under that primitive's lock.
 */

/**
 * What weft keeps for one thread it runs: the virtual thread, the scheduler of its loop, and the
 * task's cancellation state (asyncio's {@code _num_cancels_requested} and {@code _must_cancel}).
 * What the thread runs is the subclass's {@link #runBody()}: a task's fiber is a private class of
 * {@code dev.weft.Task}, whose {@code runBody} is the task's life (start, body, outcome), so that
 * the body is called from the frame right above the thread's start ({@link Start}); a loop
 * callback's is {@code Scheduler}'s.
 *
 * <p>The fiber is installed as its thread's {@link Thread.UncaughtExceptionHandler}. That gives
 * every thread a slot that {@link #current()} reads back for free; a {@code ThreadLocal} would
 * cost a map per task (about 140 bytes), which is most of the memory budget of a suspended task.
 *
 * <h2>Cancellation, the rules this class enforces</h2>
 * <ol>
 *   <li>{@link #cancel} on a finished fiber does nothing. Otherwise it counts a request and
 *       delivers it: to the wait in progress (its {@link Waiter} is cancelled, or, for a
 *       forwarding wait, the request goes to what is awaited), else by interrupting the thread
 *       if the body is running, else (not started yet) at start.
 *   <li>A request is delivered exactly once: as a {@link CancelledException} at a weft wait, or as
 *       the interrupt a JDK blocking call consumed ({@code InterruptedException}). A request that
 *       was never delivered when the body returns makes the task end cancelled.
 *   <li>An interrupt that weft did not send is a cancellation request too.
 * </ol>
 * All of that state is guarded by a tiny spin lock; no critical section blocks or calls out,
 * except {@link Thread#interrupt()} (which only takes the thread's own interrupt lock).
 */
public abstract class Fiber implements Thread.UncaughtExceptionHandler {
    private static final int NEW = 0, RUNNING = 1, FINISHED = 2;
    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(Fiber.class, "lock", byte.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The scheduler of the loop this fiber belongs to. */
    public final Scheduler scheduler;
    final Thread thread;
    /**
     * For a task's fiber started by a JDK {@code StructuredTaskScope}: the scope's subtask wrapper,
     * which the thread runs instead of {@link #runBody()} and which calls it ({@link #startVia}).
     * Null otherwise. Written before the thread starts.
     */
    private Runnable via;

    /** Links in the scheduler's FiberRegistry, guarded by its stripe lock. */
    Fiber regPrev, regNext;

    // Cooperative scheduling, guarded by the cooperative scheduler's lock: SCHEDULED (in the ready
    // queue or holding the baton) and STARTED (its thread was started), bits of one byte.
    static final int SCHEDULED = 1, STARTED = 2;
    private byte coop;
    /**
     * It parks (or is about to) until it gets the baton, so whoever hands it over must unpark it;
     * while it spins for the baton instead, nobody needs to. Written by its own thread.
     */
    volatile boolean batonParked;

    /** How long this fiber spins before it parks (see {@link Spin}); its own thread's only. */
    int spinNanos;

    // Cancellation state, guarded by `lock`. A byte lock, and the phase and three flags as bits
    // of one byte: the fields of a task's fiber, its Task and its Waiter are most of what a
    // suspended task weighs, and these keep the fiber at 56 bytes.
    private volatile byte lock;
    /** The phase (NEW, RUNNING, FINISHED) in the low bits, and the flags below. */
    private byte state;
    private static final int PHASE = 3;
    /** In {@code state}: a request is pending delivery (asyncio's _must_cancel). */
    private static final int MUST_CANCEL = 4;
    /** In {@code state}: the pending request was sent as an interrupt of the thread. */
    private static final int INTERRUPT_SENT = 8;
    /**
     * In {@code state}: a request sent as an interrupt was withdrawn ({@link #uncancel}) by another
     * thread, which cannot clear this thread's flag: the next wait clears it instead of reading it
     * as a foreign interrupt.
     */
    private static final int INTERRUPT_WITHDRAWN = 16;
    private int cancelRequests;
    private String cancelMessage;
    /** The weft wait in progress, or null. */
    private Waiter waiter;

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /**
     * Records the calling code's frame as this task's creation site: the first frame whose class
     * is not weft's own (weft's classes share one protection domain, its jar or classes folder,
     * whatever their package: tests and examples in package {@code dev.weft} are not weft).
     */
    public void recordCreationSite() {
        java.security.ProtectionDomain weft = Fiber.class.getProtectionDomain();
        scheduler.recordCreationSite(this, WALKER.walk(frames -> frames
                .filter(f -> f.getDeclaringClass().getProtectionDomain() != weft)
                .findFirst()
                .map(f -> f.toStackTraceElement().toString())
                .orElse("?")));
    }

    /** The creation site recorded in debug mode (the caller's frame), or null. */
    public String creationSiteFrame() {
        return scheduler.creationSite(this);
    }

    // The cancellation state's bits, under lock.
    private int phase() {
        return state & PHASE;
    }

    private void phase(int p) {
        state = (byte) (state & ~PHASE | p);
    }

    private boolean is(int flag) {
        return (state & flag) != 0;
    }

    private void set(int flag, boolean on) {
        state = (byte) (on ? state | flag : state & ~flag);
    }

    // The cooperative bits, under the cooperative scheduler's lock.
    boolean coop(int bit) {
        return (coop & bit) != 0;
    }

    void coop(int bit, boolean on) {
        coop = (byte) (on ? coop | bit : coop & ~bit);
    }

    /**
     * A fiber of {@code scheduler} with its virtual thread, unstarted. Its subclass says what the
     * thread runs ({@link #runBody()}): the task's fiber in {@code dev.weft.Task}, or a loop
     * callback's ({@link Scheduler#callSoon}).
     *
     * @param threadName the thread's name, or null for the JDK's default
     */
    protected Fiber(Scheduler scheduler, String threadName) {
        this.scheduler = scheduler;
        Thread.Builder.OfVirtual b = Thread.ofVirtual().uncaughtExceptionHandler(this);
        if (threadName != null) {
            b.name(threadName);
        }
        this.thread = b.unstarted(Start.INSTANCE);
    }

    /** The fiber of the calling thread, or null when it is not a thread weft runs. */
    public static Fiber current() {
        return Thread.currentThread().getUncaughtExceptionHandler() instanceof Fiber f ? f : null;
    }

    public Thread thread() {
        return thread;
    }

    /** The task this fiber runs, or null for a fiber that runs a loop callback. */
    public abstract Task<?> task();

    /**
     * What the thread runs: the task's whole life (start, body, outcome), or the callback. Called
     * once, by the thread's {@link Start} or by a JDK scope's wrapper ({@link #startVia}); the
     * frame a task's body is called from, so that no hook sits between the thread's start and the
     * body.
     */
    protected abstract void runBody();

    /**
     * For a {@code ThreadFactory} that hands this task fiber's unstarted thread to a JDK {@code
     * StructuredTaskScope}: the thread runs {@code wrapper} (the scope's subtask, which must call
     * {@link #runBody()}) instead of the task itself. Before the thread starts.
     */
    public void startVia(Runnable wrapper) {
        if (task() == null || via != null) {
            throw new IllegalStateException("only a task's fiber is started through a scope: " + this);
        }
        via = wrapper;
    }

    /**
     * What every fiber's thread runs, one instance for all: the fiber's {@link #runBody()} (or a
     * scope's wrapper of it), then the scheduler's bookkeeping. The thread finds its fiber in its
     * uncaught-exception handler slot and empties that slot as its last act, so that a thread that
     * ended refers to no fiber: the thread keeps the Runnable it was started with after it ends
     * (its continuation's target), and the scheduler keeps exited threads until they are joined
     * ({@link Scheduler#joinExited}), so a fiber as the Runnable kept its task reachable, with the
     * task's result or unretrieved failure, in a loop that stays open.
     */
    static final class Start implements Runnable {
        static final Start INSTANCE = new Start();

        @Override
        public void run() {
            Thread me = Thread.currentThread();
            Fiber f = (Fiber) me.getUncaughtExceptionHandler();
            try {
                Runnable wrapper = f.via;
                if (wrapper != null) {
                    wrapper.run();
                } else {
                    f.runBody();
                }
            } finally {
                f.scheduler.exit(f);
                me.setUncaughtExceptionHandler(null); // skipped if exit() threw: the handler logs that
            }
        }
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        // A task's runBody catches everything; reaching here is a bug in weft itself.
        org.slf4j.LoggerFactory.getLogger(Fiber.class).error("weft internal error in {}", t, e);
    }

    private void lock() {
        int spins = 0;
        while (!LOCK.compareAndSet(this, (byte) 0, (byte) 1)) {
            if (++spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private void unlock() {
        LOCK.setRelease(this, (byte) 0);
    }

    // ---- lifecycle ------------------------------------------------------------------------

    /**
     * Called by the fiber's own thread before the body runs. Returns the cancellation to deliver
     * at once when the task was cancelled before it started (asyncio throws it into the
     * coroutine at its first step, so none of the body runs), else null.
     */
    public CancelledException begin() {
        lock();
        try {
            phase(RUNNING);
            if (is(MUST_CANCEL)) {
                set(MUST_CANCEL, false);
                return new CancelledException(cancelMessage);
            }
            return null;
        } finally {
            unlock();
        }
    }

    /**
     * Publishes a task's outcome as its fiber finishes. Run by {@link #finish} under the fiber's
     * lock, in the same step that makes {@link #cancel} return false, so that a cancel that
     * loses to the task's end finds the task done ({@code Future.cancel}'s promise). It must
     * only write fields.
     */
    @FunctionalInterface
    public interface Completion {
        /**
         * @param undelivered for a body that returned normally, the cancellation of a request
         *     that was never delivered (the task then ends cancelled with it), else null
         */
        void complete(CancelledException undelivered);
    }

    /**
     * Called by the fiber's own thread when the body returned ({@code normally}) or threw. Marks
     * the fiber finished (after this, {@link #cancel} returns false) and publishes the task's
     * outcome through {@code outcome} in the same critical section.
     */
    public void finish(boolean normally, Completion outcome) {
        lock();
        try {
            // Read under the lock: cancel() interrupts under it, so flag and interruptSent agree.
            boolean interrupted = Thread.interrupted();
            CancelledException undelivered = null;
            if (normally && is(MUST_CANCEL) && !(is(INTERRUPT_SENT) && !interrupted)) {
                // asyncio test_cancel_at_end: cancelled after the last suspension point.
                undelivered = new CancelledException(cancelMessage);
            }
            phase(FINISHED);
            set(MUST_CANCEL, false);
            outcome.complete(undelivered);
        } finally {
            unlock();
        }
    }

    /** The message of the last cancellation request (for a task that ends by an interrupt). */
    public String cancelMessage() {
        lock();
        try {
            return cancelMessage;
        } finally {
            unlock();
        }
    }

    // ---- cancellation ---------------------------------------------------------------------

    /** asyncio {@code Task.cancel(msg)}: counts and delivers a request; false when finished. */
    public boolean cancel(String msg) {
        Waiter wake = null;
        Waiter forwarding = null;
        lock();
        try {
            if (phase() == FINISHED) {
                return false;
            }
            cancelRequests++;
            Waiter w = waiter;
            if (w != null && w.forward() != null && w.isWaiting()) {
                forwarding = w;
            } else {
                wake = requestLocked(msg);
            }
        } finally {
            unlock();
        }
        if (forwarding != null) {
            // This task awaits another: the request goes there (outside our lock: the other task
            // may be awaiting something that forwards back). When the other cannot take it (it
            // finished meanwhile), the request is delivered here, as asyncio's _must_cancel.
            if (forwarding.forward().forwardCancel(msg)) {
                return true;
            }
            lock();
            try {
                if (phase() != FINISHED) {
                    wake = requestLocked(msg);
                }
            } finally {
                unlock();
            }
        }
        if (wake != null) {
            wake.wake();
        }
        return true;
    }

    /** Records a pending request and picks its delivery; returns a waiter to wake, if any. */
    private Waiter requestLocked(String msg) {
        set(MUST_CANCEL, true);
        cancelMessage = msg;
        Waiter w = waiter;
        if (w != null) {
            return w.tryCancel(msg) ? w : null;
        }
        if (phase() == RUNNING) {
            // Every request interrupts again: an earlier interrupt may have been consumed by a
            // JDK call (that delivered the earlier request), and this one must end the next.
            thread.interrupt();
            set(INTERRUPT_SENT, true);
            set(INTERRUPT_WITHDRAWN, false); // one flag for both: this request owns it now
        }
        return null;
    }

    /** asyncio {@code Task.cancelling()}. */
    public int cancelling() {
        lock();
        try {
            return cancelRequests;
        } finally {
            unlock();
        }
    }

    /** asyncio {@code Task.uncancel()}: one request fewer; at zero a pending one is dropped. */
    public int uncancel() {
        lock();
        try {
            if (cancelRequests > 0 && --cancelRequests == 0) {
                if (is(MUST_CANCEL) && is(INTERRUPT_SENT)) {
                    if (thread == Thread.currentThread()) {
                        Thread.interrupted();
                    } else {
                        set(INTERRUPT_WITHDRAWN, true); // not ours to clear: the next wait does
                    }
                }
                set(MUST_CANCEL, false);
                set(INTERRUPT_SENT, false);
            }
            return cancelRequests;
        } finally {
            unlock();
        }
    }

    /**
     * asyncio's {@code uncancel(); cancel()} pair used by TaskGroup when an error wins over a
     * cancellation: keeps the count and makes sure a request is pending for the next suspension.
     */
    public void repostCancel() {
        Waiter w = null;
        lock();
        try {
            if (phase() != FINISHED && cancelRequests > 0) {
                w = requestLocked(cancelMessage);
            }
        } finally {
            unlock();
        }
        if (w != null) {
            w.wake();
        }
    }

    // ---- waits ----------------------------------------------------------------------------

    /**
     * A cancellation request that {@link #beginWait} takes for delivery at the wait it begins:
     * thrown at once, the wait never starting; or, when {@code forward}, handed by the wait, now
     * in progress, to what it awaits. Made only when a request is pending.
     *
     * @param message the request's message, read in the same critical section as the request
     */
    record PendingCancel(String message, boolean forward) {
    }

    /**
     * Called by the fiber's own thread as it starts waiting on {@code w}. Returns null, having
     * installed {@code w} as the wait in progress, unless a request is pending: then returns it,
     * and {@code w} is installed only when it forwards (see the overview above).
     */
    PendingCancel beginWait(Waiter w) {
        lock();
        try {
            // Read under the lock: cancel() interrupts under it, so flag and interruptSent agree
            // (read before it, a cancel in between looked like an interrupt already consumed).
            boolean interrupted = Thread.interrupted();
            if (is(INTERRUPT_WITHDRAWN)) {
                set(INTERRUPT_WITHDRAWN, false);
                interrupted = false; // the interrupt of a withdrawn request (or already consumed)
            }
            if (interrupted && !(is(MUST_CANCEL) && is(INTERRUPT_SENT))) {
                // Somebody else interrupted this task's thread: that is a cancellation request.
                cancelRequests++;
                set(MUST_CANCEL, true);
                cancelMessage = null;
            }
            if (is(MUST_CANCEL)) {
                boolean consumed = is(INTERRUPT_SENT) && !interrupted;
                set(MUST_CANCEL, false);
                set(INTERRUPT_SENT, false);
                if (!consumed) {
                    if (w.forward() != null) {
                        // asyncio __step: a pending request goes to the task about to be awaited
                        // (test_cancel_awaited_task); Waits.await forwards it outside this lock.
                        waiter = w;
                        return new PendingCancel(cancelMessage, true);
                    }
                    return new PendingCancel(cancelMessage, false);
                }
                // The interrupt we sent was consumed by a JDK blocking call (InterruptedException):
                // that was the delivery, so this wait goes ahead.
            }
            waiter = w;
            return null;
        } finally {
            unlock();
        }
    }

    /**
     * Called by the fiber's own thread when the wait on {@code w} ended. Returns the cancellation
     * to throw (the wait was cancelled, or a request came after it was signalled), or null.
     */
    CancelledException endWait(Waiter w) {
        lock();
        try {
            waiter = null;
            if (w.state() == Waiter.CANCELLED) {
                set(MUST_CANCEL, false);
                set(INTERRUPT_SENT, false);
                return new CancelledException(w.cancelMessage());
            }
            if (is(MUST_CANCEL)) {
                set(MUST_CANCEL, false);
                set(INTERRUPT_SENT, false);
                return new CancelledException(cancelMessage);
            }
            return null;
        } finally {
            unlock();
        }
    }

    /** An interrupt reached this fiber's thread while it was parked in a weft wait. */
    void interruptedWhileWaiting() {
        cancel(null);
    }

    /** The wait in progress (for the task dump), or null. */
    public Waiter waiter() {
        return waiter;
    }

    public boolean isFinished() {
        lock();
        try {
            return phase() == FINISHED;
        } finally {
            unlock();
        }
    }

    @Override
    public String toString() {
        Task<?> t = task();
        return "Fiber[" + (t != null ? t : thread) + "]";
    }
}
