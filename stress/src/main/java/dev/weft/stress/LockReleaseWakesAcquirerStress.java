package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Lock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/*
 * Property: no lost wake-up: Lock.release wakes an acquirer blocked on the held lock, wherever
 * the release falls relative to the acquirer's registration. The lock is taken when the state
 * is built and released by the signalling thread (any thread may release a weft Lock, as in
 * asyncio). Acquirer on a plain thread and in a task.
 */
public class LockReleaseWakesAcquirerStress {

    @JCStressTest(Mode.Termination)
    @Description("A plain thread acquires a held Lock; another thread releases it: the acquirer returns.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "release() handed the lock to the acquirer")
    @Outcome(id = "STALE",      expect = FORBIDDEN,  desc = "lost wake-up: the acquirer still waits after release()")
    @State
    public static class PlainThread {
        final Lock lock = new Lock();

        public PlainThread() {
            lock.acquire();
        }

        @Actor
        public void acquirer() {
            lock.acquire();
        }

        @Signal
        public void signal() {
            lock.release();
        }
    }

    @JCStressTest(Mode.Termination)
    @Description("A task of a parallel loop acquires a held Lock; a plain thread releases it: the task finishes.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "release() handed the lock to the acquiring task")
    @Outcome(id = "STALE",      expect = FORBIDDEN,  desc = "lost wake-up: the task still waits after release()")
    @State
    public static class ParallelTask {
        final Lock lock = new Lock();

        public ParallelTask() {
            lock.acquire();
        }

        @Actor
        public void acquirer() {
            Harness.join(Harness.PARALLEL.submit(lock::acquire));
        }

        @Signal
        public void signal() {
            lock.release();
        }
    }
}
