package dev.weft;

/**
 * The body of {@link Weft#timeout}: runs in the current task, with its {@link Timeout} scope.
 *
 * @param <T> the type of the body's result
 */
@FunctionalInterface
public interface TimeoutBody<T> {
    /**
     * Runs the body in the current task.
     *
     * @param scope the timeout, to read ({@link Timeout#deadline()}) or move ({@link
     *     Timeout#reschedule(long)}) its deadline
     * @return the result the timeout call returns
     * @throws Exception anything; it leaves the timeout call as it is (checked ones in {@link
     *     TaskFailedException}), except the cancellation of this timeout, which becomes a {@link
     *     java.util.concurrent.TimeoutException}
     */
    T run(Timeout scope) throws Exception;
}
