package dev.weft;

/** The body of {@link TaskGroup#run}: runs in the current task and may spawn into the group. */
@FunctionalInterface
public interface GroupBody<T> {
    T run(TaskGroup group) throws Exception;
}
