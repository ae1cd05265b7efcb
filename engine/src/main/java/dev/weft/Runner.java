package dev.weft;

import dev.weft.internal.Fiber;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/**
 * asyncio {@code run}: a new parallel loop for {@code main}; when main is done, whatever it left
 * running is cancelled and waited for, and the loop is closed.
 *
 * <p>On the outermost {@code Weft.run} (called from a thread that is not a task) a JVM shutdown
 * hook turns SIGINT and SIGTERM (and {@code System.exit}) into a cancellation of main: its
 * {@code finally} blocks, task groups and permits unwind, then the JVM exits with its signal
 * status (130 for SIGINT, 143 for SIGTERM). The hook waits at most {@code -Dweft.shutdownGrace}
 * (default 10 s; {@code 500ms}, {@code 3s} or ISO-8601 {@code PT3S}) before letting the JVM go.
 */
final class Runner {
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private Runner() {
    }

    static <T> T run(Callable<T> main) {
        boolean outermost = Fiber.current() == null;
        Loop loop = Loop.parallel();
        Hook hook = null;
        try {
            Task<T> root = loop.create(null, main);
            if (outermost) {
                hook = new Hook(root);
                Runtime.getRuntime().addShutdownHook(hook);
            }
            loop.start(root);
            return root.await();
        } finally {
            try {
                loop.close();
            } finally {
                if (hook != null) {
                    hook.mainFinished();
                }
            }
        }
    }

    static Duration grace() {
        String s = System.getProperty("weft.shutdownGrace");
        if (s == null || s.isBlank()) {
            return DEFAULT_GRACE;
        }
        s = s.trim();
        try {
            if (s.startsWith("P") || s.startsWith("p")) {
                return Duration.parse(s);
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
            }
            if (s.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1).trim()) * 1000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
        } catch (NumberFormatException | DateTimeParseException e) {
            LoggerFactory.getLogger(Runner.class).warn("weft.shutdownGrace={} is not a duration; using {}", s, DEFAULT_GRACE);
            return DEFAULT_GRACE;
        }
    }

    /** The shutdown hook: cancel main, give it the grace period to unwind. */
    private static final class Hook extends Thread {
        private final Task<?> root;
        private final CountDownLatch finished = new CountDownLatch(1);
        private volatile boolean fired;

        Hook(Task<?> root) {
            super("weft-shutdown");
            this.root = root;
        }

        @Override
        public void run() {
            fired = true;
            root.cancel("JVM shutdown (signal or System.exit)");
            Duration grace = grace();
            try {
                if (!finished.await(grace.toNanos(), TimeUnit.NANOSECONDS)) {
                    LoggerFactory.getLogger(Runner.class).warn(
                            "main task still unwinding after the {} grace period; exiting anyway", grace);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Weft.run is leaving: unregister, or, when the JVM is shutting down, stay out of its way. */
        void mainFinished() {
            finished.countDown();
            boolean shuttingDown = fired;
            if (!shuttingDown) {
                try {
                    Runtime.getRuntime().removeShutdownHook(this);
                } catch (IllegalStateException e) {
                    shuttingDown = true; // the hook is about to run or running
                }
            }
            if (shuttingDown && Thread.currentThread() != this) {
                // The JVM exits with the signal's status once the hook returns; returning or
                // throwing from here would only print a misleading stack trace for main.
                for (;;) {
                    LockSupport.park(this);
                }
            }
        }
    }
}
