package dev.weft.junit;

import static dev.weft.junit.Clock.minutes;
import static dev.weft.junit.Clock.since;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weft.Done;
import dev.weft.ReturnWhen;
import dev.weft.Task;
import dev.weft.Weft;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * SPEC 4.4, {@code Weft.wait}: tests moved here from the engine's {@code WaitTest}, where they ran
 * in {@code Tasks.run(Mode.VIRTUAL_TIME, ...)}; each is now a {@link WeftTest}, with its
 * assertions unchanged.
 */
class WaitOnVirtualTimeTest {
    private static Task<String> sleeper(String result, Duration delay) {
        return Weft.spawn(result, () -> {
            Weft.sleep(delay);
            return result;
        });
    }

    private static Task<String> failing(RuntimeException e, Duration after) {
        return Weft.spawn(() -> {
            Weft.sleep(after);
            throw e;
        });
    }

    // asyncio: test_tasks.BaseTaskTests.test_wait
    @WeftTest
    void wait_all_completed_returns_when_every_task_is_done() {
        long t0 = Weft.now();
        Task<String> a = sleeper("a", minutes(10));
        Task<String> b = sleeper("b", minutes(15));

        Done<String> d = Weft.wait(List.of(b, a));

        assertEquals(Set.of(a, b), d.done());
        assertEquals(Set.of(), d.pending());
        assertEquals(minutes(15), since(t0));

        // Doing it again takes no time.
        Done<String> again = Weft.wait(List.of(b, a), ReturnWhen.ALL_COMPLETED);
        assertEquals(Set.of(a, b), again.done());
        assertEquals(minutes(15), since(t0));
    }

    // asyncio: test_tasks.BaseTaskTests.test_wait_with_exception
    @WeftTest
    void wait_all_completed_does_not_throw_a_tasks_exception() {
        long t0 = Weft.now();
        ArithmeticException really = new ArithmeticException("really");
        Task<String> a = sleeper("a", minutes(10));
        Task<String> b = failing(really, minutes(15));

        Done<String> d = Weft.wait(List.of(b, a));

        assertEquals(Set.of(a, b), d.done());
        assertEquals(Set.of(), d.pending());
        assertSame(really, b.exception());
        assertEquals(minutes(15), since(t0));
    }
}
