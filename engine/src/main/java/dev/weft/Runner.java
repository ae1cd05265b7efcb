package dev.weft;

import dev.weft.internal.Fiber;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;

/**
 * asyncio {@code run}: a new parallel loop for {@code main}; when main is done, whatever it left
 * running is cancelled and waited for, and the loop is closed.
 *
 * <p>On the outermost {@code Weft.run} (called from a thread that is not a task), SIGINT and
 * SIGTERM cancel main (see {@link Signals}): its {@code finally} blocks, task groups and permits
 * unwind, then the JVM exits with the signal's status (130 for SIGINT, 143 for SIGTERM). It waits
 * at most {@code -Dweft.shutdownGrace} (default 10 s; {@code 500ms}, {@code 3s} or ISO-8601
 * {@code PT3S}) before halting anyway.
 */
final class Runner {
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private Runner() {
    }

    static <T> T run(Callable<T> main) {
        boolean outermost = Fiber.current() == null;
        Loop loop = Loop.parallel();
        Task<T> root = null;
        try {
            root = loop.create(null, main);
            if (outermost) {
                Signals.register(root);
            }
            loop.start(root);
            return root.await();
        } finally {
            try {
                loop.close();
            } finally {
                if (outermost && root != null) {
                    int status = Signals.unregister(root);
                    if (status != 0) {
                        // A signal cancelled main and everything has unwound: exit as the JVM
                        // would have on that signal. (System.exit does not return.)
                        System.exit(status);
                    }
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
}
