package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Lock;
import dev.weft.Task;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/*
 * Property: Lock mutual exclusion: at most one holder at any moment, and the lock is free
 * once every holder has released it. Two plain threads and a task of the parallel loop contend,
 * so acquirers also queue up and are handed the lock by a release (SPEC 4.7). (jcstress 0.16
 * runs no test with more actors than CPUs: the third contender is a task the state starts.)
 */
@JCStressTest
@Description("Two plain threads and a task acquire one weft Lock: each sees itself alone inside; the lock ends free.")
@Outcome(id = "1, 1, 1, 0", expect = ACCEPTABLE, desc = "one holder at a time, lock free at the end")
@Outcome(                   expect = FORBIDDEN,  desc = "two holders at once, the lock left held, or an acquire hung (-1)")
@State
public class LockMutualExclusionStress {
    final Lock lock = new Lock();
    final AtomicInteger inside = new AtomicInteger();
    final Task<Integer> third = Harness.PARALLEL.submit(this::holders);

    /** How many holders there are, counting the caller, while it holds the lock (or HUNG). */
    private int holders() {
        return Harness.bounded(() -> {
            lock.acquire();
            try {
                int n = inside.incrementAndGet();
                inside.decrementAndGet();
                return n;
            } finally {
                lock.release();
            }
        });
    }

    @Actor
    public void actor1(IIII_Result r) {
        r.r1 = holders();
    }

    @Actor
    public void actor2(IIII_Result r) {
        r.r2 = holders();
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        int how = Harness.outcome(third);
        r.r3 = how == Harness.SUCCESS ? third.resultNow() : how;
        r.r4 = lock.locked() ? 1 : 0;
    }
}
