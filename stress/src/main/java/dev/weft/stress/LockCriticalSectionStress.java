package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Lock;
import dev.weft.Loop;
import dev.weft.Permit;
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
 * Property: a read-modify-write of a plain field inside a weft Lock is atomic: two increments
 * under the lock never lose an update, even with a suspension point between the read and the
 * write (the guide's own example sleeps while holding the lock).
 *
 * Claim (guide, 1. "使用异步锁(asyncio.Lock)"): "同一时间只允许一个协程执行此代码块" — a lock lets one
 * coroutine at a time run the critical section, so shared data stays consistent. Checked from
 * plain threads, from tasks of a parallel loop and from tasks of a cooperative loop.
 */
public class LockCriticalSectionStress {

    /** The guide's critical section: read, suspend (tasks only), write back plus one. */
    static void increment(Lock lock, Counter c, boolean suspend) {
        try (Permit held = lock.hold()) {
            int seen = c.x;
            if (suspend) {
                Weft.sleep(Duration.ZERO);
            }
            c.x = seen + 1;
        }
    }

    /** The critical section as a task of {@code loop}; the actor waits for it. */
    static void incrementInTask(Loop loop, Lock lock, Counter c) {
        c.record(Harness.call(loop, () -> {
            increment(lock, c, true);
            return 0;
        }));
    }

    @JCStressTest
    @Description("Two plain threads increment a plain field under one weft Lock: no update is lost.")
    @Outcome(id = "2",  expect = ACCEPTABLE, desc = "both increments applied")
    @Outcome(          expect = FORBIDDEN,  desc = "an update was lost: the Lock let two holders in")
    @State
    public static class PlainThreads extends Counter {
        final Lock lock = new Lock();

        @Actor
        public void actor1() {
            increment(lock, this, false);
        }

        @Actor
        public void actor2() {
            increment(lock, this, false);
        }

        @Arbiter
        public void arbiter(I_Result r) {
            r.r1 = x;
        }
    }

    @JCStressTest
    @Description("Two tasks of a parallel loop run the guide's locked read / sleep(0) / write: no update is lost.")
    @Outcome(id = "2",  expect = ACCEPTABLE, desc = "both increments applied")
    @Outcome(          expect = FORBIDDEN,  desc = "an update was lost, or a task hung (-1) or failed")
    @State
    public static class ParallelTasks extends Counter {
        final Lock lock = new Lock();

        @Actor
        public void actor1() {
            incrementInTask(Harness.PARALLEL, lock, this);
        }

        @Actor
        public void actor2() {
            incrementInTask(Harness.PARALLEL, lock, this);
        }

        @Arbiter
        public void arbiter(I_Result r) {
            r.r1 = result();
        }
    }

    @JCStressTest
    @Description("Two tasks of a cooperative loop run the guide's locked read / sleep(0) / write: no update is lost.")
    @Outcome(id = "2",  expect = ACCEPTABLE, desc = "both increments applied")
    @Outcome(          expect = FORBIDDEN,  desc = "an update was lost, or a task hung (-1) or failed")
    @State
    public static class CooperativeTasks extends Counter {
        final Lock lock = new Lock();

        @Actor
        public void actor1() {
            incrementInTask(Harness.COOPERATIVE, lock, this);
        }

        @Actor
        public void actor2() {
            incrementInTask(Harness.COOPERATIVE, lock, this);
        }

        @Arbiter
        public void arbiter(I_Result r) {
            r.r1 = result();
        }
    }
}
