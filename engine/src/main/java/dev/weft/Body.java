package dev.weft;

/** A task body that returns nothing (a {@link java.util.concurrent.Callable} returns a value). */
@FunctionalInterface
public interface Body {
    void run() throws Exception;
}
