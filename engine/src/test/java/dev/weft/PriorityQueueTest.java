package dev.weft;

import static dev.weft.Tasks.hours;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What only {@link PriorityQueue} can do wrong: an item it cannot order. The FIFO, promise and
 * shutdown contract of all three queues is {@link QueueContractTest}.
 */
class PriorityQueueTest {

    /** Orders integers, and refuses to compare {@code poison} with anything but itself. */
    private static final Integer POISON = -1;
    private static final Comparator<Integer> PICKY = (a, b) -> {
        if ((a.equals(POISON) || b.equals(POISON)) && !a.equals(b)) {
            throw new IllegalArgumentException("cannot order " + a + " and " + b);
        }
        return Integer.compare(a, b);
    };

    // Issue 6.5: an item that is not Comparable is refused before the put waits or touches the
    // queue, as java.util.PriorityQueue refuses it (ClassCastException).
    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_item_that_is_not_comparable_is_refused_before_the_put_waits(Mode mode) {
        Tasks.run(mode, () -> {
            PriorityQueue<Object> q = new PriorityQueue<>(2);
            q.put(1);
            q.put(2);

            Task<Void> odd = Weft.spawn(() -> q.put(new Object()));
            assertThrows(ClassCastException.class, odd::await);
            assertThrows(ClassCastException.class, () -> q.putNowait(new Object()));
            assertThrows(ClassCastException.class, () -> new PriorityQueue<>().putNowait(new Object()));

            assertEquals(new Queue.Statistics(2, 2, 0, 0, 2, false), q.statistics());
            Task<Void> next = Weft.spawn(() -> q.put(0));
            Tasks.awaitBlocked(next);
            assertEquals(1, q.get());
            next.await();
            assertEquals(List.of(0, 2), List.of(q.get(), q.get()));
        });
    }

    // Issue 6.5: a blocked put that is handed the freed slot and then fails to insert (here the
    // comparator throws) leaves the queue as it was and passes the slot to the next putter.
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_woken_put_whose_insert_throws_passes_its_slot_to_the_next_putter(Mode mode) {
        Tasks.run(mode, () -> {
            PriorityQueue<Integer> q = new PriorityQueue<>(2, PICKY);
            q.put(1);
            q.put(2);
            Task<Void> poisoned = Weft.spawn("poisoned", () -> q.put(POISON));
            Tasks.awaitBlocked(poisoned);
            Task<Void> next = Weft.spawn("next", () -> q.put(3));
            Tasks.awaitBlocked(next);

            assertEquals(1, q.get()); // frees a slot: handed to "poisoned", whose insert throws

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, poisoned::await);
            assertEquals("cannot order -1 and 2", e.getMessage());
            Weft.waitFor(hours(1), next); // the slot went on (a hang guard: on virtual time it costs nothing)
            List<Integer> rest = new ArrayList<>();
            while (!q.empty()) {
                rest.add(q.get());
            }
            assertEquals(List.of(2, 3), rest);
            assertEquals(new Queue.Statistics(0, 2, 0, 0, 3, false), q.statistics());
        });
    }
}
