package dev.weft.stress;

import dev.weft.Queue;
import dev.weft.QueueEmptyException;
import dev.weft.QueueFullException;
import java.util.ArrayDeque;
import java.util.List;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/*
 * Linearizability of weft's Queue against a sequential bounded FIFO, driven by Lincheck from
 * plain platform threads: Lincheck 3.7 does not support virtual threads (its issue #261), so
 * tasks are not used here; the jcstress suites cover tasks.
 *
 * Two checks:
 *   - Nowait: random scenarios of putNowait / getNowait / qsize on a Queue(2), by the model
 *     checker (interleavings at every shared access) and by stress (real threads).
 *   - Blocking: put / get (which suspend on a full / empty queue) mixed with the nowait
 *     operations, on hand-written scenarios that cannot deadlock (see Scenarios). The model of
 *     a blocking operation refuses to run where it would wait, so the checker must find an
 *     order in which each put / get took effect when the queue had room / an item: a blocking
 *     operation is linearized at the moment it completes.
 */
class QueueLinearizabilityTest {

    /** The sequential model: a bounded FIFO of size 2. */
    public static class Model {
        private final ArrayDeque<Integer> items = new ArrayDeque<>();

        public boolean putNowait(int item) {
            if (items.size() == 2) {
                return false;
            }
            items.add(item);
            return true;
        }

        public int getNowait() {
            return items.isEmpty() ? -1 : items.poll();
        }

        public int qsize() {
            return items.size();
        }

        public void put(int item) {
            if (!putNowait(item)) {
                throw new IllegalStateException("would wait: full");
            }
        }

        public int get() {
            if (items.isEmpty()) {
                throw new IllegalStateException("would wait: empty");
            }
            return items.poll();
        }
    }

    /** The non-blocking operations on a real Queue(2), for random scenarios. */
    @Param(name = "item", gen = IntGen.class, conf = "1:4")
    public static class Nowait {
        final Queue<Integer> queue = new Queue<>(2);

        @Operation
        public boolean putNowait(@Param(name = "item") int item) {
            try {
                queue.putNowait(item);
                return true;
            } catch (QueueFullException full) {
                return false;
            }
        }

        @Operation
        public int getNowait() {
            try {
                return queue.getNowait();
            } catch (QueueEmptyException empty) {
                return -1;
            }
        }

        @Operation
        public int qsize() {
            return queue.qsize();
        }
    }

    /** Nowait plus the blocking put / get, for the hand-written scenarios only. */
    public static class Blocking extends Nowait {
        @Operation
        public void put(int item) {
            queue.put(item);
        }

        @Operation
        public int get() {
            return queue.get();
        }
    }

    @Test
    void nowaitOperationsAreLinearizableUnderModelChecking() {
        new ModelCheckingOptions()
                .iterations(30)
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(3)
                .sequentialSpecification(Model.class)
                .check(Nowait.class);
    }

    @Test
    void nowaitOperationsAreLinearizableUnderStress() {
        new StressOptions()
                .iterations(20)
                .invocationsPerIteration(1_000)
                .threads(3)
                .actorsPerThread(3)
                .sequentialSpecification(Model.class)
                .check(Nowait.class);
    }

    @Test
    void blockingPutAndGetAreLinearizable() {
        Class<?> t = Blocking.class;
        new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(2_000)
                .sequentialSpecification(Model.class)
                // a producer outrunning the room, a consumer waiting for it, a bystander
                .addCustomScenario(Scenarios.parallel(t,
                        List.of("put:1", "put:2", "put:3"),
                        List.of("get", "get"),
                        List.of("qsize", "getNowait")))
                // consumers first, on an empty queue; a nowait producer on the side
                .addCustomScenario(Scenarios.parallel(t,
                        List.of("get", "get"),
                        List.of("put:1", "put:2"),
                        List.of("putNowait:3", "qsize")))
                // a full queue: a blocked putter, released by a get
                .addCustomScenario(Scenarios.of(t, List.of("put:1", "put:2"), List.of(
                        List.of("put:3", "qsize"),
                        List.of("get", "getNowait"),
                        List.of("qsize"))))
                .check(t);
    }
}
