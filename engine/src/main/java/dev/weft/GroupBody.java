package dev.weft;

/**
 * The body of {@link TaskGroup#run}: runs in the current task and may spawn into the group.
 *
 * @param <T> the type of the body's result
 */
@FunctionalInterface
public interface GroupBody<T> {
    /**
     * Runs the body in the current task.
     *
     * @param group the new group, to spawn children into
     * @return the result {@link TaskGroup#run} returns once every child has finished
     * @throws Exception anything; the group then cancels its children and throws it in a {@link
     *     TaskGroupException} (a {@link CancelledException} leaving the body is not collected: it
     *     propagates once the children have finished)
     */
    T run(TaskGroup group) throws Exception;
}
