package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Event;
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
 * Property: a task racing to complete against a cancel() ends with exactly one outcome, the
 * one cancel()'s answer implies, and its done callbacks run exactly once each, whether they
 * were added before completion or while it raced (SPEC 4.1, 4.2; asyncio futures: a done
 * callback is scheduled once; cancel() returns False on a done task).
 *
 * Scene: task T (parallel loop) waits on an Event, then returns 42; one callback is added
 * when the state is built. Actor 1 sets the event (T completes) and at once adds a second
 * callback, which races T's completion; actor 2 cancels T. (jcstress 0.16 runs no test with
 * more actors than CPUs, so on 2 CPUs the scene fits in two actors.) A body that does not catch the cancellation cannot end with a result
 * once cancel() returned true (a request never delivered still cancels it at its end).
 */
@JCStressTest
@Description("A task completing races cancel() and addDoneCallback: one outcome, matching cancel()'s answer; each callback runs once.")
@Outcome(id = "0, 1, 1, 1", expect = ACCEPTABLE, desc = "completed first: cancel() refused, result 42, callbacks once")
@Outcome(id = "1, 2, 1, 1", expect = ACCEPTABLE, desc = "cancel first: cancel() accepted, task cancelled, callbacks once")
@Outcome(                   expect = FORBIDDEN,  desc = "cancel()'s answer contradicts the outcome, a callback ran twice or never, or the task hung (-1)")
@State
public class TaskCancelVsCompletionStress {
    final Event go = new Event();
    final AtomicInteger before = new AtomicInteger();
    final AtomicInteger during = new AtomicInteger();
    final Task<Integer> task;

    public TaskCancelVsCompletionStress() {
        task = Harness.PARALLEL.submit(() -> {
            go.await();
            return 42;
        });
        task.addDoneCallback(t -> before.incrementAndGet());
    }

    @Actor
    public void completer() {
        go.set();
        task.addDoneCallback(t -> during.incrementAndGet());
    }

    @Actor
    public void canceller(IIII_Result r) {
        r.r1 = task.cancel() ? 1 : 0;
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        int how = Harness.outcome(task);
        r.r2 = switch (how) {
            case Harness.SUCCESS -> task.resultNow() == 42 ? 1 : Harness.FAILED;
            case Harness.CANCELLED -> 2;
            default -> how;
        };
        // Callbacks run once the task is done, maybe on another thread: wait (bounded) for the
        // first run of each, then read the counts. A duplicate run is caught only if it has
        // happened by then, which is where a racing second delivery would fall.
        Harness.within(() -> before.get() > 0 && during.get() > 0);
        r.r3 = before.get();
        r.r4 = during.get();
    }
}
