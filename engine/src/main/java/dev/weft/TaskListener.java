package dev.weft;

/**
 * What a task tells once it is done: a caller waiting for it ({@link DoneWait}), a combinator's
 * watch over several tasks ({@link TaskWatch}), a user's done callback, a group counting its
 * children. Registered with {@link Task#addListener}; the task calls each listener once, in
 * registration order, on the thread that finished it, after its outcome is published ({@link
 * Task#isDone()} is true). An exception a listener throws is logged and does not stop the others.
 * A task already done refuses the listener, and the registrant decides what to do instead.
 */
@FunctionalInterface
interface TaskListener {
    /** The task is done. Runs on the thread that finished it, so it must not block. */
    void taskDone(Task<?> task);
}
