package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Event;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/*
 * Property: no lost wake-up: Event.set() wakes a waiter whether it comes before, during or
 * after the waiter's Event.await() registers. The waiter is a plain thread, or a task of the
 * parallel loop (a virtual thread, which parks differently).
 */
public class EventSetWakesWaiterStress {

    @JCStressTest(Mode.Termination)
    @Description("A plain thread awaits an Event that another thread sets: the waiter always returns.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "set() woke the waiter")
    @Outcome(id = "STALE",      expect = FORBIDDEN,  desc = "lost wake-up: the waiter still waits after set()")
    @State
    public static class PlainThread {
        final Event event = new Event();

        @Actor
        public void waiter() {
            event.await();
        }

        @Signal
        public void signal() {
            event.set();
        }
    }

    @JCStressTest(Mode.Termination)
    @Description("A task of a parallel loop awaits an Event that a plain thread sets: the task always finishes.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "set() woke the waiting task")
    @Outcome(id = "STALE",      expect = FORBIDDEN,  desc = "lost wake-up: the task still waits after set()")
    @State
    public static class ParallelTask {
        final Event event = new Event();

        @Actor
        public void waiter() {
            Harness.join(Harness.PARALLEL.submit(event::await));
        }

        @Signal
        public void signal() {
            event.set();
        }
    }
}
