package dev.weft.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One wait in progress: a task or a plain thread that is suspended until somebody signals it, it
 * is cancelled, or its deadline passes. Every blocking operation of weft creates one and hands it
 * to {@link Waits#await}; this is the only parking mechanism of the engine.
 *
 * <p>The state machine, decided by one compare-and-set, so exactly one of these wins:
 * <pre>
 *   WAITING --signal(value)--> SIGNALLED    (the waker handed over the lock, the item, the permit...)
 *   WAITING --tryCancel(msg)--> CANCELLED   (a cancellation request, or an interrupt, came first)
 *   WAITING --tryTimeout()---> TIMED_OUT    (the deadline passed first)
 * </pre>
 * A waker that loses the race (the waiter was cancelled a moment before) passes what it holds to
 * the next waiter; a waiter that was signalled and is then cancelled before it resumes gives what
 * it received back through {@link WaitOwner#handBack}. Nothing is lost either way.
 *
 * <p>Two more bits of {@code state} carry the wake-up of a waiter on a parallel loop or a plain
 * thread: {@link #PARKED}, set by the waiting thread before it parks, and {@link #WOKEN}, set by
 * {@link #wake}, which unparks the thread only when it had parked. A waiter that spins instead
 * ({@link Spin}) watches for WOKEN, not for the end of its wait: the end is decided under the
 * waker's lock, the wake-up comes once the waker released it (DESIGN rule 11), and a waiter that
 * went on at the end would run straight into that lock.
 *
 * <p>A waiter also links itself into a {@link WaitList}, the FIFO every primitive keeps of its
 * waiters; the links are guarded by the primitive's own lock. A waiter joins at most one list in
 * its life, the one of the primitive it waits on.
 */
public final class Waiter {
    public static final int WAITING = 0, SIGNALLED = 1, CANCELLED = 2, TIMED_OUT = 3;
    /** The low bits of {@code state}: one of the four above. */
    private static final int OUTCOME = 3;
    /** In {@code state}: the waiting thread parked (or is about to), so a wake-up must unpark it. */
    private static final int PARKED = 4;
    /** In {@code state}: the wake-up came (after the outcome was decided, outside the waker's lock). */
    private static final int WOKEN = 8;
    /** In {@code state}, from construction on: {@code about} is the wait's {@link CancelForward}. */
    private static final int FORWARDS = 16;
    /**
     * In {@code state}, set with {@link #HAND_OFF}: the waiting fiber runs on a cooperative loop,
     * so {@link #signalAndWake} goes through its scheduler. Kept here so that a waker reads nothing
     * of the fiber, whose line its own thread writes at every wait.
     */
    private static final int COOPERATIVE = 32;
    /** In {@code state}, from before anyone else sees the waiter: it will be ended by a hand-off (see {@link #expectHandOff}). */
    private static final int HAND_OFF = 64;
    /** In {@code state}, with {@link #HAND_OFF}: the hand-off is likely within microseconds (see {@link #handOffSoon()}). */
    private static final int SOON = 128;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Who waits: its {@link Fiber}, or the plain {@link Thread} when no task waits. One field for
     * both (a fiber knows its thread): a waiter is the one object a suspended task allocates per
     * wait, and it stays on the heap for as long as the task waits.
     */
    private final Object who;
    /**
     * What this waits on (a lock, a queue, a task...), shown by {@code Loop.dump()}; or, for a
     * forwarding wait (the {@link #FORWARDS} bit), its {@link CancelForward}, which says what it
     * waits on. One field for both: a waiter stays on the heap for as long as its task waits.
     */
    private final Object about;

    private volatile int state;
    /** Written by the one waker that signals (under the owner's lock), read by the waiter after SIGNALLED. */
    private Object value;
    /** Written by the canceller that won the CAS (see {@link #tryCancel}); read by the waiter after CANCELLED. */
    private String cancelMessage;

    /**
     * Links guarded by the owning primitive's lock: {@code prev} and {@code next} chain its
     * {@link WaitList} while the waiter is in it; {@code prev} is the waiter itself while it is in
     * no list (before it joins one, and once it left). Once a {@link Guard} signalled it (it is
     * then in no list: it was taken out first), {@code next} chains the guard's waiters to wake at
     * its release instead, guarded by that guard.
     */
    Waiter prev = this, next;

    /** A waiter for {@code fiber}'s thread, or for the calling plain thread when {@code fiber} is null. */
    Waiter(Fiber fiber, Object blocker) {
        this.who = fiber != null ? fiber : Thread.currentThread();
        this.about = blocker;
    }

    /** A waiter for the calling thread (a task's or a plain one). */
    public static Waiter current(Object blocker) {
        return new Waiter(Fiber.current(), blocker);
    }

    /**
     * A waiter for the calling thread whose task, if cancelled while it waits, hands the
     * cancellation on through {@code forward} (asyncio's rule for awaiting a task: cancelling the
     * awaiter cancels the awaited).
     */
    public static Waiter forwarding(CancelForward forward) {
        Waiter w = new Waiter(Fiber.current(), forward);
        w.state |= FORWARDS; // before anyone else sees w
        return w;
    }

    /** What this waits on (a lock, a queue, a task...), shown by {@code Loop.dump()}. */
    public Object blocker() {
        return (state & FORWARDS) != 0 ? ((CancelForward) about).blocker() : about;
    }

    /** For a forwarding wait, where a cancellation of the waiting task goes instead of ending the wait; else null. */
    CancelForward forward() {
        return (state & FORWARDS) != 0 ? (CancelForward) about : null;
    }

    /**
     * Marks this as a wait that a hand-off without a lock will end (a getter waiting alone on an
     * empty queue, ended through {@link #signalAndWake}); with {@code soon}, one likely to come
     * within microseconds (its partner is about to put), so that the wait spins before it parks
     * on a parallel loop (ADR 0005). Only before the waiter is published.
     */
    public void expectHandOff(boolean soon) {
        int marks = who instanceof Fiber f && f.scheduler.isCooperative() ? HAND_OFF | COOPERATIVE : HAND_OFF;
        state |= soon ? marks | SOON : marks;
    }

    /** Whether {@link #expectHandOff} marked this wait as a hand-off likely within microseconds. */
    public boolean handOffSoon() {
        return (state & SOON) != 0;
    }

    /** Whether the waiter is in a {@link WaitList} now. */
    boolean listed() {
        return prev != this;
    }

    /** The outcome so far: {@link #WAITING}, {@link #SIGNALLED}, {@link #CANCELLED} or {@link #TIMED_OUT}. */
    public int state() {
        return state & OUTCOME;
    }

    public boolean isWaiting() {
        return (state & OUTCOME) == WAITING;
    }

    /** Whether the wake-up came; the wait has then ended. */
    boolean isWoken() {
        return (state & WOKEN) != 0;
    }

    /**
     * Called by the waiting thread before it parks: returns false when the wake-up came already
     * (then it must not park), else marks it parked, so that {@link #wake} unparks it.
     */
    boolean announcePark() {
        for (;;) {
            int s = state;
            if ((s & WOKEN) != 0) {
                return false;
            }
            if ((s & PARKED) != 0 || STATE.compareAndSet(this, s, s | PARKED)) {
                return true;
            }
        }
    }

    /** Ends the wait with {@code outcome} if it is still waiting, keeping the PARKED bit. */
    private boolean end(int outcome) {
        for (;;) {
            int s = state;
            if ((s & OUTCOME) != WAITING) {
                return false;
            }
            if (STATE.compareAndSet(this, s, s | outcome)) {
                return true;
            }
        }
    }

    /** The value a waker passed with {@link #signal(Object)}; valid once the state is SIGNALLED. */
    public Object value() {
        return value;
    }

    String cancelMessage() {
        return cancelMessage;
    }

    /** The fiber waiting, or null for a plain thread. */
    public Fiber fiber() {
        return who instanceof Fiber f ? f : null;
    }

    /** The thread waiting: the fiber's, or the plain thread. */
    Thread thread() {
        return who instanceof Fiber f ? f.thread : (Thread) who;
    }

    /**
     * Ends the wait with success, handing over {@code v}, and wakes the waiter. Returns false when
     * the waiter was already cancelled or timed out (then the caller keeps {@code v}). Wakers that
     * pass a value must hold the lock of the structure the waiter is queued in.
     */
    public boolean signal(Object v) {
        if (signalWithoutWaking(v)) {
            wake();
            return true;
        }
        return false;
    }

    /**
     * {@link #signal(Object)} without the wake-up, which the caller owes: see {@link Guard#signal}.
     */
    boolean signalWithoutWaking(Object v) {
        value = v;
        if (end(SIGNALLED)) {
            return true;
        }
        value = null;
        return false;
    }

    /**
     * {@link #signal(Object)} for a waker that holds no lock (a {@code Queue}'s lane), on a waiter
     * marked with {@link #expectHandOff}: it must be the only one that may signal this waiter,
     * as a waker under the owner's lock is. On a
     * parallel loop or a plain thread the outcome and the wake-up are one compare-and-set, and
     * the thread is unparked only if it had parked: a spinning waiter polls this very word, and a
     * second write would pull it back across the cores once more (DESIGN, "Queue hand-off").
     */
    public boolean signalAndWake(Object v) {
        int marks = state;
        if ((marks & HAND_OFF) == 0) {
            throw new IllegalStateException("signalAndWake on a waiter not marked with expectHandOff: " + this);
        }
        if ((marks & COOPERATIVE) != 0) {
            return signal(v);
        }
        value = v;
        for (;;) {
            int s = state;
            if ((s & OUTCOME) != WAITING) {
                value = null;
                return false;
            }
            if (STATE.compareAndSet(this, s, s | SIGNALLED | WOKEN)) {
                if ((s & PARKED) != 0) {
                    LockSupport.unpark(thread());
                }
                return true;
            }
        }
    }

    /** {@link #signal(Object)} with no value. */
    public boolean signal() {
        if (end(SIGNALLED)) {
            wake();
            return true;
        }
        return false;
    }

    /** Ends the wait with success without waking anybody (the waiter itself ends its yield). */
    boolean tryComplete() {
        return end(SIGNALLED);
    }

    /**
     * Ends the wait as cancelled with {@code msg}, unless it already ended; does not wake (see
     * {@link #wake}). Only the canceller that ends the wait writes its message: a later request
     * finds the wait over and must not replace it (asyncio: {@code cancel("m1"); cancel("m2")} on
     * a waiting task ends its wait with m1). The waiter reads the message once its wait ended,
     * under its fiber's lock, which a task's canceller holds here; a plain thread cancels only
     * its own waits.
     */
    boolean tryCancel(String msg) {
        if (end(CANCELLED)) {
            cancelMessage = msg;
            return true;
        }
        return false;
    }

    boolean tryTimeout() {
        return end(TIMED_OUT);
    }

    /**
     * Makes the waiting thread or task run again, once its wait has ended: through its scheduler
     * when it is a task (a cooperative loop queues it), else by {@link #wakeParked}.
     */
    void wake() {
        if (who instanceof Fiber f) {
            f.scheduler.wake(f, this);
        } else {
            wakeParked();
        }
    }

    /** Sets WOKEN, and unparks the thread if it parked: a spinning one sees WOKEN by itself. */
    void wakeParked() {
        if (((int) STATE.getAndBitwiseOr(this, WOKEN) & PARKED) != 0) {
            LockSupport.unpark(thread());
        }
    }

    @Override
    public String toString() {
        String s = switch (state()) {
            case WAITING -> "waiting";
            case SIGNALLED -> "signalled";
            case CANCELLED -> "cancelled";
            default -> "timed out";
        };
        return "Waiter[" + s + " on " + blocker() + "]";
    }

    /** What a forwarding wait does with a cancellation of its task, and what it waits on. */
    public interface CancelForward {
        /** What the wait waits on, shown by {@code Loop.dump()} (the awaited task, the tasks gathered...). */
        Object blocker();

        /**
         * Forwards a cancellation request; returns true when it was forwarded (the wait goes on,
         * and the request counts as delivered), false to cancel the wait itself.
         */
        boolean forwardCancel(String message);
    }
}
