package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/*
 * Property: whether "build a new immutable value from the current one, then replace the
 * reference" keeps every update when two workers do it at once.
 *
 * Claim (guide, 4. "不可变数据结构+原子替换"): "shared_state = (*shared_state, new_item)  # 创建新的
 * 不可变对象并原子替换" — an immutable value replaced atomically is safe. The replacement (one
 * reference store) is atomic, but the read-copy-replace as a whole is not:
 *   - through a plain or a volatile field, two parallel workers can both copy the old value
 *     and one append is lost (ACCEPTABLE_INTERESTING: the claim is false for parallel Java;
 *     volatile makes the store visible, not the sequence atomic);
 *   - through AtomicReference.updateAndGet (a compare-and-set retry) nothing is lost (FORBIDDEN);
 *   - in a cooperative loop with no suspension point in the read-copy-replace, nothing is lost
 *     through a plain field either (FORBIDDEN): what asyncio users actually rely on.
 */
public class ImmutableReplacementStress {

    /** The guide's update: a new immutable list, the old one plus {@code item}. */
    static List<Integer> with(List<Integer> old, int item) {
        List<Integer> next = new ArrayList<>(old);
        next.add(item);
        return List.copyOf(next);
    }

    @JCStressTest
    @Description("Two plain threads read-copy-replace an immutable list through a plain field: an append can be lost.")
    @Outcome(id = "2", expect = ACCEPTABLE,             desc = "both appends kept")
    @Outcome(id = "1", expect = ACCEPTABLE_INTERESTING, desc = "an append was lost: both copied the same old list")
    @Outcome(          expect = FORBIDDEN,              desc = "impossible")
    @State
    public static class PlainField {
        List<Integer> state = List.of();

        @Actor
        public void actor1() {
            state = with(state, 1);
        }

        @Actor
        public void actor2() {
            state = with(state, 2);
        }

        @Arbiter
        public void arbiter(I_Result r) {
            r.r1 = state.size();
        }
    }

    @JCStressTest
    @Description("Two plain threads read-copy-replace an immutable list through a volatile field: an append can be lost.")
    @Outcome(id = "2", expect = ACCEPTABLE,             desc = "both appends kept")
    @Outcome(id = "1", expect = ACCEPTABLE_INTERESTING, desc = "an append was lost: volatile orders the store, it does not make read-copy-replace atomic")
    @Outcome(          expect = FORBIDDEN,              desc = "impossible")
    @State
    public static class VolatileField {
        volatile List<Integer> state = List.of();

        @Actor
        public void actor1() {
            state = with(state, 1);
        }

        @Actor
        public void actor2() {
            state = with(state, 2);
        }

        @Arbiter
        public void arbiter(I_Result r) {
            r.r1 = state.size();
        }
    }

    @JCStressTest
    @Description("Two plain threads read-copy-replace an immutable list with AtomicReference.updateAndGet: nothing is lost.")
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "both appends kept")
    @Outcome(          expect = FORBIDDEN,  desc = "an append was lost")
    @State
    public static class AtomicReferenceUpdate {
        final AtomicReference<List<Integer>> state = new AtomicReference<>(List.of());

        @Actor
        public void actor1() {
            state.updateAndGet(old -> with(old, 1));
        }

        @Actor
        public void actor2() {
            state.updateAndGet(old -> with(old, 2));
        }

        @Arbiter
        public void arbiter(I_Result r) {
            r.r1 = state.get().size();
        }
    }

    @JCStressTest
    @Description("Two tasks of a cooperative loop read-copy-replace an immutable list through a plain field, no suspension point: nothing is lost.")
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "both appends kept: the loop ran the two updates one at a time")
    @Outcome(          expect = FORBIDDEN,  desc = "an append was lost (1), or a task hung (-1) or failed")
    @State
    public static class CooperativePlainField extends Failures {
        List<Integer> state = List.of();

        private void append(int item) {
            record(Harness.call(Harness.COOPERATIVE, () -> {
                state = with(state, item);
                return 0;
            }));
        }

        @Actor
        public void actor1() {
            append(1);
        }

        @Actor
        public void actor2() {
            append(2);
        }

        @Arbiter
        public void arbiter(I_Result r) {
            r.r1 = orFailure(state.size());
        }
    }
}
