package dev.weft;

import dev.weft.internal.Waits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** asyncio {@code gather}: waits for tasks and returns their results in argument order. */
final class Gather {
    private Gather() {
    }

    /** return_exceptions=False: the first failure is thrown at once; the other tasks go on. */
    static <T> List<T> gather(List<? extends Task<? extends T>> tasks) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        TaskWatch watch = new TaskWatch(tasks, TaskWatch.Until.FIRST_FAILURE, true);
        // A cancellation of the caller goes to the tasks (TaskWatch.forwardCancel), and the wait
        // goes on until the watch fires. Once it fired, it stays on the tasks still running, to
        // mark their later failures retrieved (asyncio's gather does the same).
        Task.waitUntilDone(watch, Waits.NO_DEADLINE, true);
        Task<?> failed = watch.firstFailure();
        if (failed != null) {
            failed.join(); // throws the failure (or the CancelledException of a cancelled task)
        }
        throwIfCancelRequested(watch);
        List<T> results = new ArrayList<>(tasks.size());
        for (Task<? extends T> t : tasks) {
            results.add(t.join());
        }
        return Collections.unmodifiableList(results);
    }

    /** return_exceptions=True: waits for all; each slot a Success or a Failure. */
    static <T> List<Outcome<T>> settled(List<? extends Task<? extends T>> tasks) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        TaskWatch watch = new TaskWatch(tasks, TaskWatch.Until.ALL, true);
        Task.waitUntilDone(watch, Waits.NO_DEADLINE, true); // as in gather
        throwIfCancelRequested(watch);
        List<Outcome<T>> results = new ArrayList<>(tasks.size());
        for (Task<? extends T> t : tasks) {
            results.add(outcome(t));
        }
        return Collections.unmodifiableList(results);
    }

    static <T> Outcome<T> outcome(Task<? extends T> t) {
        try {
            return new Outcome.Success<>(t.join());
        } catch (CancelledException e) {
            return new Outcome.Failure<>(e);
        } catch (RuntimeException | Error e) {
            Throwable original = t.failure();
            return new Outcome.Failure<>(original != null ? original : e);
        }
    }

    /** The caller's cancellation that went to the tasks ends the gather, whatever they did with it. */
    private static void throwIfCancelRequested(TaskWatch watch) {
        CancelledException requested = watch.cancelRequested();
        if (requested != null) {
            // A fresh exception, so its stack is the caller's; the message is the caller's cancel(msg).
            throw new CancelledException(requested.getMessage());
        }
    }
}
