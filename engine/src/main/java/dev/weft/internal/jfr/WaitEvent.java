package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;

/**
 * A weft wait (a lock, a queue, an event, a task, a sleep...) that lasted at least the threshold
 * (20 ms unless the recording's settings say otherwise), as {@code jdk.ThreadPark} does for
 * parks. The duration is wall-clock time, also under virtual time.
 */
@Name("dev.weft.Wait")
@Label("Wait")
@Category("weft")
@Description("A task or thread waited in weft: on what, how long, how it ended")
@Threshold("20 ms")
public final class WaitEvent extends jdk.jfr.Event {
    @Label("Task")
    @Description("The waiting task, or null for a thread that is not a task")
    public String task;

    @Label("Waited On")
    @Description("What the wait was on (its toString when the wait ended)")
    public String blocker;

    @Label("Waited On Class")
    public Class<?> blockerClass;

    @Label("Outcome")
    @Description("signalled, timed out or cancelled")
    public String outcome;
}
