package dev.weft;

import static dev.weft.Tasks.FOREVER;
import static dev.weft.Tasks.blockedForever;
import static dev.weft.Tasks.hours;
import static dev.weft.Tasks.minutes;
import static dev.weft.Tasks.since;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SPEC 4.4: {@code wait}, {@code waitFor}, {@code asCompleted} and {@code shield}. */
class WaitTest {
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

    // ==== wait ===============================================================================

    // asyncio: test_tasks.BaseTaskTests.test_wait_duplicate_coroutines
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_task_given_twice_is_reported_once(Mode mode) {
        Tasks.run(mode, () -> {
            Task<String> c = Weft.spawn(() -> "test");
            Task<String> spam = Weft.spawn(() -> {
                Weft.sleep(Duration.ZERO);
                return "spam";
            });

            Done<String> d = Weft.wait(List.of(c, c, spam));

            assertEquals(Set.of(c, spam), d.done());
            assertEquals(2, d.done().size());
            assertEquals(Set.of(), d.pending());
        });
    }

    // asyncio: test_tasks.BaseTaskTests.test_wait_errors
    @ParameterizedTest
    @EnumSource(Mode.class)
    void wait_of_no_tasks_throws_illegal_argument_exception(Mode mode) {
        Tasks.run(mode, () -> {
            assertThrows(IllegalArgumentException.class, () -> Weft.wait(List.<Task<String>>of()));
            assertThrows(IllegalArgumentException.class,
                    () -> Weft.wait(List.<Task<String>>of(), ReturnWhen.FIRST_COMPLETED));
            assertThrows(IllegalArgumentException.class,
                    () -> Weft.wait(List.<Task<String>>of(), hours(1), ReturnWhen.FIRST_EXCEPTION));
        });
    }

    // asyncio: test_tasks.BaseTaskTests.test_wait_first_completed
    @Test
    void first_completed_returns_when_one_task_is_done() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            Task<String> a = sleeper("a", hours(10));
            Task<String> b = sleeper("b", minutes(6));

            Done<String> d = Weft.wait(List.of(b, a), ReturnWhen.FIRST_COMPLETED);

