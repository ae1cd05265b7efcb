package dev.weft;

import dev.weft.internal.Fiber;
import dev.weft.internal.Scheduler;
import dev.weft.internal.TaskGroupBackend;
import dev.weft.internal.Waiter;
import dev.weft.internal.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.slf4j.LoggerFactory;

/**
 * asyncio's event loop and {@code asyncio.Runner}: owns tasks and decides how they share the
 * machine.
 *
 * <ul>
 *   <li>{@link #parallel()} (what {@link Weft#run} uses): every task is a virtual thread on the
 *       JDK's scheduler; tasks run truly in parallel, and plain JDK blocking calls park only the
 *       calling task. Shared state needs a {@link Lock}, a {@link Queue} or an atomic.
 *   <li>{@link #cooperative()}: asyncio's own model. At most one task of the loop runs at any
 *       moment; it runs until a weft suspension point, and the ready tasks then run in FIFO
 *       order. Code between two suspension points is atomic with respect to the loop's other
 *       tasks, and a run without outside I/O is deterministic. A plain JDK blocking call blocks
 *       the whole loop (as {@code time.sleep} blocks asyncio): use {@link Weft#toThread}.
 *   <li>{@code builder().cooperative().virtualTime()}: cooperative, and the clock jumps to the
 *       next timer whenever every task waits, so a one-hour {@link Weft#sleep} and a ten-minute
 *       timeout complete at once, in a fixed order. For tests.
 * </ul>
 *
 * {@snippet :
 * try (Loop loop = Loop.cooperative()) {
 *     int answer = loop.run(() -> Weft.gather(() -> 6, () -> 7).stream().reduce(1, (a, b) -> a * b));
 *     loop.run(() -> System.out.println("again, on the same loop"));
 * }
 * }
 *
 * <p>A loop's tasks run whether or not a {@link #run} call is in progress: {@link #submit} from
 * any thread starts a task at once. {@link #close()} cancels every live task, waits for them and
 * frees the loop's threads; a closed loop refuses work with {@link IllegalStateException}.
 */
public final class Loop implements AutoCloseable {
    final Scheduler scheduler;
    private final boolean debug;
    private final Duration slowTaskThreshold;
    /** One run() at a time, as asyncio.Runner. */
    private final AtomicBoolean running = new AtomicBoolean();
    private final ReentrantLock stateLock = new ReentrantLock();
    /** Written under stateLock; read anywhere. */
    private volatile boolean closing, closed;
    /** The platform threads of toThread, created on first use. Guarded by stateLock. */
    private ExecutorService threadPool;
    /** Failures nobody has looked at yet, reported at close (or when their task is collected). */
    private final Set<FailureReport> unretrieved = ConcurrentHashMap.newKeySet();
    /** Where those reports go instead of the WARN log, or null. */
    private final BiConsumer<String, Throwable> onUnretrieved;

    private Loop(Builder b) {
        this.scheduler = b.cooperative
                ? Scheduler.cooperative(this, b.virtualTime, b.debug ? b.slowTaskThreshold.toNanos() : 0)
                : Scheduler.parallel(this);
        if (b.debug) {
            scheduler.keepCreationSites();
        }
        this.debug = b.debug;
        this.slowTaskThreshold = b.slowTaskThreshold;
        this.onUnretrieved = b.onUnretrieved;
    }

    /**
     * A new parallel loop: tasks are virtual threads on the JDK's scheduler.
     *
     * @return a new, open loop; close it when done
     */
    public static Loop parallel() {
        return builder().parallel().build();
    }

    /**
     * A new cooperative loop: one task at a time, FIFO between suspension points.
     *
     * @return a new, open loop; close it when done
     */
    public static Loop cooperative() {
        return builder().cooperative().build();
    }

    /**
     * A builder for a loop of another kind: cooperative on virtual time, in debug mode, or with a
     * handler for failures nobody retrieved.
     *
     * @return a new builder, set for a parallel loop
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The loop of the calling task, or null on a plain thread. */
    static Loop current() {
        Fiber f = Fiber.current();
        return f == null ? null : f.scheduler.loop;
    }

