package dev.weft;

import java.util.Set;

/**
 * What {@link Weft#wait} returns: the tasks that were done and those still pending when it
 * returned, each set in the order the tasks were given.
 *
 * @param <T> the type of the tasks' results
 * @param done the tasks that were done (unmodifiable)
 * @param pending the tasks that were not done yet (unmodifiable); they keep running
 */
public record Done<T>(Set<Task<T>> done, Set<Task<T>> pending) {
    /**
     * Wraps both sets as unmodifiable views (not copies).
     *
     * @param done the tasks that were done
     * @param pending the tasks that were not done yet
     */
    public Done {
        done = java.util.Collections.unmodifiableSet(done);
        pending = java.util.Collections.unmodifiableSet(pending);
    }
}
