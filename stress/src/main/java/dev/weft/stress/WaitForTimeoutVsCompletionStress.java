package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.CancelledException;
import dev.weft.Event;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * Property: waitFor(d, task) racing its own time-out against the task finishing either
 * returns the task's result (the task succeeded) or throws TimeoutException after the task was
 * cancelled and had finished; never a lost result, never a task still running when waitFor
 * ends, never a CancelledException (nobody else cancels) (SPEC 4.4; asyncio wait_for).
 *
 * Scene: task T (parallel loop) waits on an Event, then returns 42. Actor 1 sets the event;
 * actor 2, a plain thread, calls waitFor(20 us, T) so that the time-out falls near the set.
 */
@JCStressTest
@Description("waitFor(20 us, task) from a plain thread while another thread lets the task finish: result, or TimeoutException with the task cancelled and done.")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "the task finished first: waitFor returned 42")
@Outcome(id = "2, 2, 1", expect = ACCEPTABLE, desc = "timed out first: TimeoutException, the task cancelled and done")
@Outcome(                expect = FORBIDDEN,  desc = "a lost result, a task still running after waitFor, another exception (3 Cancelled, 4 other), or a hang (-1)")
@State
public class WaitForTimeoutVsCompletionStress {
    static final Duration TIMEOUT = Duration.ofNanos(20_000);

    final Event go = new Event();
    final Task<Integer> task = Harness.PARALLEL.submit(() -> {
        go.await();
        return 42;
    });

    @Actor
    public void completer() {
        go.set();
    }

    @Actor
    public void waiter(III_Result r) {
        r.r1 = Harness.bounded(() -> {
            try {
                return Weft.waitFor(TIMEOUT, task) == 42 ? 1 : 4;
            } catch (TimeoutException e) {
                return 2;
            } catch (CancelledException e) {
                return 3;
            } catch (RuntimeException e) {
                return 4;
            }
        });
        // Read right after waitFor: it must not have returned before the task finished.
        r.r3 = task.isDone() ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        int how = Harness.outcome(task);
        r.r2 = how == Harness.SUCCESS ? 1 : how == Harness.CANCELLED ? 2 : how;
    }
}
