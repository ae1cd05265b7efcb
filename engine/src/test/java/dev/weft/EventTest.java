package dev.weft;

import static dev.weft.Tasks.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(120) // hang guard only
class EventTest {

    private static Task<Boolean> waiter(Event ev, List<Integer> result, int tag) {
        return Weft.spawn("waiter-" + tag, () -> {
            boolean r = ev.await();
            result.add(tag);
            return r;
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void set_wakes_every_waiter(Mode mode) {
        List<Integer> result = Collections.synchronizedList(new ArrayList<>());
        Tasks.run(mode, () -> {
            Event ev = new Event();
            List<Task<Boolean>> ts = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                ts.add(waiter(ev, result, i));
                int n = i;
                until(() -> ev.statistics().waiters() == n);
            }
            assertTrue(result.isEmpty());
            ev.set();
            assertEquals(List.of(true, true, true), Weft.gather(ts));
            assertEquals(new Event.Statistics(true, 0), ev.statistics());
        });
        assertEquals(List.of(1, 2, 3), result.stream().sorted().toList());
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void set_wakes_the_waiters_in_arrival_order(Mode mode) {
        List<Integer> result = new ArrayList<>();
        Tasks.run(mode, () -> {
            Event ev = new Event();
            List<Task<Boolean>> ts = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                ts.add(waiter(ev, result, i));
            }
            until(() -> ev.statistics().waiters() == 4);
            ev.set();
            Weft.gather(ts);
        });
        assertEquals(List.of(1, 2, 3, 4), result);
    }

    // asyncio: test_locks.EventTests.test_wait
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void a_task_that_first_waits_after_the_set_runs_before_the_woken_waiters(Mode mode) {
        List<Integer> result = new ArrayList<>();
        Tasks.run(mode, () -> {
            Event ev = new Event();
            Task<Boolean> t1 = waiter(ev, result, 1);
            Task<Boolean> t2 = waiter(ev, result, 2);
            Weft.sleep(Duration.ZERO);
            assertEquals(List.of(), result);
            Task<Boolean> t3 = waiter(ev, result, 3); // ready, has not run yet
            ev.set();
            Weft.sleep(Duration.ZERO);
            assertEquals(List.of(3, 1, 2), result);
            assertTrue(t1.isDone() && t2.isDone() && t3.isDone());
            assertEquals(List.of(true, true, true), List.of(t1.result(), t2.result(), t3.result()));
        });
    }

    // asyncio: test_locks.EventTests.test_wait_on_set
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void await_on_a_set_event_returns_at_once_without_suspending(Mode mode) {
        List<String> order = new ArrayList<>();
        Tasks.run(mode, () -> {
            Event ev = new Event();
            ev.set();
            Task<Void> other = Weft.spawn("other", () -> {
                order.add("other");
            });
            assertTrue(ev.await());
            order.add("after await"); // no suspension: "other" has not run yet
            other.await();
        });
        assertEquals(List.of("after await", "other"), order);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void await_on_a_set_event_does_not_deliver_a_pending_cancellation(Mode mode) {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Tasks.run(mode, () -> {
            Event ev = new Event();
            ev.set();
            Task<Void> t = Weft.spawn("self-cancelling", () -> {
                Weft.currentTask().cancel();
                events.add("await returned " + ev.await());
                Weft.sleep(Duration.ZERO);
                events.add("not cancelled");
            });
            Tasks.awaitDone(t);
            assertTrue(t.isCancelled());
        });
        assertEquals(List.of("await returned true"), events);
    }

    // asyncio: test_locks.EventTests.test_clear
    @ParameterizedTest
    @EnumSource(Mode.class)
    void clear_resets_the_flag_and_later_waiters_wait_again(Mode mode) {
        Tasks.run(mode, () -> {
            Event ev = new Event();
            assertFalse(ev.isSet());
            ev.set();
            assertTrue(ev.isSet());
            ev.clear();
            assertFalse(ev.isSet());
            Task<Boolean> t = Weft.spawn("waiter", ev::await);
            Tasks.awaitBlocked(t);
            assertEquals(1, ev.statistics().waiters());
            ev.set();
            assertTrue(t.await());
        });
    }

    // asyncio: test_locks.EventTests.test_clear_with_waiters
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_waiter_woken_by_set_returns_even_if_the_event_is_cleared_before_it_runs(Mode mode) {
        Tasks.run(mode, () -> {
            Event ev = new Event();
            Task<Boolean> t = Weft.spawn("waiter", ev::await);
            Tasks.awaitBlocked(t);
            ev.set();
            ev.clear();
            assertFalse(ev.isSet());
            ev.set();
            ev.set();
            assertTrue(t.await());
            assertEquals(new Event.Statistics(true, 0), ev.statistics());
        });
    }

    // asyncio: test_locks.EventTests.test_wait_cancel
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_cancelled_waiter_leaves_the_event(Mode mode) {
        Tasks.run(mode, () -> {
            Event ev = new Event();
            Task<Boolean> t = Weft.spawn("waiter", ev::await);
            Task<Boolean> other = Weft.spawn("other", ev::await);
            until(() -> ev.statistics().waiters() == 2);
            assertTrue(t.cancel("enough"));
            CancelledException e = assertThrows(CancelledException.class, t::await);
            assertEquals("enough", e.getMessage());
            assertEquals(1, ev.statistics().waiters());
            ev.set();
            assertTrue(other.await());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_plain_thread_waits_for_an_event_set_by_a_task(Mode mode) {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Tasks.run(mode, () -> {
            Event ev = new Event();
            Thread th = Thread.ofPlatform().start(() -> events.add("thread woke: " + ev.await()));
            until(() -> ev.statistics().waiters() == 1);
            events.add("set");
            ev.set();
            Weft.toThread(() -> {
                th.join();
                return null;
            });
        });
        assertEquals(List.of("set", "thread woke: true"), events);
    }

    // asyncio: test_locks.EventTests.test_repr
    @ParameterizedTest
    @EnumSource(Mode.class)
    void to_string_shows_the_flag_and_the_waiters(Mode mode) {
        Tasks.run(mode, () -> {
            Event ev = new Event();
            assertEquals("Event[unset]", ev.toString());
            Task<Boolean> t = Weft.spawn(ev::await);
            until(() -> ev.statistics().waiters() == 1);
            assertEquals("Event[unset, waiters=1]", ev.toString());
            ev.set();
            t.await();
            assertEquals("Event[set]", ev.toString());
        });
    }
}
