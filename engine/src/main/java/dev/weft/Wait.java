package dev.weft;

import dev.weft.internal.Waits;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** asyncio {@code wait}, {@code wait_for} on a task, {@code as_completed} and {@code shield}. */
final class Wait {
    private Wait() {
    }

    /** asyncio {@code wait}: never throws on timeout and never cancels anything. */
    static <T> Done<T> wait(Collection<? extends Task<T>> tasks, long deadline, ReturnWhen when) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("Set of Tasks is empty.");
        }
        TaskWatch.Until until = switch (when) {
            case FIRST_COMPLETED -> TaskWatch.Until.FIRST_DONE;
            case FIRST_EXCEPTION -> TaskWatch.Until.FIRST_EXCEPTION;
            case ALL_COMPLETED -> TaskWatch.Until.ALL;
        };
        TaskWatch watch = new TaskWatch(tasks, until, false);
        if (Task.waitUntilDone(watch, deadline, false)) {
            watch.unregister(); // as asyncio's wait: the tasks still running keep no listener
        } // timed out or cancelled: the wait took its listeners back
        Set<Task<T>> done = new LinkedHashSet<>();
        Set<Task<T>> pending = new LinkedHashSet<>();
        for (Task<T> t : tasks) {
            (t.isDone() ? done : pending).add(t);
        }
        return new Done<>(done, pending);
    }

    /**
     * asyncio {@code wait_for(task, timeout)}: on time-out cancels the task and waits until it
     * has finished, then throws {@link TimeoutException}, unless it still ended with a result
     * (returned) or another exception (thrown). A cancellation of the caller is passed to the
     * task; then the task's outcome (normally its {@link CancelledException}) is what comes out.
     *
     * <p>Only this call's own cancellation becomes a {@code TimeoutException}: a task cancelled
     * by anyone else ends the wait with the task's {@code CancelledException}, as asyncio's
     * {@code wait_for} (a {@code timeout} block around {@code await task}) does.
     */
    static <T> T waitFor(long deadline, Task<T> task) throws TimeoutException {
        if (task.isDone()) {
            return task.join();
        }
        CallerCancel wait = new CallerCancel(task);
        // Whether the deadline passed and this call's cancel reached the unfinished task.
        boolean timedOut;
        if (deadline > Waits.now()) {
            timedOut = !Task.waitUntilDone(wait, deadline, true) && task.cancel();
        } else {
            timedOut = task.cancel(); // asyncio: a zero budget cancels the task and waits for it
        }
        if (!task.isDone()) {
            Task.waitUntilDone(wait, Waits.NO_DEADLINE, true); // the first wait, if any, is over
        }
        if (timedOut && task.isCancelled() && !wait.forwarded) {
            TimeoutException te = new TimeoutException("timed out waiting for " + task.name());
            try {
                task.join();
            } catch (CancelledException ce) {
                te.initCause(ce);
            }
            throw te;
        }
        return task.join();
    }

    /** {@code waitFor}'s wait for its task, which remembers whether the caller's cancellation went to it. */
    private static final class CallerCancel extends DoneWait.OfTask {
        /** Written by a canceller of the caller before it cancels the task; read by the caller. */
        volatile boolean forwarded;

        CallerCancel(Task<?> task) {
            super(task);
        }

        @Override
        public boolean forwardCancel(String message) {
            forwarded = true;
            return super.forwardCancel(message);
        }
    }

    /** asyncio {@code shield}: a cancellation of the caller stops the wait, not the task. */
    static <T> T shield(Task<T> task) {
        if (!task.isDone()) {
            task.waitDone(false);
        }
        return task.join();
    }

    /** asyncio {@code as_completed}: the tasks in the order they finish. */
    static <T> Iterable<Task<T>> asCompleted(Collection<? extends Task<T>> tasks) {
        return new Completions<>(tasks);
    }

    /**
     * The tasks in completion order, as asyncio's {@code _AsCompletedIterator}: completions are
     * recorded from the moment {@code asCompleted} is called into a {@link Queue}, and each
     * {@link #next()} first claims one of the tasks not yet handed out, then takes the next
     * completion (a suspension point). The iterable is its own iterator, so iterating it again
     * goes on with the tasks not yet handed out; several tasks may iterate it at once.
     */
    private static final class Completions<T> implements Iterable<Task<T>>, Iterator<Task<T>> {
        /** Finished tasks not handed out yet, in completion order. */
        private final Queue<Task<T>> finished = new Queue<>();
        /** Tasks not handed out and not claimed by a next() in progress. */
        private final AtomicInteger unclaimed;

        @SuppressWarnings("unchecked")
        Completions(Collection<? extends Task<T>> tasks) {
            TaskWatch distinct = new TaskWatch(tasks, TaskWatch.Until.ALL, false);
            unclaimed = new AtomicInteger(distinct.distinct.size());
            for (Task<?> t : distinct.distinct) {
                Task<T> task = (Task<T>) t;
                if (!task.addListener(x -> finished.putNowait(task))) {
                    finished.putNowait(task);
                }
            }
        }

        @Override
        public Iterator<Task<T>> iterator() {
            return this;
        }

        @Override
        public boolean hasNext() {
            return unclaimed.get() > 0;
        }

        /**
         * The next task to finish; suspends until there is one. A cancellation of the caller
         * ends that wait only, and its claim goes back: the task is handed out by a later call.
         */
        @Override
        public Task<T> next() {
            for (int n; ; ) {
                n = unclaimed.get();
                if (n == 0) {
                    throw new NoSuchElementException();
                }
                if (unclaimed.compareAndSet(n, n - 1)) {
                    break;
                }
            }
            try {
                return finished.get();
            } catch (Throwable e) {
                unclaimed.incrementAndGet();
                throw e;
            }
        }

        @Override
        public String toString() {
            return "asCompleted[remaining=" + unclaimed.get() + "]";
        }
    }
}
