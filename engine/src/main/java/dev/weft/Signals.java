package dev.weft;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM for {@link Weft#run}: while an outermost {@code Weft.run} is running, a
 * signal cancels its main task; once {@code Weft.run} has cleaned up, the JVM exits with the
 * signal's status (130, 143). If it has not cleaned up within {@code -Dweft.shutdownGrace}, the
 * JVM halts anyway; a second signal halts at once (asyncio: a second Ctrl-C).
 *
 * <p>Signal handlers, not shutdown hooks: a hook would also catch {@code System.exit} from the
 * program, and then wait out the grace period for a task stuck inside {@code System.exit}.
 * A signal that was ignored when the JVM started (a background job of a non-interactive shell
 * ignores SIGINT) stays ignored, as the JVM does for its own handlers.
 */
final class Signals {
    private static final ReentrantLock LOCK = new ReentrantLock();
    // Guarded by LOCK.
    private static final Set<Task<?>> ROOTS = new LinkedHashSet<>();
    private static SignalHandler oldInt, oldTerm;
    private static boolean installed;
    /** The first signal received (its number), 0 for none. */
    private static volatile int received;

    private Signals() {
    }

    static void register(Task<?> root) {
        LOCK.lock();
        try {
            ROOTS.add(root);
            if (!installed) {
                oldInt = install("INT");
                oldTerm = install("TERM");
                installed = true;
            }
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * The main task's {@code Weft.run} has cleaned up. Returns the exit status to exit with when
     * a signal cancelled it, else 0 (and restores the JVM's handlers when no run is left).
     */
    static int unregister(Task<?> root) {
        LOCK.lock();
        try {
            ROOTS.remove(root);
            int sig = received;
            if (sig != 0) {
                return 128 + sig;
            }
            if (ROOTS.isEmpty() && installed) {
                restore("INT", oldInt);
                restore("TERM", oldTerm);
                installed = false;
            }
            return 0;
        } finally {
            LOCK.unlock();
        }
    }

    private static SignalHandler install(String name) {
        try {
            return Signal.handle(new Signal(name), Signals::onSignal);
        } catch (IllegalArgumentException e) {
            // Not available here (-Xrs, or the VM uses it): the JVM's default stays.
            return null;
        }
    }

    private static void restore(String name, SignalHandler old) {
        if (old != null) {
            try {
                Signal.handle(new Signal(name), old);
            } catch (IllegalArgumentException e) {
                // cannot happen: we installed it
            }
        }
    }

    private static void onSignal(Signal sig) {
        int status = 128 + sig.getNumber();
        if (received != 0) {
            Runtime.getRuntime().halt(status); // a second signal: stop waiting
        }
        received = sig.getNumber();
        List<Task<?>> roots;
        LOCK.lock();
        try {
            roots = new ArrayList<>(ROOTS);
        } finally {
            LOCK.unlock();
        }
        for (Task<?> root : roots) {
            root.cancel("SIG" + sig.getName());
        }
        Thread watchdog = new Thread(() -> {
            java.time.Duration grace = Runner.grace();
            try {
                Thread.sleep(grace);
            } catch (InterruptedException e) {
                return;
            }
            LoggerFactory.getLogger(Runner.class).warn(
                    "main task still unwinding {} after SIG{}; exiting anyway", grace, sig.getName());
            Runtime.getRuntime().halt(status);
        }, "weft-shutdown-grace");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
