package dev.weft;

import java.lang.ref.Cleaner;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.LoggerFactory;

/**
 * asyncio's "Task exception was never retrieved": made for every task that fails, logged once
 * at WARN unless someone looks at the exception first, when the task's loop closes or when the
 * task is garbage-collected, whichever comes first (or handed to the loop's {@link
 * Loop.Builder#onUnretrievedFailure} handler instead of the log). Holds no reference to the
 * task (the {@link Cleaner} needs it unreachable).
 */
final class FailureReport implements Runnable {
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "weft-cleaner");
        t.setDaemon(true);
        return t;
    });

    private final String task;
    private final Throwable error;
    /** The user's frame that created the task (debug mode), or null. */
    private final String creationSite;
    /** The loop's reports still pending; this removes itself once settled. */
    private final Set<FailureReport> pending;
    private final AtomicBoolean settled = new AtomicBoolean();
    /** The loop's {@code onUnretrievedFailure} handler, or null: log at WARN. */
    private final BiConsumer<String, Throwable> handler;

    private FailureReport(String task, Throwable error, String creationSite, Set<FailureReport> pending,
            BiConsumer<String, Throwable> handler) {
        this.task = task;
        this.error = error;
        this.creationSite = creationSite;
        this.pending = pending;
        this.handler = handler;
    }

    static FailureReport register(Task<?> t, Throwable error, String creationSite, Set<FailureReport> pending,
            BiConsumer<String, Throwable> handler) {
        FailureReport r = new FailureReport(t.name(), error, creationSite, pending, handler);
        pending.add(r);
        CLEANER.register(t, r);
        return r;
    }

    /** Someone looked at the exception: nothing to report. */
    void retrieved() {
        if (settled.compareAndSet(false, true)) {
            pending.remove(this);
        }
    }

    /** The loop closes, or (as the Cleaner's action) the task was garbage-collected. */
    @Override
    public void run() {
        if (settled.compareAndSet(false, true)) {
            pending.remove(this);
            if (handler != null) {
                try {
                    handler.accept(task, error);
                    return;
                } catch (Throwable e) {
                    LoggerFactory.getLogger(Task.class).error("onUnretrievedFailure handler failed; logging instead", e);
                }
            }
            if (creationSite != null) {
                LoggerFactory.getLogger(Task.class).warn("Task exception was never retrieved: task {}, created at {}",
                        task, creationSite, error);
            } else {
                LoggerFactory.getLogger(Task.class).warn("Task exception was never retrieved: task {}", task, error);
            }
        }
    }

}
