package dev.weft;

import java.util.Set;

/**
 * What {@link Weft#wait} returns: the tasks that were done and those still pending when it
 * returned, each set in the order the tasks were given.
 */
public record Done<T>(Set<Task<T>> done, Set<Task<T>> pending) {
    public Done {
        done = java.util.Collections.unmodifiableSet(done);
        pending = java.util.Collections.unmodifiableSet(pending);
    }
}
