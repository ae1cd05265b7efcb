package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A task has finished; the event's duration is the time its body ran (wall clock, also under
 * virtual time).
 */
@Name("dev.weft.TaskEnd")
@Label("Task End")
@Category("weft")
@Description("A weft task has finished: how, and how long its body ran")
@StackTrace(false)
public final class TaskEndEvent extends jdk.jfr.Event {
    @Label("Task")
    public String task;

    @Label("Task Id")
    public long taskId;

    @Label("Loop Mode")
    public String loopMode;

    @Label("Outcome")
    @Description("success, failed or cancelled")
    public String outcome;

    @Label("Exception")
    @Description("The class of the exception a failed task ended with, else null")
    public Class<?> exception;
}