    /** The loop of the calling task. @throws IllegalStateException("no running loop") on a plain thread */
    static Loop require() {
        Loop l = current();
        if (l == null) {
            throw new IllegalStateException("no running loop");
        }
        return l;
    }

    // ---- running --------------------------------------------------------------------------

    /**
     * asyncio {@code Runner.run(main)}: runs {@code main} as a new task of this loop and returns
     * its result, or throws its exception (checked ones in {@link TaskFailedException}). Other
     * tasks of the loop keep running after it returns, until a later {@code run} or {@link
     * #close()}. May be called again on the same loop, one call at a time.
     *
     * <p>A suspension point when called from a task of another loop. If the caller is cancelled
     * (or, on a plain thread, interrupted), {@code main} is cancelled and this waits for it.
     *
     * @param <T> the type of main's result
     * @param main the task to run
     * @return main's result
     * @throws IllegalStateException if the loop is closed, already in {@code run}, or this is
     *     called from one of its own tasks
     * @throws TaskFailedException if main failed with a checked exception (an unchecked one is
     *     thrown as it is)
     * @throws CancelledException if main ended cancelled (also when the caller was cancelled and
     *     main with it)
     */
    public <T> T run(Callable<T> main) {
        Objects.requireNonNull(main, "main");
        Fiber f = Fiber.current();
        if (f != null && f.scheduler == scheduler) {
            throw new IllegalStateException("Loop.run() cannot be called from a task of the same loop");
        }
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("Loop.run() is already running");
        }
        try {
            return spawn(null, main).await();
        } finally {
            running.set(false);
        }
    }

    /**
     * {@link #run(Callable)} for a body without a result.
     *
     * @param main the task to run
     * @throws IllegalStateException if the loop is closed, already in {@code run}, or this is
     *     called from one of its own tasks
     * @throws TaskFailedException if main failed with a checked exception (an unchecked one is
     *     thrown as it is)
     * @throws CancelledException if main ended cancelled
     */
    public void run(Body main) {
        Objects.requireNonNull(main, "main");
        run(Weft.callable(main));
    }

    /**
     * asyncio {@code run_coroutine_threadsafe}: starts {@code body} as a task of this loop, from
     * any thread, until {@link #close()} begins.
     *
     * @param <T> the type of the body's result
     * @param body what the task runs
     * @return the new task, already scheduled; await it from a task or {@link Task#get()} it from a
     *     thread
     * @throws IllegalStateException if the loop is closed or closing (a task of the loop itself
     *     may still submit while it closes: that task is cancelled before it starts)
     */
    public <T> Task<T> submit(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        return spawn(null, body);
    }

    /**
     * {@link #submit(Callable)} for a body without a result.
     *
     * @param body what the task runs
     * @return the new task, already scheduled; its result is null
     * @throws IllegalStateException if the loop is closed or closing
     */
    public Task<Void> submit(Body body) {
        Objects.requireNonNull(body, "body");
        return spawn(null, Weft.callable(body));
    }

    <T> Task<T> spawn(String name, Callable<? extends T> body) {
        Task<T> t = create(name, body);
        start(t);
        return t;
    }

    /** A new task of this loop, not started yet (so that a caller can register on it first). */
    <T> Task<T> create(String name, Callable<? extends T> body) {
        if (closed) {
            throw new IllegalStateException("Loop is closed");
        }
        Task<T> t = new Task<>(this, name, TaskContext.inherit(body)); // the thread inherits here too
        if (debug) {
            t.fiber.recordCreationSite();
        }
        return t;
    }

    /**
     * Starts a task made by {@link #create}.
     *
     * @throws IllegalStateException once {@link #close()} has begun, unless called from one of
     *     this loop's own tasks
     */
    void start(Task<?> t) {
        admit(t);
        scheduler.start(t.fiber);
    }

    /**
     * The first half of {@link #start}: registers the task as live; the caller then starts its
     * thread ({@code TaskGroup} forks it in a JDK scope).
     */
    void admit(Task<?> t) {
        if (!scheduler.register(t.fiber)) {
            throw new IllegalStateException(closed ? "Loop is closed" : "Loop is closing");
        }
        if (closing) {
            // A task of the loop spawned it while close() sweeps: cancelled before it starts, so
            // that close() can wait for the loop to empty instead of chasing newcomers.
            t.cancel("loop is closing");
        }
    }

    /**
     * The loop clock in nanoseconds: {@link System#nanoTime()}, or the virtual clock.
     *
     * @return the loop clock's current time in nanoseconds; only differences between two values
     *     mean anything
     */
    public long now() {
        return scheduler.now();
    }

    /**
     * The tasks of this loop that are not done yet.
     *
     * @return a snapshot of the live tasks, in no particular order; later changes of the loop do
     *     not show in it
     */
    public Set<Task<?>> tasks() {
        Set<Task<?>> s = new LinkedHashSet<>();
        for (Fiber f : scheduler.fibers()) {
            Task<?> t = f.task();
            if (t != null && !t.isDone()) {
                s.add(t);
            }
        }
        return s;
    }

    boolean isDebug() {
        return debug;
    }

    Duration slowTaskThreshold() {
        return slowTaskThreshold;
    }

    boolean isVirtualTime() {
        return scheduler.isVirtualTime();
    }

    /**
     * Every live task: its name, state, what it waits on (a lock, a queue, an event, a task...)
     * and its stack. The text to read when a program hangs.
     *
     * @return a multi-line report: a header line (the loop's mode and number of live tasks), then
     *     each live task, oldest first
     */
    public String dump() {
        StringBuilder sb = new StringBuilder();
        List<Task<?>> live = new ArrayList<>(tasks());
        live.sort(java.util.Comparator.comparingLong(Task::id));
        sb.append("Loop[").append(mode()).append(", ").append(live.size()).append(" live task")
                .append(live.size() == 1 ? "" : "s").append("]\n");
        sb.append(scheduler.isCooperative() ? "TaskGroup: weft's own (cooperative loop)" : TaskGroupBackend.selected())
                .append('\n');
        for (Task<?> t : live) {
            Waiter w = t.fiber.waiter();
            sb.append("- ").append(t.name()).append(": ");
            if (w != null) {
                sb.append("waiting on ").append(w.blocker());
            } else {
                sb.append(t.fiber.thread().isAlive() ? "running" : "ready");
            }
            if (t.cancelling() > 0) {
                sb.append(" (cancelling=").append(t.cancelling()).append(')');
            }
            sb.append('\n');
            for (StackTraceElement e : userStack(t.fiber.thread().getStackTrace(), w != null)) {
                sb.append("    at ").append(e).append('\n');
            }
            String site = t.fiber.creationSiteFrame();
            if (site != null) {
                sb.append("    created at ").append(site).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * A task's stack without the plumbing: while it is in a weft wait, the frames above the weft
     * call it waits in (parking, or handing the loop on: JDK and weft-internal frames, whatever
     * moment the snapshot caught); and always the frames that start the task at the bottom. Out
     * of a weft wait the top is kept: JDK frames there are the task's own blocking call.
     */
    static List<StackTraceElement> userStack(StackTraceElement[] stack, boolean inWeftWait) {
        int from = 0;
        while (inWeftWait && from < stack.length && isPlumbing(stack[from])) {
            from++;
        }
        int to = stack.length;
        while (to > from && isStarter(stack[to - 1])) {
            to--;
        }
        return from < to ? List.of(stack).subList(from, to) : List.of(stack);
    }

    private static boolean isPlumbing(StackTraceElement e) {
        String c = e.getClassName();
        return c.startsWith("dev.weft.internal.") || c.startsWith("java.") || c.startsWith("jdk.");
    }

    private static boolean isStarter(StackTraceElement e) {
        String c = e.getClassName();
        return c.startsWith("java.lang.VirtualThread") || c.startsWith("java.lang.Thread")
                || c.startsWith("dev.weft.internal.") // Fiber.Start.run; JdkTaskScope's fork of a TaskGroup child
                || c.startsWith("java.util.concurrent.StructuredTaskScope") // the JDK scope's subtask wrapper
                || c.equals("dev.weft.Task$TaskFiber") // the task's life: no user code runs below its body
                || c.startsWith("dev.weft.TaskContext")
                || (c.equals("dev.weft.Weft") && e.getMethodName().startsWith("lambda$callable"));
    }

    /** "parallel", "cooperative" or "cooperative, virtual time" (for dump() and JFR events). */
    String mode() {
        if (!scheduler.isCooperative()) {
            return "parallel";
        }
        return scheduler.isVirtualTime() ? "cooperative, virtual time" : "cooperative";
    }

    // ---- toThread -------------------------------------------------------------------------

    ExecutorService threadPool() {
        stateLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("Loop is closed");
            }
            if (threadPool == null) {
                // Not inheriting thread locals: a pooled thread would show the values of whichever
                // task made it to every later body (see TaskContext).
                threadPool = Executors.newCachedThreadPool(Thread.ofPlatform().name("weft-to-thread-", 1)
                        .daemon(true).inheritInheritableThreadLocals(false).factory());
            }
            return threadPool;
        } finally {
            stateLock.unlock();
        }
    }

    // ---- closing --------------------------------------------------------------------------

    FailureReport reportFailure(Task<?> t, Throwable error) {
        return FailureReport.register(t, error, t.fiber.creationSiteFrame(), unretrieved, onUnretrieved);
    }

    /**
     * Cancels every live task, waits until each has finished (its {@code finally} blocks run)
     * and its thread has ended, and shuts down the loop's {@code toThread} threads. From the
     * moment it begins, {@link #submit} and {@link #run} from outside the loop are refused;
     * tasks that the loop's own tasks spawn meanwhile are cancelled before they start. So it
     * returns in bounded time whatever other threads do (as long as the tasks themselves end
     * when cancelled). Idempotent.
     *
     * <p>A suspension point when called from a task of another loop. Like {@code
     * StructuredTaskScope.close()}, it finishes closing whatever happens to its caller: an
     * interrupt (on a plain thread) or a cancellation (of a calling task) that comes meanwhile
     * does not stop it; it is handed back when the loop is closed, as the thread's interrupt
     * status, or as a cancellation pending for the task's next suspension point.
     *
     * @throws IllegalStateException if called from one of this loop's own tasks
     */
    @Override
    public void close() {
        Fiber me = Fiber.current();
        if (me != null && me.scheduler == scheduler) {
            throw new IllegalStateException("a loop cannot be closed from one of its own tasks");
        }
        stateLock.lock();
        try {
            if (closed) {
                return;
            }
            closing = true;
        } finally {
            stateLock.unlock();
        }
        scheduler.refuseOutsiders(); // every task accepted before this is in fibers() below
        boolean cancelledMeanwhile = false;
        Set<Fiber> seen = new LinkedHashSet<>();
        for (Set<Fiber> live = scheduler.fibers(); !live.isEmpty(); live = scheduler.fibers()) {
            for (Fiber f : live) {
                if (seen.add(f) && f.task() != null) {
                    f.task().cancel();
                }
            }
            for (Fiber f : live) {
                if (f.task() != null && f.task().waitDoneUninterruptibly()) {
                    cancelledMeanwhile = true; // keep closing; handed back below
                }
            }
            try {
                scheduler.awaitNoFibers();
            } catch (CancelledException e) {
                cancelledMeanwhile = true;
            }
        }
        boolean interrupted = false;
        for (;;) {
            try {
                scheduler.joinExited(); // every thread that ran a fiber of this loop has ended
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        scheduler.shutdown();
        ExecutorService pool;
        stateLock.lock();
        try {
            closed = true;
            pool = threadPool;
        } finally {
            stateLock.unlock();
        }
        if (pool != null) {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(300, TimeUnit.SECONDS)) {
                    LoggerFactory.getLogger(Loop.class).warn(
                            "toThread threads still running 300 s after Loop.close(); leaving them");
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        reportUnretrieved();
        if (cancelledMeanwhile || interrupted) {
            Waits.handBackCancellation();
        }
    }

    private void reportUnretrieved() {
        for (FailureReport r : List.copyOf(unretrieved)) {
            r.run();
        }
    }

    /**
     * Whether the loop is closed: {@link #close()} sets it once every task of the loop has ended
     * (the loop refuses new work from the moment {@code close()} starts). False while those tasks
     * are still being cancelled and waited for.
     *
     * @return true once the loop is closed
     */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Loop[" + mode() + (closed ? ", closed" : closing ? ", closing" : "") + ", tasks="
                + tasks().size() + "]";
    }

    /** Builds a {@link Loop}: parallel (the default) or cooperative, optionally on virtual time. */
    public static final class Builder {
        private boolean cooperative;
        private boolean virtualTime;
        private boolean debug = Boolean.getBoolean("weft.debug");
        private Duration slowTaskThreshold = Duration.ofMillis(100);
        private BiConsumer<String, Throwable> onUnretrieved;

        private Builder() {
        }

        /**
         * Tasks are virtual threads running in parallel (the default).
         *
         * @return this builder
         */
        public Builder parallel() {
            this.cooperative = false;
            this.virtualTime = false;
            return this;
        }

        /**
         * One task at a time, FIFO between suspension points (asyncio's model).
         *
         * @return this builder
         */
        public Builder cooperative() {
            this.cooperative = true;
            return this;
        }

        /**
         * Cooperative, with a clock that jumps to the next timer whenever every task waits.
         *
         * @return this builder
         */
        public Builder virtualTime() {
            this.cooperative = true;
            this.virtualTime = true;
            return this;
        }

        /**
         * asyncio's debug mode (also {@code -Dweft.debug=true}): slow-task warnings, creation
         * sites.
         *
         * @param debug true to turn debug mode on, false to turn it off (whatever {@code
         *     -Dweft.debug} says)
         * @return this builder
         */
        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        /**
         * How long a cooperative task may run without suspending before debug mode warns (default
         * 100 ms).
         *
         * @param threshold the time without a suspension point after which a task is reported;
         *     positive
         * @return this builder
         * @throws IllegalArgumentException if {@code threshold} is zero or negative
         */
        public Builder slowTaskThreshold(Duration threshold) {
            Objects.requireNonNull(threshold, "threshold");
            if (threshold.isNegative() || threshold.isZero()) {
                throw new IllegalArgumentException("slowTaskThreshold must be positive: " + threshold);
            }
            this.slowTaskThreshold = threshold;
            return this;
        }

        /**
         * Where "Task exception was never retrieved" goes instead of the WARN log (asyncio's loop
         * exception handler, for that one message): {@code handler} gets the task's name and its
         * exception, once per failed task whose exception nobody retrieved. It is called when the
         * loop closes (on the thread calling {@link Loop#close()}, so every report is in by the
         * time {@code close()} returns), or earlier when the task is garbage-collected (on a
         * cleaner thread); it must not block. An exception it throws is logged, with the report.
         * The JUnit extension uses it to fail a test that leaves a failure unretrieved.
         *
         * @param handler gets the task's name and its exception
         * @return this builder
         */
        public Builder onUnretrievedFailure(BiConsumer<String, Throwable> handler) {
            this.onUnretrieved = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * A new loop with this builder's settings; the builder may be used again for another.
         *
         * @return a new, open loop; close it when done
         */
        public Loop build() {
            return new Loop(this);
        }
    }
}
