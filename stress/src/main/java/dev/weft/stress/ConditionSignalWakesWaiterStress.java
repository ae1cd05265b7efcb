package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Condition;
import dev.weft.Permit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/*
 * Property: no lost wake-up: Condition.signal() under the condition's lock wakes a waiter
 * that checks its predicate under the same lock (the classic "while (!ready) await()"), wherever
 * the signal falls relative to the waiter's await. Waiter on a plain thread and in a task.
 */
public class ConditionSignalWakesWaiterStress {

    /** A condition, the flag it guards, and both sides of the hand-shake. */
    abstract static class Scene {
        final Condition condition = new Condition();
        /** Guarded by condition's lock. */
        boolean ready;

        void awaitReady() {
            try (Permit held = condition.hold()) {
                while (!ready) {
                    condition.await();
                }
            }
        }

        void signalReady() {
            try (Permit held = condition.hold()) {
                ready = true;
                condition.signal();
            }
        }
    }

    @JCStressTest(Mode.Termination)
    @Description("A plain thread waits on a Condition until a flag is set; another thread sets it and signals: the waiter returns.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "signal() woke the waiter")
    @Outcome(id = "STALE",      expect = FORBIDDEN,  desc = "lost wake-up: the waiter still waits after signal()")
    @State
    public static class PlainThread extends Scene {
        @Actor
        public void waiter() {
            awaitReady();
        }

        @Signal
        public void signal() {
            signalReady();
        }
    }

    @JCStressTest(Mode.Termination)
    @Description("A task of a parallel loop waits on a Condition until a flag is set; a plain thread sets it and signals: the task finishes.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "signal() woke the waiting task")
    @Outcome(id = "STALE",      expect = FORBIDDEN,  desc = "lost wake-up: the task still waits after signal()")
    @State
    public static class ParallelTask extends Scene {
        @Actor
        public void waiter() {
            Harness.join(Harness.PARALLEL.submit(this::awaitReady));
        }

        @Signal
        public void signal() {
            signalReady();
        }
    }
}
