package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Event;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * Property: no child outlives its group. A task spawning into a group whose owner is leaving
 * either gets a child the owner then waits for, or is refused ("finished"); it never gets a
 * child that is still running when the group has returned (SPEC 4.5; asyncio's create_task
 * raises once the group is exiting with no task left).
 *
 * Scene (parallel loop): the owner runs a group whose body spawns one child C, which waits on
 * an Event, and returns, so the owner is waiting for C. Actor 1 sets the Event: C, the last
 * live child, ends and the owner may leave. Actor 2, a thread outside the loop, spawns a child D
 * into the group, racing C's end. D yields once, then counts itself finished. When the group
 * returns, the owner reads how many D finished. TaskGroup lets a spawn count while the owner is
 * leaving only from a positive count of live children (a CAS): counted after the owner saw
 * none, D would run after the group returned. With that CAS replaced by a plain increment, a
 * -m quick run of this test fails: spawns counted after the group finished throw
 * NullPointerException (the finished group has dropped its child array), an error jcstress
 * reports; with the CAS, both acceptable outcomes occur (about 1.5% counted, the rest refused).
 */
@JCStressTest
@Description("A spawn into a group whose last child is ending: the group waits for the new child, or the spawn is refused.")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "spawn counted: the group waited for the new child")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "spawn refused: the group had finished (or was finishing with no child left)")
@Outcome(id = "1, 0, 1", expect = FORBIDDEN, desc = "spawn accepted, yet the group returned before its child finished")
@Outcome(expect = FORBIDDEN, desc = "anything else: the owner or a task failed or hung (-1, -2, -3)")
@State
public class TaskGroupSpawnVsLastChildStress {
    /** The spawner's delay, in onSpinWait()s, is drawn from [0, SPREAD). */
    static final int SPREAD = 20_000;

    final Event lastChildGo = new Event();
    final AtomicInteger spawnedFinished = new AtomicInteger();
    volatile TaskGroup group;
    volatile int finishedWhenGroupReturned = -1;
    final Task<Integer> owner;

    public TaskGroupSpawnVsLastChildStress() {
        owner = Harness.PARALLEL.submit(() -> {
            TaskGroup.run(g -> {
                g.spawn(() -> {
                    lastChildGo.await();
                });
                group = g;
                return null;
            });
            finishedWhenGroupReturned = spawnedFinished.get();
            return 1;
        });
        Harness.within(() -> group != null);
    }

    @Actor
    public void lastChildEnds() {
        lastChildGo.set();
    }

    @Actor
    public void spawner(III_Result r) {
        // C's end takes a wake-up and a done callback, longer than a spawn: a spread of short
        // delays puts some spawns before it, some after it, and some right on it.
        for (int i = ThreadLocalRandom.current().nextInt(SPREAD); i > 0; i--) {
            Thread.onSpinWait();
        }
        try {
            group.spawn(() -> {
                Weft.sleep(Duration.ZERO);
                spawnedFinished.incrementAndGet();
            });
            r.r1 = 1;
        } catch (IllegalStateException refused) {
            r.r1 = 0;
        }
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = Harness.outcome(owner) == Harness.SUCCESS ? owner.resultNow() : Harness.outcome(owner);
        r.r2 = finishedWhenGroupReturned;
    }
}
