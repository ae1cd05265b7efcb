package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Task;
import org.junit.jupiter.api.Test;

/**
 * The wake-up of a {@link Waiter}, apart from its outcome: WOKEN comes with the wake-up (after the
 * waker released its lock), PARKED is announced by a thread about to park, and neither changes
 * the outcome. And the spin budget of {@link Spin}, learnt per fiber from how its waits end.
 */
class WaiterWakeTest {
    @Test
    void a_waiter_is_woken_only_by_the_wake_up_not_by_the_decision() {
        Guard guard = new Guard();
        WaitList list = new WaitList(guard);
        Waiter w = Waiter.current("test");
        guard.lock();
        try {
            list.add(w);
            list.signalFirst("item");
            assertEquals(Waiter.SIGNALLED, w.state(), "decided under the guard");
            assertFalse(w.isWoken(), "a spinning waiter must not go on while its waker holds the guard");
        } finally {
            guard.unlock();
        }
        assertTrue(w.isWoken(), "woken at the release");
        assertEquals("item", w.value());
    }

    @Test
    void a_waiter_woken_before_it_parks_does_not_park() {
        Waiter w = Waiter.current("test");
        assertTrue(w.signal("x"));
        assertFalse(w.announcePark(), "the wake-up came: parking now would wait for another");
        assertEquals(Waiter.SIGNALLED, w.state());
    }

    @Test
    void the_outcome_is_the_same_whether_the_waiter_parked_or_not() {
        Waiter parked = Waiter.current("test");
        assertTrue(parked.announcePark());
        assertTrue(parked.isWaiting(), "announcing the park is not an outcome");
        assertTrue(parked.announcePark(), "announcing it twice is harmless");
        assertTrue(parked.tryCancel("m"));
        assertEquals(Waiter.CANCELLED, parked.state());
        assertFalse(parked.signal("late"), "one outcome only, PARKED bit or not");
        assertEquals(Waiter.CANCELLED, parked.state());
        assertFalse(parked.tryTimeout());

        Waiter timedOut = Waiter.current("test");
        assertTrue(timedOut.announcePark());
        assertTrue(timedOut.tryTimeout());
        assertEquals(Waiter.TIMED_OUT, timedOut.state());
        assertFalse(timedOut.tryComplete());
    }

    /** A fiber that is never started: only its spin budget is used. */
    private static Fiber fiber() {
        return new Fiber(Scheduler.parallel(null), null) {
            @Override
            public Task<?> task() {
                return null;
            }

            @Override
            protected void runBody() {
            }
        };
    }

    @Test
    void a_fiber_spins_only_after_a_short_wait_and_less_after_each_spin_in_vain() {
        Fiber f = fiber();
        assertEquals(0, f.spinNanos, "a new fiber does not spin: most waits are long");
        assertFalse(Spin.untilWoken(f, Waiter.current("test")), "no budget: parks at once");
        Spin.parked(f, Spin.SHORT_NANOS);
        assertEquals(0, f.spinNanos, "a long wait gives it none");
        Spin.parked(f, 1_000);
        assertEquals(Spin.MIN_NANOS, f.spinNanos, "a short wait: a spin might have caught it");

        f.spinNanos = Spin.MAX_NANOS;
        Spin.parked(f, 1_000); // spun in vain, then parked, however short the park
        assertEquals(Spin.MAX_NANOS / 2, f.spinNanos);
        for (int i = 0; i < 20; i++) {
            Spin.parked(f, 1_000);
            if (f.spinNanos == 0) {
                break;
            }
        }
        assertEquals(0, f.spinNanos, "spins that keep failing bring it down to nothing");
    }

    @Test
    void a_budget_doubles_on_a_catch_up_to_the_most_and_halves_on_a_miss_down_to_nothing() {
        assertEquals(2 * Spin.MIN_NANOS, Spin.next(Spin.MIN_NANOS, true));
        assertEquals(Spin.MAX_NANOS, Spin.next(Spin.MAX_NANOS, true));
        assertEquals(Spin.MAX_NANOS, Spin.next(Integer.MAX_VALUE, true), "a budget set by hand does not overflow");
        assertEquals(Spin.MIN_NANOS / 2, Spin.next(Spin.MIN_NANOS, false));
        assertEquals(0, Spin.next(Spin.MIN_NANOS / 2, false), "below half the least, nothing");
    }

    @Test
    void a_spin_that_sees_the_wake_up_needs_no_park_and_spins_longer_next_time() {
        Fiber f = fiber();
        f.spinNanos = Spin.MIN_NANOS;
        Waiter w = Waiter.current("test");
        assertFalse(Spin.untilWoken(f, w), "not woken within the budget: the caller parks");
        assertEquals(Spin.MIN_NANOS, f.spinNanos, "unchanged until the park reports how long it took");

        assertTrue(w.signal("x"));
        assertTrue(Spin.untilWoken(f, w));
        assertEquals(2 * Spin.MIN_NANOS, f.spinNanos);
        f.spinNanos = Spin.MAX_NANOS;
        assertTrue(Spin.untilWoken(f, w));
        assertEquals(Spin.MAX_NANOS, f.spinNanos, "capped");
    }
}
