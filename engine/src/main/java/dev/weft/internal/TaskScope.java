package dev.weft.internal;

/**
 * The JDK's {@code StructuredTaskScope} as a {@code TaskGroup} uses it: a thread container that
 * the group's owner starts its children's fibers in, so that they inherit the owner's {@code
 * ScopedValue} bindings and show under the scope in thread dumps. Nothing else: which child
 * failed, who is cancelled and when the group is left stay the group's own bookkeeping.
 *
 * <p>Implemented only by {@code JdkTaskScope}, which is compiled for JDK 25 with {@code
 * --enable-preview} into {@code META-INF/versions/25}; {@link TaskGroupBackend} decides whether
 * it can be used.
 */
public interface TaskScope {
    /** Whether the calling thread opened this scope (only the owner may fork into it). */
    boolean isOwner();

    /**
     * Owner only: starts {@code f}'s unstarted thread in the scope. Returns false when the owner's
     * {@code ScopedValue} bindings are no longer those the scope was opened with (the JDK refuses
     * the fork): {@code f}'s thread is then spent without having run, and the caller must drop
     * {@code f} and start the work in a fresh fiber elsewhere.
     */
    boolean fork(Fiber f);

    /**
     * Owner only, once, after every child's task is done: waits until every thread started in
     * the scope has ended, and closes it. Does not end early for an interrupt or cancellation of
     * the owner; the interrupt status the owner had, or got meanwhile, is kept for it.
     */
    void close();
}
