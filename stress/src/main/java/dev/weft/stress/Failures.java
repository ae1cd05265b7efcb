package dev.weft.stress;

/**
 * A state that runs its work in tasks: keeps the first failure code a task reported (see
 * {@link Harness#call}), which the arbiter reports instead of the observed value, so that a
 * hung or failed task is never mistaken for an outcome of the property under test.
 */
class Failures {
    /** Written by an actor whose task did not return 0; read by the arbiter. */
    volatile int failed;

    /** Keeps {@code how} if it is a failure (not 0). */
    void record(int how) {
        if (how != 0) {
            failed = how;
        }
    }

    /** {@code value}, or the failure code if a task failed. */
    int orFailure(int value) {
        return failed != 0 ? failed : value;
    }
}
