package dev.weft;

/**
 * asyncio's {@code Barrier}: {@code parties} tasks wait in {@link #await()} until all have
 * arrived, then all go on; the barrier is then ready for the next round.
 *
 * {@snippet :
 * Barrier start = new Barrier(3);
 * for (int i = 0; i < 3; i++) {
 *     Weft.spawn(() -> { prepare(); start.await(); race(); });
 * }
 * }
 *
 * <ul>
 *   <li>{@link #await()} returns a distinct index {@code 0..parties-1} per round.
 *   <li>{@link #abort()} breaks the barrier: every waiter and every later caller gets {@link
 *       BrokenBarrierException} until {@link #reset()}.
 *   <li>{@link #reset()} breaks the round in progress (its waiters get {@link
 *       BrokenBarrierException}) and starts anew.
 *   <li>A cancelled waiter just leaves (the count drops), as in asyncio 3.13.
 * </ul>
 *
 * <p><em>Memory consistency effects:</em> actions before {@link #await()} in each party
 * happen-before every party's {@code await()} of that round returns.
 */
public final class Barrier {
    private enum State {
        FILLING("filling"), DRAINING("draining"), RESETTING("resetting"), BROKEN("broken");

        final String label;

        State(String label) {
            this.label = label;
        }
    }

    private final Condition cond = new Condition();
    private final int parties;
    // Written under cond's lock; read without it by the snapshot methods.
    private volatile State state = State.FILLING;
    private volatile int count;

    /**
     * A barrier that releases each round once {@code parties} tasks wait in it.
     *
     * @param parties the number of tasks that make a round; at least 1
     * @throws IllegalArgumentException if {@code parties} is less than 1
     */
    public Barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be > 0: " + parties);
        }
        this.parties = parties;
    }

    /**
     * Waits until {@code parties} tasks have called it; returns this caller's index in the round.
     * A suspension point (the last party to arrive suspends only for the lock).
     *
     * @return this caller's arrival index in the round, {@code 0} for the first to arrive and
     *     {@code parties - 1} for the last
     * @throws BrokenBarrierException if the barrier is broken, or is aborted or reset meanwhile
     * @throws CancelledException if the caller was cancelled while it waited (it leaves the round;
     *     the others keep waiting)
     */
    public int await() {
        try (Permit p = cond.hold()) {
            // Wait while the previous round drains or resets.
            cond.awaitUntil(() -> state != State.DRAINING && state != State.RESETTING);
            if (state == State.BROKEN) {
                throw new BrokenBarrierException("Barrier aborted");
            }
            try {
                int index = count++;
                if (index + 1 == parties) {
                    state = State.DRAINING;
                    cond.signalAll();
                } else {
                    cond.awaitUntil(() -> state != State.FILLING);
                    if (state == State.BROKEN || state == State.RESETTING) {
                        throw new BrokenBarrierException("Abort or reset of barrier");
                    }
                }
                return index;
            } finally {
                count--;
                if (count == 0) {
                    if (state == State.RESETTING || state == State.DRAINING) {
                        state = State.FILLING;
                    }
                    cond.signalAll();
                }
            }
        }
    }

    /**
     * Returns the barrier to its empty state; tasks waiting in the round get {@link
     * BrokenBarrierException}. A suspension point (for the internal lock).
     */
    public void reset() {
        try (Permit p = cond.hold()) {
            if (count > 0) {
                state = State.RESETTING;
            } else {
                state = State.FILLING;
            }
            cond.signalAll();
        }
    }

    /**
     * Breaks the barrier: current and later {@link #await()} calls throw {@link
     * BrokenBarrierException} until {@link #reset()}. A suspension point (for the internal lock).
     */
    public void abort() {
        try (Permit p = cond.hold()) {
            state = State.BROKEN;
            cond.signalAll();
        }
    }

    /**
     * The number of tasks that make a round, as given at construction.
     *
     * @return the number of parties
     */
    public int parties() {
        return parties;
    }

    /**
     * The tasks waiting in the round that is filling (0 while draining or broken).
     *
     * @return the number of tasks waiting in the filling round, or 0
     */
    public int waiting() {
        State s = state;
        return s == State.FILLING ? count : 0;
    }

    /**
     * Whether the barrier is broken: {@link #abort()} was called and {@link #reset()} not since.
     *
     * @return true if {@link #await()} would throw {@link BrokenBarrierException} now
     */
    public boolean broken() {
        return state == State.BROKEN;
    }

    /**
     * A snapshot: parties, tasks waiting, and the state (filling, draining, resetting, broken).
     *
     * @return the barrier's state at one instant
     */
    public Statistics statistics() {
        State s = state;
        return new Statistics(parties, s == State.FILLING ? count : 0, s.label);
    }

    /**
     * A snapshot of a barrier's state ({@link #statistics()}).
     *
     * @param parties the number of tasks that make a round
     * @param waiting the tasks waiting in the filling round (0 while draining or broken)
     * @param state {@code "filling"}, {@code "draining"}, {@code "resetting"} or {@code "broken"}
     */
    public record Statistics(int parties, int waiting, String state) {
    }

    @Override
    public String toString() {
        Statistics s = statistics();
        return "Barrier[" + s.state() + (s.state().equals("broken") ? "" : ", waiting=" + s.waiting() + "/" + parties) + "]";
    }
}
