package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A task's body is about to run, on the task's own thread. */
@Name("dev.weft.TaskStart")
@Label("Task Start")
@Category("weft")
@Description("A weft task starts running its body")
@StackTrace(false)
public final class TaskStartEvent extends jdk.jfr.Event {
    @Label("Task")
    public String task;

    @Label("Task Id")
    @Description("asyncio's task counter: the N of Task-N")
    public long taskId;

    @Label("Loop Mode")
    @Description("parallel, cooperative, or cooperative, virtual time")
    public String loopMode;
}
