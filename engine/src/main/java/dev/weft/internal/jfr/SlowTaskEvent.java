package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The debug-mode watchdog's warning: a cooperative task has held the loop longer than {@code
 * slowTaskThreshold} without reaching a suspension point. Committed by the watchdog's thread, so
 * the task's stack is a field rather than the event's own stack trace.
 */
@Name("dev.weft.SlowTask")
@Label("Slow Task")
@Category("weft")
@Description("A cooperative task held its loop longer than slowTaskThreshold without suspending (debug mode)")
@StackTrace(false)
public final class SlowTaskEvent extends jdk.jfr.Event {
    @Label("Task")
    public String task;

    @Label("Held For")
    @Timespan(Timespan.NANOSECONDS)
    public long heldFor;

    @Label("Threshold")
    @Timespan(Timespan.NANOSECONDS)
    public long threshold;

    @Label("Task Stack")
    @Description("The task's stack when the watchdog looked, top frame first")
    public String stack;
}
