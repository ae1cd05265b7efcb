package dev.weft;

import dev.weft.internal.Fiber;
import dev.weft.internal.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * The front door, like {@code import asyncio}: running a program, spawning tasks, and the
 * combinators that wait for them.
 *
 * {@snippet :
 * int total = Weft.run(() -> {
 *     List<Integer> sizes = Weft.gather(() -> size("a"), () -> size("b"));   // in parallel
 *     return sizes.get(0) + sizes.get(1);
 * });
 * }
 *
 * <p>Every method that waits is a <em>suspension point</em>: in a task it parks the task (not a
 * platform thread), and a cancellation of the task ends the wait with {@link
 * CancelledException}. Each method's comment says what the cancellation does besides. A call
 * that needs a loop ({@link #spawn}, {@link #gather(Callable[])}, {@link #timeout}, {@link
 * #toThread}) made outside any task throws {@code IllegalStateException("no running loop")}.
 *
 * <p>Calls that re-throw a task's exception throw an unchecked exception or error as the same
 * object, and a checked exception wrapped in {@link TaskFailedException}.
 *
 * <p>{@code wait} keeps asyncio's name: call it qualified, {@code Weft.wait(...)} (a static
 * import of it is shadowed by {@link Object#wait()}).
 */
public final class Weft {
    private Weft() {
    }

    // ---- running --------------------------------------------------------------------------

    /**
     * asyncio {@code run}: runs {@code main} as the root task of a new parallel {@link Loop},
     * returns its result or throws its exception; when main is done, every task it left running
     * is cancelled and waited for before this returns. SIGINT and SIGTERM cancel main and exit
     * the JVM with status 130 / 143 once it has unwound (within {@code -Dweft.shutdownGrace},
     * default 10 s). Inside a task it runs a new, independent loop (a suspension point: a
     * cancellation of the caller cancels main).
     *
     * @param <T> the type of main's result
     * @param main the program's root task
     * @return main's result, once main and every task it left running have finished
     * @throws TaskFailedException if main threw a checked exception (an unchecked one is thrown as
     *     it is)
     * @throws CancelledException if main ended cancelled (inside a task: also when the caller was
     *     cancelled)
     */
    public static <T> T run(Callable<T> main) {
        Objects.requireNonNull(main, "main");
        return Runner.run(main);
    }

    /**
     * {@link #run(Callable)} for a body without a result.
     *
     * @param main the program's root task
     * @throws TaskFailedException if main threw a checked exception (an unchecked one is thrown as
     *     it is)
     * @throws CancelledException if main was cancelled
     */
    public static void run(Body main) {
        Objects.requireNonNull(main, "main");
        Runner.run(callable(main));
    }

    /**
     * asyncio {@code create_task}: starts {@code body} as a new task of the current loop. The task
     * starts with a copy of the caller's SLF4J {@code MDC} and inheritable thread locals as they
     * are now (asyncio copies the {@code contextvars}); so do tasks made by {@link TaskGroup#spawn},
     * {@link Loop#run} and {@link Loop#submit}.
     *
     * @param <T> the type of the body's result
     * @param body what the task runs
     * @return the new task, already scheduled: it runs whether or not anyone waits for it
     * @throws IllegalStateException ("no running loop") when not called from a task
     */
    public static <T> Task<T> spawn(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        return Loop.require().spawn(null, body);
    }

    /**
     * {@link #spawn(Callable)} with a task name.
     *
     * @param <T> the type of the body's result
     * @param name the task's name ({@link Task#name()}, shown in dumps and logs); null: {@code
     *     "Task-N"}, as in asyncio
     * @param body what the task runs
     * @return the new task, already scheduled
     * @throws IllegalStateException ("no running loop") when not called from a task
     */
    public static <T> Task<T> spawn(String name, Callable<T> body) {
        Objects.requireNonNull(body, "body");
        return Loop.require().spawn(name, body);
    }

    /**
     * {@link #spawn(Callable)} for a body without a result.
     *
     * @param body what the task runs
     * @return the new task, already scheduled; its result is null
     * @throws IllegalStateException ("no running loop") when not called from a task
     */
    public static Task<Void> spawn(Body body) {
        Objects.requireNonNull(body, "body");
        return Loop.require().spawn(null, callable(body));
    }

    /**
     * {@link #spawn(Body)} with a task name.
     *
     * @param name the task's name; null: {@code "Task-N"}, as in asyncio
     * @param body what the task runs
     * @return the new task, already scheduled; its result is null
     * @throws IllegalStateException ("no running loop") when not called from a task
     */
    public static Task<Void> spawn(String name, Body body) {
        Objects.requireNonNull(body, "body");
        return Loop.require().spawn(name, callable(body));
    }

    /**
     * asyncio {@code current_task}: the task running this code, or null outside any task.
     *
     * @return the current task, or null on a plain thread (or in a task that has already finished)
     */
    public static Task<?> currentTask() {
        Fiber f = Fiber.current();
        Task<?> t = f == null ? null : f.task();
        return t != null && !t.isDone() ? t : null;
    }

    /**
     * asyncio {@code all_tasks}: the unfinished tasks of the current loop.
     *
     * @return the current loop's tasks that are not done yet, the caller included
     * @throws IllegalStateException ("no running loop") when not called from a task
     */
    public static Set<Task<?>> allTasks() {
        return Loop.require().tasks();
    }

    /**
     * The loop clock in monotonic nanoseconds (virtual on virtual time); {@link System#nanoTime()}
     * outside a task.
     *
     * @return the current time in nanoseconds, for deadlines such as {@link #timeoutAt}; only
     *     differences between two values mean anything
     */
    public static long now() {
        return Waits.now();
    }

    // ---- gather ---------------------------------------------------------------------------

    /**
     * asyncio {@code gather(*coros)}: runs each body as a new task of the current loop and
     * returns their results in argument order. See {@link #gather(Collection)}.
     *
     * @param <T> the type of the results
     * @param bodies what each new task runs
     * @return the results, in the order of {@code bodies}
     * @throws CancelledException if the caller was cancelled, or a task was cancelled by someone
     *     else
     * @throws IllegalStateException ("no running loop") when not called from a task
     */
    @SafeVarargs
    public static <T> List<T> gather(Callable<? extends T>... bodies) {
        return Gather.gather(spawnAll(bodies));
    }

    /**
     * {@link #gather(Collection)} for tasks given as arguments.
     *
     * @param <T> the type of the results
     * @param tasks the tasks to wait for
     * @return the results, in the order of {@code tasks}
     * @throws CancelledException if the caller was cancelled, or a task was cancelled by someone
     *     else
     */
    @SafeVarargs
    public static <T> List<T> gather(Task<? extends T>... tasks) {
        return Gather.gather(Arrays.asList(nonNull(tasks)));
    }

    /**
     * asyncio {@code gather}: waits for the tasks and returns their results in argument order,
     * whatever the order they finish in. The first failure (a task's exception, or the {@link
     * CancelledException} of a task cancelled by someone else) is thrown at once, and the other
     * tasks are <em>not</em> cancelled: they keep running. No tasks: an empty list.
     *
     * <p>A suspension point. If the caller is cancelled, every unfinished task is cancelled and
     * the caller gets {@link CancelledException} once they have finished.
     *
     * @param <T> the type of the results
     * @param tasks the tasks to wait for
     * @return the results, in the order of {@code tasks}
     * @throws TaskFailedException if the first failure is a checked exception (an unchecked one is
     *     thrown as it is)
     * @throws CancelledException if the caller was cancelled, or a task was cancelled by someone
     *     else
     */
    public static <T> List<T> gather(Collection<? extends Task<? extends T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        return Gather.gather(new ArrayList<>(tasks));
    }

    /**
     * {@link #gatherSettled(Collection)} of new tasks running the bodies.
     *
     * @param <T> the type of the results
     * @param bodies what each new task runs
     * @return one outcome per body, in the order of {@code bodies}
     * @throws CancelledException if the caller was cancelled
     * @throws IllegalStateException ("no running loop") when not called from a task
     */
    @SafeVarargs
    public static <T> List<Outcome<T>> gatherSettled(Callable<? extends T>... bodies) {
        return Gather.settled(spawnAll(bodies));
    }

    /**
     * {@link #gatherSettled(Collection)} for tasks given as arguments.
     *
     * @param <T> the type of the results
     * @param tasks the tasks to wait for
     * @return one outcome per task, in the order of {@code tasks}
     * @throws CancelledException if the caller was cancelled
     */
    @SafeVarargs
    public static <T> List<Outcome<T>> gatherSettled(Task<? extends T>... tasks) {
        return Gather.settled(Arrays.asList(nonNull(tasks)));
    }

    /**
     * asyncio {@code gather(..., return_exceptions=True)}: waits for every task and returns, in
     * argument order, an {@link Outcome.Success} or {@link Outcome.Failure} for each (a cancelled
     * task is a failure holding its {@link CancelledException}). Never throws for a task's
     * failure. A suspension point; a cancellation of the caller cancels the tasks, as {@link
     * #gather(Collection)}.
     *
     * @param <T> the type of the results
     * @param tasks the tasks to wait for
     * @return one outcome per task, in the order of {@code tasks}
     * @throws CancelledException if the caller was cancelled (the tasks are cancelled and waited
     *     for first)
     */
    public static <T> List<Outcome<T>> gatherSettled(Collection<? extends Task<? extends T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        return Gather.settled(new ArrayList<>(tasks));
    }

    @SafeVarargs
    private static <T> List<Task<? extends T>> spawnAll(Callable<? extends T>... bodies) {
        nonNull(bodies);
        Loop loop = Loop.require();
        List<Task<? extends T>> tasks = new ArrayList<>(bodies.length);
        for (Callable<? extends T> b : bodies) {
            tasks.add(loop.spawn(null, b));
        }
        return tasks;
    }

    private static <A> A[] nonNull(A[] array) {
        Objects.requireNonNull(array, "arguments");
        for (A a : array) {
            Objects.requireNonNull(a, "an argument is null");
        }
        return array;
    }

    // ---- wait, wait_for, timeout ----------------------------------------------------------

    /**
     * {@link #wait(Collection, Duration, ReturnWhen)} until all are done, without timeout.
     *
     * @param <T> the type of the tasks' results
     * @param tasks the tasks to wait for, not empty
     * @return every task in {@link Done#done()}, none pending
     * @throws IllegalArgumentException if {@code tasks} is empty
     * @throws CancelledException if the caller was cancelled (the tasks keep running)
     */
    public static <T> Done<T> wait(Collection<? extends Task<T>> tasks) {
        return wait(tasks, null, ReturnWhen.ALL_COMPLETED);
    }

    /**
     * {@link #wait(Collection, Duration, ReturnWhen)} without timeout.
     *
     * @param <T> the type of the tasks' results
     * @param tasks the tasks to wait for, not empty
     * @param when the condition to wait for
     * @return the tasks done and the tasks still pending when {@code when} held
     * @throws IllegalArgumentException if {@code tasks} is empty
     * @throws CancelledException if the caller was cancelled (the tasks keep running)
     */
    public static <T> Done<T> wait(Collection<? extends Task<T>> tasks, ReturnWhen when) {
        return wait(tasks, null, when);
    }

    /**
     * asyncio {@code wait}: waits until {@code when} holds or {@code timeout} passes ({@code
     * null}: no timeout) and returns the tasks done and pending then. <em>Never throws on
     * timeout and never cancels anything</em>; {@link ReturnWhen#FIRST_EXCEPTION} returns when
     * any task fails, or when all are done. A suspension point; a cancellation of the caller
     * ends the wait only.
     *
     * @param <T> the type of the tasks' results
     * @param tasks the tasks to wait for
     * @param timeout how long to wait at most; null: no limit
     * @param when the condition to wait for
     * @return the tasks done and the tasks still pending when {@code when} held or the timeout
     *     passed
     * @throws IllegalArgumentException if {@code tasks} is empty
     * @throws CancelledException if the caller was cancelled (the tasks keep running)
     */
    public static <T> Done<T> wait(Collection<? extends Task<T>> tasks, Duration timeout, ReturnWhen when) {
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(when, "when");
        return Wait.wait(new ArrayList<>(tasks), deadline(timeout), when);
    }

    /**
     * asyncio {@code wait_for(coro, timeout)}: runs {@code body} in the current task under a
     * timeout (see {@link #timeout}); {@code null}: no timeout.
     *
     * <p><em>A zero or negative timeout throws {@link TimeoutException} without running the
     * body</em>, as asyncio's {@code wait_for(coro, 0)} never starts the coroutine: a budget of
     * nothing means "do not even start". {@link #timeout} differs there, as in asyncio: it runs
     * the body, which is cancelled at its first suspension point.
     *
     * @param <T> the type of the body's result
     * @param timeout the time the body may take; null: no limit
     * @param body what to run in the current task
     * @return the body's result
     * @throws TimeoutException if the timeout expired and cancelled the body, or was not positive
     * @throws IllegalStateException ("no running loop") when not called from a task
     * @throws CancelledException if the caller was cancelled from outside (not by this timeout)
     */
    public static <T> T waitFor(Duration timeout, Callable<T> body) throws TimeoutException {
        Objects.requireNonNull(body, "body");
        if (timeout != null && !timeout.isPositive()) {
            requireTask();
            throw new TimeoutException("waitFor: timeout " + timeout + " is not positive; the body was not started");
        }
        return timeout(timeout, scope -> body.call());
    }

    /**
     * asyncio {@code wait_for(task, timeout)}: waits for the task; on time-out cancels it
     * <em>and waits until it has finished</em>, then throws {@link TimeoutException}. If the
     * task finishes with a result despite the cancel, that result is returned; if it ends with
     * another exception while unwinding, that is thrown. {@code null} waits forever; a zero or
     * negative timeout still lets an already-finished task's result through. Works from plain
     * threads too.
     *
     * <p>A suspension point. If the caller is cancelled, the task is cancelled too, and the
     * caller gets the task's outcome once it has finished (its {@link CancelledException}).
     *
     * @param <T> the type of the task's result
     * @param timeout how long to wait; null: no limit
     * @param task the task to wait for (and to cancel on time-out)
     * @return the task's result
     * @throws TimeoutException if the timeout passed first and the task ended cancelled
     * @throws TaskFailedException if the task failed with a checked exception (an unchecked one is
     *     thrown as it is)
     * @throws CancelledException if the caller was cancelled, or the task was cancelled by someone
     *     else
     */
    public static <T> T waitFor(Duration timeout, Task<T> task) throws TimeoutException {
        Objects.requireNonNull(task, "task");
        if (timeout == null) {
            return task.await();
        }
        return Wait.waitFor(deadline(timeout), task);
    }

    /**
     * asyncio {@code timeout(delay)}: runs {@code body} in the current task; if {@code delay}
     * passes first, the task is cancelled and the resulting {@link CancelledException} leaving
     * the body becomes a {@link TimeoutException}, only if this timeout caused it. {@code null}:
     * no timeout. A zero or negative delay still runs the body, which is cancelled at its first
     * suspension point (asyncio's {@code timeout(0)}; {@link #waitFor(Duration, Callable)} does
     * not start the body then). See {@link Timeout}.
     *
     * @param <T> the type of the body's result
     * @param delay the time the body may take; null: no limit
     * @param body what to run in the current task; it gets the {@link Timeout} to read or move its
     *     deadline
     * @return the body's result
     * @throws IllegalStateException ("no running loop") when not called from a task
     * @throws TimeoutException if this timeout expired and its cancellation ended the body
     * @throws CancelledException if the caller was cancelled from outside (not by this timeout)
     */
    public static <T> T timeout(Duration delay, TimeoutBody<T> body) throws TimeoutException {
        Objects.requireNonNull(body, "body");
        return Timeout.run(deadline(delay), body);
    }

    /**
     * asyncio {@code timeout_at(when)}: {@link #timeout} with a deadline on the loop clock ({@link
     * #now()}); {@link Long#MAX_VALUE}: none. A deadline that has already passed, down to {@link
     * Long#MIN_VALUE}, is simply expired: the body runs and is cancelled at its first suspension
     * point.
     *
     * @param <T> the type of the body's result
     * @param deadline the loop-clock time ({@link #now()}) at which to cancel the body
     * @param body what to run in the current task; it gets the {@link Timeout} to read or move its
     *     deadline
     * @return the body's result
     * @throws TimeoutException if this timeout expired and its cancellation ended the body
     * @throws CancelledException if the caller was cancelled from outside (not by this timeout)
     * @throws IllegalStateException ("no running loop") when not called from a task
     */
    public static <T> T timeoutAt(long deadline, TimeoutBody<T> body) throws TimeoutException {
        Objects.requireNonNull(body, "body");
        return Timeout.run(deadline, body);
    }

    /**
     * asyncio {@code as_completed}: the tasks in the order they finish, recorded from this call
     * on. {@code next()} is a suspension point (a cancellation of the caller ends that wait only;
     * the task it would have returned is returned by a later call). Iterating the result again
     * goes on with the tasks not handed out yet, as asyncio's iterator resumes.
     *
     * @param <T> the type of the tasks' results
     * @param tasks the tasks to hand out as they finish
     * @return an iterable whose iterator hands out each task once it is done, in the order they
     *     finished; {@link Task#await()} on it does not wait
     */
    public static <T> Iterable<Task<T>> asCompleted(Collection<? extends Task<T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        return Wait.asCompleted(new ArrayList<>(tasks));
    }

    /**
     * asyncio {@code shield}: waits for the task and returns its result (or throws its
     * exception); if the caller is cancelled, the caller gets {@link CancelledException} at once
     * and the task keeps running. A suspension point.
     *
     * @param <T> the type of the task's result
     * @param task the task to wait for without passing it the caller's cancellation
     * @return the task's result
     * @throws TaskFailedException if the task failed with a checked exception (an unchecked one is
     *     thrown as it is)
     * @throws CancelledException if the caller was cancelled (the task runs on), or the task itself
     *     was cancelled
     */
    public static <T> T shield(Task<T> task) {
        Objects.requireNonNull(task, "task");
        return Wait.shield(task);
    }

    /**
     * asyncio {@code sleep}: suspends the caller for {@code delay} on the loop clock. Always a
     * suspension point, even for {@link Duration#ZERO} (or a negative delay), which lets every
     * other ready task run once. From a plain thread, parks it (an interrupt ends it with
     * {@link CancelledException}).
     *
     * @param delay how long to sleep; zero or negative: just yield
     * @throws CancelledException if the caller was cancelled (or the plain thread interrupted)
     *     while asleep
     */
    public static void sleep(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        Waits.sleep(Waits.toNanos(delay));
    }

    // ---- generators -----------------------------------------------------------------------

    /**
     * asyncio's async generator: a {@link Generator} whose producer {@code body} runs as a task
     * of the current loop, only when the consumer asks for an item, suspending at each {@link
     * Emitter#emit} until the next request. Close it (try-with-resources) to cancel a producer
     * the consumer no longer needs.
     *
     * @param <T> the type of the items
     * @param body the producer, emitting items through the {@link Emitter} it is given
     * @return the generator; its producer task is spawned now and starts running {@code body} at
     *     the first {@code hasNext()} or {@code next()}
     * @throws IllegalStateException ("no running loop") when not called from a task
     * @throws IllegalStateException ("no running loop") when not called from a task
     */
    public static <T> Generator<T> generate(GeneratorBody<T> body) {
        Objects.requireNonNull(body, "body");
        return new Generator<>(Loop.require(), body);
    }

    // ---- blocking code --------------------------------------------------------------------

    /**
     * asyncio {@code to_thread}: runs {@code body} on a platform thread of the loop's pool (not
     * on the loop), suspending the caller until it returns; its result or exception comes out
     * here. A cancellation of the caller ends the wait at once; the body runs on to its end. The
     * body runs with the caller's SLF4J {@code MDC} (the thread's own is restored afterwards);
     * inheritable thread locals do not reach it.
     *
     * @param <T> the type of the body's result
     * @param body the blocking code to run
     * @return the body's result
     * @throws TaskFailedException if the body threw a checked exception (an unchecked one is thrown
     *     as it is)
     * @throws CancelledException if the caller was cancelled (the body runs on)
     * @throws IllegalStateException ("no running loop") when not called from a task
     */
    public static <T> T toThread(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        return ToThread.toThread(body);
    }

    /**
     * asyncio {@code run_in_executor}: {@link #toThread} on the given executor (the body gets the
     * caller's {@code MDC} for the call; the executor's threads keep their own thread locals).
     *
     * @param <T> the type of the body's result
     * @param executor where to run the body
     * @param body the blocking code to run
     * @return the body's result
     * @throws TaskFailedException if the body threw a checked exception (an unchecked one is thrown
     *     as it is)
     * @throws CancelledException if the caller was cancelled (the body runs on)
     * @throws java.util.concurrent.RejectedExecutionException if the executor refuses the body
     */
    public static <T> T runInExecutor(Executor executor, Callable<T> body) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(body, "body");
        return ToThread.runInExecutor(executor, body);
    }

    // ---- helpers --------------------------------------------------------------------------

    static Callable<Void> callable(Body body) {
        return () -> {
            body.run();
            return null;
        };
    }

    /** The current task. @throws IllegalStateException("no running loop") outside a task */
    static Task<?> requireTask() {
        Task<?> t = currentTask();
        if (t == null) {
            throw new IllegalStateException("no running loop");
        }
        return t;
    }

    /** A timeout as a deadline on the caller's clock; null is none; zero or less is due now. */
    private static long deadline(Duration timeout) {
        return timeout == null ? Waits.NO_DEADLINE : Waits.deadlineAfter(Waits.toNanos(timeout));
    }
}
