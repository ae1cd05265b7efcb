package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.BoundedSemaphore;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/*
 * Property: BoundedSemaphore refuses a release past its initial value exactly when that
 * release would exceed it (IllegalStateException("BoundedSemaphore released too many times"),
 * SPEC 4.7), however releases and acquires race; a refused release changes nothing.
 */
public class BoundedSemaphoreOverReleaseStress {

    /** 1 if {@code release()} was accepted, 0 if it was refused as an over-release. */
    static int release(BoundedSemaphore s) {
        try {
            s.release();
            return 1;
        } catch (IllegalStateException overRelease) {
            return 0;
        }
    }

    @JCStressTest
    @Description("BoundedSemaphore(2) with one permit taken; two plain threads release at once: exactly one is accepted.")
    @Outcome(id = {"1, 0, 2", "0, 1, 2"}, expect = ACCEPTABLE, desc = "one release accepted, the other refused; value back at 2")
    @Outcome(                             expect = FORBIDDEN,  desc = "both accepted (value past the bound) or both refused")
    @State
    public static class TwoReleases {
        final BoundedSemaphore semaphore = new BoundedSemaphore(2);

        public TwoReleases() {
            semaphore.acquire();
        }

        @Actor
        public void actor1(III_Result r) {
            r.r1 = release(semaphore);
        }

        @Actor
        public void actor2(III_Result r) {
            r.r2 = release(semaphore);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = semaphore.statistics().value();
        }
    }

    @JCStressTest
    @Description("BoundedSemaphore(1), free; one plain thread acquires while another releases: the release is accepted only after the acquire.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "acquire first, then the release was accepted: value 1")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "release first, refused; then the acquire took the permit: value 0")
    @Outcome(             expect = FORBIDDEN,  desc = "a release accepted past the bound, or a refused release that changed the value")
    @State
    public static class AcquireVsRelease {
        final BoundedSemaphore semaphore = new BoundedSemaphore(1);

        @Actor
        public void actor1() {
            semaphore.acquire();
        }

        @Actor
        public void actor2(II_Result r) {
            r.r1 = release(semaphore);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            r.r2 = semaphore.statistics().value();
        }
    }
}
