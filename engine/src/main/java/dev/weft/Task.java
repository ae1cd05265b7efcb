package dev.weft;

import dev.weft.internal.Fiber;
import dev.weft.internal.Scheduler;
import dev.weft.internal.Waiter;
import dev.weft.internal.Waits;
import dev.weft.internal.jfr.Jfr;
import dev.weft.internal.jfr.TaskEndEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * asyncio's {@code Task}: a body running in a virtual thread of a {@link Loop}, with asyncio's
 * cancellation model. Create one with {@link Weft#spawn}, {@link Loop#submit} or {@link
 * TaskGroup#spawn}.
 *
 * {@snippet :
 * Task<String> page = Weft.spawn("fetch", () -> fetch(url));
 * // ... other work ...
 * String body = page.await();       // suspends this task until page is done
 * }
 *
 * <h2>Cancellation</h2>
 * {@link #cancel(String)} is a <em>request</em>: the task receives a {@link CancelledException}
 * at its current or next suspension point (any weft wait, {@link Weft#sleep}), and a JDK
 * blocking call that answers interrupts ({@code Thread.sleep}, blocking I/O, {@code
 * BlockingQueue.take}) ends with {@code InterruptedException}, because cancelling also interrupts
 * the task's thread. The body may catch the exception to clean up; if it lets it (or the
 * {@code InterruptedException}) propagate the task ends <em>cancelled</em>; if it returns
 * normally it ends with that result (it should then call {@link #uncancel()}). A request that
 * was never delivered, because no suspension point came after it, makes the task end cancelled.
 * So {@link #isDone()} turns true only when the task has finished unwinding, and a task that was
 * asked to cancel may still end with a result: this also holds for {@link #cancel(boolean)}, which
 * differs from the JDK's {@code Future} there.
 *
 * <p>Awaiting a task is a suspension point, and cancelling a task that waits in {@link #await()}
 * cancels the awaited task too (asyncio's rule; {@link Weft#shield} is the way around it). {@link
 * #get()} does not pass the cancellation on.
 *
 * <h2>Results</h2>
 * {@link #await()}, {@link #result()} and the combinators re-throw the body's exception: an
 * unchecked exception or error as the same object, a checked exception wrapped in {@link
 * TaskFailedException}. A failed task whose exception nobody retrieves is logged once, at WARN,
 * as "Task exception was never retrieved".
 *
 * <p><em>Memory consistency effects:</em> actions of the task's body happen-before a call that
 * observes the task done ({@link #await()}, {@link #result()}, {@link #isDone()} returning true,
 * a done callback) returns.
 *
 * @param <T> the type of the result
 */
public final class Task<T> implements Future<T> {
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final int PENDING = 0, SUCCESS = 1, FAILED = 2, CANCELLED = 3;
    /** The {@code listeners} value once the task is done (an empty array): later listeners are not kept. */
    private static final TaskListener[] DONE = new TaskListener[0];
    private static final VarHandle LISTENERS;

    static {
        try {
            LISTENERS = MethodHandles.lookup().findVarHandle(Task.class, "listeners", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id;
    /** The name given at spawn, or null for asyncio's "Task-N". */
    private final String name;
    /** The task's thread and cancellation state: a {@link TaskFiber}, which runs this task. */
    final Fiber fiber;
    /** Cleared once run. Written by the spawner, read by the fiber's thread (after start). */
    private Callable<? extends T> body;

    /**
     * PENDING until the body has finished; written once by the fiber's thread, under the fiber's
     * lock in the step that marks it finished (so cancel() returning false means done). A byte,
     * as {@code retrieved} is a boolean: with the loop read through the fiber, they keep a task at
     * 48 bytes (every suspended task holds one).
     */
    private volatile byte status;
    /**
     * Written before status, read after it. SUCCESS: the result (a {@code T}). FAILED: the {@link
     * FailureReport} that logs "never retrieved" unless the failure is retrieved first, or null
     * when it was retrieved before the task failed. One field for both saves a slot in every task.
     */
    private Object value;
    private Throwable error;
    /** Someone looked at the failure (await, result, exception, get, a combinator). */
    private volatile boolean retrieved;
    /**
     * Who to tell once done (waits, done callbacks, watches), in registration order: null when
     * none, the {@link TaskListener} itself when there is one (a task awaited, gathered or in a
     * group has one, and registering it allocates nothing), a copy-on-write {@code
     * TaskListener[]} of two or more, DONE once the task finished. Written by any thread (CAS),
     * drained by the fiber's thread.
     */
    @SuppressWarnings("unused")
    private volatile Object listeners;

    Task(Loop loop, String name, Callable<? extends T> body) {
        this.id = COUNTER.incrementAndGet();
        this.name = name;
        this.body = body;
        this.fiber = new TaskFiber(loop.scheduler, name);
    }

    /** The loop that runs this task (its fiber's scheduler's). */
    Loop loop() {
        return fiber.scheduler.loop;
    }

    /** Creation order (asyncio's task counter). */
    long id() {
        return id;
    }

    /**
     * The task's name: the one given at spawn, else {@code "Task-N"} as in asyncio.
     *
     * @return the task's name, never null
     */
    public String name() {
        return name != null ? name : "Task-" + id;
    }

    // ---- running --------------------------------------------------------------------------

    /**
     * This task's fiber. Its {@link #runBody()} is the task's life, so that a task's body is
     * called from the frame right above the thread's start (or a JDK scope's wrapper): every
     * frame below a suspended task's wait is copied to the heap while it waits. An inner class:
     * its reference to the task is the one field it adds, as the fiber's own {@code task} field
     * was, and it reaches the task's private state.
     */
    private final class TaskFiber extends Fiber {
        TaskFiber(Scheduler scheduler, String threadName) {
            super(scheduler, threadName);
        }

        @Override
        public Task<?> task() {
            return Task.this;
        }

        /** The task's life. Unqualified calls are the fiber's (begin, finish, cancelling), fields the task's. */
        @Override
        protected void runBody() {
            TaskEndEvent recorded = Jfr.on() ? Jfr.taskStarted(name(), id, loop().mode()) : null; // JFR off: one volatile read
            Throwable err = begin();
            T v = null;
            if (err == null) {
                try {
                    v = body.call();
                } catch (Throwable e) {
                    err = e;
                }
            }
            body = null;
            if (err == null) {
                T result = v;
                finish(true, undelivered -> {
                    if (undelivered == null) {
                        publish(SUCCESS, result, null);
                    } else {
                        publish(CANCELLED, null, undelivered); // cancelled after its last suspension point
                    }
                });
            } else {
                int st;
                if (err instanceof CancelledException) {
                    st = CANCELLED;
                } else if (err instanceof InterruptedException && cancelling() > 0) {
                    err = new CancelledException(cancelMessage(), err);
                    st = CANCELLED;
                } else {
                    st = FAILED;
                }
                // published with the status below
                FailureReport report = st == FAILED && !retrieved ? loop().reportFailure(Task.this, err) : null;
                Throwable e = err;
                finish(false, none -> publish(st, report, e));
            }
            if (recorded != null) {
                Jfr.taskEnded(recorded, status == SUCCESS ? "success" : status == FAILED ? "failed" : "cancelled",
                        status == FAILED ? error : null);
            }
            notifyListeners();
        }
    }

    /** The task's outcome, written once under the fiber's lock as it finishes (see {@link Fiber#finish}). */
    private void publish(int st, Object v, Throwable err) {
        value = v;
        error = err;
        status = (byte) st;
    }

    /** Tells every listener, in registration order, and keeps none registered after this. */
    private void notifyListeners() {
        Object ls = LISTENERS.getAndSet(this, DONE);
        if (ls instanceof TaskListener one) {
            notify(one);
        } else if (ls != null) {
            for (TaskListener l : (TaskListener[]) ls) {
                notify(l);
            }
        }
    }

    /** Tells one listener; an exception from it is logged, and the others are told all the same. */
    private void notify(TaskListener l) {
        try {
            l.taskDone(this);
        } catch (Throwable e) {
            LoggerFactory.getLogger(Task.class).error("Exception in done callback of {}", this, e);
        }
    }

    /** Registers a listener; false when the task is already done (nothing registered). */
    boolean addListener(TaskListener l) {
        for (;;) {
            Object cur = listeners;
            if (cur == DONE) {
                return false;
            }
            Object next;
            if (cur == null) {
                next = l;
            } else if (cur instanceof TaskListener one) {
                next = new TaskListener[] {one, l};
            } else {
                TaskListener[] all = (TaskListener[]) cur;
                TaskListener[] more = Arrays.copyOf(all, all.length + 1);
                more[all.length] = l;
                next = more;
            }
            if (LISTENERS.compareAndSet(this, cur, next)) {
                return true;
            }
        }
    }

    /**
     * Removes every registration of {@code l}: the listener itself, or every done callback equal
     * to it (a callback added twice is removed twice); returns how many.
     */
    int removeListener(Object l) {
        for (;;) {
            Object cur = listeners;
            if (cur == null || cur == DONE) {
                return 0;
            }
            if (cur instanceof TaskListener one) {
                if (!registers(one, l)) {
                    return 0;
                }
                if (LISTENERS.compareAndSet(this, cur, null)) {
                    return 1;
                }
                continue;
            }
            TaskListener[] all = (TaskListener[]) cur;
            int n = 0;
            for (TaskListener o : all) {
                if (registers(o, l)) {
                    n++;
                }
            }
            if (n == 0) {
                return 0;
            }
            TaskListener[] kept = new TaskListener[all.length - n];
            int i = 0;
            for (TaskListener o : all) {
                if (!registers(o, l)) {
                    kept[i++] = o;
                }
            }
            Object next = kept.length == 0 ? null : kept.length == 1 ? kept[0] : kept;
            if (LISTENERS.compareAndSet(this, cur, next)) {
                return n;
            }
        }
    }

    /** How many listeners are registered now (none once done): the tests check that waits leave none behind. */
    int listenerCount() {
        Object ls = listeners;
        return ls == null ? 0 : ls instanceof TaskListener ? 1 : ((TaskListener[]) ls).length;
    }

    /** Whether the registered {@code o} registers {@code l}: it is {@code l}, or a callback equal to it. */
    private static boolean registers(TaskListener o, Object l) {
        return o == l || o instanceof Callback<?> c && c.callback.equals(l);
    }

    /** A done callback of {@link #addDoneCallback}, as registered. */
    private static final class Callback<T> implements TaskListener {
        final Consumer<? super Task<T>> callback;

        Callback(Consumer<? super Task<T>> callback) {
            this.callback = callback;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void taskDone(Task<?> task) {
            callback.accept((Task<T>) task);
        }
    }

    // ---- waiting --------------------------------------------------------------------------

    /**
     * asyncio {@code await task}: suspends until this task is done, then returns its result or
     * throws its exception (see the class comment), or {@link CancelledException} if it was
     * cancelled. A task that is already done answers at once, without suspending.
     *
     * <p>A suspension point. If the caller is cancelled while it waits, this task is cancelled
     * too (with the same message) and the caller keeps waiting for it to finish: if it still
     * ends with a result, that result is returned.
     *
     * @return the task's result
     * @throws IllegalStateException if a task awaits itself
     * @throws TaskFailedException if the task failed with a checked exception (an unchecked one is
     *     thrown as it is)
     * @throws CancelledException if the task ended cancelled, whether by the caller's cancellation
     *     passed on or by someone else
     */
    public T await() {
        if (status == PENDING) {
            // Not through waitDone: one frame less to freeze while the caller is suspended.
            waitUntilDone(waitFromOutside(), Waits.NO_DEADLINE, true);
        }
        return join();
    }

    /** Suspends until done; {@code forward}: a cancellation of the caller cancels this task. */
    void waitDone(boolean forward) {
        waitUntilDone(waitFromOutside(), Waits.NO_DEADLINE, forward);
    }

    /** A wait for this task, for a caller that must not be this task (it would wait for ever). */
    private DoneWait.OfTask waitFromOutside() {
        if (Fiber.current() == fiber) {
            throw new IllegalStateException("Task cannot await on itself: " + this);
        }
        return new DoneWait.OfTask(this);
    }

    /**
     * The one wait until a task is done, or until a condition over several tasks holds: every
     * other wait for tasks ({@link #await}, {@link #get}, {@code wait}, {@code waitFor}, {@code
     * gather}, {@code shield}, the {@code close()} methods) comes here. Registers {@code wait}'s
     * listener(s) and, unless that finds the wait already over, suspends the caller as {@link
     * Waits#await} does; a wait that ends early (time-out, cancellation) takes its registrations
     * back on the way out.
     *
     * @param wait what is awaited (its {@code blocker()} is what {@code Loop.dump()} shows the
     *     caller waiting on); fresh, or reused only once its previous wait is over
     * @param deadline on the caller's loop clock; {@link Waits#NO_DEADLINE} for none
     * @param forward whether a cancellation of the caller goes to {@code wait.forwardCancel} (the
     *     wait goes on if it is taken) instead of ending the wait
     * @return false if the deadline passed first
     * @throws CancelledException if the caller was cancelled (and the cancellation not forwarded)
     */
    static boolean waitUntilDone(DoneWait wait, long deadline, boolean forward) {
        Waiter w = forward ? Waiter.forwarding(wait) : Waiter.current(wait.blocker());
        wait.waiter = w;
        return wait.register() || Waits.await(w, deadline, wait);
    }

    /**
     * Waits until done whatever happens to the caller, for the {@code close()} methods, which
     * finish closing: a cancellation of the calling task (or an interrupt of a plain thread)
     * does not end the wait. Returns whether one came; the caller hands it back when it is done
     * ({@link Waits#handBackCancellation()}).
     */
    boolean waitDoneUninterruptibly() {
        boolean cancelled = false;
        while (!isDone()) {
            try {
                waitDone(false);
            } catch (CancelledException e) {
                cancelled = true;
            }
        }
        return cancelled;
    }

    /** The result of a task whose status is SUCCESS. */
    @SuppressWarnings("unchecked")
    private T successValue() {
        return (T) value;
    }

    /** The outcome of a done task, re-thrown per the spec's table; marks it retrieved. */
    T join() {
        markRetrieved();
        return switch (status) {
            case SUCCESS -> successValue();
            case CANCELLED -> throw (CancelledException) error;
            case FAILED -> throw rethrow(error);
            default -> throw new InvalidStateException("Result is not set.");
        };
    }

    /** Re-throws a task's failure: unchecked as is, checked in {@link TaskFailedException}. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new TaskFailedException(t);
    }

    // ---- cancellation ---------------------------------------------------------------------

    /**
     * {@link #cancel(String)} without a message.
     *
     * @return false if the task is already done; true if the request was counted
     */
    public boolean cancel() {
        return fiber.cancel(null);
    }

    /**
     * asyncio {@code Task.cancel(msg)}: requests that the task be cancelled (see the class
     * comment). Returns false, doing nothing, if the task is already done; otherwise counts one
     * more request ({@link #cancelling()}) and returns true.
     *
     * @param message the message the task's {@link CancelledException} carries; may be null
     * @return false if the task is already done; true if the request was counted
     */
    public boolean cancel(String message) {
        return fiber.cancel(message);
    }

    /**
     * The same as {@link #cancel()}: a cancellation <em>request</em>. Unlike the JDK's {@code
     * Future}, {@link #isDone()} may still be false right after it returns true (the task is
     * unwinding), and the task may end with a result if it catches the cancellation. The task's
     * thread is interrupted whatever {@code mayInterruptIfRunning} says, as asyncio delivers the
     * cancellation wherever the task waits.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return cancel();
    }

    /**
     * asyncio {@code Task.cancelling()}: the number of cancellation requests not yet {@linkplain
     * #uncancel() taken back}.
     *
     * @return the number of pending cancellation requests; 0 if none
     */
    public int cancelling() {
        return fiber.cancelling();
    }

    /**
     * asyncio {@code Task.uncancel()}: takes back one cancellation request, for a task that
     * caught a {@link CancelledException} and goes on; returns the number left. When it drops
     * to zero, a request not yet delivered is dropped too.
     *
     * @return the number of cancellation requests still pending after this one is taken back
     */
    public int uncancel() {
        return fiber.uncancel();
    }

    // ---- state ----------------------------------------------------------------------------

    /** Whether the task has finished: with a result, an exception, or cancelled. */
    @Override
    public boolean isDone() {
        return status != PENDING;
    }

    /** Whether the task finished cancelled. */
    @Override
    public boolean isCancelled() {
        return status == CANCELLED;
    }

    /**
     * asyncio {@code Task.result()}: the result of a done task, or its exception re-thrown.
     *
     * @return the task's result
     * @throws InvalidStateException if the task is not done
     * @throws CancelledException if it was cancelled
     * @throws TaskFailedException if the task failed with a checked exception (an unchecked one is
     *     thrown as it is)
     */
    public T result() {
        if (status == PENDING) {
            throw new InvalidStateException("Result is not set.");
        }
        return join();
    }

    /**
     * asyncio {@code Task.exception()}: the exception a done task failed with (the original,
     * never wrapped), or null if it returned normally.
     *
     * @return the task's exception, or null if it returned a result
     * @throws InvalidStateException if the task is not done
     * @throws CancelledException if it was cancelled
     */
    public Throwable exception() {
        switch (status) {
            case PENDING -> throw new InvalidStateException("Exception is not set.");
            case CANCELLED -> throw (CancelledException) error;
            case FAILED -> {
                markRetrieved();
                return error;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Adds a callback to run once the task is done, in registration order, after it is done; on
     * a task already done it runs soon, in a task of the loop of its own (never inside this
     * call). An exception from a callback is logged and does not stop the others.
     *
     * @param callback called with this task once it is done; added again, it runs again
     */
    public void addDoneCallback(Consumer<? super Task<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        Callback<T> l = new Callback<>(callback);
        if (!addListener(l)) {
            fiber.scheduler.callSoon(() -> notify(l));
        }
    }

    /**
     * Removes every registration of {@code callback}; returns how many were removed.
     *
     * @param callback the callback to remove (compared with {@code equals})
     * @return the number of registrations removed; 0 if it was not registered or the task is
     *     already done
     */
    public int removeDoneCallback(Consumer<? super Task<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        return removeListener(callback);
    }

    // ---- java.util.concurrent.Future ------------------------------------------------------

    /**
     * Waits for the task and returns its result, as {@link Future#get()}: a failure comes as an
     * {@link ExecutionException}, a cancellation as {@link CancelledException}. Unlike {@link
     * #await()}, a cancellation of the caller is not passed on to this task. A suspension point.
     *
     * @throws InterruptedException if the calling thread, not being a task, is interrupted
     *     (a task that is cancelled gets {@link CancelledException})
     */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        if (status == PENDING) {
            try {
                waitUntilDone(waitFromOutside(), Waits.NO_DEADLINE, false);
            } catch (CancelledException e) {
                throw plainInterrupt(e);
            }
        }
        return report();
    }

    @Override
    public T get(long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(unit, "unit");
        if (status == PENDING) {
            boolean done;
            try {
                long deadline = Waits.deadlineAfter(unit.toNanos(timeout));
                done = waitUntilDone(new DoneWait.OfTask(this), deadline, false);
            } catch (CancelledException e) {
                throw plainInterrupt(e);
            }
            if (!done) {
                throw new TimeoutException("Task " + name() + " not done after " + timeout + " " + unit);
            }
        }
        return report();
    }

    private static InterruptedException plainInterrupt(CancelledException e) throws CancelledException {
        if (Fiber.current() != null) {
            throw e;
        }
        InterruptedException ie = new InterruptedException();
        ie.initCause(e);
        return ie;
    }

    private T report() throws ExecutionException {
        markRetrieved();
        return switch (status) {
            case SUCCESS -> successValue();
            case CANCELLED -> throw (CancellationException) error;
            default -> throw new ExecutionException(error);
        };
    }

    @Override
    public State state() {
        return switch (status) {
            case PENDING -> State.RUNNING;
            case SUCCESS -> State.SUCCESS;
            case FAILED -> State.FAILED;
            default -> State.CANCELLED;
        };
    }

    @Override
    public T resultNow() {
        return switch (status) {
            case SUCCESS -> successValue();
            case PENDING -> throw new InvalidStateException("Task has not completed");
            case FAILED -> throw new InvalidStateException("Task completed with exception");
            default -> throw new InvalidStateException("Task was cancelled");
        };
    }

    @Override
    public Throwable exceptionNow() {
        return switch (status) {
            case FAILED -> {
                markRetrieved();
                yield error;
            }
            case PENDING -> throw new InvalidStateException("Task has not completed");
            case SUCCESS -> throw new InvalidStateException("Task completed with a result");
            default -> throw new InvalidStateException("Task was cancelled");
        };
    }

    /** Someone looked at the task's failure: it will not be reported as never retrieved. */
    void markRetrieved() {
        if (!retrieved) {
            retrieved = true;
        }
        if (status == FAILED && value instanceof FailureReport r) { // value is read after status
            r.retrieved();
        }
    }

    boolean retrieved() {
        return retrieved;
    }

    /** The failure of a finished, failed task (null otherwise); does not count as retrieving it. */
    Throwable failure() {
        return status == FAILED ? error : null;
    }

    @Override
    public String toString() {
        String state = switch (status) {
            case PENDING -> "pending";
            case SUCCESS -> "done, result=" + value;
            case FAILED -> "failed: " + error;
            default -> "cancelled";
        };
        return "Task[" + name() + ", " + state + "]";
    }
}
