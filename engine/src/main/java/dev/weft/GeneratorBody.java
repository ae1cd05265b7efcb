package dev.weft;

/**
 * The producer of a {@link Generator}: emits items one at a time through {@code out}.
 *
 * @param <T> the type of the items
 */
@FunctionalInterface
public interface GeneratorBody<T> {
    /**
     * Produces the items: calls {@code out.emit} for each, in the producer task; returning ends the
     * generator.
     *
     * @param out where the items go
     * @throws Exception anything; the consumer's {@code next()} then throws it (a checked one in
     *     {@link TaskFailedException})
     */
    void run(Emitter<T> out) throws Exception;
}
