package dev.weft;

/** asyncio's {@code QueueEmpty}: {@link Queue#getNowait()} on a queue with no item to take. */
public class QueueEmptyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message what the queue refused
     */
    public QueueEmptyException(String message) {
        super(message);
    }
}
