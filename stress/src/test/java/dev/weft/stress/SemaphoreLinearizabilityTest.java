package dev.weft.stress;

import dev.weft.Semaphore;
import java.util.List;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/*
 * Linearizability of weft's Semaphore (acquire / release / locked) against a sequential
 * counter, driven by Lincheck from plain platform threads: Lincheck 3.7 does not support
 * virtual threads (its issue #261); the jcstress suites cover tasks. The Semaphore starts at 1
 * and is unbounded, so a release without an acquire adds a permit.
 *
 * acquire blocks while no permit is free, so random scenarios would deadlock: the scenarios
 * are hand-written and deadlock-free (see Scenarios). The model's acquire refuses to run
 * without a permit, so the checker must find an order in which every acquire took a free
 * permit; locked() is asyncio 3.13's: true when an acquire would have to wait.
 */
class SemaphoreLinearizabilityTest {

    /** The sequential model: a permit count. */
    public static class Model {
        private int value = 1;

        public void acquire() {
            if (value == 0) {
                throw new IllegalStateException("would wait: no permit");
            }
            value--;
        }

        public void release() {
            value++;
        }

        public boolean locked() {
            return value == 0;
        }
    }

    public static class Subject {
        final Semaphore semaphore = new Semaphore(1);

        @Operation
        public void acquire() {
            semaphore.acquire();
        }

        @Operation
        public void release() {
            semaphore.release();
        }

        @Operation
        public boolean locked() {
            return semaphore.locked();
        }
    }

    @Test
    void acquireReleaseAndLockedAreLinearizable() {
        Class<?> t = Subject.class;
        new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(3_000)
                .sequentialSpecification(Model.class)
                // three contenders for one permit
                .addCustomScenario(Scenarios.parallel(t,
                        List.of("acquire", "release"),
                        List.of("acquire", "release"),
                        List.of("acquire", "locked", "release")))
                // the permit taken first; a waiter; a thread adding a permit
                .addCustomScenario(Scenarios.of(t, List.of("acquire"), List.of(
                        List.of("acquire", "release"),
                        List.of("release", "locked"),
                        List.of("locked"))))
                // more permits appear while acquirers queue up (3 acquires, 2 free + 2 returned)
                .addCustomScenario(Scenarios.parallel(t,
                        List.of("release", "acquire"),
                        List.of("acquire", "locked", "release"),
                        List.of("acquire", "release")))
                .check(t);
    }
}
