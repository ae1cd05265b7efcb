package dev.weft.stress;

import dev.weft.Lock;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/*
 * Linearizability of weft's Lock (acquire / release / locked) against a sequential lock,
 * driven by Lincheck from plain platform threads: Lincheck 3.7 does not support virtual threads
 * (its issue #261); the jcstress suites cover tasks. Any thread may release a weft Lock, as in
 * asyncio, so a release from another thread is a legal operation of the model.
 *
 * acquire blocks while the lock is held, so random scenarios would deadlock: the scenarios are
 * hand-written and deadlock-free (see Scenarios). The model's acquire refuses to run on a held
 * lock, so the checker must find an order in which every acquire took a free lock.
 */
class LockLinearizabilityTest {

    /** The sequential model: a flag. */
    public static class Model {
        private boolean locked;

        public void acquire() {
            if (locked) {
                throw new IllegalStateException("would wait: locked");
            }
            locked = true;
        }

        public boolean release() {
            if (!locked) {
                return false;
            }
            locked = false;
            return true;
        }

        public boolean locked() {
            return locked;
        }
    }

    public static class Subject {
        final Lock lock = new Lock();

        @Operation
        public void acquire() {
            lock.acquire();
        }

        /** false when refused: IllegalStateException("Lock is not acquired."). */
        @Operation
        public boolean release() {
            try {
                lock.release();
                return true;
            } catch (IllegalStateException notAcquired) {
                return false;
            }
        }

        @Operation
        public boolean locked() {
            return lock.locked();
        }
    }

    /** Two contenders, one observer. */
    static final ExecutionScenario CONTENDERS = Scenarios.parallel(Subject.class,
            List.of("acquire", "release"),
            List.of("acquire", "release"),
            List.of("locked", "locked"));
    /** Re-acquiring in a loop against a contender. */
    static final ExecutionScenario REACQUIRE = Scenarios.parallel(Subject.class,
            List.of("acquire", "release", "acquire", "release"),
            List.of("acquire", "locked", "release"),
            List.of("locked"));
    /** Held from the start, released by a thread while two others queue up for it. */
    static final ExecutionScenario HAND_OFF = Scenarios.of(Subject.class, List.of("acquire"), List.of(
            List.of("release", "locked"),
            List.of("acquire", "release"),
            List.of("acquire", "locked", "release")));

    /*
     * HAND_OFF is checked on real threads only. Lincheck 3.7's model checker reports "The
     * execution has hung" for it: the releasing thread spins in ReentrantLock.lock() (AQS) while
     * an acquirer holds that guard for a long critical section (Lock's deadlock check), and the
     * checker takes the spin for a livelock. A 40-line lock of ReentrantLock + park/unpark with
     * a long critical section gets the same report on the same scenario (tried while writing
     * this test), so it is the checker's limit, not weft's; 10 000 runs on real threads pass.
     */
    @Test
    void linearizableUnderModelChecking() {
        new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(3_000)
                .sequentialSpecification(Model.class)
                .addCustomScenario(CONTENDERS)
                .addCustomScenario(REACQUIRE)
                .check(Subject.class);
    }

    @Test
    void linearizableUnderStress() {
        new StressOptions()
                .iterations(0)
                .invocationsPerIteration(10_000)
                .sequentialSpecification(Model.class)
                .addCustomScenario(CONTENDERS)
                .addCustomScenario(REACQUIRE)
                .addCustomScenario(HAND_OFF)
                .check(Subject.class);
    }
}
