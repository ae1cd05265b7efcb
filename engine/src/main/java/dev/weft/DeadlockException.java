package dev.weft;

/**
 * Thrown instead of blocking forever: a task (or thread) would block on a {@link Lock} whose
 * owner is, directly or through a chain of other owners, waiting for a lock the caller holds
 * (re-acquiring a lock one holds is a cycle of one). The message names every task and lock in
 * the cycle.
 */
public class DeadlockException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message the cycle: every task and lock in it
     */
    public DeadlockException(String message) {
        super(message);
    }
}
