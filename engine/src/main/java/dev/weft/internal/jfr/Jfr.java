package dev.weft.internal.jfr;

import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;

/**
 * The gate in front of weft's JFR events, so that they cost nothing when no recording is on.
 *
 * <p>Every call site first asks {@link #on()}: one volatile read ({@link
 * FlightRecorder#isInitialized()}), false for the life of a JVM that never starts Flight Recorder.
 * Only then is the event's {@link EventType} asked whether a running recording takes it, and
 * only then is an event object allocated. So with JFR off nothing is allocated and jdk.jfr's
 * metadata is never even initialized; with JFR on but an event disabled, the cost is that read
 * plus {@link EventType#isEnabled()}.
 *
 * <p>The kill switch {@code -Dweft.jfr=false} ({@link #PROPERTY}) removes the events altogether:
 * it is read once, into the constant {@link #ENABLED}, so {@link #on()} is a constant false that
 * the JIT folds away at every call site, and no recording ever sees a {@code dev.weft} event. Any
 * other value, or none, leaves the events in. (The bench module's {@code JfrBenchmark} measures
 * the engine with the switch off against the default, to show the events cost nothing without a
 * recording.)
 */
public final class Jfr {
    private Jfr() {
    }

    /** The system property of the kill switch: {@code -Dweft.jfr=false} turns weft's events off for good. */
    public static final String PROPERTY = "weft.jfr";

    /**
     * False when the JVM was started with {@code -Dweft.jfr=false} (case ignored), true otherwise.
     * Read once, when this class initializes; a constant to the JIT.
     */
    public static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty(PROPERTY));

    /**
     * Whether weft's events are {@link #ENABLED} and Flight Recorder has been initialized in this
     * JVM (else no recording can be on).
     */
    public static boolean on() {
        return ENABLED && FlightRecorder.isInitialized();
    }

    /** Event types, looked up on first use, which is after Flight Recorder is initialized. */
    private static final class Types {
        static final EventType TASK_START = EventType.getEventType(TaskStartEvent.class);
        static final EventType TASK_END = EventType.getEventType(TaskEndEvent.class);
        static final EventType WAIT = EventType.getEventType(WaitEvent.class);
        static final EventType SLOW_TASK = EventType.getEventType(SlowTaskEvent.class);
        static final EventType DEADLOCK = EventType.getEventType(DeadlockEvent.class);
    }

    // ---- tasks (called with on() true) ------------------------------------------------------

    /**
     * A task starts: commits {@code dev.weft.TaskStart} if a recording takes it, and returns a
     * begun {@code dev.weft.TaskEnd} for {@link #taskEnded} if one takes that, else null.
     */
    public static TaskEndEvent taskStarted(String task, long id, String loopMode) {
        if (Types.TASK_START.isEnabled()) {
            TaskStartEvent e = new TaskStartEvent();
            e.task = task;
            e.taskId = id;
            e.loopMode = loopMode;
            e.commit();
        }
        if (!Types.TASK_END.isEnabled()) {
            return null;
        }
        TaskEndEvent e = new TaskEndEvent();
        e.task = task;
        e.taskId = id;
        e.loopMode = loopMode;
        e.begin();
        return e;
    }

    /** The task of {@code e} has finished: {@code outcome} is success, failed or cancelled. */
    public static void taskEnded(TaskEndEvent e, String outcome, Throwable failure) {
        e.end();
        if (e.shouldCommit()) {
            e.outcome = outcome;
            e.exception = failure == null ? null : failure.getClass();
            e.commit();
        }
    }

    // ---- waits ------------------------------------------------------------------------------

    /** A wait begins: a begun {@code dev.weft.Wait} if a recording takes it, else null. */
    public static WaitEvent waitBegins() {
        if (!Types.WAIT.isEnabled()) {
            return null;
        }
        WaitEvent e = new WaitEvent();
        e.begin();
        return e;
    }

    /** The wait of {@code e} has ended; committed only when it lasted at least the threshold. */
    public static void waitEnded(WaitEvent e, Object task, Object blocker, String outcome) {
        e.end();
        if (e.shouldCommit()) {
            e.task = task == null ? null : task.toString();
            e.blocker = String.valueOf(blocker);
            e.blockerClass = blocker == null ? null : blocker.getClass();
            e.outcome = outcome;
            e.commit();
        }
    }

    // ---- debug aids -------------------------------------------------------------------------

    /** The debug watchdog found {@code task} holding its cooperative loop past the threshold. */
    public static void slowTask(Object task, long heldForNanos, long thresholdNanos, StackTraceElement[] stack) {
        if (!Types.SLOW_TASK.isEnabled()) {
            return;
        }
        SlowTaskEvent e = new SlowTaskEvent();
        e.task = String.valueOf(task);
        e.heldFor = heldForNanos;
        e.threshold = thresholdNanos;
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement f : stack) {
            sb.append(f).append('\n');
        }
        e.stack = sb.toString();
        e.commit();
    }

    /** Deadlock detection refused an acquire of {@code lock} by {@code task}. */
    public static void deadlock(String task, String lock, String cycle) {
        if (!Types.DEADLOCK.isEnabled()) {
            return;
        }
        DeadlockEvent e = new DeadlockEvent();
        e.task = task;
        e.lock = lock;
        e.cycle = cycle;
        e.commit();
    }
}