            assertEquals(Set.of(b), d.done());
            assertEquals(Set.of(a), d.pending());
            assertFalse(a.isDone());
            assertEquals(0, a.cancelling());
            assertEquals("b", b.result());
            assertEquals(minutes(6), since(t0));
        });
    }

    @Test
    void first_completed_with_a_task_already_done_returns_at_once() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            Task<String> done = Weft.spawn(() -> "done");
            Tasks.awaitDone(done);
            Task<String> slow = sleeper("slow", hours(1));

            Done<String> d = Weft.wait(List.of(slow, done), ReturnWhen.FIRST_COMPLETED);

            assertEquals(Set.of(done), d.done());
            assertEquals(Set.of(slow), d.pending());
            assertEquals(Duration.ZERO, since(t0));
        });
    }

    // asyncio: test_tasks.BaseTaskTests.test_wait_really_done
    @Test
    void first_completed_reports_every_task_done_by_the_time_it_returns() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            Task<String> a = sleeper("a", hours(1));
            Task<String> b = sleeper("b", hours(1));

            Done<String> d = Weft.wait(List.of(b, a), ReturnWhen.FIRST_COMPLETED);

            // Both finish at the same instant; whoever is done when wait looks is in done.
            for (Task<String> t : d.done()) {
                assertTrue(t.isDone());
            }
            for (Task<String> t : d.pending()) {
                assertFalse(t.isDone());
            }
            assertEquals(2, d.done().size() + d.pending().size());
            assertFalse(d.done().isEmpty());
        });
    }

    // asyncio: test_tasks.BaseTaskTests.test_wait_first_exception_in_wait
    @Test
    void first_exception_returns_when_a_task_fails() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            Task<String> a = sleeper("a", hours(10));
            Task<String> ok = sleeper("ok", minutes(1));
            Task<String> b = failing(new ArithmeticException("err"), minutes(2));

            Done<String> d = Weft.wait(List.of(b, ok, a), ReturnWhen.FIRST_EXCEPTION);

            assertEquals(Set.of(b, ok), d.done());
            assertEquals(Set.of(a), d.pending());
            assertEquals(minutes(2), since(t0));
            assertEquals(0, a.cancelling());
        });
    }

    // asyncio: test_tasks.BaseTaskTests.test_wait_first_exception
    @Test
    void first_exception_with_a_task_that_already_failed_returns_at_once() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            Task<String> a = sleeper("a", hours(10));
            Task<String> b = failing(new ArithmeticException("err"), Duration.ZERO);
            Tasks.awaitDone(b);

            Done<String> d = Weft.wait(List.of(b, a), ReturnWhen.FIRST_EXCEPTION);

            assertEquals(Set.of(b), d.done());
            assertEquals(Set.of(a), d.pending());
            assertEquals(Duration.ZERO, since(t0));
        });
    }

    // asyncio: tasks._wait (FIRST_EXCEPTION skips cancelled futures: `not f.cancelled()`)
    @Test
    void first_exception_does_not_count_a_cancelled_task_as_an_exception() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            Task<String> a = sleeper("a", hours(3));
            Task<String> b = sleeper("b", hours(1));
            Task<String> victim = blockedForever();
            Weft.spawn(() -> {
                Weft.sleep(minutes(30));
                victim.cancel();
            });

            Done<String> d = Weft.wait(List.of(a, b, victim), ReturnWhen.FIRST_EXCEPTION);

            assertTrue(victim.isCancelled());
            assertEquals(Set.of(a, b, victim), d.done());
            assertEquals(Set.of(), d.pending());
            assertEquals(hours(3), since(t0));
        });
    }

    @Test
    void first_exception_returns_when_all_are_done_if_none_fails() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            Task<String> a = sleeper("a", hours(2));
            Task<String> b = sleeper("b", hours(1));

            Done<String> d = Weft.wait(List.of(a, b), ReturnWhen.FIRST_EXCEPTION);

            assertEquals(Set.of(a, b), d.done());
            assertEquals(Set.of(), d.pending());
            assertEquals(hours(2), since(t0));
        });
    }

    // asyncio: test_tasks.BaseTaskTests.test_wait_with_timeout
    @Test
    void wait_with_a_timeout_returns_what_is_done_without_throwing_or_cancelling() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            Task<String> a = sleeper("a", minutes(10));
            Task<String> b = sleeper("b", minutes(15));

            Done<String> d = Weft.wait(List.of(b, a), minutes(11), ReturnWhen.ALL_COMPLETED);

            assertEquals(Set.of(a), d.done());
            assertEquals(Set.of(b), d.pending());
            assertEquals(minutes(11), since(t0));
            assertFalse(b.isDone());
            assertEquals(0, b.cancelling());
            assertEquals(0, Weft.currentTask().cancelling());

            assertEquals("b", b.await());
            assertEquals(minutes(15), since(t0));
        });
    }

    // asyncio: test_tasks.BaseTaskTests.test_wait_concurrent_complete
    @Test
    void wait_with_a_timeout_that_falls_when_a_task_finishes() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            Task<String> a = sleeper("a", minutes(10));
            Task<String> b = sleeper("b", minutes(15));
            // As in asyncio, the tasks start sleeping before the wait starts its timer: of the
            // timers due at the same instant, the one set first fires first.
            Tasks.awaitBlocked(a);
            Tasks.awaitBlocked(b);

            Done<String> d = Weft.wait(List.of(b, a), minutes(10), ReturnWhen.ALL_COMPLETED);

            assertEquals(minutes(10), since(t0));
            assertEquals(Set.of(a), d.done());
            assertEquals(Set.of(b), d.pending());
            assertFalse(b.isDone());
        });
    }

    @Test
    void wait_with_a_timeout_for_first_completed_and_first_exception() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            Task<String> a = sleeper("a", hours(1));

            Done<String> first = Weft.wait(List.of(a), minutes(5), ReturnWhen.FIRST_COMPLETED);
            assertEquals(Set.of(), first.done());
            assertEquals(Set.of(a), first.pending());
            assertEquals(minutes(5), since(t0));

            Done<String> exc = Weft.wait(List.of(a), minutes(5), ReturnWhen.FIRST_EXCEPTION);
            assertEquals(Set.of(a), exc.pending());
            assertEquals(minutes(10), since(t0));
            assertFalse(a.isDone());
        });
    }

    @Test
    void wait_with_a_zero_timeout_returns_at_once_with_what_is_done() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            Task<String> done = Weft.spawn(() -> "done");
            Tasks.awaitDone(done);
            Task<String> slow = sleeper("slow", hours(1));

            Done<String> d = Weft.wait(List.of(done, slow), Duration.ZERO, ReturnWhen.ALL_COMPLETED);

            assertEquals(Set.of(done), d.done());
            assertEquals(Set.of(slow), d.pending());
            assertEquals(Duration.ZERO, since(t0));
            assertEquals(0, slow.cancelling());
        });
    }

    // asyncio: test_tasks.BaseTaskTests.test_yield_wait_does_not_shield_cancel
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_cancelled_caller_of_wait_gets_cancelled_exception_and_the_tasks_are_untouched(Mode mode) {
        Tasks.run(mode, () -> {
            List<String> events = new CopyOnWriteArrayList<>();
            Task<String> child = blockedForever();
            Task<Done<String>> caller = Weft.spawn(() -> {
                Done<String> d = Weft.wait(List.of(child), hours(1), ReturnWhen.ALL_COMPLETED);
                events.add("wait returned");
                return d;
            });
            Tasks.awaitBlocked(caller);

            caller.cancel();

            assertThrows(CancelledException.class, caller::await);
            assertTrue(caller.isCancelled());
            assertEquals(List.of(), events);
            assertFalse(child.isDone());
            assertEquals(0, child.cancelling());
            child.cancel();
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void wait_works_from_a_plain_thread(Mode mode) {
        try (Loop loop = mode.loop()) {
            Task<String> a = loop.submit(() -> {
                Weft.sleep(Duration.ZERO);
                return "a";
            });
            Task<String> b = loop.submit(() -> "b");
            Done<String> d = Weft.wait(List.of(a, b));
            assertEquals(Set.of(a, b), d.done());
            assertEquals(Set.of(), d.pending());
        }
    }

    // ==== waitFor on a task ======================================================================

    // asyncio: test_waitfor.AsyncioWaitForTest.test_wait_for_race_condition
    @Test
    void wait_for_returns_the_result_of_a_task_that_finishes_in_time() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            Task<String> task = sleeper("ok", hours(1));

            assertEquals("ok", Weft.waitFor(hours(2), task));

            assertEquals(hours(1), since(t0));
        });
    }

    // asyncio: test_waitfor.AsyncioWaitForTest.test_wait_for
    // asyncio: test_waitfor.AsyncioWaitForTest.test_wait_for_waits_for_task_cancellation
    @Test
    void on_timeout_wait_for_cancels_the_task_and_waits_until_it_has_finished() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            List<String> events = new CopyOnWriteArrayList<>();
            Task<String> task = Weft.spawn(() -> {
                try {
                    Weft.sleep(hours(10));
                    return "finished";
                } catch (CancelledException e) {
                    events.add("cancelled at " + since(t0));
                    Weft.sleep(Duration.ofSeconds(5));
                    throw e;
                } finally {
                    events.add("finally at " + since(t0));
                }
            });

            TimeoutException te = assertThrows(TimeoutException.class, () -> Weft.waitFor(hours(1), task));

            assertEquals(hours(1).plusSeconds(5), since(t0));
            assertEquals(List.of("cancelled at PT1H", "finally at PT1H5S"), events);
            assertTrue(task.isDone());
            assertTrue(task.isCancelled());
            assertInstanceOf(CancelledException.class, te.getCause());
            assertEquals(0, Weft.currentTask().cancelling());
        });
    }

    // asyncio: test_waitfor.AsyncioWaitForTest.test_wait_for_cancel_suppressed
    @Test
    void a_task_that_catches_the_cancel_and_returns_a_value_gives_that_value() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            Task<Integer> task = Weft.spawn(() -> {
                try {
                    Weft.sleep(hours(10));
                    return 0;
                } catch (CancelledException e) {
                    return 42;
                }
            });

            assertEquals(42, Weft.waitFor(hours(1), task));

            assertEquals(hours(1), since(t0));
            assertFalse(task.isCancelled());
        });
    }

    // asyncio: test_waitfor.AsyncioWaitForTest.test_wait_for_reraises_exception_during_cancellation
    @Test
    @SuppressWarnings("finally") // the body throws from finally on purpose
    void an_exception_the_task_throws_while_unwinding_is_thrown_instead_of_timeout() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            IllegalStateException foo = new IllegalStateException("foo");
            Task<String> task = Weft.spawn(() -> {
                try {
                    Weft.sleep(hours(10));
                    return "finished";
                } finally {
                    throw foo;
                }
            });

            assertSame(foo, assertThrows(IllegalStateException.class, () -> Weft.waitFor(minutes(1), task)));
            assertFalse(task.isCancelled());
            assertSame(foo, task.exception());
        });
    }

    @Test
    @SuppressWarnings("finally") // the body throws from finally on purpose
    void a_checked_exception_thrown_while_unwinding_comes_out_as_task_failed_exception() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            IOException io = new IOException("io");
            Task<String> task = Weft.spawn(() -> {
                try {
                    Weft.sleep(hours(10));
                    return "finished";
                } finally {
                    throw io;
                }
            });

            TaskFailedException e = assertThrows(TaskFailedException.class, () -> Weft.waitFor(minutes(1), task));
            assertSame(io, e.getCause());
        });
    }

    // asyncio: test_waitfor.AsyncioWaitForTest.test_cancel_wait_for
    // asyncio: test_waitfor.AsyncioWaitForTest.test_cancel_blocking_wait_for
    @ParameterizedTest
    @EnumSource(Mode.class)
    void cancelling_the_caller_of_wait_for_cancels_the_task_too(Mode mode) {
        Tasks.run(mode, () -> {
            for (Duration timeout : new Duration[] {hours(1), null}) {
                Task<String> task = blockedForever();
                Task<String> caller = Weft.spawn(() -> Weft.waitFor(timeout, task));
                Tasks.awaitBlocked(caller);

                caller.cancel();

                assertThrows(CancelledException.class, caller::await, "timeout " + timeout);
                assertTrue(caller.isCancelled());
                assertTrue(task.isDone());
                assertTrue(task.isCancelled());
            }
        });
    }

    /**
     * A task that sleeps ten hours, and once cancelled unwinds for {@code cleanup}: {@code events}
     * says when (from its spawn) the cleanup ended, or was cut short by another cancel.
     */
    private static Task<String> slowToUnwind(Duration cleanup, List<String> events) {
        long t0 = Weft.now();
        return Weft.spawn(() -> {
            try {
                Weft.sleep(hours(10));
                return "finished";
            } finally {
                try {
                    Weft.sleep(cleanup);
                    events.add("exited at " + since(t0));
                } catch (CancelledException e) {
                    events.add("cleanup cut short at " + since(t0));
                    throw e;
                }
            }
        });
    }

    // asyncio: test_waitfor.AsyncioWaitForTest.test_asyncio_wait_for_cancelled
    @Test
    void a_cancelled_caller_of_wait_for_waits_until_the_task_has_unwound() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            List<String> events = new CopyOnWriteArrayList<>();
            Task<String> task = slowToUnwind(Duration.ofSeconds(5), events);
            Task<String> caller = Weft.spawn(() -> Weft.waitFor(hours(5), task));
            Tasks.awaitBlocked(caller);

            caller.cancel();

            assertThrows(CancelledException.class, caller::await);
            assertEquals(List.of("exited at PT5S"), events);
            assertTrue(task.isCancelled());
        });
    }

    // asyncio: wait_for is a timeout block around "await task": once the timeout has cancelled
    // the task, a cancel of the caller while the task unwinds is the caller's own, and stays
    // CancelledError (Timeout.__aexit__ converts only when no other cancel is pending)
    @Test
    void a_caller_of_wait_for_cancelled_while_the_timed_out_task_unwinds_gets_cancelled_exception() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            List<String> events = new CopyOnWriteArrayList<>();
            Task<String> task = slowToUnwind(hours(1), events);
            Task<String> caller = Weft.spawn(() -> Weft.waitFor(hours(1), task));
            Weft.sleep(minutes(61)); // the timeout fired at 1 h; the task unwinds until 2 h

            caller.cancel();

            assertThrows(CancelledException.class, caller::await);
            assertTrue(caller.isCancelled());
            assertTrue(task.isCancelled());
            assertEquals(List.of("cleanup cut short at PT1H1M"), events);
        });
    }

    // asyncio: test_waitfor.AsyncioWaitForTest.test_wait_for_blocking
    // asyncio: test_waitfor.WaitForShieldTests.test_none_timeout
    @Test
    void a_null_timeout_waits_forever() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            Task<String> task = sleeper("late", hours(1000));

            assertEquals("late", Weft.waitFor(null, task));

            assertEquals(hours(1000), since(t0));
        });
    }

    // asyncio: test_waitfor.AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0_future_done
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_zero_or_negative_timeout_still_returns_an_already_finished_tasks_result(Mode mode) {
        Tasks.run(mode, () -> {
            Task<String> task = Weft.spawn(() -> "done");
            Tasks.awaitDone(task);
            assertEquals("done", Weft.waitFor(Duration.ZERO, task));
            assertEquals("done", Weft.waitFor(Duration.ofSeconds(-1), task));

            RuntimeException boom = new RuntimeException("boom");
            Task<String> failed = Weft.spawn(() -> {
                throw boom;
            });
            Tasks.awaitDone(failed);
            assertSame(boom, assertThrows(RuntimeException.class, () -> Weft.waitFor(Duration.ZERO, failed)));
        });
    }

    // asyncio: test_waitfor.AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0
    @Test
    void a_zero_or_negative_timeout_cancels_an_unfinished_task_and_waits_for_it() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            for (Duration timeout : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
                long t0 = Weft.now();
                List<String> events = new CopyOnWriteArrayList<>();
                Task<String> task = Weft.spawn(() -> {
                    events.add("running");
                    try {
                        Weft.sleep(hours(10));
                        return "done";
                    } finally {
                        events.add("stopped");
                    }
                });
                Tasks.awaitBlocked(task);

                assertThrows(TimeoutException.class, () -> Weft.waitFor(timeout, task), "timeout " + timeout);

                assertTrue(task.isDone());
                assertTrue(task.isCancelled());
                assertEquals(List.of("running", "stopped"), events);
                assertEquals(Duration.ZERO, since(t0));
            }
        });
    }

    // asyncio: test_waitfor.AsyncioWaitForTest.test_wait_for_waits_for_task_cancellation_w_timeout_0
    @Test
    void a_zero_timeout_waits_for_the_tasks_cleanup_too() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            List<String> events = new CopyOnWriteArrayList<>();
            Task<String> task = Weft.spawn(() -> {
                try {
                    Weft.sleep(hours(10));
                    return "done";
                } catch (CancelledException e) {
                    Weft.sleep(Duration.ofSeconds(5));
                    throw e;
                } finally {
                    events.add("done at " + since(t0));
                }
            });
            Tasks.awaitBlocked(task);

            TimeoutException te = assertThrows(TimeoutException.class, () -> Weft.waitFor(Duration.ZERO, task));

            assertEquals(List.of("done at PT5S"), events);
            assertEquals(Duration.ofSeconds(5), since(t0));
            assertInstanceOf(CancelledException.class, te.getCause());
        });
    }

    /** asyncio test_waitfor's SlowTask: runs until {@code runFor} has passed, ignoring cancellations. */
    private static Task<String> slowTask(Duration runFor, List<String> events) {
        return Weft.spawn(() -> {
            long exitAt = Weft.now() + runFor.toNanos();
            for (long left = exitAt - Weft.now(); left > 0; left = exitAt - Weft.now()) {
                try {
                    Weft.sleep(Duration.ofNanos(left));
                } catch (CancelledException ignored) {
                    events.add("ignored a cancel at " + Duration.ofNanos(Weft.now() - (exitAt - runFor.toNanos())));
                }
            }
            events.add("exited");
            return "slow";
        });
    }

    // asyncio: test_waitfor.AsyncioWaitForTest.test_asyncio_wait_for_timeout
    @Test
    void wait_for_a_task_that_ignores_the_cancel_waits_for_it_and_returns_its_result() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            List<String> events = new CopyOnWriteArrayList<>();
            Task<String> slow = slowTask(hours(2), events);

            assertEquals("slow", Weft.waitFor(hours(1), slow));

            assertEquals(hours(2), since(t0));
            assertEquals(List.of("ignored a cancel at PT1H", "exited"), events);
            assertFalse(slow.isCancelled());
        });
    }

    // asyncio: test_waitfor.AsyncioWaitForTest.test_asyncio_wait_for_cancelled
    @Test
    void a_cancelled_caller_of_wait_for_gets_the_value_of_a_task_that_ignores_the_cancel() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            List<String> events = new CopyOnWriteArrayList<>();
            Task<String> slow = slowTask(hours(2), events);
            Task<String> caller = Weft.spawn(() -> Weft.waitFor(hours(4), slow));
            Tasks.awaitBlocked(caller);

            caller.cancel();
            Weft.wait(List.of(caller));

            assertEquals(List.of("ignored a cancel at PT0S", "exited"), events);
            assertEquals(hours(2), since(t0));
            assertEquals("slow", caller.result());
            assertFalse(caller.isCancelled());
        });
    }

    // asyncio: test_waitfor.AsyncioWaitForTest.test_wait_for_issue86296
    @ParameterizedTest
    @EnumSource(Mode.class)
    void wait_for_a_task_that_finished_first_then_a_cancel_of_the_caller(Mode mode) {
        Tasks.run(mode, () -> {
            List<String> events = new CopyOnWriteArrayList<>();
            Task<String> inner = Weft.spawn(() -> "done");
            Tasks.awaitDone(inner);
            Task<Void> caller = Weft.spawn(() -> {
                Weft.waitFor(hours(100), inner);
                events.add("waitFor returned");
                Weft.sleep(FOREVER);
                events.add("reached end");
            });
            Tasks.awaitBlocked(caller);

            caller.cancel();

            assertThrows(CancelledException.class, caller::await);
            assertTrue(inner.isDone());
            assertEquals("done", inner.await());
            assertEquals(List.of("waitFor returned"), events);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void wait_for_works_from_a_plain_thread(Mode mode) throws Exception {
        try (Loop loop = mode.loop()) {
            Task<String> task = loop.submit(() -> {
                Weft.sleep(Duration.ZERO);
                return "from the loop";
            });
            assertEquals("from the loop", Weft.waitFor(hours(1), task));
            assertEquals("from the loop", Weft.waitFor(null, task));
        }
    }

    // On virtual time a task sleeping "forever" in an otherwise idle loop would finish at once,
    // so the time-out from a plain thread is checked on the real-time loops.
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"PARALLEL", "COOPERATIVE"})
    void wait_for_from_a_plain_thread_cancels_the_task_on_timeout_and_waits_for_it(Mode mode) {
        try (Loop loop = mode.loop()) {
            List<String> events = new CopyOnWriteArrayList<>();
            Task<String> task = loop.submit(() -> {
                try {
                    Weft.sleep(FOREVER);
                    return "woke";
                } finally {
                    events.add("unwound");
                }
            });
            Tasks.awaitBlocked(task); // spins politely: this is a plain thread

            assertThrows(TimeoutException.class, () -> Weft.waitFor(Duration.ZERO, task));

            assertTrue(task.isDone());
            assertTrue(task.isCancelled());
            assertEquals(List.of("unwound"), events);
        }
    }

    // ==== waitFor on a body ======================================================================

    @ParameterizedTest
    @EnumSource(Mode.class)
    void wait_for_runs_the_body_inline_in_the_current_task(Mode mode) {
        Tasks.run(mode, () -> {
            Task<?> me = Weft.currentTask();
            assertSame(me, Weft.waitFor(hours(1), () -> Weft.currentTask()));
            assertSame(me, Weft.waitFor(null, () -> Weft.currentTask()));
            assertEquals("value", Weft.waitFor(hours(1), () -> {
                Weft.sleep(Duration.ZERO);
                return "value";
            }));
        });
    }

    // asyncio: test_waitfor.AsyncioWaitForTest.test_asyncio_wait_for_timeout
    @Test
    void a_body_that_overruns_its_timeout_is_cancelled_and_wait_for_throws_timeout() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            List<String> events = new CopyOnWriteArrayList<>();

            TimeoutException te = assertThrows(TimeoutException.class, () -> Weft.waitFor(hours(1), () -> {
                try {
                    Weft.sleep(hours(2));
                    return "late";
                } finally {
                    events.add("body unwound at " + since(t0));
                }
            }));

            assertEquals(List.of("body unwound at PT1H"), events);
            assertInstanceOf(CancelledException.class, te.getCause());
            assertEquals(hours(1), since(t0));
            // The caller is not left cancelled: it goes on.
            assertEquals(0, Weft.currentTask().cancelling());
            Weft.sleep(hours(1));
            assertEquals(hours(2), since(t0));
        });
    }

    // asyncio: test_waitfor.AsyncioWaitForTest.test_wait_for_cancellation_race_condition
    @Test
    void a_body_that_catches_the_cancellation_returns_its_value() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            int r = Weft.waitFor(minutes(1), () -> {
                assertThrows(CancelledException.class, () -> Weft.sleep(hours(1)));
                return 1;
            });
            assertEquals(1, r);
            assertEquals(0, Weft.currentTask().cancelling());
        });
    }

    // Issue 6.1: only the timeout's own cancellation becomes TimeoutException (SPEC 4.4).
    @ParameterizedTest
    @EnumSource(Mode.class)
    void wait_for_a_task_cancelled_by_someone_else_throws_its_cancelled_exception_not_timeout(Mode mode) {
        Tasks.run(mode, () -> {
            // Cancelled by the caller before waitFor starts, still unwinding.
            Event never = new Event();
            Task<Boolean> early = Weft.spawn(never::await);
            Tasks.awaitBlocked(early);
            early.cancel("by the caller");
            CancelledException ce = assertThrows(CancelledException.class, () -> Weft.waitFor(hours(1), early));
            assertEquals("by the caller", ce.getMessage());

            // Cancelled by a third task while waitFor waits for it.
            Task<Boolean> late = Weft.spawn(never::await);
            Task<Boolean> caller = Weft.spawn(() -> Weft.waitFor(hours(1), late));
            Tasks.awaitBlocked(caller);
            Tasks.awaitBlocked(late);
            Weft.spawn(() -> late.cancel("by a third task")).await();

            CancelledException third = assertThrows(CancelledException.class, caller::await);
            assertEquals("by a third task", third.getMessage());
            assertTrue(late.isCancelled());
        });
    }

    // Issue 6.2. asyncio: test_waitfor.AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started
    @ParameterizedTest
    @EnumSource(Mode.class)
    void wait_for_a_body_with_a_zero_or_negative_timeout_throws_timeout_without_running_it(Mode mode) {
        Tasks.run(mode, () -> {
            List<String> ran = new CopyOnWriteArrayList<>();
            for (Duration budget : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
                assertThrows(TimeoutException.class, () -> Weft.waitFor(budget, () -> ran.add("body ran")),
                        "timeout " + budget);
            }
            assertEquals(List.of(), ran);
            assertEquals(0, Weft.currentTask().cancelling());
        });
    }

    @Test
    void wait_for_a_body_outside_a_task_throws_no_running_loop() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Weft.waitFor(hours(1), () -> "x"));
        assertEquals("no running loop", e.getMessage());
    }

    // ==== asCompleted ============================================================================

    // asyncio: test_tasks.BaseTaskTests.test_as_completed
    @Test
    void as_completed_yields_the_tasks_in_the_order_they_finish() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            Task<String> already = Weft.spawn("already", () -> "already");
            Tasks.awaitDone(already);
            Task<String> a = sleeper("a", hours(2));
            Task<String> b = sleeper("b", hours(1));
            Task<String> c = sleeper("c", hours(3));
            List<Task<String>> given = List.of(a, b, c, already);

            List<String> seen = new ArrayList<>();
            for (Task<String> t : Weft.asCompleted(given)) {
                assertTrue(t.isDone());
                assertTrue(given.contains(t)); // the very task that was passed in
                seen.add(t.await() + " at " + since(t0));
            }

            assertEquals(List.of("already at PT0S", "b at PT1H", "a at PT2H", "c at PT3H"), seen);
        });
    }

    @Test
    void as_completed_yields_a_failed_task_without_throwing() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            IllegalStateException boom = new IllegalStateException("boom");
            Task<String> ok = sleeper("ok", hours(2));
            Task<String> bad = failing(boom, hours(1));

            Iterator<Task<String>> it = Weft.asCompleted(List.of(ok, bad)).iterator();

            assertTrue(it.hasNext());
            Task<String> first = it.next();
            assertSame(bad, first);
            assertSame(boom, first.exception());
            assertTrue(it.hasNext());
            assertSame(ok, it.next());
            assertFalse(it.hasNext());
        });
    }

    // asyncio: test_tasks.BaseTaskTests.test_as_completed_duplicate_coroutines
    @ParameterizedTest
    @EnumSource(Mode.class)
    void as_completed_yields_a_task_given_twice_once(Mode mode) {
        Tasks.run(mode, () -> {
            Task<String> ham = Weft.spawn(() -> "ham");
            Task<String> spam = Weft.spawn(() -> {
                Weft.sleep(Duration.ZERO);
                return "spam";
            });
            List<String> results = new ArrayList<>();
            for (Task<String> t : Weft.asCompleted(List.of(ham, ham, spam))) {
                results.add(t.await());
            }
            assertEquals(2, results.size());
            assertEquals(Set.of("ham", "spam"), Set.copyOf(results));
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_cancelled_consumer_of_as_completed_leaves_the_tasks_running(Mode mode) {
        Tasks.run(mode, () -> {
            Task<String> child = blockedForever();
            Task<Void> consumer = Weft.spawn(() -> {
                for (Task<String> t : Weft.asCompleted(List.of(child))) {
                    t.await();
                }
            });
            Tasks.awaitBlocked(consumer);

            consumer.cancel();

            assertThrows(CancelledException.class, consumer::await);
            assertFalse(child.isDone());
            assertEquals(0, child.cancelling());
            child.cancel();
        });
    }

    // Issue 6.8. asyncio: test_tasks.BaseTaskTests.test_as_completed_resume_iterator
    @ParameterizedTest
    @EnumSource(Mode.class)
    void as_completed_resumes_where_it_left_off_when_iterated_again(Mode mode) {
        Tasks.run(mode, () -> {
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                tasks.add(Weft.spawn(() -> n));
            }
            Iterable<Task<Integer>> completions = Weft.asCompleted(tasks);
            List<Integer> collected = new ArrayList<>();
            for (Task<Integer> t : completions) {
                collected.add(t.await());
                if (collected.size() == 2) {
                    break;
                }
            }
            assertEquals(2, collected.size());

            for (Task<Integer> t : completions) { // the same iterable again: the other three
                collected.add(t.await());
            }

            assertEquals(Set.of(0, 1, 2, 3, 4), Set.copyOf(collected));
            assertEquals(5, collected.size());
            assertFalse(completions.iterator().hasNext());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_next_of_as_completed_cancelled_while_it_waits_leaves_its_task_for_the_next_call(Mode mode) {
        Tasks.run(mode, () -> {
            Event go = new Event();
            Task<String> child = Weft.spawn(() -> {
                go.await();
                return "child";
            });
            Iterator<Task<String>> it = Weft.asCompleted(List.of(child)).iterator();
            Task<Task<String>> consumer = Weft.spawn(it::next);
            Tasks.awaitBlocked(consumer);

            consumer.cancel();
            assertThrows(CancelledException.class, consumer::await);

            assertTrue(it.hasNext());
            go.set();
            assertSame(child, it.next());
            assertFalse(it.hasNext());
        });
    }

    // ==== shield =================================================================================

    // asyncio: test_tasks.BaseTaskTests.test_shield_result
    // asyncio: test_tasks.BaseTaskTests.test_shield_shortcut
    @ParameterizedTest
    @EnumSource(Mode.class)
    void shield_passes_the_result_through(Mode mode) {
        Tasks.run(mode, () -> {
            Task<Integer> task = Weft.spawn(() -> {
                Weft.sleep(Duration.ZERO);
                return 42;
            });
            assertEquals(42, Weft.shield(task));
            assertEquals(42, Weft.shield(task)); // already done: the shortcut
        });
    }

    // asyncio: test_tasks.BaseTaskTests.test_shield_exception
    @ParameterizedTest
    @EnumSource(Mode.class)
    void shield_passes_the_exception_through(Mode mode) {
        Tasks.run(mode, () -> {
            RuntimeException expected = new RuntimeException("expected");
            Task<Integer> task = Weft.spawn(() -> {
                Weft.sleep(Duration.ZERO);
                throw expected;
            });
            assertSame(expected, assertThrows(RuntimeException.class, () -> Weft.shield(task)));

            IOException checked = new IOException("checked");
            Task<Integer> checkedTask = Weft.spawn(() -> {
                throw checked;
            });
            assertSame(checked, assertThrows(TaskFailedException.class, () -> Weft.shield(checkedTask)).getCause());
        });
    }

    // asyncio: test_tasks.BaseTaskTests.test_shield_cancel_inner
    @ParameterizedTest
    @EnumSource(Mode.class)
    void shield_of_a_task_cancelled_by_someone_else_throws_cancelled_exception(Mode mode) {
        Tasks.run(mode, () -> {
            Task<String> inner = blockedForever();
            Task<String> outer = Weft.spawn(() -> Weft.shield(inner));
            Tasks.awaitBlocked(outer);

            inner.cancel("inner cancelled");

            CancelledException e = assertThrows(CancelledException.class, outer::await);
            assertEquals("inner cancelled", e.getMessage());
            assertTrue(inner.isCancelled());
        });
    }

    // asyncio: test_tasks.BaseTaskTests.test_shield_effect
    // asyncio: test_tasks.BaseTaskTests.test_shield_cancel_outer
    @Test
    void a_cancelled_caller_of_shield_gets_cancelled_exception_at_once_and_the_task_runs_to_completion() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            List<String> proof = new CopyOnWriteArrayList<>();
            Task<String> inner = Weft.spawn(() -> {
                Weft.sleep(hours(1));
                proof.add("inner");
                return "inner result";
            });
            Task<String> outer = Weft.spawn(() -> {
                String r = Weft.shield(inner);
                proof.add("outer");
                return r;
            });
            Tasks.awaitBlocked(outer);

            outer.cancel();

            assertThrows(CancelledException.class, outer::await);
            assertEquals(Duration.ZERO, since(t0));
            assertFalse(inner.isDone());
            assertEquals(0, inner.cancelling());

            assertEquals("inner result", inner.await());
            assertEquals(hours(1), since(t0));
            assertEquals(List.of("inner"), proof);
        });
    }

    // asyncio: test_tasks.BaseTaskTests.test_gather_shield
    @ParameterizedTest
    @EnumSource(Mode.class)
    void cancelling_a_gather_of_shields_cancels_the_shields_not_the_tasks(Mode mode) {
        Tasks.run(mode, () -> {
            Task<String> child1 = blockedForever();
            Task<String> child2 = blockedForever();
            Task<List<String>> parent = Weft.spawn(
                    () -> Weft.gather(() -> Weft.shield(child1), () -> Weft.shield(child2)));
            Tasks.awaitBlocked(parent);

            parent.cancel();

            assertThrows(CancelledException.class, parent::await);
            assertFalse(child1.isDone());
            assertFalse(child2.isDone());
            assertEquals(0, child1.cancelling());
            assertEquals(0, child2.cancelling());
            child1.cancel();
            child2.cancel();
        });
    }

    // asyncio: test_waitfor.WaitForShieldTests.test_shielded_timeout
    @Test
    void wait_for_of_a_shielded_task_times_out_and_leaves_the_task_running() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            Task<String> task = sleeper("done", hours(1));

            assertThrows(TimeoutException.class, () -> Weft.waitFor(minutes(1), () -> Weft.shield(task)));

            assertEquals(minutes(1), since(t0));
            assertFalse(task.isDone());
            assertEquals(0, task.cancelling());
            assertEquals("done", task.await());
            assertEquals(hours(1), since(t0));
        });
    }
}
