package dev.weft;

/**
 * How a task ended, as {@link Weft#gatherSettled} reports it (asyncio's {@code
 * return_exceptions=True}): a value, or the exception it failed with. A cancelled task is a
 * {@link Failure} holding its {@link CancelledException}.
 */
public sealed interface Outcome<T> {
    /** The task returned {@code value} (which may be null). */
    record Success<T>(T value) implements Outcome<T> {
    }

    /** The task failed with {@code error}, or was cancelled ({@code error} is a {@link CancelledException}). */
    record Failure<T>(Throwable error) implements Outcome<T> {
        public Failure {
            java.util.Objects.requireNonNull(error, "error");
        }
    }
}
