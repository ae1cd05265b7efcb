package dev.weft.stress;

import dev.weft.Body;
import dev.weft.Task;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The scene every cancel-race test sets: two tasks of the parallel loop blocked, in this order,
 * on one primitive ({@code first}, then {@code second}), each recording in {@link #got} what it
 * received once its wait returns. The actors then race "hand the thing over" against "cancel
 * the first waiter"; the arbiter waits for the first, cancels the second (a second race, with
 * any hand-off still in flight) and waits for it, so that no task outlives the iteration.
 */
class CancelRace {
    /** got[i]: 1 once waiter i+1 has received the permit / lock / item. Written by that task. */
    final int[] got = new int[2];
    private Task<Void> first, second;

    /**
     * Starts the two waiters; {@code waiting} counts the blocked waiters (from the primitive's
     * statistics), so that the first is surely queued before the second.
     */
    void start(Body waitFirst, Body waitSecond, IntSupplier waiting) {
        first = Harness.PARALLEL.submit(() -> {
            waitFirst.run();
            got[0] = 1;
        });
        Harness.until(blocked(waiting, 1), "the first waiter blocked");
        second = Harness.PARALLEL.submit(() -> {
            waitSecond.run();
            got[1] = 1;
        });
        Harness.until(blocked(waiting, 2), "the second waiter blocked");
    }

    private static BooleanSupplier blocked(IntSupplier waiting, int n) {
        return () -> waiting.getAsInt() >= n;
    }

    /** The actor's cancel. */
    void cancelFirst() {
        first.cancel();
    }

    /**
     * The arbiter: waits for the first waiter, cancels the second and waits for it, then
     * reports (got by the first, got by the second, {@code left}: what the primitive still has),
     * or all three {@link Harness#HUNG} if a waiter did not finish in time.
     */
    void settle(III_Result r, IntSupplier left) {
        int a = Harness.outcome(first);
        second.cancel();
        int b = Harness.outcome(second);
        if (a == Harness.HUNG || b == Harness.HUNG) {
            r.r1 = r.r2 = r.r3 = Harness.HUNG;
            return;
        }
        r.r1 = got[0];
        r.r2 = got[1];
        r.r3 = left.getAsInt();
    }
}
