package dev.weft.internal;

import dev.weft.Loop;
import dev.weft.Task;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * How the fibers of one loop share the machine: {@link ParallelScheduler} (every fiber a virtual
 * thread on the JDK's scheduler) or {@link CooperativeScheduler} (one fiber at a time, FIFO, on
 * real or virtual time). A scheduler also keeps the set of its live fibers and the loop's clock.
 */
public abstract class Scheduler {
    /** Live fibers: added at start, removed as their thread's last act. */
    private final FiberRegistry fibers = new FiberRegistry();
    /** The loop this scheduler runs. */
    public final Loop loop;
    /**
     * Debug mode: the frame that created each task (the caller's line, outside weft), weakly keyed
     * by its fiber; null when the loop is not in debug mode. Kept here, not in the fiber, so that
     * a fiber (which every suspended task holds) carries no field only debug mode uses. Set
     * before the loop is published (see {@link #keepCreationSites}); the map's operations never
     * block (DESIGN rule 5).
     */
    private Map<Fiber, String> creationSites;

    Scheduler(Loop loop) {
        this.loop = loop;
    }

    /** Debug mode: from now on, keep each task's creation site. Called as the loop is built. */
    public final void keepCreationSites() {
        creationSites = Collections.synchronizedMap(new WeakHashMap<>());
    }

    /** Debug mode: records {@code site} as the frame that created {@code f}'s task. */
    final void recordCreationSite(Fiber f, String site) {
        if (creationSites == null) {
            throw new IllegalStateException("not in debug mode: " + loop);
        }
        creationSites.put(f, site);
    }

    /** The frame recorded for {@code f} in debug mode, or null. */
    final String creationSite(Fiber f) {
        return creationSites == null ? null : creationSites.get(f);
    }

    public static Scheduler parallel(Loop loop) {
        return new ParallelScheduler(loop);
    }

    /**
     * @param slowTaskNanos in debug mode, warn about a task that holds the loop longer than
     *     this without suspending; 0 for no warnings
     */
    public static Scheduler cooperative(Loop loop, boolean virtualTime, long slowTaskNanos) {
        return new CooperativeScheduler(loop, virtualTime, slowTaskNanos);
    }

    /** The loop is closed: stop any housekeeping (the debug watchdog). */
    public void shutdown() {
    }

    /** The loop clock in nanoseconds: {@link System#nanoTime()}, or the virtual clock. */
    public abstract long now();

    public abstract boolean isCooperative();

    public boolean isVirtualTime() {
        return false;
    }

    /**
     * Registers a new fiber as live, before it starts. Returns false, registering nothing, once
     * {@link #refuseOutsiders()} was called, unless the caller is one of this loop's own fibers
     * (a task of a closing loop may still spawn; the loop cancels such a task before it starts).
     */
    public final boolean register(Fiber f) {
        Fiber me = Fiber.current();
        return fibers.add(f, me != null && me.scheduler == this);
    }

    /** Starts a fiber that {@link #register} accepted (now, or when its turn comes). */
    public final void start(Fiber f) {
        launch(f);
    }

    /**
     * Drops a registered fiber whose thread never ran (its start failed), as if it had exited,
     * so that the loop does not wait for it.
     */
    public final void forget(Fiber f) {
        fibers.remove(f);
        signalIfEmpty();
    }

    /** Wakes {@link #awaitNoFibers()} if no fiber is live any more. */
    private void signalIfEmpty() {
        Waiter w = emptyWaiter;
        if (w != null && fibers.isEmpty()) {
            w.signal();
        }
    }

    /**
     * From now on {@link #register} refuses fibers started by threads that are not this loop's
     * fibers; when this returns, every fiber it accepted is in {@link #fibers()}.
     */
    public final void refuseOutsiders() {
        fibers.seal();
    }

    /**
     * Whether at most {@code n} of this loop's live fibers are not parked in a weft wait: while
     * there are no more of them than carriers, none can be waiting for the carrier a spinning
     * one holds.
     */
    final boolean runnableAtMost(int n) {
        return fibers.runnableAtMost(n);
    }

    /** The fibers of this loop parked in a weft wait are counted for {@link #runnableAtMost}. */
    final FiberRegistry parkCount() {
        return fibers;
    }

    abstract void launch(Fiber f);

    /** Makes a fiber whose wait {@code w} ended run again. Any thread. */
    abstract void wake(Fiber f, Waiter w);

    /**
     * Suspends the calling fiber {@code f} until {@code w} is no longer waiting, ending it as
     * TIMED_OUT at {@code deadline} (loop clock; {@link Waits#NO_DEADLINE} for none).
     */
    abstract void block(Fiber f, Waiter w, long deadline);

    /** Lets the other ready fibers run once (asyncio's {@code sleep(0)}). */
    abstract void yieldNow(Fiber f, Waiter w);

    /** Called on the fiber's own thread as the very last thing it does. */
    void exit(Fiber f) {
        // Its thread runs a few more instructions after this; close() joins it (joinExited).
        fibers.exit(f);
        signalIfEmpty();
    }

    /** Waits until every fiber thread that has exited has terminated. */
    public void joinExited() throws InterruptedException {
        fibers.joinExited();
    }

    /** Who waits in {@link #awaitNoFibers()}; read by every exiting fiber. */
    private volatile Waiter emptyWaiter;

    /** Suspends until no fiber of this scheduler is alive (for {@code Loop.close()}). */
    public void awaitNoFibers() {
        try {
            while (!fibers.isEmpty()) {
                Waiter w = Waiter.current("the loop to empty");
                emptyWaiter = w;
                if (fibers.isEmpty()) {
                    break;
                }
                Waits.await(w, Waits.NO_DEADLINE, WaitOwner.NONE);
            }
        } finally {
            emptyWaiter = null;
        }
    }

    /** Runs {@code action} at {@code deadline} on the loop clock, on some thread; it must not block. */
    public abstract TimerHandle schedule(long deadline, Runnable action);

    /**
     * Runs {@code r} soon in the loop, in a fiber of its own (asyncio's {@code call_soon}).
     *
     * @throws IllegalStateException once the loop closes, unless called from one of its fibers
     *     (asyncio's {@code call_soon} on a closed loop: "Event loop is closed")
     */
    public void callSoon(Runnable r) {
        Fiber f = new Callback(this, r);
        if (!register(f)) {
            throw new IllegalStateException("Loop is closed");
        }
        launch(f);
    }

    /** The fiber of a loop callback ({@link #callSoon}): no task, its thread runs the callback. */
    private static final class Callback extends Fiber {
        private final Runnable callback;

        Callback(Scheduler scheduler, Runnable callback) {
            super(scheduler, null);
            this.callback = callback;
        }

        @Override
        public Task<?> task() {
            return null;
        }

        @Override
        protected void runBody() {
            callback.run();
        }
    }

    /** An operation outside the loop (a thread of {@code toThread}) starts; virtual time waits for it. */
    public void externalBegin() {
    }

    public void externalEnd() {
    }

    /** A snapshot of the live fibers. */
    public Set<Fiber> fibers() {
        return Set.copyOf(fibers.snapshot());
    }

    public boolean hasFibers() {
        return !fibers.isEmpty();
    }
}
