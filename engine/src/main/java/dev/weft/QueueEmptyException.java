package dev.weft;

/** asyncio's {@code QueueEmpty}: {@link Queue#getNowait()} on a queue with no item to take. */
public class QueueEmptyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QueueEmptyException(String message) {
        super(message);
    }
}
