package dev.weft;

import dev.weft.internal.Fiber;
import dev.weft.internal.TaskGroupBackend;
import dev.weft.internal.TaskScope;
import dev.weft.internal.Waiter;
import dev.weft.internal.WaitOwner;
import dev.weft.internal.Waits;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
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
    /*
     * Implementation overview
     *
     * asyncio's TaskGroup keeps a set of live children (_tasks), three flags (_exiting, _aborting,
     * _parent_cancel_requested) and a future the owner awaits. Here the flags and the group's end
     * are one State (below), and the set is split in two, so that a child that ends well takes no
     * lock (in a parallel loop the children end while the owner is still spawning; a lock shared
     * with them parks them, each park freezing the child's stack):
     *
     * - `live` counts the children whose done callback has not run yet (asyncio's len(_tasks)).
     *   A spawn increments it under `lock`; a child's done callback decrements it, with no lock.
     *   A child that failed takes `lock` first, to record its error and act on it, and decrements
     *   only then: the owner, which leaves once it reads live == 0, sees every error.
     * - Once the owner is leaving (an exiting state), a spawn increments `live` only from a
     *   positive value (a CAS): once the owner may have seen no child left, no child appears.
     * - `children` holds every child whose task may not be done, for an abort to cancel. A spawn
     *   appends under `lock`; the done callback does not remove (it would take the lock): a spawn
     *   that finds the array full sweeps the done ones out first, and grows it only if at least
     *   half are still running. Amortised O(1); done children stay referenced until the next sweep,
     *   at most as many as the array holds, and none once the group finished.
     * - The owner waits for live == 0 with a Waiter published in `joinWaiter`; the child that
     *   brings `live` to 0 takes it (getAndSet null) and signals it. The owner publishes, then
     *   reads `live` again; if it is 0 the owner takes its waiter back with a CAS and does not
     *   wait. Exactly one of the two takes the waiter: when the CAS fails, the child has it and
     *   its signal is on the way, so the owner waits on it as usual (a signal never lands on a
     *   waiter nobody waits on).
     *
     * The states, written under `lock` (events, and what the group does on entering a state):
     *
     *   state          | leave (join,   | cancelChildren      | childFailed     | finish
     *                  |  run, close)   | (body threw, close, | (owner not done)| (live == 0)
     *                  |                |  owner cancelled)   |                 |
     *   ---------------+----------------+---------------------+-----------------+-----------
     *   OPEN           | JOINING        | CANCELLING          | FAILED          | -
     *   FAILED         | FAILED_JOINING | FAILED              | FAILED          | -
     *   JOINING        | JOINING        | CANCELLING          | FAILED_JOINING  | FINISHED
     *   FAILED_JOINING | FAILED_JOINING | FAILED_JOINING      | FAILED_JOINING  | FINISHED
     *   CANCELLING     | CANCELLING     | CANCELLING          | CANCELLING      | FINISHED
     *   FINISHED       | join: throws "already joined"; close: returns; no child is left to fail
     *
     *   Entering an aborting state (FAILED, FAILED_JOINING, CANCELLING) from one that is not
     *   cancels the live children; entering FAILED or FAILED_JOINING from one that is not also
     *   cancels the owner (asyncio's _parent_cancel_requested), which finish() reports so that
     *   the owner takes that request back (uncancel). A child failing after its owner is done is
     *   logged, no transition ("has errored out but its parent task ... is already completed").
     *
     *   spawn: OPEN takes it; FAILED refuses ("shutting down"); JOINING takes it while a child is
     *   live (a child spawning into its own group), else refuses ("finished"); FAILED_JOINING and
     *   CANCELLING refuse, "finished" when no child is live, else "shutting down"; FINISHED
     *   refuses ("finished").
     *
     * Lock order: `lock` -> a fiber's spin lock (cancel) -> the loop's scheduler (start).
     */

    /** asyncio's {@code _exiting}, {@code _aborting} and {@code _parent_cancel_requested}, and the end. */
    enum State {
        /** The owner runs the body; spawns are taken. */
        OPEN(false, false, false),
        /** A child failed while the body ran: the other children and the owner were cancelled. */
        FAILED(false, true, true),
        /** The owner waits for the children; a live child may still spawn into the group. */
        JOINING(true, false, false),
        /** The owner waits for the children, one of which failed (then as FAILED). */
        FAILED_JOINING(true, true, true),
        /**
         * The owner waits for the children after cancelling them itself: its body threw, it
         * closed the group early, or it was cancelled from outside while waiting.
         */
        CANCELLING(true, true, false),
        /** Left: every child is done, the owner's cancellation count settled. */
        FINISHED(true, false, false);

        /** The owner has reached the end of the body. */
        final boolean exiting;
        /** The group has cancelled its children (asyncio's {@code _aborting}); spawns are refused. */
        final boolean aborting;
        /** The group cancelled its owner because a child failed. */
        final boolean cancelledOwner;

        State(boolean exiting, boolean aborting, boolean cancelledOwner) {
            this.exiting = exiting;
            this.aborting = aborting;
            this.cancelledOwner = cancelledOwner;
        }

        /** The owner reached the end of its body ({@code join}, the end of {@code run}, {@code close}). */
        State leave() {
            return switch (this) {
                case OPEN -> JOINING;
                case FAILED -> FAILED_JOINING;
                default -> this;
            };
        }

        /** The owner cancels the children: its body threw, it closes early, or it was cancelled. */
        State cancelChildren() {
            return switch (this) {
                case OPEN, JOINING -> CANCELLING;
                default -> this;
            };
        }

        /** A child failed (with anything but a cancellation) while the owner was not done. */
        State childFailed() {
            return switch (this) {
                case OPEN -> FAILED;
                case JOINING -> FAILED_JOINING;
                default -> this;
            };
        }

        /** No child is left and the owner leaves. */
        State finish() {
            if (!exiting || this == FINISHED) {
                throw new IllegalStateException("TaskGroup: finish in state " + this);
            }
            return FINISHED;
        }
    }

    private static final VarHandle LIVE, JOIN_WAITER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LIVE = l.findVarHandle(TaskGroup.class, "live", int.class);
            JOIN_WAITER = l.findVarHandle(TaskGroup.class, "joinWaiter", Waiter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Task<?> parent;
    private final Loop loop;
    /** The JDK's scope the owner forks its children in, or null for weft's own group. */
    private final TaskScope scope;
    private final TaskListener onDone = this::onTaskDone;
    /** Children whose done callback has not run yet. Incremented under lock, decremented without. */
    private volatile int live;
    /** The owner's wait for {@code live == 0}, or null; taken by whoever sets it back to null. */
    private volatile Waiter joinWaiter;
    // Guarded by lock.
    private State state = State.OPEN;
    /** The children spawned whose task may not be done, in {@code [0, size)}; null once finished. */
    private Task<?>[] children = new Task<?>[8];
    private int size;
    private final List<Throwable> errors = new ArrayList<>();

    private TaskGroup(Task<?> parent) {
        this.parent = parent;
        this.loop = parent.loop();
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
            countChild();
            Task<T> t;
            try {
                t = startChild(name, body);
            } catch (Throwable e) {
                childGone(); // it never ran: no done callback will come for it
                throw e;
            }
            remember(t);
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

    /** Under lock: counts one more live child, or throws if the state refuses spawns. */
    private void countChild() {
        if (!state.exiting) {
            if (state.aborting) {
                throw new IllegalStateException("TaskGroup " + this + " is shutting down");
            }
            LIVE.getAndAdd(this, 1);
            return;
        }
        // The owner is leaving: only from a live child's count (see the overview).
        for (int n = live; ; n = live) {
            if (n == 0) {
                throw new IllegalStateException("TaskGroup " + this + " is finished");
            }
            if (state.aborting) {
                throw new IllegalStateException("TaskGroup " + this + " is shutting down");
            }
            if (LIVE.compareAndSet(this, n, n + 1)) {
                return;
            }
        }
    }

    /** Under lock: creates and starts the child, with the group's done callback on it. */
    private <T> Task<T> startChild(String name, Callable<T> body) {
        Task<T> t = loop.create(name, body);
        t.addListener(onDone);
        if (scope == null || !scope.isOwner()) {
            loop.start(t); // throws if the loop refuses it (closing, and not called from its task)
            return t;
        }
        loop.admit(t); // likewise
        if (scope.fork(t.fiber)) {
            return t;
        }
        // The owner spawns inside a ScopedValue binding it made after opening the group: the JDK
        // refused the fork and spent t's thread without running t. Start the work in a fresh task
        // outside the scope (weft's contract: spawn does not fail for it).
        loop.scheduler.forget(t.fiber);
        t = loop.create(name, body);
        t.addListener(onDone);
        loop.start(t);
        return t;
    }

    /** Under lock: keeps a started child for an abort to find. */
    private void remember(Task<?> t) {
        if (size == children.length) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                Task<?> c = children[i];
                if (!c.isDone()) {
                    children[kept++] = c;
                }
            }
            Arrays.fill(children, kept, size, null);
            size = kept;
            if (kept > children.length / 2) {
                children = Arrays.copyOf(children, children.length * 2);
            }
        }
        children[size++] = t;
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
            if (state == State.FINISHED) {
                return;
            }
            cancel = moveTo(state.leave().cancelChildren());
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
        List<Task<?>> cancel;
        lock.lock();
        try {
            if (state == State.FINISHED) {
                throw new IllegalStateException("TaskGroup " + this + " was already joined");
            }
            if (exc != null && propagate == null) {
                errors.add(exc); // the body's own failure, in the order it happened
            }
            State next = state.leave();
            cancel = moveTo(exc != null ? next.cancelChildren() : next);
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
        while (live > 0) {
            Waiter w = Waiter.current(this);
            joinWaiter = w;
            if (live == 0 && JOIN_WAITER.compareAndSet(this, w, null)) {
                break; // the last child ended before it could see w (else it took w: wait for its signal)
            }
            try {
                Waits.await(w, Waits.NO_DEADLINE, (WaitOwner) this::dropWaiter);
            } catch (CancelledException e) {
                List<Task<?>> cancel;
                lock.lock();
                try {
                    cancel = moveTo(state.cancelChildren());
                } finally {
                    lock.unlock();
                }
                if (cancelled == null) {
                    cancelled = e;
                }
                cancelAll(cancel);
            }
        }
        return cancelled;
    }

    /** Marks the group finished; returns whether it cancelled its owner because a child failed. */
    private boolean finish() {
        lock.lock();
        try {
            State was = state;
            state = was.finish();
            children = null; // every child is done: keep none of them alive
            size = 0;
            return was.cancelledOwner;
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

    /** The owner's wait ended without a signal (it was cancelled): take the waiter back. */
    private void dropWaiter(Waiter w) {
        JOIN_WAITER.compareAndSet(this, w, null);
    }

    /**
     * Under lock: enters {@code next}, cancelling the owner if that starts a failure (see the
     * overview); returns the children to cancel, outside the lock, if it starts an abort.
     */
    private List<Task<?>> moveTo(State next) {
        State was = state;
        state = next;
        if (next.cancelledOwner && !was.cancelledOwner) {
            // Under the lock: exit() reads the state under it too, so it can never uncancel()
            // before this request has landed (in parallel mode the last sibling may finish, and
            // the owner run exit(), while the failing child is still on its way here).
            parent.cancel();
        }
        if (!next.aborting || was.aborting) {
            return List.of();
        }
        List<Task<?>> running = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            if (!children[i].isDone()) {
                running.add(children[i]);
            }
        }
        return running;
    }

    private static void cancelAll(List<Task<?>> tasks) {
        for (Task<?> t : tasks) {
            t.cancel();
        }
    }

    /** A child finished: asyncio {@code TaskGroup._on_task_done}. Runs on the child's thread. */
    private void onTaskDone(Task<?> task) {
        Throwable exc = task.isCancelled() ? null : task.exception();
        if (exc != null) {
            childFailed(task, exc); // before childGone(): the owner must see the error once live == 0
        }
        childGone();
    }

    /** A child failed with {@code exc}: record it and, the first time, cancel the others and the owner. */
    private void childFailed(Task<?> task, Throwable exc) {
        List<Task<?>> cancel = List.of();
        boolean orphaned;
        lock.lock();
        try {
            errors.add(exc);
            orphaned = parent.isDone();
            if (!orphaned) {
                cancel = moveTo(state.childFailed());
            }
        } finally {
            lock.unlock();
        }
        cancelAll(cancel);
        if (orphaned) {
            LoggerFactory.getLogger(TaskGroup.class).error("Task {} has errored out but its parent task {} is already completed",
                    task, parent, exc);
        }
    }

    /** One child less to wait for (its done callback ran, or it never started); the last one wakes the owner. */
    private void childGone() {
        if ((int) LIVE.getAndAdd(this, -1) == 1) {
            Waiter w = (Waiter) JOIN_WAITER.getAndSet(this, null);
            if (w != null) {
                w.signal();
            }
        }
    }

    private void checkOwner(String what) {
        if (Fiber.current() != parent.fiber) {
            throw new IllegalStateException("TaskGroup." + what + "() must be called by the task that opened the group ("
                    + parent.name() + ")");
        }
    }

    /** The state, for tests. */
    State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            StringBuilder sb = new StringBuilder("TaskGroup[");
            sb.append("tasks=").append(live);
            if (!errors.isEmpty()) {
                sb.append(", errors=").append(errors.size());
            }
            sb.append(state == State.FINISHED ? ", finished" : state.aborting ? ", cancelling" : ", entered");
            return sb.append(']').toString();
        } finally {
            lock.unlock();
        }
    }
}
