package dev.weft;

import java.util.concurrent.CancellationException;

/**
 * asyncio's {@code CancelledError}: thrown at a suspension point of a task that was cancelled, and
 * by {@link Task#await()} / {@link Task#result()} of a cancelled task.
 *
 * <p>A task may catch it to clean up; it should then let it propagate, or call {@link
 * Task#uncancel()} if it really means to go on. A thread that is not a task gets it when it is
 * interrupted while in a weft wait (the interrupt status is cleared, as by {@code
 * InterruptedException}).
 */
public class CancelledException extends CancellationException {
    private static final long serialVersionUID = 1L;

    /**
     * A cancellation with the given message.
     *
     * @param message the cancellation message ({@link Task#cancel(String)}), may be null
     */
    public CancelledException(String message) {
        super(message);
    }

    /**
     * A cancellation with the given message, caused by {@code cause}: for example the {@link
     * InterruptedException} with which a task's body left a JDK blocking call that the task's
     * cancellation interrupted.
     *
     * @param message the cancellation message, may be null
     * @param cause what caused the cancellation, may be null
     */
    public CancelledException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
