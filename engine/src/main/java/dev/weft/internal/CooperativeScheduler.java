package dev.weft.internal;

import dev.weft.Loop;
import dev.weft.Task;
import dev.weft.internal.jfr.Jfr;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/*
 * Implementation overview
 *
 * asyncio's model on virtual threads: every fiber is still a virtual thread, but only the one that
 * holds the *baton* (`running`) may run. A fiber gives the baton away only at a weft suspension
 * point: it picks the head of the FIFO `ready` queue and unparks it (or starts its thread, the
 * first time), then parks until the baton comes back. So the code between two suspension points
 * runs alone, and with no outside I/O the order of a run is fixed.
 *
 * `scheduled` (per fiber, under `lock`) says the fiber holds the baton or sits in `ready`; wake()
 * of a scheduled fiber does nothing. A fiber always rechecks its waiter after getting the baton,
 * so a late wake (a cancel that lost to a signal, say) costs a turn, never correctness.
 *
 * A fiber that gives the baton away and will most likely get it back at the next hand-off (it is
 * the head of `ready` then, or nobody else is ready, so the holder it gave the baton to is the one
 * that can wake it) spins for it before it parks (Spin): with two tasks passing the baton, neither
 * parks, and no wake-up travels between carriers. One such fiber per loop at a time (`spinner`):
 * the spinner and the holder take two carriers, and no fiber of the loop waits for a third.
 *
 * When the fiber giving the baton away is not next in line (more tasks are ready: it joins the
 * end of `ready`), the fiber after the new holder is: it is woken early, becomes the spinner and
 * spins for the baton while the holder runs its turn, so the next switch finds it mounted and
 * watching instead of starting a wake-up then. How long it spins (`earlyNanos`) is learnt as a
 * fiber's own spin is (Spin): doubled when the baton came during the spin, halved when it did
 * not; at nothing, only every 64th hand-off tries again (turns long enough to outlast the spin
 * make each early wake-up a spin in vain and a second park).
 *
 * A switch between two tasks is a few cache-line transfers between their carriers, and they are
 * most of its cost; so what a hand-off reads and writes lives in this object, not in objects of
 * its own: the lock is a word here (a spin lock: what is done under it is short and never
 * blocks), and the ready queue is a ring whose indices are fields here.
 * With a ReentrantLock and an ArrayDeque, the lock's state and the deque's ends were two more
 * objects, two more lines to carry across per hand-off (see DESIGN, "Queue hand-off and
 * cooperative switch").
 *
 * When nobody is ready, the baton is dropped (`running == null`) and the next wake() takes it.
 * On virtual time, before dropping it, the loop jumps its clock to the earliest live timer and
 * fires it; timers already due fire before the ready queue is served, on every hand-off. Timer
 * actions run on the thread handing off, outside `lock` (they cancel tasks and wake waiters, and
 * those take other locks).
 */
final class CooperativeScheduler extends Scheduler {
    /** The baton holder while a thread that is not a fiber fires virtual timers. */
    private static final Object DISPATCHER = new Object();

