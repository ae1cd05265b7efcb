package dev.weft;

/** asyncio's {@code QueueFull}: {@link Queue#putNowait} on a queue with no room. */
public class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message what the queue refused
     */
    public QueueFullException(String message) {
        super(message);
    }
}
