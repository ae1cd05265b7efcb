package dev.weft;

/** The producer of a {@link Generator}: emits items one at a time through {@code out}. */
@FunctionalInterface
public interface GeneratorBody<T> {
    void run(Emitter<T> out) throws Exception;
}
