package dev.weft;

/**
 * How a task ended, as {@link Weft#gatherSettled} reports it (asyncio's {@code
 * return_exceptions=True}): a value, or the exception it failed with. A cancelled task is a
 * {@link Failure} holding its {@link CancelledException}.
 *
 * @param <T> the type of the task's result
 */
public sealed interface Outcome<T> {
    /**
     * The task returned {@code value} (which may be null).
     *
     * @param <T> the type of the task's result
     * @param value the task's result
     */
    record Success<T>(T value) implements Outcome<T> {
    }

    /**
     * The task failed with {@code error}, or was cancelled ({@code error} is a {@link
     * CancelledException}).
     *
     * @param <T> the type of the task's result
     * @param error what the task failed with, never wrapped; not null
     */
    record Failure<T>(Throwable error) implements Outcome<T> {
        /**
         * Checks that there is an error.
         *
         * @param error what the task failed with; not null
         */
        public Failure {
            java.util.Objects.requireNonNull(error, "error");
        }
    }
}
