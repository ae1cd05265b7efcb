package dev.weft;

/** asyncio's {@code QueueShutDown}: a {@code put} after {@link Queue#shutdown()}, or a {@code get} on a shut-down queue with nothing left to drain. */
public class QueueShutDownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message what the queue refused
     */
    public QueueShutDownException(String message) {
        super(message);
    }
}
