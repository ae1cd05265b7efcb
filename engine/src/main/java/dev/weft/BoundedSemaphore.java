package dev.weft;

/**
 * asyncio's {@code BoundedSemaphore}: a {@link Semaphore} that refuses to be released past its
 * initial value (which usually means a bug: a release without an acquire).
 */
public final class BoundedSemaphore extends Semaphore {
    /**
     * A semaphore with {@code value} permits, which is also the most it can hold.
     *
     * @param value the permits free at first, and the bound
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public BoundedSemaphore(int value) {
        super(value, value);
    }

    /**
     * @throws IllegalStateException ("BoundedSemaphore released too many times") past the
     *     initial value
     */
    @Override
    public void release() {
        super.release();
    }

    @Override
    String overReleaseMessage() {
        return "BoundedSemaphore released too many times";
    }
}
