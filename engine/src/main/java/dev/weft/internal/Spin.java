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
 *   <li>it ended after the park, but soon ({@link #SHORT_NANOS}): a longer spin would have caught
 *       it, the budget doubles too (from {@link #MIN_NANOS} at least);
 *   <li>it was long: the budget halves, to nothing. A fiber whose waits are long (a server task
 *       waiting for requests, most tasks of most programs) never spins more than a few times.
 * </ul>
 * With one carrier (or one CPU) nothing spins: the partner cannot run while the waiter spins.
 * {@code -Dweft.spin=false} turns spinning off (to measure what it buys).
 */
final class Spin {
    /** The longest spin before a park. */
    static final int MAX_NANOS = 8_000;
    /** The budget a fiber starts again from after a short wait. */
    static final int MIN_NANOS = 1_000;
    /** A parked wait that ended within this was short: spinning would likely have caught it. */
    static final long SHORT_NANOS = 2 * MAX_NANOS;
    /** More than one carrier runs virtual threads. */
    static final boolean ENABLED = carriers() > 1 && !"false".equals(System.getProperty("weft.spin"));

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
        long end = System.nanoTime() + budget;
        do {
            for (int i = 0; i < 32; i++) {
                if (holder == null ? w.isWoken() : holder.holds(f)) {
                    f.spinNanos = Math.min(budget * 2, MAX_NANOS);
                    return true;
                }
                Thread.onSpinWait();
            }
        } while (System.nanoTime() - end < 0);
        return false;
    }

    /**
     * The fiber parked, after spinning in vain or not at all, and got what it waited for {@code
     * nanos} later: a short wait doubles its budget (to {@link #MIN_NANOS} at least), a long one
     * halves it.
     */
    static void parked(Fiber f, long nanos) {
        int budget = f.spinNanos;
        f.spinNanos = nanos < SHORT_NANOS ? Math.min(Math.max(budget * 2, MIN_NANOS), MAX_NANOS) : budget >> 1;
    }
}
