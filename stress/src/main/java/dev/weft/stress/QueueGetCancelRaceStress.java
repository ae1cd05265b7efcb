package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Queue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * Property: a getter cancelled while an item is handed to it never swallows the item: the
 * item is delivered exactly once, to that getter (if its get returned first), to the next
 * getter, or kept in the queue (SPEC 4.1, last rule; asyncio test_queues
 * test_cancelled_getters_not_being_held_in_self_getters and friends).
 *
 * Scene: tasks T1 then T2 blocked in get() on an empty Queue. Actor 1 putNowait(item);
 * actor 2 cancels T1. The arbiter waits for T1, cancels T2, waits for T2.
 */
@JCStressTest
@Description("Two tasks blocked in Queue.get; one item put while the first getter is cancelled: the item is received once or stays queued.")
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "the first getter got the item before its cancel landed")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "the first getter was cancelled; the item went to the second")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "both cancelled before taking it; the item stayed in the queue")
@Outcome(                expect = FORBIDDEN,  desc = "the item lost or received twice, or a task hung (-1, -1, -1)")
@State
public class QueueGetCancelRaceStress extends CancelRace {
    final Queue<Integer> queue = new Queue<>();

    public QueueGetCancelRaceStress() {
        start(queue::get, queue::get, () -> queue.statistics().getters());
    }

    @Actor
    public void putter() {
        queue.putNowait(42);
    }

    @Actor
    public void canceller() {
        cancelFirst();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        settle(r, queue::qsize);
    }
}
