package dev.weft;

/** A task body that returns nothing (a {@link java.util.concurrent.Callable} returns a value). */
@FunctionalInterface
public interface Body {
    /**
     * Runs the body in its task.
     *
     * @throws Exception anything; the task then ends with that failure (a {@link
     *     CancelledException} leaving it ends the task cancelled)
     */
    void run() throws Exception;
}
