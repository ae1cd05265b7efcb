package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Loop;
import dev.weft.Queue;
import dev.weft.Task;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/*
 * Property: updates sent through a weft Queue to one consumer are applied exactly once each,
 * so the consumer may keep the shared data in a plain, unsynchronised structure.
 *
 * Claim (guide, 3. "使用队列(asyncio.Queue)"): "所有修改通过队列串行化" — routing every update
 * through a queue serialises them. Two producer tasks put two items each into a Queue of size
 * 1 (so producers also block and are woken), one consumer task takes four and appends each to
 * a plain ArrayList; no item may be lost or applied twice. In a parallel and a cooperative loop.
 * The two actors each submit a producer and wait for it; the consumer is started by the state
 * and waited for by the arbiter (jcstress 0.16 runs no test with more actors than CPUs).
 */
public class QueueSerialisationStress {

    /** Two producers, one consumer; the arbiter checks what the consumer applied. */
    abstract static class Scene extends Failures {
        final Queue<Integer> queue = new Queue<>(1);
        /** Only the consumer task touches it: plain on purpose. */
        final List<Integer> applied = new ArrayList<>();
        private final Loop loop;
        private final Task<Void> consumer;

        Scene(Loop loop) {
            this.loop = loop;
            this.consumer = loop.submit(() -> {
                for (int i = 0; i < 4; i++) {
                    applied.add(queue.get());
                }
            });
        }

        void produce(int first) {
            record(Harness.call(loop, () -> {
                queue.put(first);
                queue.put(first + 1);
                return 0;
            }));
        }

        /** r1: items applied (or a failure code); r2: {@link Harness#itemMask} of the items applied. */
        void report(II_Result r) {
            int how = Harness.outcome(consumer);
            record(how == Harness.SUCCESS ? 0 : how);
            r.r1 = orFailure(applied.size());
            r.r2 = Harness.itemMask(applied);
        }
    }

    @JCStressTest
    @Description("Two producer tasks and one consumer task of a parallel loop share a Queue(1): each item applied exactly once.")
    @Outcome(id = "4, 15", expect = ACCEPTABLE, desc = "all four items applied, each once")
    @Outcome(              expect = FORBIDDEN,  desc = "an item lost or applied twice, or a task hung (-1) or failed")
    @State
    public static class ParallelTasks extends Scene {
        public ParallelTasks() {
            super(Harness.PARALLEL);
        }

        @Actor
        public void producer1() {
            produce(0);
        }

        @Actor
        public void producer2() {
            produce(2);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            report(r);
        }
    }

    @JCStressTest
    @Description("Two producer tasks and one consumer task of a cooperative loop share a Queue(1): each item applied exactly once.")
    @Outcome(id = "4, 15", expect = ACCEPTABLE, desc = "all four items applied, each once")
    @Outcome(              expect = FORBIDDEN,  desc = "an item lost or applied twice, or a task hung (-1) or failed")
    @State
    public static class CooperativeTasks extends Scene {
        public CooperativeTasks() {
            super(Harness.COOPERATIVE);
        }

        @Actor
        public void producer1() {
            produce(0);
        }

        @Actor
        public void producer2() {
            produce(2);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            report(r);
        }
    }
}
