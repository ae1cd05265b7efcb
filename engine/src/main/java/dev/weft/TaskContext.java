package dev.weft;

import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.MDC;

/**
 * What a task inherits from the code that creates it: asyncio copies the creator's {@code
 * contextvars} into every new task; weft's Java equivalents are the SLF4J {@link MDC} and
 * {@link InheritableThreadLocal}s.
 *
 * <ul>
 *   <li><b>Inheritable thread locals</b> are copied by the JDK when a thread is created, and a
 *       task's virtual thread is created with the task ({@code Loop.create}), in every mode, on the
 *       creator's thread. So a task sees the values its creator had at spawn time (through {@link
 *       InheritableThreadLocal#childValue}); later changes on either side are not shared.
 *   <li><b>The MDC</b> is not always inheritable (logback's is a plain {@code ThreadLocal}), so
 *       {@link #inherit} copies the creator's map at spawn time and the task installs it before its
 *       body runs. An empty map costs nothing: the body is not even wrapped.
 *   <li><b>{@code toThread} / {@code runInExecutor}</b> run the body on a pooled platform thread:
 *       {@link #callWith} sets the caller's MDC there for the call and restores the thread's own
 *       afterwards. Inheritable thread locals cannot be copied into a thread that already exists;
 *       the loop's {@code toThread} threads are made without inheriting any, so a body never sees
 *       values left by whichever task happened to make the thread.
 * </ul>
 */
final class TaskContext {
    private TaskContext() {
    }

    /** {@code body}, made to run with the calling thread's MDC as it is now (or as is, when empty). */
    static <T> Callable<T> inherit(Callable<T> body) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        if (mdc == null || mdc.isEmpty()) {
            return body;
        }
        return () -> {
            MDC.setContextMap(mdc); // a fresh thread: nothing to restore when the body ends
            return body.call();
        };
    }

    /** The calling thread's MDC now, for {@link #callWith} on another thread; null when empty. */
    static Map<String, String> capture() {
        return MDC.getCopyOfContextMap();
    }

    /** Runs {@code body} on this (pooled) thread with the MDC {@code mdc}, then restores the thread's own. */
    static <T> T callWith(Map<String, String> mdc, Callable<T> body) throws Exception {
        Map<String, String> own = MDC.getCopyOfContextMap();
        set(mdc);
        try {
            return body.call();
        } finally {
            set(own);
        }
    }

    private static void set(Map<String, String> mdc) {
        if (mdc == null || mdc.isEmpty()) {
            MDC.clear();
        } else {
            MDC.setContextMap(mdc);
        }
    }
}
