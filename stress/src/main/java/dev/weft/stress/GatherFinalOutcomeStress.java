package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.CancelledException;
import dev.weft.Event;
import dev.weft.Outcome.Failure;
import dev.weft.Outcome.Success;
import dev.weft.Task;
import dev.weft.Weft;
import java.util.List;
import java.util.concurrent.Future;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/*
 * Property: gather reports each child's final outcome: when a child's completion races a
 * cancel, the slot gatherSettled gives for it is the outcome the child actually ended with
 * (asyncio gather(return_exceptions=True) waits for every child to be done and reads its
 * final state; SPEC 4.3).
 *
 * Scene: child A (parallel loop) returns 1 at once, child B waits on an Event, then returns 2;
 * a gathering task G = gatherSettled(A, B) is started with them. Actor 1 sets B's event;
 * actor 2 cancels B. The arbiter waits for G (bounded) and compares each slot with
 * the child's own final state.
 */
@JCStressTest
@Description("gatherSettled(A, B) while B's completion races its cancel: each slot equals the child's final outcome.")
@Outcome(id = "1, 2, 2, 0",  expect = ACCEPTABLE, desc = "B completed first: slot B holds its result 2")
@Outcome(id = "1, 9, 9, 0",  expect = ACCEPTABLE, desc = "the cancel won: slot B holds B's CancelledException (9)")
@Outcome(                    expect = FORBIDDEN,  desc = "a slot differs from its child's final outcome (r4 = 1), or a task hung (-1) or failed")
@State
public class GatherFinalOutcomeStress {
    /** Slot / state code for "cancelled". */
    static final int CANCELLED = 9;

    final Event goB = new Event();
    final Task<Integer> a = Harness.PARALLEL.submit(() -> 1);
    final Task<Integer> b = Harness.PARALLEL.submit(() -> {
        goB.await();
        return 2;
    });
    final Task<List<dev.weft.Outcome<Integer>>> gather =
            Harness.PARALLEL.submit(() -> Weft.<Integer>gatherSettled(List.of(a, b)));

    @Actor
    public void completeB() {
        goB.set();
    }

    @Actor
    public void cancelB() {
        b.cancel();
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        int how = Harness.outcome(gather);
        if (how != Harness.SUCCESS) {
            r.r1 = r.r2 = r.r3 = r.r4 = how;
            return;
        }
        List<dev.weft.Outcome<Integer>> slots = gather.resultNow();
        int slotA = code(slots.get(0));
        int slotB = code(slots.get(1));
        int finalA = finalCode(a);
        int finalB = finalCode(b);
        r.r1 = slotA;
        r.r2 = slotB;
        r.r3 = finalB;
        r.r4 = slotA == finalA && slotB == finalB ? 0 : 1;
    }

    /** The child's own final state, coded as a slot is. */
    private static int finalCode(Task<Integer> child) {
        return child.isCancelled() ? CANCELLED : child.state() == Future.State.SUCCESS ? child.resultNow() : Harness.FAILED;
    }

    /** A gatherSettled slot: the value, CANCELLED, or FAILED. */
    private static int code(dev.weft.Outcome<Integer> slot) {
        return switch (slot) {
            case Success<Integer> s -> s.value();
            case Failure<Integer> f -> f.error() instanceof CancelledException ? CANCELLED : Harness.FAILED;
        };
    }
}
