package dev.weft.junit;

import static dev.weft.junit.Clock.hours;
import static dev.weft.junit.Clock.minutes;
import static dev.weft.junit.Clock.nanos;
import static dev.weft.junit.Clock.since;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.CancelledException;
import dev.weft.Task;
import dev.weft.Timeout;
import dev.weft.Weft;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * SPEC 4.4, {@code Weft.timeout} and {@code timeoutAt}: tests moved here from the engine's
 * {@code TimeoutTest}, where they ran in {@code Tasks.run(Mode.VIRTUAL_TIME, ...)}; each is now a
 * {@link WeftTest}, with its assertions unchanged.
 */
class TimeoutOnVirtualTimeTest {
    // asyncio: test_timeouts.TimeoutTests.test_timeout_basic
    @WeftTest
    void a_body_that_overruns_its_timeout_throws_timeout_exception() {
        long t0 = Weft.now();
        AtomicReference<Timeout> scope = new AtomicReference<>();

        TimeoutException te = assertThrows(TimeoutException.class, () -> Weft.timeout(hours(1), s -> {
            scope.set(s);
            Weft.sleep(hours(10));
            return "late";
        }));

        assertEquals(hours(1), since(t0));
        assertTrue(scope.get().expired());
        assertInstanceOf(CancelledException.class, te.getCause());
        assertEquals(t0 + nanos(hours(1)), scope.get().deadline());
    }

    // asyncio: test_timeouts.TimeoutTests.test_timeout_at_basic
    @WeftTest
    void timeout_at_expires_at_an_absolute_deadline_on_the_loop_clock() {
        Weft.sleep(minutes(7)); // so that the clock is not at zero
        long deadline = Weft.now() + nanos(minutes(10));
        AtomicReference<Timeout> scope = new AtomicReference<>();

        assertThrows(TimeoutException.class, () -> Weft.timeoutAt(deadline, s -> {
            scope.set(s);
            Weft.sleep(hours(10));
            return null;
        }));

        assertEquals(deadline, Weft.now());
        assertTrue(scope.get().expired());
        assertEquals(deadline, scope.get().deadline());
    }

    // asyncio: test_timeouts.TimeoutTests.test_waiter_cancelled
    @WeftTest
    void the_body_sees_a_cancelled_exception_which_leaves_it_as_timeout_exception() {
        List<String> events = new CopyOnWriteArrayList<>();

        assertThrows(TimeoutException.class, () -> Weft.timeout(minutes(1), s -> {
            try {
                Weft.sleep(hours(10));
            } catch (CancelledException e) {
                events.add("cancelled");
                throw e;
            }
            return null;
        }));

        assertEquals(List.of("cancelled"), events);
    }

    // asyncio: test_timeouts.TimeoutTests.test_timeout_not_called
    @WeftTest
    void a_body_that_finishes_in_time_returns_its_value() throws TimeoutException {
        long t0 = Weft.now();
        AtomicReference<Timeout> scope = new AtomicReference<>();

        String r = Weft.timeout(hours(10), s -> {
            scope.set(s);
            Weft.sleep(minutes(1));
            return "in time";
        });

        assertEquals("in time", r);
        assertFalse(scope.get().expired());
        assertEquals(t0 + nanos(hours(10)), scope.get().deadline());
        assertTrue(scope.get().deadline() > Weft.now());
        // The timer is gone: sleeping past the old deadline cancels nothing.
        Weft.sleep(hours(20));
        assertEquals(0, Weft.currentTask().cancelling());
    }

    // asyncio: test_timeouts.TimeoutTests.test_outer_task_is_not_cancelled
    @WeftTest
    void after_a_timeout_fired_the_task_is_not_cancelled_and_goes_on() {
        Task<String> task = Weft.spawn(() -> {
            assertThrows(TimeoutException.class, () -> Weft.timeout(minutes(1), s -> {
                Weft.sleep(hours(10));
                return null;
            }));
            int cancelling = Weft.currentTask().cancelling();
            Weft.sleep(hours(1)); // a suspension point: no cancellation left pending
            return "went on, cancelling=" + cancelling;
        });

        assertEquals("went on, cancelling=0", task.await());
        assertFalse(task.isCancelled());
        assertTrue(task.isDone());
    }
}
