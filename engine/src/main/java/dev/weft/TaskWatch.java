package dev.weft;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Watches the tasks of one combinator call ({@code gather}, {@code wait}): the wait ({@link
 * Task#waitUntilDone}) until the combinator's condition holds. Registered as a listener on each
 * distinct task, it counts completions, remembers the first failure, and signals the caller's
 * waiter once the condition holds; a cancellation of a {@code gather}'s caller is forwarded to
 * the tasks.
 */
final class TaskWatch extends DoneWait {
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

    private static final VarHandle CANCEL_REQUESTED;

    static {
        try {
            CANCEL_REQUESTED = MethodHandles.lookup().findVarHandle(TaskWatch.class, "cancelRequested",
                    CancelledException.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
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
    /** The first cancellation of the caller forwarded to the tasks (its message), or null. */
    private volatile CancelledException cancelRequested;

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

    /** The tasks watched, which the caller is shown waiting on. */
    @Override
    public Object blocker() {
        return distinct;
    }

    /**
     * Registers on every task (tasks already done are counted at once, in argument order) and
     * returns whether the condition already holds. The waiter is signalled when it comes to hold.
     */
    @Override
    boolean register() {
        for (Task<?> t : distinct) {
            if (!t.addListener(this)) {
                taskDone(t);
            }
        }
        return triggered;
    }

    /** Stops watching the tasks still running (for callers that leave early). */
    @Override
    void unregister() {
        for (Task<?> t : distinct) {
            t.removeListener(this);
        }
    }

    @Override
    public void taskDone(Task<?> t) {
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
            waiter.signal();
        }
    }

    /**
     * A cancellation of a {@code gather}'s caller: every unfinished task is cancelled, and the
     * request counts as delivered (the wait goes on until the watch fires) when at least one took
     * it, as asyncio's {@code _GatheringFuture.cancel}.
     */
    @Override
    public boolean forwardCancel(String message) {
        // Set before the children can finish: when none takes the request (all done), the
        // caller's own wait is cancelled instead, so it throws CancelledException either way.
        CANCEL_REQUESTED.compareAndSet(this, null, new CancelledException(message));
        boolean any = false;
        for (Task<?> t : distinct) {
            if (t.cancel(message)) {
                any = true;
            }
        }
        return any;
    }

    /** The first cancellation of the caller forwarded to the tasks, or null if none was. */
    CancelledException cancelRequested() {
        return cancelRequested;
    }

    Task<?> firstFailure() {
        return firstFailure.get();
    }
}
