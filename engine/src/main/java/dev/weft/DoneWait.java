package dev.weft;

import dev.weft.internal.WaitOwner;
import dev.weft.internal.Waiter;

/**
 * A wait until a task is done, or until a condition over several tasks holds ({@link TaskWatch}),
 * run by {@link Task#waitUntilDone}, the one place such a wait is written. One object plays every
 * part the wait needs: the listener registered on the task(s), which signals the caller's {@link
 * Waiter}; the {@link WaitOwner} that takes the registrations back when the wait ends early; and,
 * for a wait that forwards the caller's cancellation, what that cancellation does.
 */
abstract class DoneWait implements TaskListener, WaitOwner, Waiter.CancelForward {
    /**
     * The caller's waiter in the wait in progress. Written by the caller before {@link #register}
     * publishes this object to the tasks (a CAS on their listener arrays); read by the thread that
     * finishes a task.
     */
    Waiter waiter;

    /**
     * Registers this on the task(s) and returns whether the wait is already over (the task is
     * done, the condition holds): then the caller does not suspend.
     */
    abstract boolean register();

    /** Takes back the registrations on the tasks still running. */
    abstract void unregister();

    /** What the caller waits on, shown by {@code Loop.dump()}: the task, or the tasks watched. */
    @Override
    public abstract Object blocker();

    /** The wait gave up (timed out, or the caller was cancelled): the tasks keep no listener for it. */
    @Override
    public final void dequeue(Waiter w) {
        unregister();
    }

    /**
     * The wait was over, but the caller was cancelled before it resumed: a done task hands nothing
     * over, so there is nothing to pass on; the registrations go as on {@link #dequeue}.
     */
    @Override
    public final void handBack(Waiter w) {
        unregister();
    }

    /**
     * The wait for one task, which is also what the caller is shown waiting on. A forwarded
     * cancellation of the caller cancels the task, with the same message (asyncio's rule for
     * {@code await task}).
     */
    static class OfTask extends DoneWait {
        private final Task<?> task;

        OfTask(Task<?> task) {
            this.task = task;
        }

        final Task<?> task() {
            return task;
        }

        @Override
        public final Object blocker() {
            return task;
        }

        @Override
        final boolean register() {
            return !task().addListener(this);
        }

        @Override
        final void unregister() {
            task().removeListener(this);
        }

        @Override
        public final void taskDone(Task<?> task) {
            waiter.signal();
        }

        @Override
        public boolean forwardCancel(String message) {
            return task().cancel(message);
        }
    }
}
