package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Semaphore;
import dev.weft.Task;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/*
 * Property: Semaphore(n) never has more than n holders, and every permit comes back: two
 * plain threads and a task of the parallel loop share a Semaphore(2) (so one of them may have to
 * wait and be handed a permit). (jcstress 0.16 runs no test with more actors than CPUs: the
 * third contender is a task the state starts.)
 */
@JCStressTest
@Description("Two plain threads and a task acquire a Semaphore(2): never more than two inside; both permits back at the end.")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "never two inside at once this time; permits restored")
@Outcome(id = "2, 2", expect = ACCEPTABLE, desc = "two inside at once; permits restored")
@Outcome(             expect = FORBIDDEN,  desc = "three inside at once, a permit lost or created, or an acquire hung (-1)")
@State
public class SemaphoreBoundStress {
    final Semaphore semaphore = new Semaphore(2);
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();
    volatile boolean hung;
    final Task<Void> third = Harness.PARALLEL.submit(this::visit);

    /** Takes a permit, counts the holders inside (keeping the most seen), leaves. */
    private void visit() {
        semaphore.acquire();
        try {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            inside.decrementAndGet();
        } finally {
            semaphore.release();
        }
    }

    /** {@link #visit} from an actor thread, bounded. */
    private void enter() {
        if (Harness.bounded(() -> {
            visit();
            return 0;
        }) == Harness.HUNG) {
            hung = true;
        }
    }

    @Actor
    public void actor1() {
        enter();
    }

    @Actor
    public void actor2() {
        enter();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        int how = Harness.outcome(third);
        r.r1 = hung ? Harness.HUNG : how != Harness.SUCCESS ? how : most.get();
        r.r2 = semaphore.statistics().value();
    }
}
