package dev.weft;

import dev.weft.internal.Waiter;
import dev.weft.internal.WaitOwner;
import dev.weft.internal.Waits;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

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
        Waiter w = Waiter.current(watch.distinct);
        try {
            if (!watch.watch(w)) {
                Waits.await(w, deadline, WaitOwner.NONE);
            }
        } finally {
            watch.unwatch();
        }
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
     */
    static <T> T waitFor(long deadline, Task<T> task) throws TimeoutException {
        if (task.isDone()) {
            return task.join();
        }
        AtomicBoolean callerCancelled = new AtomicBoolean();
        Waiter.CancelForward forward = msg -> {
            callerCancelled.set(true);
            return task.cancel(msg);
        };
        if (deadline > Waits.now()) {
            Waiter w = Waiter.forwarding(task, forward);
            if (task.addListener(w) && !Waits.await(w, deadline, (WaitOwner) task::removeListener)) {
                task.cancel();
            }
        } else {
            task.cancel();
        }
        if (!task.isDone()) {
            Waiter w = Waiter.forwarding(task, forward);
            if (task.addListener(w)) {
                Waits.await(w, Waits.NO_DEADLINE, (WaitOwner) task::removeListener);
            }
        }
        if (task.isCancelled() && !callerCancelled.get()) {
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
     * One pass over the tasks in completion order. Completions are recorded from the moment
     * {@code asCompleted} is called; {@link Iterator#next()} is a suspension point.
     */
    private static final class Completions<T> implements Iterable<Task<T>>, Iterator<Task<T>> {
        private final ConcurrentLinkedQueue<Task<T>> finished = new ConcurrentLinkedQueue<>();
        private int remaining;
        /** The consumer's wait in progress; a completion signals it. */
        private volatile Waiter waiter;
        private boolean iterated;

        @SuppressWarnings("unchecked")
        Completions(Collection<? extends Task<T>> tasks) {
            TaskWatch distinct = new TaskWatch(tasks, TaskWatch.Until.ALL, false);
            remaining = distinct.distinct.size();
            for (Task<?> t : distinct.distinct) {
                Task<T> task = (Task<T>) t;
                java.util.function.Consumer<Task<?>> onDone = x -> {
                    finished.add(task);
                    Waiter w = waiter;
                    if (w != null) {
                        w.signal();
                    }
                };
                if (!task.addListener(onDone)) {
                    finished.add(task);
                }
            }
        }

        @Override
        public Iterator<Task<T>> iterator() {
            if (iterated) {
                throw new IllegalStateException("asCompleted() can be iterated only once");
            }
            iterated = true;
            return this;
        }

        @Override
        public boolean hasNext() {
            return remaining > 0;
        }

        /** The next task to finish; suspends until there is one. */
        @Override
        public Task<T> next() {
            if (remaining == 0) {
                throw new NoSuchElementException();
            }
            for (;;) {
                Task<T> t = finished.poll();
                if (t != null) {
                    remaining--;
                    return t;
                }
                Waiter w = Waiter.current(this);
                waiter = w;
                t = finished.poll();
                if (t != null) {
                    waiter = null;
                    remaining--;
                    return t;
                }
                try {
                    Waits.await(w, Waits.NO_DEADLINE, WaitOwner.NONE);
                } finally {
                    waiter = null;
                }
            }
        }

        @Override
        public String toString() {
            return "asCompleted[remaining=" + remaining + "]";
        }
    }
}
