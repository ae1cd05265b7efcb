package dev.weft;

/** asyncio's {@code BrokenBarrierError}: the {@link Barrier} was aborted or reset while waiting. */
public class BrokenBarrierException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message what happened to the barrier
     */
    public BrokenBarrierException(String message) {
        super(message);
    }
}
