package dev.weft;

import dev.weft.internal.Fiber;
import dev.weft.internal.TaskGroupBackend;
import dev.weft.internal.TaskScope;
import dev.weft.internal.Waiter;
import dev.weft.internal.WaitOwner;
import dev.weft.internal.Waits;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.LoggerFactory;

/**
 * asyncio's {@code TaskGroup}, shaped like the JDK's {@code StructuredTaskScope}: tasks spawned
 * into a group are all finished when the group is left.
 *
 * {@snippet :
 * List<String> pages = TaskGroup.run(group -> {
 *     Task<String> a = group.spawn(() -> fetch("a"));
 *     Task<String> b = group.spawn(() -> fetch("b"));
 *     return List.of(a, b);                 // run() waits for both before returning
 * }).stream().map(Task::result).toList();
 * }
 *
 * <ul>
 *   <li>The body runs in the current task and may spawn; then {@link #run} waits for every
 *       child. Children may spawn more children into the same group.
 *   <li>The first child to fail with anything but {@link CancelledException} cancels every
 *       other child and the body (if it still runs), and {@code run}/{@link #join()} throws a
 *       {@link TaskGroupException} holding every failure that is not a cancellation, the body's
 *       own included, in the order they happened.
 *   <li>If the task running the group is cancelled from outside, the children are cancelled and
 *       waited for, and the {@link CancelledException} propagates; unless a child failed with
 *       something else meanwhile: errors win over cancellation.
 *   <li>Spawning into a group that is shutting down throws {@link IllegalStateException}.
 *   <li>When {@code run}, {@code join} or {@code close} returns, no child is still running.
 * </ul>
 *
 * <p>The explicit form, for code that cannot be a lambda:
 * {@snippet :
 * try (TaskGroup group = TaskGroup.open()) {
 *     group.spawn(() -> work(1));
 *     group.spawn(() -> work(2));
 *     group.join();                          // throws TaskGroupException on failure
 * }                                          // close(): cancels and waits for what is left
 * }
 * In that form a failing child cancels the owner, so the owner may leave the {@code try} block
 * with that {@link CancelledException} before it reaches {@code join()}; {@code close()} then
 * attaches the {@link TaskGroupException} as a suppressed exception. {@link #run} has asyncio's
 * exact semantics and is the form to prefer.
 *
 * <h2>Two backends</h2>
 * The rules above hold on both; they differ in how a child's thread is started.
 * <table class="striped">
 *   <caption>What starts a child's thread</caption>
 *   <tr><th>loop</th><th>weft's own (the default)</th><th>the JDK's {@code StructuredTaskScope}</th></tr>
 *   <tr><td>parallel</td><td>the loop starts a virtual thread</td>
 *       <td>the owner's scope forks the child's own virtual thread: it inherits the {@code
 *       ScopedValue} bindings the group was opened in, and {@code jcmd <pid>
 *       Thread.dump_to_file -format=json} lists it under the container {@code
 *       weft.TaskGroup/<owner task name>}</td></tr>
 *   <tr><td>cooperative, virtual time</td><td colspan="2">the loop starts the child when its turn
 *       comes (one task at a time, FIFO, deterministic): weft's own group on both backends, and
 *       no {@code ScopedValue} inheritance</td></tr>
 * </table>
 * The JDK's scope runs on JDK 25 started with {@code --enable-preview} (JEP 505, a preview API),
 * from weft's Multi-Release jar; weft's own everywhere else. {@code -Dweft.taskGroup=own} forces
 * weft's own; {@code -Dweft.taskGroup=jdk} forces the JDK's, and where it cannot be had {@link
 * #open()} and {@link #run} throw {@link IllegalStateException} saying why. The choice is logged
 * at DEBUG ({@code dev.weft.TaskGroup}) and shown on the second line of {@link Loop#dump()}.
 *
 * <p>Where the JDK backend differs (in parallel loops), because only the scope's owner may fork
 * into it and its bindings are fixed when it opens:
 * <ul>
 *   <li>A child that spawns into the group (or any task other than the owner) starts an ordinary
 *       task: the group waits for it and cancels it as usual, but it inherits no {@code
 *       ScopedValue} binding and is not under the scope in a thread dump. A child that opens a
 *       group of its own forks into that one, so bindings do reach grandchildren that way.
 *   <li>The owner spawning inside a {@code ScopedValue} binding it made after opening the group
 *       (which {@code StructuredTaskScope.fork} refuses) also starts an ordinary task.
 *   <li>Groups of the explicit form must be closed in the reverse order of opening, and inside
 *       the {@code ScopedValue} bindings they were opened in; otherwise {@code close()} (or the
 *       binding's end) throws {@code StructureViolationException}, as for any {@code
 *       StructuredTaskScope}.
 *   <li>Leaving the group also waits until the children's threads have ended (done callbacks
 *       that run on them included), not only their tasks.
 * </ul>
 */
