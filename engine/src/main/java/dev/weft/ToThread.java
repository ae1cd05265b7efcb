package dev.weft;

import dev.weft.internal.Scheduler;
import dev.weft.internal.Waiter;
import dev.weft.internal.WaitOwner;
import dev.weft.internal.Waits;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** asyncio {@code to_thread} and {@code run_in_executor}: blocking work off the loop. */
final class ToThread {
    private ToThread() {
    }

    static <T> T toThread(Callable<T> body) {
        Loop loop = Loop.require();
        return run(loop.scheduler, loop.threadPool(), body);
    }

    static <T> T runInExecutor(Executor executor, Callable<T> body) {
        Loop loop = Loop.current();
        return run(loop == null ? null : loop.scheduler, executor, body);
    }

    /**
     * Runs {@code body} on {@code executor} and suspends until it is done. A cancellation of the
     * caller ends the wait at once; the body keeps running to its end (as in asyncio, a thread
     * cannot be cancelled), and its outcome is dropped.
     */
    private static <T> T run(Scheduler scheduler, Executor executor, Callable<T> body) {
        Waiter w = Waiter.current("toThread " + body);
        Map<String, String> mdc = TaskContext.capture();
        if (scheduler != null) {
            scheduler.externalBegin(); // virtual time must not jump while the thread works
        }
        try {
            executor.execute(() -> {
                Outcome<T> o;
                try {
                    o = new Outcome.Success<>(TaskContext.callWith(mdc, body));
                } catch (Throwable e) {
                    o = new Outcome.Failure<>(e);
                }
                w.signal(o); // first wake the caller, then let the clock move
                if (scheduler != null) {
                    scheduler.externalEnd();
                }
            });
        } catch (RejectedExecutionException e) {
            if (scheduler != null) {
                scheduler.externalEnd();
            }
            throw e;
        }
        Waits.await(w, Waits.NO_DEADLINE, WaitOwner.NONE);
        @SuppressWarnings("unchecked")
        Outcome<T> o = (Outcome<T>) w.value();
        return switch (o) {
            case Outcome.Success<T> s -> s.value();
            case Outcome.Failure<T> f -> throw Task.rethrow(f.error());
        };
    }
}
