package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Queue;
import dev.weft.QueueShutDownException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/*
 * Property: Queue.shutdown wakes blocked getters and putters (SPEC 4.7): a getter on an empty
 * queue and a putter on a full one end with QueueShutDownException, wherever shutdown falls
 * relative to their registration; shutdown(true) wakes a getter even though items were left.
 * A waiter that ends any other way throws, and jcstress reports the error.
 */
public class QueueShutdownWakesWaitersStress {

    /** Runs a blocking queue call that must end in QueueShutDownException. */
    static void expectShutDown(Runnable call) {
        try {
            call.run();
        } catch (QueueShutDownException expected) {
            return;
        }
        throw new AssertionError("returned normally, though the queue was shut down and had nothing for it");
    }

    @JCStressTest(Mode.Termination)
    @Description("A plain thread gets from an empty Queue; another thread shuts it down: the getter ends with QueueShutDownException.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "shutdown() woke the getter")
    @Outcome(id = "STALE",      expect = FORBIDDEN,  desc = "lost wake-up: the getter still waits after shutdown()")
    @State
    public static class Getter {
        final Queue<Integer> queue = new Queue<>();

        @Actor
        public void getter() {
            expectShutDown(queue::get);
        }

        @Signal
        public void signal() {
            queue.shutdown();
        }
    }

    @JCStressTest(Mode.Termination)
    @Description("A plain thread puts into a full Queue(1); another thread shuts it down: the putter ends with QueueShutDownException.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "shutdown() woke the putter")
    @Outcome(id = "STALE",      expect = FORBIDDEN,  desc = "lost wake-up: the putter still waits after shutdown()")
    @State
    public static class Putter {
        final Queue<Integer> queue = new Queue<>(1);

        public Putter() {
            queue.putNowait(0);
        }

        @Actor
        public void putter() {
            expectShutDown(() -> queue.put(1));
        }

        @Signal
        public void signal() {
            queue.shutdown();
        }
    }

    @JCStressTest(Mode.Termination)
    @Description("A task of a parallel loop gets from an empty Queue; a plain thread calls shutdown(true): the task ends with QueueShutDownException.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "shutdown(true) woke the getting task")
    @Outcome(id = "STALE",      expect = FORBIDDEN,  desc = "lost wake-up: the task still waits after shutdown(true)")
    @State
    public static class ImmediateTaskGetter {
        final Queue<Integer> queue = new Queue<>();

        @Actor
        public void getter() {
            Harness.join(Harness.PARALLEL.submit(() -> expectShutDown(queue::get)));
        }

        @Signal
        public void signal() {
            queue.shutdown(true);
        }
    }
}
