package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Barrier;
import dev.weft.Task;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/*
 * Property: Barrier(n) with the last parties arriving at once releases all of them (no lost
 * wake-up), gives each a distinct index 0..n-1, and is empty and unbroken afterwards, ready for
 * the next round (SPEC 4.7). Barrier(3): the first party is a task the state starts and waits
 * to see blocked; the other two are tasks of the parallel loop submitted by the two actors at
 * once (jcstress 0.16 runs no test with more actors than CPUs). Bounded waits.
 */
@JCStressTest
@Description("A task waits at a Barrier(3); two more arrive at once: each party gets a distinct index 0..2; the barrier ends empty and unbroken.")
@Outcome(id = {"0, 1, 2, 0", "0, 2, 1, 0", "1, 0, 2, 0", "1, 2, 0, 0", "2, 0, 1, 0", "2, 1, 0, 0"},
                         expect = ACCEPTABLE, desc = "distinct indices; nobody left waiting")
@Outcome(                expect = FORBIDDEN,  desc = "an index repeated or out of range, a party hung (-1) or failed, or the barrier left waiting or broken")
@State
public class BarrierDistinctIndicesStress {
    final Barrier barrier = new Barrier(3);
    final Task<Integer> first;

    public BarrierDistinctIndicesStress() {
        first = Harness.PARALLEL.submit(barrier::await);
        Harness.until(() -> barrier.waiting() == 1, "the first party waiting");
    }

    private int arrive() {
        return Harness.call(Harness.PARALLEL, barrier::await);
    }

    @Actor
    public void party1(IIII_Result r) {
        r.r1 = arrive();
    }

    @Actor
    public void party2(IIII_Result r) {
        r.r2 = arrive();
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        int how = Harness.outcome(first);
        r.r3 = how == Harness.SUCCESS ? first.resultNow() : how;
        r.r4 = barrier.waiting() + (barrier.broken() ? 10 : 0);
    }
}
