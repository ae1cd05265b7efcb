package dev.weft;

import static dev.weft.Tasks.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A FIFO {@code Queue}'s lane: the hand-off to a getter that waits alone, made without the lock
 * (see the overview in {@code Queue}). Run on cooperative loops, where the getter cannot run
 * between the put and the checks, so each test sees the item while it is handed and not yet
 * collected. The contract tests cover the same behaviour in every mode, without that window.
 */
@Timeout(60) // hang guard only
class QueueLaneTest {

    /** A task blocked in {@code q.get()} on an empty queue, alone: it waits in the lane. */
    private static Task<String> waitingInTheLane(Queue<String> q) {
        Task<String> getter = Weft.spawn("getter", q::get);
        until(() -> q.statistics().getters() == 1);
        return getter;
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void an_item_handed_to_a_waiting_getter_counts_in_the_queue_until_the_getter_runs(Mode mode) {
        Tasks.run(mode, () -> {
            Queue<String> q = new Queue<>(1);
            Task<String> getter = waitingInTheLane(q);
            q.put("x"); // handed in the lane; the getter has not run yet
            assertEquals(new Queue.Statistics(1, 1, 0, 0, 1, false), q.statistics());
            assertTrue(q.full());
            assertThrows(QueueFullException.class, () -> q.putNowait("y"));
            assertThrows(QueueEmptyException.class, q::getNowait); // it is the getter's
            assertEquals("x", getter.await());
            assertEquals(new Queue.Statistics(0, 1, 0, 0, 1, false), q.statistics());
            q.taskDone();
            q.join();
        });
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void a_putter_queued_behind_a_handed_item_gets_its_slot_when_the_getter_takes_the_item(Mode mode) {
        Tasks.run(mode, () -> {
            Queue<String> q = new Queue<>(1);
            Task<String> getter = waitingInTheLane(q);
            Task<Void> putter = Weft.spawn("putter", () -> {
                q.put("x"); // handed in the lane; the getter runs only after this task waits
                q.put("y"); // full, with the handed item: queues
            });
            until(() -> q.statistics().putters() == 1);
            assertFalse(getter.isDone());
            assertEquals("x", getter.await()); // its take frees the slot, without the lock
            putter.await();
            assertEquals("y", q.getNowait());
            assertEquals(new Queue.Statistics(0, 1, 0, 0, 2, false), q.statistics());
        });
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void a_put_that_reaches_a_getter_cancelled_in_the_lane_leaves_the_item_in_the_queue(Mode mode) {
        Tasks.run(mode, () -> {
            Queue<String> q = new Queue<>(1);
            Task<String> getter = waitingInTheLane(q);
            getter.cancel(); // its wait ends now; it leaves the lane only when it runs
            q.put("x"); // finds it in the lane, and cannot hand it the item
            assertEquals(new Queue.Statistics(1, 1, 0, 0, 1, false), q.statistics());
            assertEquals("x", q.getNowait());
            assertThrows(CancelledException.class, getter::await);
            assertEquals(new Queue.Statistics(0, 1, 0, 0, 1, false), q.statistics());
        });
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void an_item_handed_to_a_getter_cancelled_after_the_signal_goes_back_first_into_a_full_ring(Mode mode) {
        Tasks.run(mode, () -> {
            Queue<String> q = new Queue<>();
            Task<String> getter = waitingInTheLane(q);
            q.put("x"); // handed in the lane
            getter.cancel(); // after the signal: when it runs, it hands the item back
            for (int i = 0; i < 16; i++) {
                q.put("y" + i); // the ring's first 16 slots, full
            }
            assertThrows(CancelledException.class, getter::await);
            assertEquals(17, q.qsize());
            assertEquals("x", q.getNowait()); // back at the front, the ring grown to take it
            for (int i = 0; i < 16; i++) {
                assertEquals("y" + i, q.getNowait());
            }
            assertTrue(q.empty());
        });
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void shutdown_immediate_drops_an_item_handed_to_a_getter_that_has_not_run(Mode mode) {
        Tasks.run(mode, () -> {
            Queue<String> q = new Queue<>(1);
            Task<String> getter = waitingInTheLane(q);
            q.put("x");
            q.shutdown(true); // before the getter ran
            assertEquals(new Queue.Statistics(0, 1, 0, 0, 0, true), q.statistics());
            q.join(); // the dropped item counts as done: returns without waiting for the getter
            assertFalse(getter.isDone());
            assertThrows(QueueShutDownException.class, getter::await);
            assertEquals(new Queue.Statistics(0, 1, 0, 0, 0, true), q.statistics());
            IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
            assertEquals("task_done() called too many times", e.getMessage());
        });
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void getters_in_the_lane_and_in_the_line_are_served_in_arrival_order(Mode mode) {
        Tasks.run(mode, () -> {
            Queue<String> q = new Queue<>();
            Task<String> first = waitingInTheLane(q);
            Task<String> second = Weft.spawn("second", q::get); // the lane is taken: queues
            until(() -> q.statistics().getters() == 2);
            q.put("a"); // handed to first, without the lock
            q.put("b"); // under the lock, promised to second
            q.put("c");
            assertEquals(new Queue.Statistics(3, 0, 0, 0, 3, false), q.statistics());
            assertFalse(first.isDone());
            assertEquals("a", first.await());
            assertEquals("b", second.await());
            assertEquals("c", q.getNowait());
        });
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void a_getter_that_found_the_next_item_waiting_after_a_lane_hand_off_does_not_spin_next_time(Mode mode) {
        Tasks.run(mode, () -> {
            Queue<String> q = new Queue<>();
            Task<String> consumer = Weft.spawn("consumer", () -> q.get() + q.get() + q.get());
            until(() -> q.statistics().getters() == 1);
            assertTrue(consumer.fiber.waiter().handOffSoon(), "nothing known yet: a hand-off may be a ping-pong");
            q.put("a"); // handed in the lane
            q.put("b"); // into the store: the putter went on putting
            until(() -> Tasks.isBlocked(consumer)); // took a, then b from the store, then waits
            assertFalse(consumer.fiber.waiter().handOffSoon(), "a stream: parking finds a batch");
            q.put("c");
            assertEquals("abc", consumer.await());
        });
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void a_getter_that_found_the_queue_empty_again_after_a_lane_hand_off_spins_next_time(Mode mode) {
        Tasks.run(mode, () -> {
            Queue<String> q = new Queue<>();
            Task<String> consumer = Weft.spawn("consumer", () -> q.get() + q.get() + q.get());
            until(() -> q.statistics().getters() == 1);
            q.put("a"); // a stream, as above
            q.put("b");
            until(() -> Tasks.isBlocked(consumer));
            assertFalse(consumer.fiber.waiter().handOffSoon());
            q.put("c"); // handed in the lane, and nothing after it: the consumer finds the queue empty
            Task<String> rest = Weft.spawn("second consumer", q::get);
            until(() -> Tasks.isBlocked(rest) && consumer.isDone());
            assertTrue(rest.fiber.waiter().handOffSoon(), "the put did not go on: a ping-pong, spin");
            q.put("d");
            assertEquals("abc", consumer.await());
            assertEquals("d", rest.await());
        });
    }
}
