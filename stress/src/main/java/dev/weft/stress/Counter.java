package dev.weft.stress;

/** A state for the lost-update tests: a plain {@code int} that the actors increment. */
class Counter extends Failures {
    /** Plain on purpose: whatever protects it is what the test is about. */
    int x;

    /** The count, or the failure code if a task failed. */
    int result() {
        return orFailure(x);
    }
}
