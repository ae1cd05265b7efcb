package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Queue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/*
 * Property: no lost wake-up: Queue.put wakes a getter blocked on the empty queue, and
 * Queue.get wakes a putter blocked on the full queue, wherever the wake falls relative to the
 * waiter's registration. Waiters on a plain thread and in a task.
 */
public class QueueWakesWaiterStress {

    @JCStressTest(Mode.Termination)
    @Description("A plain thread gets from an empty Queue; another thread puts: the getter returns.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "put() woke the getter")
    @Outcome(id = "STALE",      expect = FORBIDDEN,  desc = "lost wake-up: the getter still waits after put()")
    @State
    public static class PlainGetter {
        final Queue<Integer> queue = new Queue<>();

        @Actor
        public void getter() {
            queue.get();
        }

        @Signal
        public void signal() {
            queue.put(1);
        }
    }

    @JCStressTest(Mode.Termination)
    @Description("A task of a parallel loop gets from an empty Queue; a plain thread puts: the task finishes.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "put() woke the getting task")
    @Outcome(id = "STALE",      expect = FORBIDDEN,  desc = "lost wake-up: the task still waits after put()")
    @State
    public static class ParallelTaskGetter {
        final Queue<Integer> queue = new Queue<>();

        @Actor
        public void getter() {
            Harness.join(Harness.PARALLEL.submit(queue::get));
        }

        @Signal
        public void signal() {
            queue.put(1);
        }
    }

    @JCStressTest(Mode.Termination)
    @Description("A plain thread puts into a full Queue(1); another thread gets: the putter returns.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "get() woke the putter")
    @Outcome(id = "STALE",      expect = FORBIDDEN,  desc = "lost wake-up: the putter still waits after get()")
    @State
    public static class PlainPutter {
        final Queue<Integer> queue = new Queue<>(1);

        public PlainPutter() {
            queue.putNowait(0);
        }

        @Actor
        public void putter() {
            queue.put(1);
        }

        @Signal
        public void signal() {
            queue.get();
        }
    }
}
