package dev.weft;

/**
 * How a {@link Generator}'s producer hands out items (asyncio's {@code yield} in an async
 * generator).
 *
 * @param <T> the type of the items
 */
@FunctionalInterface
public interface Emitter<T> {
    /**
     * Hands {@code item} to the consumer and suspends the producer until the consumer asks for
     * the next one. A suspension point: {@link Generator#close()} cancels the producer here.
     *
     * @param item the next item for the consumer; not null
     * @throws NullPointerException if {@code item} is null (items are null-free, as in {@link Queue})
     * @throws CancelledException if the producer was cancelled while it waited here (by {@link
     *     Generator#close()} or from outside)
     */
    void emit(T item);
}
