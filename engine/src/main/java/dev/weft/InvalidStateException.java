package dev.weft;

/** asyncio's {@code InvalidStateError}: for example {@link Task#result()} of a task that is not done. */
public class InvalidStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message the state that forbids the call, as asyncio words it (for example "Result is
     *     not set.")
     */
    public InvalidStateException(String message) {
        super(message);
    }
}
