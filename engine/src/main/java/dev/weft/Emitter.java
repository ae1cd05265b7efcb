package dev.weft;

/** How a {@link Generator}'s producer hands out items (asyncio's {@code yield} in an async generator). */
@FunctionalInterface
public interface Emitter<T> {
    /**
     * Hands {@code item} to the consumer and suspends the producer until the consumer asks for
     * the next one. A suspension point: {@link Generator#close()} cancels the producer here.
     *
     * @throws NullPointerException if {@code item} is null (items are null-free, as in {@link Queue})
     */
    void emit(T item);
}
