package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * Deadlock detection refused a {@code Lock.acquire} that would have closed a cycle (or re-acquired
 * a lock the caller holds); committed on the acquiring thread, whose stack the event carries.
 */
@Name("dev.weft.Deadlock")
@Label("Deadlock")
@Category("weft")
@Description("A Lock acquire that would have deadlocked was refused with DeadlockException")
public final class DeadlockEvent extends jdk.jfr.Event {
    @Label("Task")
    @Description("The acquiring task, or the thread's name")
    public String task;

    @Label("Lock")
    public String lock;

    @Label("Cycle")
    @Description("The message of the DeadlockException: who waits for which lock held by whom")
    public String cycle;
}
