package dev.weft;

import static dev.weft.Tasks.blockedForever;
import static dev.weft.Tasks.hours;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one wait for tasks ({@link Task#waitUntilDone}): a wait that gives up (times out, or its
 * caller is cancelled) or returns while some of its tasks still run takes its listeners off them,
 * so that a long-lived task waited on again and again does not keep one per wait; {@code gather}
 * alone leaves its watch on, to mark later failures retrieved.
 */
class DoneWaitTest {
    @Test
    void a_get_that_timed_out_leaves_no_listener() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            Task<String> t = blockedForever();
            for (int i = 0; i < 3; i++) {
                assertThrows(TimeoutException.class, () -> t.get(1, TimeUnit.HOURS));
                assertEquals(0, t.listenerCount());
            }
            assertFalse(t.isDone());
            t.cancel();
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_shield_whose_caller_was_cancelled_leaves_no_listener(Mode mode) {
        Tasks.run(mode, () -> {
            Task<String> t = blockedForever();
            Task<String> caller = Weft.spawn(() -> Weft.shield(t));
            Tasks.awaitBlocked(caller);
            assertEquals(1, t.listenerCount());

            caller.cancel();

            assertThrows(CancelledException.class, caller::await);
            assertFalse(t.isDone());
            assertEquals(0, t.listenerCount());
            t.cancel();
        });
    }

    @Test
    void a_wait_that_timed_out_leaves_no_listener() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            Task<String> a = blockedForever();
            Task<String> b = blockedForever();

            Done<String> d = Weft.wait(List.of(a, b), hours(1), ReturnWhen.ALL_COMPLETED);

            assertEquals(2, d.pending().size());
            assertEquals(0, a.listenerCount());
            assertEquals(0, b.listenerCount());
            a.cancel();
            b.cancel();
        });
    }

    @Test
    void a_wait_for_the_first_completed_leaves_no_listener_on_the_tasks_still_running() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            Task<String> quick = Weft.spawn(() -> {
                Weft.sleep(hours(1));
                return "quick";
            });
            Task<String> slow = blockedForever();

            Done<String> d = Weft.wait(List.of(quick, slow), ReturnWhen.FIRST_COMPLETED);

            assertEquals(List.of(slow), List.copyOf(d.pending()));
            assertEquals(0, slow.listenerCount());
            slow.cancel();
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_wait_whose_caller_was_cancelled_leaves_no_listener(Mode mode) {
        Tasks.run(mode, () -> {
            Task<String> a = blockedForever();
            Task<String> b = blockedForever();
            Task<Done<String>> caller = Weft.spawn(() -> Weft.wait(List.of(a, b)));
            Tasks.awaitBlocked(caller);
            assertEquals(1, a.listenerCount());

            caller.cancel();

            assertThrows(CancelledException.class, caller::await);
            assertFalse(a.isDone());
            assertFalse(b.isDone());
            assertEquals(0, a.listenerCount());
            assertEquals(0, b.listenerCount());
            a.cancel();
            b.cancel();
        });
    }

    @Test
    void a_gather_that_threw_a_failure_keeps_watching_the_tasks_still_running() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            Task<String> failing = Weft.spawn(() -> {
                Weft.sleep(hours(1));
                throw new IllegalStateException("boom");
            });
            Task<String> slow = blockedForever();

            assertThrows(IllegalStateException.class, () -> Weft.gather(failing, slow));

            assertEquals(1, slow.listenerCount()); // its failure, should one come, is marked retrieved
            slow.cancel();
            Tasks.awaitDone(slow);
            assertEquals(0, slow.listenerCount());
        });
    }
}
