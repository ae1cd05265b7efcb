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

    /** @param message the cancellation message ({@link Task#cancel(String)}), may be null */
    public CancelledException(String message) {
        super(message);
    }

    public CancelledException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
