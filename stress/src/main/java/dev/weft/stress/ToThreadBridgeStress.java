package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Loop;
import dev.weft.Weft;
import java.util.concurrent.LinkedBlockingQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/*
 * Property: items handed from tasks, through Weft.toThread, to a thread-safe
 * java.util.concurrent queue all arrive: none lost, none duplicated.
 *
 * Claim (guide, 5. "使用线程安全的数据结构"): "loop.run_in_executor(executor, thread_safe_queue.put,
 * item)" — a thread-safe structure reached through the executor bridge keeps shared data
 * consistent. Two tasks each toThread(queue.put(item)) into one LinkedBlockingQueue, in a
 * parallel and a cooperative loop.
 */
public class ToThreadBridgeStress {

    abstract static class Scene extends Failures {
        final LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();

        abstract Loop loop();

        void send(int item) {
            record(Harness.call(loop(), () -> Weft.toThread(() -> {
                queue.put(item);
                return 0;
            })));
        }

        /** r1: items that arrived (or a failure code); r2: {@link Harness#itemMask} of the items that arrived. */
        void report(II_Result r) {
            r.r1 = orFailure(queue.size());
            r.r2 = Harness.itemMask(queue);
        }
    }

    @JCStressTest
    @Description("Two tasks of a parallel loop put into a LinkedBlockingQueue through Weft.toThread: both items arrive once.")
    @Outcome(id = "2, 3", expect = ACCEPTABLE, desc = "both items arrived, once each")
    @Outcome(             expect = FORBIDDEN,  desc = "an item lost or duplicated, or a task hung (-1) or failed")
    @State
    public static class ParallelTasks extends Scene {
        @Override
        Loop loop() {
            return Harness.PARALLEL;
        }

        @Actor
        public void actor1() {
            send(0);
        }

        @Actor
        public void actor2() {
            send(1);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            report(r);
        }
    }

    @JCStressTest
    @Description("Two tasks of a cooperative loop put into a LinkedBlockingQueue through Weft.toThread: both items arrive once.")
    @Outcome(id = "2, 3", expect = ACCEPTABLE, desc = "both items arrived, once each")
    @Outcome(             expect = FORBIDDEN,  desc = "an item lost or duplicated, or a task hung (-1) or failed")
    @State
    public static class CooperativeTasks extends Scene {
        @Override
        Loop loop() {
            return Harness.COOPERATIVE;
        }

        @Actor
        public void actor1() {
            send(0);
        }

        @Actor
        public void actor2() {
            send(1);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            report(r);
        }
    }
}