    /** 1 while the lock is held, else 0: see {@link #lock()}. */
    private volatile int locked;
    /**
     * Fibers whose turn comes next, FIFO: {@link #readyCount} of them from {@link #readyHead} on,
     * in a ring whose length is a power of two. Guarded by the lock.
     */
    private Fiber[] ready = new Fiber[16];
    private int readyHead, readyCount;
    /** The fiber holding the baton, DISPATCHER, or null when the loop is idle. Written under lock. */
    private volatile Object running;
    /**
     * The one fiber that may spin for the baton now, or null. Set under lock by {@link #handOff}
     * when it is null, cleared there when the baton goes to that fiber (so that the fiber passing
     * it on next may spin at once), or by that fiber when its spin ends in vain.
     */
    private volatile Fiber spinner;
    /**
     * How long a fiber woken early spins for the baton before it parks again, in nanoseconds; 0
     * while early wake-ups are off (see the overview). Written only by the spinner (there is one
     * at a time, and it writes this before it stops being the spinner), read under the lock by
     * the hand-off that picks the next one: a stale read costs one early wake-up more or less.
     */
    int earlyNanos = Spin.MIN_NANOS; // package-private for a test that sets it
    /** Counts hand-offs while {@link #earlyNanos} is 0, to try an early wake-up every 64th. Guarded by the lock. */
    private int earlyProbes;
    private static final VarHandle SPINNER, LOCKED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SPINNER = l.findVarHandle(CooperativeScheduler.class, "spinner", Fiber.class);
            LOCKED = l.findVarHandle(CooperativeScheduler.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final boolean virtual;
    /** Virtual time: the clock, moved only under lock by the baton holder. */
    private volatile long clock;
    /** Virtual time: the timers, guarded by lock. */
    private final PriorityQueue<VirtualTimer> timers;
    private long timerSeq;
    private int purgeAt = 1024;
    /** Virtual time: operations outside the loop in flight; the clock does not jump while > 0. */
    private int externals;

    // Debug mode: the slow-task watchdog.
    private final long slowTaskNanos;
    /** Bumped at every baton grant; the watchdog compares it between two looks. */
    private volatile long grants;
    private volatile long grantedAt;
    private volatile TimerHandle watchdog;
    private volatile boolean shutdown;

    CooperativeScheduler(Loop loop, boolean virtual, long slowTaskNanos) {
        super(loop);
        this.virtual = virtual;
        this.timers = virtual ? new PriorityQueue<>() : null;
        this.slowTaskNanos = slowTaskNanos;
        if (slowTaskNanos > 0) {
            watch(-1, false);
        }
    }

    /*
     * The watchdog looks every slowTaskNanos / 2 (real time, also under virtual time: it is the
     * CPU the task hogs). When the same grant is still running past the threshold it logs the
     * task's stack as it is right now, once per grant: asyncio's "Executing <Task> took 0.25 s",
     * but while it happens, with the place it is stuck at.
     */
    private void watch(long lastGrant, boolean warned) {
        if (shutdown) {
            return;
        }
        long g = grants;
        boolean w = warned && g == lastGrant;
        if (!w && g == lastGrant && running instanceof Fiber f && f.task() != null
                && System.nanoTime() - grantedAt > slowTaskNanos) {
            Task<?> task = f.task();
            Throwable stack = new Throwable("stack of " + task + " now");
            stack.setStackTrace(f.thread.getStackTrace());
            String site = f.creationSiteFrame();
            long held = System.nanoTime() - grantedAt;
            org.slf4j.LoggerFactory.getLogger("dev.weft.Loop").warn(
                    "{} has held the loop for {} ms without reaching a suspension point (slowTaskThreshold {} ms){}",
                    task, held / 1_000_000, slowTaskNanos / 1_000_000,
                    site == null ? "" : "; created at " + site, stack);
            if (Jfr.on()) {
                Jfr.slowTask(task, held, slowTaskNanos, stack.getStackTrace());
            }
            w = true;
        }
        final boolean warnedNow = w;
        watchdog = RealTimers.schedule(System.nanoTime() + Math.max(1_000_000, slowTaskNanos / 2), () -> watch(g, warnedNow));
    }

    @Override
    public void shutdown() {
        shutdown = true;
        TimerHandle t = watchdog;
        if (t != null) {
            t.cancel();
        }
    }

    /**
     * Takes the loop's lock. It is held for a few field and collection updates, never across
     * anything that can block: a thread that finds it held spins, and yields its carrier (or CPU)
     * after a while, in case the holder is a platform thread its OS has descheduled.
     */
    private void lock() {
        if (!LOCKED.compareAndSet(this, 0, 1)) {
            lockContended();
        }
    }

    private void lockContended() {
        for (int spins = 0; ; spins++) {
            if (locked == 0 && LOCKED.compareAndSet(this, 0, 1)) {
                return;
            }
            if (spins < 256) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    private void unlock() {
        locked = 0;
    }

    /** Under the lock: {@code f} joins the end of the ready queue. */
    private void readyAdd(Fiber f) {
        if (readyCount == ready.length) {
            ready = Rings.doubled(ready, readyHead);
            readyHead = 0;
        }
        ready[(readyHead + readyCount++) & (ready.length - 1)] = f;
    }

    /** Under the lock: takes the head of the ready queue, or null. */
    private Fiber readyPoll() {
        if (readyCount == 0) {
            return null;
        }
        Fiber[] r = ready;
        Fiber f = r[readyHead];
        r[readyHead] = null;
        readyHead = (readyHead + 1) & (r.length - 1);
        readyCount--;
        return f;
    }

    private void granted() {
        if (slowTaskNanos > 0) {
            grantedAt = System.nanoTime();
            grants++;
        }
    }

    @Override
    public long now() {
        return virtual ? clock : System.nanoTime();
    }

    @Override
    public boolean isCooperative() {
        return true;
    }

    @Override
    public boolean isVirtualTime() {
        return virtual;
    }

    @Override
    void launch(Fiber f) {
        wake(f);
    }

    @Override
    void wake(Fiber f, Waiter w) {
        wake(f);
    }

    private void wake(Fiber f) {
        boolean start;
        lock();
        try {
            if (f.coop(Fiber.SCHEDULED)) {
                return;
            }
            f.coop(Fiber.SCHEDULED, true);
            if (running != null) {
                readyAdd(f);
                return;
            }
            running = f;
            granted();
            start = !f.coop(Fiber.STARTED);
            f.coop(Fiber.STARTED, true);
        } finally {
            unlock();
        }
        resume(f, start);
    }

    private static void resume(Fiber f, boolean start) {
        if (start) {
            f.thread.start();
        } else if (f.batonParked && f.thread != Thread.currentThread()) {
            // running = f was written before this read; awaitBaton writes batonParked before it
            // reads running: one of the two sees the other's write, so no wake-up is lost.
            LockSupport.unpark(f.thread);
        }
    }

    @Override
    void block(Fiber f, Waiter w, long deadline) {
        TimerHandle timer = deadline == Waits.NO_DEADLINE ? null : schedule(deadline, () -> {
            if (w.tryTimeout()) {
                w.wake();
            }
        });
        for (;;) {
            lock();
            try {
                if (!w.isWaiting()) {
                    break;
                }
                f.coop(Fiber.SCHEDULED, false);
            } finally {
                unlock();
            }
            awaitBaton(f, handOff(f, false));
        }
        if (timer != null) {
            timer.cancel();
        }
    }

    @Override
    void yieldNow(Fiber f, Waiter w) {
        // f stays scheduled: its turn comes after everyone ready now
        awaitBaton(f, handOff(f, true));
    }

    @Override
    void exit(Fiber f) {
        super.exit(f);
        handOff(null, false);
    }

    /**
     * Returns when the fiber holds the baton: at once if it kept it, else after a spin (when it is
     * the loop's {@code spinner}, or every wait spins) or a park.
     */
    private void awaitBaton(Fiber f, boolean spinner) {
        if (running == f) {
            if (spinner) {
                stopSpinning(f);
            }
        } else if (!(spinner || Spin.ENABLED)) {
            parkUntilGranted(f);
        } else {
            boolean granted = Spin.untilGranted(f, this);
            if (spinner) {
                stopSpinning(f);
            }
            if (!granted) {
                long parked = System.nanoTime();
                parkUntilGranted(f);
                Spin.parked(f, System.nanoTime() - parked);
            }
        }
    }

    /**
     * {@code f}'s spin ended: it is no longer the loop's spinner, unless the hand-off that gave it
     * the baton cleared that already. Read first: a failed CAS would still take the line from
     * the core now spinning on {@code running}, which shares it.
     */
    private void stopSpinning(Fiber f) {
        if (spinner == f) {
            SPINNER.compareAndSet(this, f, null);
        }
    }

    /** The fiber that may spin for the baton now, or null: for tests. */
    Fiber spinner() {
        return spinner;
    }

    /** Whether {@code f} holds the baton now. */
    boolean holds(Fiber f) {
        return running == f;
    }

    private void parkUntilGranted(Fiber f) {
        f.batonParked = true;
        while (running != f) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                f.interruptedWhileWaiting();
            }
            if (spinner == f && running != f && spinEarly(f)) {
                return; // batonParked is false already
            }
        }
        f.batonParked = false;
    }

    /**
     * {@code f} was woken early, as the next fiber in line (see {@link #handOff}): it spins for the
     * baton, not parked meanwhile, and learns from the outcome how long the next one spins.
     * Returns true when it got the baton; else it is parked again, as far as a hand-off can tell.
     */
    private boolean spinEarly(Fiber f) {
        f.batonParked = false; // a hand-off that grants f now need not unpark it
        int budget = earlyNanos;
        // at nothing, a probe spins the least budget there is: in vain, it halves back to nothing
        int spun = budget == 0 ? Spin.MIN_NANOS / 2 : budget;
        boolean granted = Spin.forBaton(f, this, spun);
        int next = Spin.next(spun, granted);
        if (next != budget) {
            earlyNanos = next; // still the spinner: the next early wake-up is picked after this
        }
        stopSpinning(f);
        if (granted) {
            return true;
        }
        f.batonParked = true; // then the loop reads running again before it parks
        return false;
    }

    /**
     * The caller holds the baton and gives it to the next ready fiber, firing due virtual timers
     * first; with nobody ready, jumps the virtual clock, or leaves the loop idle. Returns true when
     * {@code self} (the calling fiber, null when it is leaving) gave the baton to another fiber and
     * has become the loop's {@code spinner}: it will most likely get the baton at the next
     * hand-off, as the head of the ready queue or because nobody else is ready. With {@code
     * requeue}, {@code self} joins the end of the ready queue first, in the same critical section.
     */
    private boolean handOff(Fiber self, boolean requeue) {
        for (;;) {
            List<VirtualTimer> due;
            Fiber next;
            boolean start;
            boolean spin = false;
            Fiber early = null;
            lock();
            try {
                if (requeue) {
                    readyAdd(self);
                    requeue = false;
                }
                due = virtual ? dueLocked() : null;
                if (due == null) {
                    next = readyPoll();
                    if (next == null) {
                        if (virtual && externals == 0) {
                            due = advanceLocked();
                        }
                        if (due == null) {
                            running = null;
                            return false;
                        }
                    }
                } else {
                    next = null;
                }
                if (next != null) {
                    running = next;
                    granted();
                    start = !next.coop(Fiber.STARTED);
                    if (start) {
                        next.coop(Fiber.STARTED, true); // written once: the fiber's own line
                    }
                    if (spinner == next) {
                        spinner = null;
                    }
                    spin = Spin.HAND_OFFS && self != null && next != self && spinner == null
                            && (readyCount == 0 || ready[readyHead] == self);
                    if (spin) {
                        spinner = self;
                    } else if (Spin.HAND_OFFS && spinner == null && readyCount > 0) {
                        // self is not next: wake the fiber after next early (see the overview)
                        Fiber after = ready[readyHead];
                        if (after.batonParked && (earlyNanos > 0 || (++earlyProbes & 63) == 0)) {
                            spinner = after;
                            early = after;
                        }
                    }
                } else {
                    start = false;
                }
            } finally {
                unlock();
            }
            if (next != null) {
                resume(next, start);
                if (early != null) {
                    LockSupport.unpark(early.thread);
                }
                return spin;
            }
            fire(due);
        }
    }

    private static void fire(List<VirtualTimer> due) {
        for (VirtualTimer t : due) {
            if (!t.cancelled) {
                try {
                    t.action.run();
                } catch (Throwable e) {
                    LoggerFactory.getLogger(CooperativeScheduler.class).error("weft timer action failed", e);
                }
            }
        }
    }

    /** Timers whose deadline has come on the virtual clock, in deadline then creation order; or null. */
    private List<VirtualTimer> dueLocked() {
        List<VirtualTimer> due = null;
        for (VirtualTimer t = timers.peek(); t != null; t = timers.peek()) {
            if (t.cancelled) {
                timers.poll();
            } else if (t.deadline <= clock) {
                if (due == null) {
                    due = new ArrayList<>(2);
                }
                due.add(timers.poll());
            } else {
                break;
            }
        }
        return due;
    }

    /** Every fiber waits: jump the clock to the earliest live timer and take what is due then. */
    private List<VirtualTimer> advanceLocked() {
        VirtualTimer t = timers.peek();
        while (t != null && t.cancelled) {
            timers.poll();
            t = timers.peek();
        }
        if (t == null) {
            return null;
        }
        if (t.deadline > clock) {
            clock = t.deadline;
        }
        return dueLocked();
    }

    @Override
    public TimerHandle schedule(long deadline, Runnable action) {
        if (!virtual) {
            return RealTimers.schedule(deadline, action);
        }
        lock();
        try {
            VirtualTimer t = new VirtualTimer(deadline, timerSeq++, action);
            timers.add(t);
            if (timers.size() >= purgeAt) {
                timers.removeIf(x -> x.cancelled);
                purgeAt = Math.max(1024, timers.size() * 2);
            }
            return t;
        } finally {
            unlock();
        }
    }

    @Override
    public void externalBegin() {
        if (virtual) {
            lock();
            try {
                externals++;
            } finally {
                unlock();
            }
        }
    }

    @Override
    public void externalEnd() {
        if (!virtual) {
            return;
        }
        lock();
        try {
            // The outside work is over. If the loop went idle meanwhile (every fiber waits, so
            // it could not jump the clock), take the baton and let time move on.
            if (--externals > 0 || running != null || readyCount != 0 || timers.isEmpty()) {
                return;
            }
            running = DISPATCHER;
        } finally {
            unlock();
        }
        handOff(null, false);
    }

    /** A timer of the virtual clock; cancelled ones stay queued until they surface or a purge. */
    private static final class VirtualTimer implements TimerHandle, Comparable<VirtualTimer> {
        final long deadline;
        final long seq;
        final Runnable action;
        volatile boolean cancelled;

        VirtualTimer(long deadline, long seq, Runnable action) {
            this.deadline = deadline;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(VirtualTimer o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