public final class TaskGroup implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final Task<?> parent;
    private final Loop loop;
    /** The JDK's scope the owner forks its children in, or null for weft's own group. */
    private final TaskScope scope;
    // All guarded by lock.
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private final List<Throwable> errors = new ArrayList<>();
    private boolean exiting, aborting, finished, parentCancelRequested;
    private Waiter joinWaiter;
    private final Consumer<Task<?>> onDone = this::onTaskDone;

    private TaskGroup(Task<?> parent) {
        this.parent = parent;
        this.loop = parent.loop;
        this.scope = TaskGroupBackend.selected().open("weft.TaskGroup/" + parent.name(), loop.scheduler.isCooperative());
    }

    /**
     * Runs {@code body} in the current task with a new group, then waits for every child; returns
     * the body's result. A suspension point.
     *
     * @param <T> the type of the body's result
     * @param body runs in the current task with the group, spawning children on it
     * @return the body's result, once every child has finished
     * @throws TaskGroupException if a child or the body failed
     * @throws CancelledException if the current task was cancelled from outside
     * @throws IllegalStateException ("no running loop") when not called from a task
     */
    public static <T> T run(GroupBody<T> body) {
        Objects.requireNonNull(body, "body");
        TaskGroup g = open();
        T result;
        try {
            result = body.run(g);
        } catch (Throwable e) {
            g.exit(e);
            throw Task.rethrow(e); // exit() throws; kept for the compiler
        }
        g.exit(null);
        return result;
    }

    /**
     * Opens a group owned by the current task, for the explicit form (spawn..., {@link #join()},
     * {@link #close()}).
     *
     * @return a new group owned by the current task; close it (try-with-resources) or {@link
     *     #join()} it
     * @throws IllegalStateException ("no running loop") when not called from a task
     */
    public static TaskGroup open() {
        return new TaskGroup(Weft.requireTask());
    }

    /**
     * asyncio {@code TaskGroup.create_task}: starts {@code body} as a child task of this group.
     *
     * @param <T> the type of the body's result
     * @param body what the child runs
     * @return the new child, already scheduled; the group waits for it
     * @throws IllegalStateException if the group has finished, or is shutting down after a failure
     *     or cancellation (asyncio: "TaskGroup is shutting down")
     */
    public <T> Task<T> spawn(Callable<T> body) {
        return spawn(null, body);
    }

    /**
     * {@link #spawn(Callable)} with a task name.
     *
     * @param <T> the type of the body's result
     * @param name the child's name; null: {@code "Task-N"}, as in asyncio
     * @param body what the child runs
     * @return the new child, already scheduled; the group waits for it
     * @throws IllegalStateException if the group has finished, or is shutting down after a failure
     *     or cancellation (asyncio: "TaskGroup is shutting down")
     */
    public <T> Task<T> spawn(String name, Callable<T> body) {
        Objects.requireNonNull(body, "body");
        lock.lock();
        try {
            if (finished || (exiting && tasks.isEmpty())) {
                throw new IllegalStateException("TaskGroup " + this + " is finished");
            }
            if (aborting) {
                throw new IllegalStateException("TaskGroup " + this + " is shutting down");
            }
            Task<T> t = loop.create(name, body);
            t.addListener(onDone);
            if (scope == null || !scope.isOwner()) {
                loop.start(t); // throws if the loop refuses it (closing, and not called from its task)
            } else {
                loop.admit(t); // likewise
                if (!scope.fork(t.fiber)) {
                    // The owner spawns inside a ScopedValue binding it made after opening the
                    // group: the JDK refused the fork and spent t's thread. Start the work in a
                    // fresh task outside the scope (weft's contract: spawn does not fail for it).
                    loop.scheduler.forget(t.fiber);
                    t = loop.create(name, body);
                    t.addListener(onDone);
                    loop.start(t);
                }
            }
            tasks.add(t); // before onDone can run: it needs this lock
            return t;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #spawn(Callable)} for a body without a result.
     *
     * @param body what the child runs
     * @return the new child, already scheduled; its result is null
     * @throws IllegalStateException if the group has finished, or is shutting down after a failure
     *     or cancellation (asyncio: "TaskGroup is shutting down")
     */
    public Task<Void> spawn(Body body) {
        Objects.requireNonNull(body, "body");
        return spawn(null, Weft.callable(body));
    }

    /**
     * {@link #spawn(Body)} with a task name.
     *
     * @param name the child's name; null: {@code "Task-N"}, as in asyncio
     * @param body what the child runs
     * @return the new child, already scheduled; its result is null
     * @throws IllegalStateException if the group has finished, or is shutting down after a failure
     *     or cancellation (asyncio: "TaskGroup is shutting down")
     */
    public Task<Void> spawn(String name, Body body) {
        Objects.requireNonNull(body, "body");
        return spawn(name, Weft.callable(body));
    }

    /**
     * Waits for every child (the explicit form's end of the body). A suspension point.
     *
     * @throws TaskGroupException if a child failed
     * @throws CancelledException if the owner was cancelled from outside
     * @throws IllegalStateException if not called by the task that opened the group
     */
    public void join() {
        exit(null);
    }

    /**
     * Cancels the children still running and waits for them; does nothing after {@link #join()}.
     * A cancellation of the owner while it waits here is kept pending for its next suspension
     * point.
     *
     * @throws TaskGroupException if a child failed (and {@code join} did not report it)
     * @throws IllegalStateException if not called by the task that opened the group
     */
    @Override
    public void close() {
        checkOwner("close");
        List<Task<?>> cancel;
        lock.lock();
        try {
            if (finished) {
                return;
            }
            exiting = true;
            cancel = aborting ? List.of() : abortLocked();
        } finally {
            lock.unlock();
        }
        cancelAll(cancel);
        boolean interrupted = awaitChildren() != null;
        boolean cancelledOwner = finish();
        if (cancelledOwner) {
            parent.uncancel();
        }
        if (interrupted && parent.cancelling() > 0) {
            parent.fiber.repostCancel(); // an outside cancellation came while closing: keep it pending
        }
        closeScope();
        if (!errors.isEmpty()) {
            throw new TaskGroupException(errors);
        }
    }

    /** asyncio {@code TaskGroup.__aexit__}: waits for the children and throws what the rules say. */
    private void exit(Throwable exc) {
        checkOwner("join");
        CancelledException propagate = exc instanceof CancelledException ce ? ce : null;
        List<Task<?>> cancel = List.of();
        lock.lock();
        try {
            if (finished) {
                throw new IllegalStateException("TaskGroup " + this + " was already joined");
            }
            exiting = true;
            if (exc != null && propagate == null) {
                errors.add(exc); // the body's own failure, in the order it happened
            }
            if (exc != null && !aborting) {
                cancel = abortLocked();
            }
        } finally {
            lock.unlock();
        }
        cancelAll(cancel);
        CancelledException whileWaiting = awaitChildren();
        if (whileWaiting != null) {
            propagate = whileWaiting;
        }
        boolean cancelledOwner = finish();
        if (cancelledOwner && parent.uncancel() == 0) {
            // The group cancelled its owner itself (a child failed): not a cancellation to pass on.
            propagate = null;
        }
        if (!errors.isEmpty() && parent.cancelling() > 0) {
            // Errors win over an outside cancellation; keep that request pending so the owner's
            // next suspension point still sees it (asyncio: uncancel(); cancel()).
            parent.fiber.repostCancel();
        }
        closeScope();
        if (propagate != null && errors.isEmpty()) {
            throw propagate;
        }
        if (!errors.isEmpty()) {
            throw new TaskGroupException(errors);
        }
    }

    /**
     * Waits until no child is left. A cancellation of the owner meanwhile cancels the children
     * (once) and the wait goes on; returns the first such cancellation, or null.
     */
    private CancelledException awaitChildren() {
        CancelledException cancelled = null;
        for (;;) {
            Waiter w;
            lock.lock();
            try {
                if (tasks.isEmpty()) {
                    return cancelled;
                }
                w = Waiter.current(this);
                joinWaiter = w;
            } finally {
                lock.unlock();
            }
            try {
                Waits.await(w, Waits.NO_DEADLINE, (WaitOwner) this::dropWaiter);
            } catch (CancelledException e) {
                List<Task<?>> cancel = List.of();
                lock.lock();
                try {
                    if (!aborting) {
                        cancel = abortLocked();
                    }
                } finally {
                    lock.unlock();
                }
                if (cancelled == null) {
                    cancelled = e;
                }
                cancelAll(cancel);
            }
        }
    }

    /** Marks the group finished; returns whether it cancelled its owner because a child failed. */
    private boolean finish() {
        lock.lock();
        try {
            finished = true;
            return parentCancelRequested;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Every child's task is done and the owner's cancellation count settled: waits for the JDK
     * scope's threads to end and closes it. Throws {@code StructureViolationException} when the
     * scope is not the owner's innermost (explicit groups closed out of order).
     */
    private void closeScope() {
        if (scope != null) {
            scope.close();
        }
    }

    private void dropWaiter(Waiter w) {
        lock.lock();
        try {
            if (joinWaiter == w) {
                joinWaiter = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private List<Task<?>> abortLocked() {
        aborting = true;
        List<Task<?>> live = new ArrayList<>(tasks.size());
        for (Task<?> t : tasks) {
            if (!t.isDone()) {
                live.add(t);
            }
        }
        return live;
    }

    private static void cancelAll(List<Task<?>> tasks) {
        for (Task<?> t : tasks) {
            t.cancel();
        }
    }

    /** A child finished: asyncio {@code TaskGroup._on_task_done}. Runs on the child's thread. */
    private void onTaskDone(Task<?> task) {
        List<Task<?>> cancel = List.of();
        Waiter wake = null;
        Throwable orphaned = null;
        lock.lock();
        try {
            tasks.remove(task);
            if (tasks.isEmpty()) {
                wake = joinWaiter;
            }
            Throwable exc = task.isCancelled() ? null : task.exception();
            if (exc != null) {
                errors.add(exc);
                if (parent.isDone()) {
                    orphaned = exc;
                } else if (!aborting && !parentCancelRequested) {
                    cancel = abortLocked();
                    // Cancel the owner under the lock: exit() reads parentCancelRequested under
                    // it too, so it can never uncancel() before this request has landed (in
                    // parallel mode the last sibling may finish, and the owner run exit(), while
                    // this thread is still on its way here).
                    parent.cancel();
                    parentCancelRequested = true;
                }
            }
        } finally {
            lock.unlock();
        }
        cancelAll(cancel);
        if (wake != null) {
            wake.signal();
        }
        if (orphaned != null) {
            LoggerFactory.getLogger(TaskGroup.class).error("Task {} has errored out but its parent task {} is already completed",
                    task, parent, orphaned);
        }
    }

    private void checkOwner(String what) {
        if (Fiber.current() != parent.fiber) {
            throw new IllegalStateException("TaskGroup." + what + "() must be called by the task that opened the group ("
                    + parent.name() + ")");
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            StringBuilder sb = new StringBuilder("TaskGroup[");
            sb.append("tasks=").append(tasks.size());
            if (!errors.isEmpty()) {
                sb.append(", errors=").append(errors.size());
            }
            sb.append(aborting ? ", cancelling" : finished ? ", finished" : ", entered");
            return sb.append(']').toString();
        } finally {
            lock.unlock();
        }
    }
}
