package dev.weft.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Timers on the real clock ({@link System#nanoTime()}), for the loops that are not on virtual
 * time: one daemon platform thread for the whole JVM, as the JDK does for timed parks of virtual
 * threads. Actions are short and non-blocking (wake a waiter, cancel a task).
 */
final class RealTimers {
    private static final ScheduledThreadPoolExecutor EXECUTOR;

    static {
        EXECUTOR = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "weft-timer");
            t.setDaemon(true);
            return t;
        });
        EXECUTOR.setRemoveOnCancelPolicy(true);
    }

    private RealTimers() {
    }

    static TimerHandle schedule(long deadline, Runnable action) {
        long delay = Waits.remaining(deadline, System.nanoTime());
        ScheduledFuture<?> f = EXECUTOR.schedule(() -> {
            try {
                action.run();
            } catch (Throwable e) {
                LoggerFactory.getLogger(RealTimers.class).error("weft timer action failed", e);
            }
        }, delay, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }
}
