package dev.weft;

/** The body of {@link Weft#timeout}: runs in the current task, with its {@link Timeout} scope. */
@FunctionalInterface
public interface TimeoutBody<T> {
    T run(Timeout scope) throws Exception;
}
