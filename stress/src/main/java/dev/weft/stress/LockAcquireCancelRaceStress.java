package dev.weft.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.weft.Lock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/*
 * Property: an acquirer cancelled while the lock is handed to it never leaves the lock held
 * by nobody: the lock ends with that acquirer (if its acquire returned first), with the next,
 * or free (SPEC 4.1, last rule; asyncio test_locks LockTests.test_cancel_race).
 *
 * Scene: the state's builder holds the lock; tasks T1 then T2 blocked in acquire(). Actor 1
 * releases the lock (any thread may release a weft Lock); actor 2 cancels T1. The arbiter
 * waits for T1, cancels T2, waits for T2. A task that got the lock keeps it, so the lock must
 * be held exactly when one task got it.
 */
@JCStressTest
@Description("Two tasks blocked in Lock.acquire; the lock released while the first is cancelled: the lock is held once or free, never held by nobody.")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "the first acquirer got the lock before its cancel landed")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "the first acquirer was cancelled; the lock went to the second")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "both cancelled before taking it; the lock is free")
@Outcome(                expect = FORBIDDEN,  desc = "the lock left held by nobody (0, 0, 1), given twice, or a task hung (-1, -1, -1)")
@State
public class LockAcquireCancelRaceStress extends CancelRace {
    final Lock lock = new Lock();

    public LockAcquireCancelRaceStress() {
        lock.acquire();
        start(lock::acquire, lock::acquire, () -> lock.statistics().waiters());
    }

    @Actor
    public void releaser() {
        lock.release();
    }

    @Actor
    public void canceller() {
        cancelFirst();
    }

    @Arbiter
    public void arbiter(III_Result r) {
        settle(r, () -> lock.locked() ? 1 : 0);
    }
}
