package dev.weft;

import dev.weft.internal.Waiter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Watches the tasks of one combinator call ({@code gather}, {@code wait}): registered as a done
 * listener on each distinct task, it counts completions, remembers the first failure, and
 * signals the caller's {@link Waiter} once the combinator's condition holds.
 */
final class TaskWatch implements Consumer<Task<?>> {
    enum Until {
        /** Every task is done. */
        ALL,
        /** Any task is done. */
        FIRST_DONE,
        /** Any task failed or was cancelled (gather), or every task is done. */
        FIRST_FAILURE,
        /** Any task failed with an exception, cancellation not counted (wait), or every task is done. */
        FIRST_EXCEPTION
    }

    /** The distinct tasks, in first-argument order (a task given twice is watched once). */
    final List<Task<?>> distinct;
    private final Until until;
    private final AtomicInteger remaining;
    /** Set once; read by the caller after its wait. */
    private final AtomicReference<Task<?>> firstFailure = new AtomicReference<>();
    private volatile boolean triggered;
    /** Once the caller returned, failures that come later are marked retrieved (asyncio's gather). */
    private final boolean retrieveLateFailures;
    private Waiter waiter;

    TaskWatch(Collection<? extends Task<?>> tasks, Until until, boolean retrieveLateFailures) {
        Map<Task<?>, Boolean> seen = new IdentityHashMap<>();
        List<Task<?>> list = new ArrayList<>(tasks.size());
        for (Task<?> t : tasks) {
            Objects.requireNonNull(t, "tasks contains null");
            if (seen.put(t, Boolean.TRUE) == null) {
                list.add(t);
            }
        }
        this.distinct = list;
        this.until = until;
        this.remaining = new AtomicInteger(list.size());
        this.retrieveLateFailures = retrieveLateFailures;
    }

    /**
     * Registers on every task (tasks already done are counted at once, in argument order) and
     * returns whether the condition already holds. {@code w} is signalled when it comes to hold.
     */
    boolean watch(Waiter w) {
        this.waiter = w;
        for (Task<?> t : distinct) {
            if (!t.addListener(this)) {
                accept(t);
            }
        }
        return triggered;
    }

    /** Stops watching the tasks still running (for callers that leave early). */
    void unwatch() {
        for (Task<?> t : distinct) {
            t.removeListener(this);
        }
    }

    @Override
    public void accept(Task<?> t) {
        boolean failed = switch (until) {
            case FIRST_FAILURE -> t.isCancelled() || t.failure() != null;
            case FIRST_EXCEPTION -> t.failure() != null;
            default -> false;
        };
        if (retrieveLateFailures && t.failure() != null) {
            t.markRetrieved();
        }
        if (failed) {
            firstFailure.compareAndSet(null, t);
        }
        int left = remaining.decrementAndGet();
        boolean fire = switch (until) {
            case ALL -> left == 0;
            case FIRST_DONE -> true;
            default -> failed || left == 0;
        };
        if (fire && !triggered) {
            triggered = true;
            Waiter w = waiter;
            if (w != null) {
                w.signal();
            }
        }
    }

    Task<?> firstFailure() {
        return firstFailure.get();
    }

    boolean triggered() {
        return triggered;
    }
}
