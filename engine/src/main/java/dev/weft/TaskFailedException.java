package dev.weft;

/**
 * Carries a task body's <em>checked</em> exception out of a call that re-throws a task's failure
 * ({@link Task#await()}, {@link Task#result()}, {@link Weft#gather}, {@link Weft#run}, ...); the
 * original is the {@linkplain #getCause() cause}. Unchecked exceptions and errors are re-thrown as
 * they are, the same object, never wrapped.
 */
public class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Wraps a task's checked exception.
     *
     * @param cause the exception the task's body threw
     */
    public TaskFailedException(Throwable cause) {
        super(cause);
    }
}
