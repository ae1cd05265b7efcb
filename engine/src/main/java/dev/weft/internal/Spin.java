package dev.weft.internal;

/**
 * Spin-then-park, adaptive per fiber. A fiber about to park spins for a while first when its
 * recent waits were short: on a hand-off (a ping-pong through a queue, a baton passed between
 * two tasks) the partner, running on another carrier, often answers within a microsecond or
 * two, and a spinning waiter sees the answer without the park and unpark round trip, which
 * costs a wake-up of another carrier thread. {@code SynchronousQueue} and {@code
 * LinkedTransferQueue} spin for the same reason.
 *
 * <p>Spinning costs its carrier. So each fiber keeps a budget ({@link Fiber#spinNanos}, read and
 * written by its own thread only), learnt from how its waits end, as HotSpot's adaptive spinning
 * on monitors does:
 * <ul>
 *   <li>the wait ended while spinning: the budget doubles, up to {@link #MAX_NANOS};
 *   <li>the spin ran out and the fiber parked: the budget halves (to nothing below half of
 *       {@link #MIN_NANOS}). Spinning in vain also happens when whoever will end the wait cannot
 *       run (it waits for a carrier that spinners hold), and then spinning longer only makes it
 *       worse;
 *   <li>a fiber without a budget parks at once; if its wait ended soon after ({@link
 *       #SHORT_NANOS}), a spin might have caught it: it gets {@link #MIN_NANOS}.
 * </ul>
 * So a fiber whose waits are long (a server task waiting for requests, most tasks of most
 * programs) never spins, and one whose spins keep failing spins less and less.
 * With one carrier (or one CPU) nothing spins: the partner cannot run while the waiter spins.
 *
 * <p><b>Where it is on.</b> By default only hand-off waits spin, and only while spinning cannot
 * hold a carrier that another task of the loop needs: the JDK's own test, whether the carrier has
 * queued work, which {@code LinkedTransferQueue} spins on, is not open to a library.
 * <ul>
 *   <li>a getter waiting alone on an empty FIFO {@code Queue} ({@link Waiter#handOffSoon()}: its
 *       partner is about to put, as far as the queue can tell: see {@code Queue}'s {@code
 *       streaming}), while its parallel loop has no more <em>runnable</em> tasks than
 *       carriers: live and not parked in a weft wait ({@link FiberRegistry#runnableAtMost}). A
 *       parent waiting for the two partners it spawned is parked, so it does not count;
 *   <li>the fiber of a cooperative loop that gave the baton away and will most likely get it at
 *       the next hand-off (the head of the ready queue, or nobody else is ready); or, when that
 *       fiber is not next, the fiber after the new holder, woken early for it ({@link #forBaton},
 *       with a budget the loop learns): one such fiber per loop at a time, so the spinner and the
 *       baton holder take two carriers and no task of the loop needs a third.
 * </ul>
 * {@code -Dweft.spin=true} makes every wait of a parallel loop and every wait for the baton spin
 * (measured in two full bench runs: no gain on the hand-offs, a cost where tasks outnumber
 * carriers; ADR 0005); {@code -Dweft.spin=false} turns spinning off.
 */
final class Spin {
    /** The longest spin before a park. */
    static final int MAX_NANOS = 8_000;
    /** The budget a fiber without one gets after a short wait. */
    static final int MIN_NANOS = 2_000;
    /** A parked wait that ended within this was short: spinning would likely have caught it. */
    static final long SHORT_NANOS = 2 * MAX_NANOS;
    /** The carrier threads that run virtual threads (the JDK scheduler's parallelism). */
    static final int CARRIERS = carriers();
    /**
     * Whether every wait spins: asked for with {@code -Dweft.spin=true}, and more than one carrier
     * runs virtual threads. Off by default: see ADR 0005 for what it bought and what it cost in the
     * bench report.
     */
    static final boolean ENABLED = Boolean.getBoolean("weft.spin") && CARRIERS > 1;
    /**
     * Whether hand-off waits spin (a getter waiting alone on an empty FIFO {@code Queue}, a
     * cooperative fiber next in line for the baton; see the class comment): yes with more than
     * one carrier, unless {@code -Dweft.spin=false}.
     */
    static final boolean HAND_OFFS = !"false".equals(System.getProperty("weft.spin")) && CARRIERS > 1;

    private Spin() {
    }

    private static int carriers() {
        String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (p != null) {
            try {
                return Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                // the JDK ignores a bad value too, and uses the CPU count
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Spins for the fiber's budget until {@code w} is woken. Returns true when it was (its wait
     * ended, and whoever ended it released its lock: no park needed), false when the caller must
     * park; then it reports the park through {@link #parked}.
     */
    static boolean untilWoken(Fiber f, Waiter w) {
        return spin(f, w, null);
    }

    /**
     * Spins for the fiber's budget until the cooperative scheduler {@code holder} hands it the
     * baton, like {@link #untilWoken}.
     */
    static boolean untilGranted(Fiber f, CooperativeScheduler holder) {
        return spin(f, null, holder);
    }

    private static boolean spin(Fiber f, Waiter w, CooperativeScheduler holder) {
        int budget = f.spinNanos;
        if (budget == 0) {
            return false;
        }
        if (spinFor(budget, f, w, holder)) {
            f.spinNanos = next(budget, true);
            return true;
        }
        return false;
    }

    /**
     * Spins for up to {@code nanos} until the cooperative scheduler {@code holder} hands {@code f}
     * the baton; true when it did. The budget is the caller's (a woken-early fiber's, see {@code
     * CooperativeScheduler}), not the fiber's own.
     */
    static boolean forBaton(Fiber f, CooperativeScheduler holder, int nanos) {
        return spinFor(nanos, f, null, holder);
    }

    private static boolean spinFor(int nanos, Fiber f, Waiter w, CooperativeScheduler holder) {
        long end = System.nanoTime() + nanos;
        do {
            for (int i = 0; i < 32; i++) {
                if (holder == null ? w.isWoken() : holder.holds(f)) {
                    return true;
                }
                Thread.onSpinWait();
            }
        } while (System.nanoTime() - end < 0);
        return false;
    }

    /**
     * The next budget after a spin of {@code budget} nanoseconds that caught what it waited for
     * ({@code caught}: doubled, up to {@link #MAX_NANOS}) or ran out (halved, to nothing below
     * half of {@link #MIN_NANOS}).
     */
    static int next(int budget, boolean caught) {
        if (caught) {
            return budget >= MAX_NANOS / 2 ? MAX_NANOS : budget * 2; // never overflows
        }
        int half = budget >> 1;
        return half < MIN_NANOS / 2 ? 0 : half;
    }

    /**
     * The fiber parked, after spinning in vain (its budget halves) or without spinning, and got
     * what it waited for {@code nanos} later (a short wait gives it {@link #MIN_NANOS}).
     */
    static void parked(Fiber f, long nanos) {
        int budget = f.spinNanos;
        if (budget > 0) {
            f.spinNanos = next(budget, false);
        } else {
            f.spinNanos = nanos < SHORT_NANOS ? MIN_NANOS : 0;
        }
    }
}
