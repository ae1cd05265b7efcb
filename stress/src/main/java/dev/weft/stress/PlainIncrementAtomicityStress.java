package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Loop;
import dev.weft.Weft;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/*
 * Property: whether a plain "x += 1" by two concurrent workers loses an update.
 *
 * Claim (guide, 2. "原子操作"): "shared_counter += 1  # Python的 += 操作在CPython中通常是原子的" —
 * "x += 1 is atomic, no synchronisation needed". For asyncio it holds for a different reason
 * than the guide gives: one task runs at a time and "x += 1" contains no await. So:
 *   - parallel Java (threads, or tasks of a parallel loop, which are virtual threads): a lost
 *     update is possible; the run shows it as ACCEPTABLE_INTERESTING: the claim is false there;
 *   - a cooperative loop, no suspension point between read and write: never lost (FORBIDDEN);
 *   - a cooperative loop with a suspension point between read and write (the guide's lock
 *     example without its lock): lost again (ACCEPTABLE_INTERESTING).
 */
public class PlainIncrementAtomicityStress {

    /** Runs {@code x += 1} (or read / sleep(0) / write) as a task of {@code loop}, waiting for it. */
    static int incrementInTask(Loop loop, Counter c, boolean suspend) {
        return Harness.call(loop, () -> {
            if (suspend) {
                int seen = c.x;
                Weft.sleep(Duration.ZERO);
                c.x = seen + 1;
            } else {
                c.x += 1;
            }
            return 0;
        });
    }

    @JCStressTest
    @Description("Two plain threads run x += 1 on a plain field: an update can be lost.")
    @Outcome(id = "2",  expect = ACCEPTABLE,             desc = "both increments applied")
    @Outcome(id = "1",  expect = ACCEPTABLE_INTERESTING, desc = "an update was lost: x += 1 is not atomic between threads")
    @Outcome(          expect = FORBIDDEN,              desc = "impossible")
    @State
    public static class PlainThreads extends Counter {
        @Actor
        public void actor1() {
            x += 1;
        }

        @Actor
        public void actor2() {
            x += 1;
        }

        @Arbiter
        public void arbiter(I_Result r) {
            r.r1 = x;
        }
    }

    @JCStressTest
    @Description("Two tasks of a parallel loop (virtual threads) run x += 1 on a plain field: an update can be lost.")
    @Outcome(id = "2",  expect = ACCEPTABLE,             desc = "both increments applied")
    @Outcome(id = "1",  expect = ACCEPTABLE_INTERESTING, desc = "an update was lost: x += 1 is not atomic between parallel tasks")
    @Outcome(          expect = FORBIDDEN,              desc = "a task hung (-1) or failed")
    @State
    public static class ParallelTasks extends Counter {
        @Actor
        public void actor1() {
            record(incrementInTask(Harness.PARALLEL, this, false));
        }

        @Actor
        public void actor2() {
            record(incrementInTask(Harness.PARALLEL, this, false));
        }

        @Arbiter
        public void arbiter(I_Result r) {
            r.r1 = result();
        }
    }

    @JCStressTest
    @Description("Two tasks of a cooperative loop run x += 1 with no suspension point: no update is lost.")
    @Outcome(id = "2",  expect = ACCEPTABLE, desc = "both increments applied: the cooperative loop ran them one at a time")
    @Outcome(          expect = FORBIDDEN,  desc = "an update was lost (1), or a task hung (-1) or failed")
    @State
    public static class CooperativeNoSuspension extends Counter {
        @Actor
        public void actor1() {
            record(incrementInTask(Harness.COOPERATIVE, this, false));
        }

        @Actor
        public void actor2() {
            record(incrementInTask(Harness.COOPERATIVE, this, false));
        }

        @Arbiter
        public void arbiter(I_Result r) {
            r.r1 = result();
        }
    }

    @JCStressTest
    @Description("Two tasks of a cooperative loop read x, sleep(0), write x + 1: an update can be lost.")
    @Outcome(id = "2",  expect = ACCEPTABLE,             desc = "both increments applied")
    @Outcome(id = "1",  expect = ACCEPTABLE_INTERESTING, desc = "an update was lost: the other task ran at the suspension point")
    @Outcome(          expect = FORBIDDEN,              desc = "a task hung (-1) or failed")
    @State
    public static class CooperativeWithSuspension extends Counter {
        @Actor
        public void actor1() {
            record(incrementInTask(Harness.COOPERATIVE, this, true));
        }

        @Actor
        public void actor2() {
            record(incrementInTask(Harness.COOPERATIVE, this, true));
        }

        @Arbiter
        public void arbiter(I_Result r) {
            r.r1 = result();
        }
    }
}
