package dev.weft;

/** asyncio's {@code InvalidStateError}: for example {@link Task#result()} of a task that is not done. */
public class InvalidStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public InvalidStateException(String message) {
        super(message);
    }
}
