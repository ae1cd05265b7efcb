package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Queue;
import dev.weft.QueueShutDownException;
import dev.weft.Task;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * Property: a FIFO Queue's lane (a put that hands its item, without the lock, to a getter waiting
 * alone) keeps the queue's books: a putter that queues behind a handed item is given the slot when
 * the getter takes the item, and shutdown(true) racing the hand-off drops the item and counts it
 * done, or lets it through, never both and never neither (docs/DESIGN.md, "Queue hand-off").
 *
 * Scene of both: a task of the parallel loop blocked in get() on an empty queue (in the lane).
 */
public class QueueLaneStress {

    /** The getter in the lane: 1 if its get returned an item, 0 if it threw QueueShutDownException. */
    static Task<Integer> blockedGetter(Queue<Integer> queue) {
        Task<Integer> getter = Harness.PARALLEL.submit(() -> {
            try {
                queue.get();
                return 1;
            } catch (QueueShutDownException e) {
                return 0;
            }
        });
        Harness.until(() -> queue.statistics().getters() == 1, "the getter blocked");
        return getter;
    }

    static int result(Task<Integer> task) {
        int how = Harness.outcome(task);
        return how == Harness.SUCCESS ? task.resultNow() : how;
    }

    @JCStressTest
    @Description("Queue(1), a getter in the lane: one task puts twice (the second put finds the handed item and may queue) while another task gets: everything arrives, nothing hangs.")
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "both puts done, both items taken, the queue empty")
    @Outcome(                expect = FORBIDDEN,  desc = "a put or a get hung (-1), or an item lost or left")
    @State
    public static class PutterBehindHandedItem {
        final Queue<Integer> queue = new Queue<>(1);
        final Task<Integer> getter = blockedGetter(queue);
        int putter, secondGetter;

        @Actor
        public void putter() {
            putter = Harness.call(Harness.PARALLEL, () -> {
                queue.put(1); // to the getter in the lane
                queue.put(2); // full until that getter takes its item: may queue
                return 1;
            });
        }

        @Actor
        public void secondGetter() {
            secondGetter = Harness.call(Harness.PARALLEL, queue::get);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            int first = result(getter);
            r.r1 = putter == Harness.HUNG || secondGetter < 0 || first != 1 ? Harness.HUNG : putter;
            r.r2 = first;
            r.r3 = queue.qsize();
        }
    }

    @JCStressTest
    @Description("A getter in the lane of an unbounded Queue; one thread puts an item while another calls shutdown(true): the item is either taken or dropped and counted done.")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "put and taken before the shutdown: one item unfinished")
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "put, then dropped by shutdown(true) before the getter took it: counted done")
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "the put came after the shutdown and threw")
    @Outcome(                expect = FORBIDDEN,  desc = "an item counted twice or not at all, or taken after it was dropped, or a hang (-1)")
    @State
    public static class PutVsShutdownImmediate {
        final Queue<Integer> queue = new Queue<>();
        final Task<Integer> getter = blockedGetter(queue);
        int put;

        @Actor
        public void putter() {
            try {
                queue.putNowait(1);
                put = 1;
            } catch (QueueShutDownException e) {
                put = 0;
            }
        }

        @Actor
        public void shutdown() {
            queue.shutdown(true);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r1 = put;
            r.r2 = result(getter);
            r.r3 = queue.statistics().unfinished();
        }
    }
}
