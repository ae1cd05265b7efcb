package dev.weft.internal;

import java.util.concurrent.StructureViolationException;
import java.util.concurrent.StructuredTaskScope;

/**
 * {@link TaskScope} on the JDK's {@code StructuredTaskScope} (JEP 505, a preview API of JDK 25).
 * This is the only class compiled with {@code --release 25 --enable-preview}; it lives in {@code
 * META-INF/versions/25} and loads only on JDK 25 started with {@code --enable-preview} (JDK 26
 * changes the API, JEP 525, and refuses JDK 25's preview class files).
 *
 * <p>The scope forks each child through a {@code ThreadFactory} that returns the child fiber's
 * own unstarted virtual thread, so the thread the scope starts is the task's thread: cancelling
 * the task interrupts it, the loop unparks it, {@code Loop.dump()} shows its stack. The scope's
 * subtask wrapper runs first on that thread and calls the task back ({@link
 * Fiber#startVia}). The joiner never cancels the scope: failures and cancellation are the
 * group's business, on weft's own rules.
 */
final class JdkTaskScope implements TaskScope {
    private final StructuredTaskScope<Object, Void> scope;
    private final Thread owner = Thread.currentThread();
    /** The fiber being forked, for the thread factory. Owner thread only. */
    private Fiber forking;

    JdkTaskScope(String name) {
        this.scope = StructuredTaskScope.open(StructuredTaskScope.Joiner.awaitAll(),
                cfg -> cfg.withName(name).withThreadFactory(this::threadOf));
    }

    /** The scope's thread factory: the fiber's own thread, told to run the scope's wrapper. */
    private Thread threadOf(Runnable subtask) {
        Fiber f = forking;
        f.startVia(subtask);
        return f.thread;
    }

    @Override
    public boolean isOwner() {
        return Thread.currentThread() == owner;
    }

    @Override
    public boolean fork(Fiber f) {
        forking = f;
        try {
            scope.fork(f::runBody);
            return true;
        } catch (StructureViolationException e) {
            // The owner spawns inside a ScopedValue binding made after the group was opened: the
            // JDK started and ended f's thread without running it.
            return false;
        } finally {
            forking = null;
        }
    }

    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        try {
            scope.join(); // every task is done: only their threads' last steps are left
        } catch (InterruptedException e) {
            interrupted = true; // close() below still waits for every thread, uninterruptibly
        } finally {
            try {
                scope.close();
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt(); // a cancellation of the owner stays pending
                }
            }
        }
    }

    @Override
    public String toString() {
        return "StructuredTaskScope[" + scope + "]";
    }
}
