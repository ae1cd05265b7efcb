package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Semaphore;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * Property: an acquirer cancelled while a permit is handed to it never loses the permit: it
 * ends up with that acquirer (if its acquire returned first), with the next one, or free in
 * the semaphore (SPEC 4.1, last rule; asyncio test_locks SemaphoreTests.test_acquire_cancel_*).
 *
 * Scene: tasks T1 then T2 blocked in acquire() on a Semaphore(0). Actor 1 releases one permit;
 * actor 2 cancels T1. The arbiter waits for T1, cancels T2, waits for T2. Holders keep the
 * permit, so exactly one of (T1 holds, T2 holds, value 1) must be true.
 */
@JCStressTest
@Description("Two tasks blocked in Semaphore.acquire; one permit released while the first is cancelled: the permit is held once or stays free.")
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "the first acquirer got the permit before its cancel landed")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "the first acquirer was cancelled; the permit went to the second")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "both cancelled before taking it; the permit is free")
@Outcome(                expect = FORBIDDEN,  desc = "the permit lost or duplicated, or a task hung (-1, -1, -1)")
@State
public class SemaphoreAcquireCancelRaceStress extends CancelRace {
    final Semaphore semaphore = new Semaphore(0);

    public SemaphoreAcquireCancelRaceStress() {
        start(semaphore::acquire, semaphore::acquire, () -> semaphore.statistics().waiters());
    }

    @Actor
    public void releaser() {
        semaphore.release();
    }

    @Actor
    public void canceller() {
        cancelFirst();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        settle(r, () -> semaphore.statistics().value());
    }
}
