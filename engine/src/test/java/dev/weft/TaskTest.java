package dev.weft;

import static dev.weft.Tasks.events;
import static dev.weft.Tasks.hours;
import static dev.weft.Tasks.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SPEC 4.1 (cancellation) and 4.2 (results and waiting) for {@link Task}. */
class TaskTest {

    // ---- helpers ------------------------------------------------------------------------------

    /**
     * Spawns a task that waits until it is cancelled and then returns {@code value}: a task whose
     * end the test decides, in every mode (the caller must not block meanwhile on virtual time,
     * or the ten hours pass).
     */
    private static <T> Task<T> finishingOnCancel(T value) {
        return Weft.spawn(() -> {
            try {
                Weft.sleep(hours(10));
            } catch (CancelledException e) {
                return value;
            }
            throw new AssertionError("the sleep was expected to be cancelled");
        });
    }

    /** Yields until {@code list} holds {@code n} entries (done callbacks run on other threads). */
    private static void awaitSize(List<?> list, int n) {
        until(() -> list.size() >= n);
    }

    /** Spins (a plain thread, no sleeping) until {@code th} is parked. */
    /** What a plain thread threw when interrupted in a call, and whether its flag was still set. */
    private record Interrupted(Throwable thrown, boolean stillInterrupted) {
    }

    /**
     * Runs {@code call} on a new platform thread, interrupts it once it is parked, and reports
     * what the call threw (null if it returned) and whether the interrupt status survived.
     */
    private static Interrupted interruptPlainThreadIn(Body call) throws InterruptedException {
        AtomicReference<Interrupted> result = new AtomicReference<>();
        Thread th = Thread.ofPlatform().start(() -> {
            Throwable thrown = null;
            try {
                call.run();
            } catch (Throwable e) {
                thrown = e;
            }
            result.set(new Interrupted(thrown, Thread.currentThread().isInterrupted()));
        });
        awaitParked(th);
        th.interrupt();
        th.join();
        return result.get();
    }

    private static void awaitParked(Thread th) {
        for (;;) {
            Thread.State s = th.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                return;
            }
            if (s == Thread.State.TERMINATED) {
                throw new AssertionError(th + " ended instead of parking");
            }
            Thread.onSpinWait();
        }
    }

    /** A loop task submitted from the test thread that sleeps (really) ten hours. */
    private static Task<Void> submitSleeper(Loop loop) {
        return loop.submit(() -> Weft.sleep(hours(10)));
    }

    // ---- 4.1 cancel, cancelling, uncancel -----------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void cancel_of_a_done_task_returns_false_and_does_nothing(Mode mode) {
        // asyncio: test_tasks.BaseTaskTests.test_cancel
        Tasks.run(mode, () -> {
            Task<Integer> t = Weft.spawn(() -> 12);
            assertEquals(12, t.await());
            assertFalse(t.cancel());
            assertFalse(t.cancel("late"));
            assertFalse(t.cancel(true));
            assertEquals(0, t.cancelling());
            assertFalse(t.isCancelled());
            assertEquals(12, t.result());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void cancel_counts_every_request_and_a_finished_task_refuses_more(Mode mode) {
        // asyncio: test_tasks.BaseTaskTests.test_cancelling
        List<String> events = events();
        Tasks.run(mode, () -> {
            Task<Void> t = Weft.spawn(() -> {
                try {
                    Weft.sleep(hours(10));
                } catch (CancelledException e) {
                    events.add("first request delivered");
                    Weft.sleep(hours(10));
                }
            });
            Tasks.awaitBlocked(t);
            assertEquals(0, t.cancelling());
            assertTrue(t.cancel());
            Tasks.awaitBlocked(t); // in its second sleep
            assertEquals(1, t.cancelling());
            assertTrue(t.cancel());
            assertEquals(2, t.cancelling());
            assertThrows(CancelledException.class, t::await);
            assertTrue(t.isDone());
            assertTrue(t.isCancelled());
            assertFalse(t.cancel());
            assertEquals(2, t.cancelling());
        });
        assertEquals(List.of("first request delivered"), events);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void uncancel_takes_back_a_request_and_the_task_goes_on(Mode mode) {
        // asyncio: test_tasks.BaseTaskTests.test_uncancel_basic
        List<String> events = events();
        Tasks.run(mode, () -> {
            Task<Void> t = Weft.spawn(() -> {
                try {
                    Weft.sleep(hours(10));
                } catch (CancelledException e) {
                    Task<?> me = Weft.currentTask();
                    events.add("caught, cancelling=" + me.cancelling());
                    events.add("uncancel -> " + me.uncancel());
                    Weft.sleep(hours(10));
                    events.add("second sleep ended");
                }
            });
            Tasks.awaitBlocked(t);
            assertTrue(t.cancel());
            if (mode.cooperative()) {
                assertEquals(1, t.cancelling()); // t cannot have run yet
            }
            assertFalse(t.isCancelled());
            Tasks.awaitBlocked(t); // in its second sleep, after uncancel()
            assertEquals(0, t.cancelling());
            assertFalse(t.isDone());

            assertTrue(t.cancel());
            assertEquals(1, t.cancelling());
            assertThrows(CancelledException.class, t::await);
            assertTrue(t.isCancelled());
            assertTrue(t.isDone());
            // uncancel is no longer effective once the task is done
            t.uncancel();
            assertTrue(t.isCancelled());
            assertTrue(t.isDone());
        });
        assertEquals(List.of("caught, cancelling=1", "uncancel -> 0"), events);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void uncancel_to_zero_drops_a_request_not_yet_delivered(Mode mode) {
        // asyncio: test_tasks.BaseTaskTests.test_uncancel_resets_must_cancel (the task cancels itself)
        Tasks.run(mode, () -> {
            Task<Integer> t = Weft.spawn(() -> {
                Task<?> me = Weft.currentTask();
                assertTrue(me.cancel());
                assertEquals(1, me.cancelling());
                assertEquals(0, me.uncancel());
                assertFalse(Thread.currentThread().isInterrupted(), "the dropped request left an interrupt behind");
                Weft.sleep(Duration.ZERO); // nothing left to deliver
                return 42;
            });
            assertEquals(42, t.await());
            assertFalse(t.isCancelled());
            assertEquals(0, t.cancelling());
        });
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void uncancel_to_zero_drops_a_request_made_while_the_task_was_ready_to_run(Mode mode) {
        // asyncio: test_tasks.BaseTaskTests.test_uncancel_resets_must_cancel
        Tasks.run(mode, () -> {
            Task<Void> gate = Weft.spawn(() -> Weft.sleep(Duration.ZERO));
            Task<Integer> t = Weft.spawn(() -> {
                gate.await();
                return 42;
            });
            Tasks.awaitBlocked(t); // t waits for gate
            Weft.sleep(Duration.ZERO); // gate finishes and makes t ready; t has not run yet
            assertTrue(gate.isDone());
            assertFalse(t.isDone());
            assertFalse(Tasks.isBlocked(t));
            assertTrue(t.cancel());
            assertEquals(1, t.cancelling());
            assertEquals(0, t.uncancel());
            assertEquals(42, t.await());
            assertFalse(t.isCancelled());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void the_cancel_message_reaches_await_result_and_exception(Mode mode) {
        // asyncio: test_tasks.BaseTaskTests.test_cancel_with_message_then_future_result
        // asyncio: test_tasks.BaseTaskTests.test_cancel_with_message_then_future_exception
        Tasks.run(mode, () -> {
            Task<Void> withMessage = Weft.spawn(() -> Weft.sleep(hours(10)));
            Task<Void> without = Weft.spawn(() -> Weft.sleep(hours(10)));
            Tasks.awaitBlocked(withMessage);
            Tasks.awaitBlocked(without);
            assertTrue(withMessage.cancel("my message"));
            assertTrue(without.cancel());
            Weft.wait(List.of(withMessage, without));

            assertEquals("my message", assertThrows(CancelledException.class, withMessage::await).getMessage());
            assertEquals("my message", assertThrows(CancelledException.class, withMessage::result).getMessage());
            assertEquals("my message", assertThrows(CancelledException.class, withMessage::exception).getMessage());
            assertNull(assertThrows(CancelledException.class, without::await).getMessage());
            assertNull(assertThrows(CancelledException.class, without::exception).getMessage());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_second_cancel_before_the_task_resumes_keeps_the_first_message(Mode mode) {
        // asyncio: cancel("m1"); cancel("m2") on a task waiting on a sleep or an Event ends it with
        // CancelledError("m1"): the wait was cancelled with m1, the second request finds it over.
        Tasks.run(mode, () -> {
            Event never = new Event();
            Task<Void> sleeping = Weft.spawn(() -> Weft.sleep(hours(10)));
            Task<Void> onEvent = Weft.spawn(() -> {
                never.await();
            });
            Task<Void> uncancelled = Weft.spawn(() -> Weft.sleep(hours(10)));
            Tasks.awaitBlocked(sleeping);
            Tasks.awaitBlocked(onEvent);
            Tasks.awaitBlocked(uncancelled);
            for (Task<Void> t : List.of(sleeping, onEvent)) {
                t.cancel("m1");
                t.cancel("m2");
            }
            uncancelled.cancel("m1");
            uncancelled.uncancel(); // asyncio: still m1, and cancelling() is 1 after the next cancel
            uncancelled.cancel("m2");
            Weft.wait(List.of(sleeping, onEvent, uncancelled));

            assertEquals("m1", assertThrows(CancelledException.class, sleeping::await).getMessage());
            assertEquals("m1", assertThrows(CancelledException.class, onEvent::await).getMessage());
            assertEquals("m1", assertThrows(CancelledException.class, uncancelled::await).getMessage());
            if (mode.cooperative()) { // in a parallel loop the task may end before uncancel(), and count none after
                assertEquals(1, uncancelled.cancelling());
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_task_cancelled_before_it_starts_never_runs_its_body(Mode mode) {
        // asyncio: test_tasks.BaseTaskTests.test_cancel_with_message_before_starting_task
        List<String> events = events();
        Tasks.run(mode, () -> {
            Body body = () -> {
                events.add("body ran");
                Weft.sleep(hours(10));
            };
            Task<Void> t;
            if (mode.cooperative()) {
                t = Weft.spawn(body); // the caller holds the loop: t has not started
                assertTrue(t.cancel("my message"));
            } else {
                // A parallel task starts at once; create it unstarted to cancel it first.
                Loop loop = Loop.current();
                t = loop.create(null, Weft.callable(body));
                assertTrue(t.cancel("my message"));
                loop.start(t);
            }
            Weft.wait(List.of(t));
            assertTrue(t.isCancelled());
            assertEquals("my message", assertThrows(CancelledException.class, t::exception).getMessage());
        });
        assertEquals(List.of(), events);
    }

    // ---- 4.1 where a request is delivered ------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_task_that_cancels_itself_gets_the_cancellation_at_its_next_sleep(Mode mode) {
        // asyncio: test_tasks.BaseTaskTests.test_cancel_current_task
        List<String> events = events();
        Tasks.run(mode, () -> {
            Task<Integer> t = Weft.spawn(() -> {
                Weft.currentTask().cancel();
                events.add("still running after cancel()");
                Weft.sleep(hours(100));
                events.add("slept");
                return 12;
            });
            assertThrows(CancelledException.class, t::await);
            assertTrue(t.isDone());
            assertTrue(t.isCancelled());
            assertFalse(t.cancel());
            if (mode == Mode.VIRTUAL_TIME) {
                assertEquals(0, Weft.now(), "the cancelled sleep must not have moved the clock");
            }
        });
        assertEquals(List.of("still running after cancel()"), events);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void a_cancel_reaches_a_task_suspended_in_sleep_zero(Mode mode) {
        // asyncio: test_tasks.BaseTaskTests.test_cancel_yield
        List<String> events = events();
        Tasks.run(mode, () -> {
            Task<Integer> t = Weft.spawn(() -> {
                events.add("before first yield");
                Weft.sleep(Duration.ZERO);
                events.add("before second yield");
                Weft.sleep(Duration.ZERO);
                return 12;
            });
            Weft.sleep(Duration.ZERO); // t runs up to its first sleep(0)
            assertTrue(t.cancel());
            assertThrows(CancelledException.class, t::await);
            assertTrue(t.isCancelled());
            assertFalse(t.cancel());
        });
        assertEquals(List.of("before first yield"), events);
    }

    @Test
    void cancel_interrupts_thread_sleep_in_a_parallel_task() {
        List<String> events = events();
        Tasks.run(Mode.PARALLEL, () -> {
            CountDownLatch inBody = new CountDownLatch(1);
            Task<Void> t = Weft.spawn(() -> {
                inBody.countDown();
                try {
                    Thread.sleep(Duration.ofHours(1));
                    events.add("slept");
                } catch (InterruptedException e) {
                    events.add("interrupted");
                    throw e;
                }
            });
            inBody.await();
            assertTrue(t.cancel("stop"));
            CancelledException e = assertThrows(CancelledException.class, t::await);
            assertEquals("stop", e.getMessage());
            assertTrue(t.isCancelled());
            assertThrows(CancelledException.class, t::result);
            assertThrows(CancelledException.class, t::exception);
        });
        assertEquals(List.of("interrupted"), events);
    }

    @Test
    void cancel_interrupts_blocking_queue_take_in_a_parallel_task() {
        List<String> events = events();
        Tasks.run(Mode.PARALLEL, () -> {
            CountDownLatch inBody = new CountDownLatch(1);
            LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
            Task<String> t = Weft.spawn(() -> {
                inBody.countDown();
                try {
                    return queue.take();
                } catch (InterruptedException e) {
                    events.add("interrupted");
                    throw e;
                }
            });
            inBody.await();
            assertTrue(t.cancel());
            assertThrows(CancelledException.class, t::await);
            assertTrue(t.isCancelled());
        });
        assertEquals(List.of("interrupted"), events);
    }

    @Test
    void a_parallel_task_that_catches_the_interrupt_and_returns_ends_with_its_result() {
        Tasks.run(Mode.PARALLEL, () -> {
            CountDownLatch inBody = new CountDownLatch(1);
            Task<String> t = Weft.spawn(() -> {
                inBody.countDown();
                try {
                    Thread.sleep(Duration.ofHours(1));
                    return "slept";
                } catch (InterruptedException e) {
                    return "recovered";
                }
            });
            inBody.await();
            assertTrue(t.cancel());
            // The consumed interrupt was the delivery: nothing is left to cancel the task at its end.
            assertEquals("recovered", t.await());
            assertFalse(t.isCancelled());
            assertEquals(1, t.cancelling());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_task_that_catches_the_cancellation_and_returns_ends_with_its_result(Mode mode) {
        // asyncio: test_tasks.BaseTaskTests.test_cancel_task_catching
        Tasks.run(mode, () -> {
            Task<Integer> t = Weft.spawn(() -> {
                try {
                    Weft.sleep(hours(10));
                    return 0;
                } catch (CancelledException e) {
                    return 42;
                }
            });
            Tasks.awaitBlocked(t);
            assertTrue(t.cancel());
            assertEquals(42, t.await());
            assertFalse(t.isCancelled());
            assertEquals(1, t.cancelling()); // it never called uncancel()
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_task_that_ignores_the_cancellation_goes_on_waiting(Mode mode) {
        // asyncio: test_tasks.BaseTaskTests.test_cancel_task_ignoring
        List<String> events = events();
        Tasks.run(mode, () -> {
            Task<Integer> other = Weft.spawn(() -> {
                Weft.sleep(Duration.ZERO);
                return 42;
            });
            Task<Integer> t = Weft.spawn(() -> {
                try {
                    Weft.sleep(hours(10));
                } catch (CancelledException e) {
                    events.add("ignored");
                }
                return other.await();
            });
            Tasks.awaitBlocked(t);
            assertTrue(t.cancel());
            assertEquals(42, t.await());
            assertFalse(t.isCancelled());
            assertFalse(other.isCancelled());
        });
        assertEquals(List.of("ignored"), events);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_request_never_delivered_makes_the_task_end_cancelled(Mode mode) {
        // asyncio: test_tasks.BaseTaskTests.test_cancel_at_end
        Tasks.run(mode, () -> {
            Task<Integer> t = Weft.spawn(() -> {
                Weft.currentTask().cancel("at end");
                return 12;
            });
            CancelledException e = assertThrows(CancelledException.class, t::await);
            assertEquals("at end", e.getMessage());
            assertTrue(t.isDone());
            assertTrue(t.isCancelled());
            assertThrows(CancelledException.class, t::result);
            assertFalse(t.cancel());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_pending_request_is_passed_to_the_task_awaited_next(Mode mode) {
        // asyncio: test_tasks.BaseTaskTests.test_cancel_awaited_task
        AtomicReference<Task<Void>> nested = new AtomicReference<>();
        Tasks.run(mode, () -> {
            Task<Void> t = Weft.spawn(() -> {
                Task<Void> n = Weft.spawn(() -> Weft.sleep(hours(10)));
                nested.set(n);
                Tasks.awaitBlocked(n);
                Weft.currentTask().cancel(); // not blocked now: the request waits for the next suspension
                n.await();
            });
            assertThrows(CancelledException.class, t::await);
            assertTrue(t.isCancelled());
            assertTrue(nested.get().isCancelled(), "the awaited task should have been cancelled: " + nested.get());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_wait_that_completes_at_once_does_not_deliver_a_pending_cancellation(Mode mode) {
        List<String> events = events();
        Tasks.run(mode, () -> {
            Task<Integer> t = Weft.spawn(() -> {
                Task<Integer> done = Weft.spawn(() -> 7);
                Tasks.awaitDone(done);
                Weft.currentTask().cancel();
                events.add("await -> " + done.await()); // done already: no suspension
                events.add("get -> " + done.get());
                events.add("result -> " + done.result());
                Weft.sleep(Duration.ZERO); // always suspends: delivers the request
                events.add("after sleep(0)");
                return 1;
            });
            assertThrows(CancelledException.class, t::await);
            assertTrue(t.isCancelled());
        });
        assertEquals(List.of("await -> 7", "get -> 7", "result -> 7"), events);
    }

    // ---- 4.1 interrupts ----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_interrupt_of_a_waiting_task_thread_is_a_cancellation_request(Mode mode) {
        Tasks.run(mode, () -> {
            Task<Void> t = Weft.spawn(() -> Weft.sleep(hours(10)));
            Tasks.awaitBlocked(t);
            t.fiber.thread().interrupt();
            assertThrows(CancelledException.class, t::await);
            assertTrue(t.isCancelled());
            assertEquals(1, t.cancelling());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_interrupt_of_a_running_task_is_delivered_at_its_next_suspension_point(Mode mode) {
        List<String> events = events();
        Tasks.run(mode, () -> {
            Task<Integer> t = Weft.spawn(() -> {
                Task<?> me = Weft.currentTask();
                Thread.currentThread().interrupt();
                events.add("cancelling before suspension=" + me.cancelling());
                try {
                    Weft.sleep(Duration.ZERO);
                } catch (CancelledException e) {
                    events.add("cancelled, cancelling=" + me.cancelling()
                            + ", interrupted=" + Thread.currentThread().isInterrupted());
                    throw e;
                }
                return 1;
            });
            assertThrows(CancelledException.class, t::await);
            assertTrue(t.isCancelled());
        });
        assertEquals(List.of("cancelling before suspension=0", "cancelled, cancelling=1, interrupted=false"), events);
    }

    @Test
    void a_plain_thread_interrupted_in_weft_sleep_gets_cancelled_exception_with_status_cleared() throws Exception {
        Interrupted r = interruptPlainThreadIn(() -> Weft.sleep(Duration.ofHours(1)));
        assertInstanceOf(CancelledException.class, r.thrown());
        assertFalse(r.stillInterrupted());
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"PARALLEL", "COOPERATIVE"}) // virtual time would end the sleep at once
    void a_plain_thread_interrupted_in_await_gets_cancelled_exception_with_status_cleared(Mode mode) throws Exception {
        try (Loop loop = mode.loop()) {
            Task<Void> t = submitSleeper(loop);
            Interrupted r = interruptPlainThreadIn(() -> t.await());
            assertInstanceOf(CancelledException.class, r.thrown());
            assertFalse(r.stillInterrupted());
        }
    }

    // ---- 4.1 await passes the cancellation on, get() does not ---------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void cancelling_a_task_that_awaits_another_cancels_the_other_too(Mode mode) {
        // asyncio: test_tasks.BaseTaskTests.test_cancel_inner_future (the rule seen from the outer task)
        Tasks.run(mode, () -> {
            Task<Void> inner = Weft.spawn("inner", () -> Weft.sleep(hours(10)));
            Task<Void> outer = Weft.spawn("outer", () -> {
                inner.await();
            });
            Tasks.awaitBlocked(inner);
            Tasks.awaitBlocked(outer);
            assertTrue(outer.cancel("stop"));
            CancelledException e = assertThrows(CancelledException.class, outer::await);
            assertEquals("stop", e.getMessage());
            assertTrue(outer.isCancelled());
            assertTrue(inner.isCancelled());
            assertEquals(1, inner.cancelling());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_awaiter_whose_cancel_the_awaited_task_absorbs_gets_that_task_result(Mode mode) {
        Tasks.run(mode, () -> {
            Task<Integer> inner = finishingOnCancel(5);
            Task<Integer> outer = Weft.spawn(() -> inner.await());
            Tasks.awaitBlocked(inner);
            Tasks.awaitBlocked(outer);
            assertTrue(outer.cancel());
            assertEquals(5, outer.await());
            assertFalse(outer.isCancelled());
            assertFalse(inner.isCancelled());
            assertEquals(1, outer.cancelling());
            assertEquals(1, inner.cancelling());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void cancelling_a_task_blocked_in_future_get_does_not_cancel_the_other(Mode mode) {
        Tasks.run(mode, () -> {
            Task<Void> inner = Weft.spawn(() -> Weft.sleep(hours(10)));
            Task<Void> outer = Weft.spawn(() -> inner.get());
            Tasks.awaitBlocked(inner);
            Tasks.awaitBlocked(outer);
            assertTrue(outer.cancel());
            assertThrows(CancelledException.class, outer::await);
            assertTrue(outer.isCancelled());
            assertFalse(inner.isDone());
            assertEquals(0, inner.cancelling());
            inner.cancel();
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_task_awaiting_itself_gets_illegal_state_exception(Mode mode) {
        // asyncio: test_tasks.BaseTaskTests.test_task_awaits_on_itself
        Tasks.run(mode, () -> {
            Task<Object> t = Weft.spawn(() -> {
                Weft.currentTask().await();
                return "awaited itself";
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, t::await);
            assertTrue(e.getMessage().contains("Task cannot await on itself"), e.getMessage());
            assertSame(e, t.exception());
        });
    }

    // ---- 4.2 results ----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void await_returns_the_result_and_the_task_is_named(Mode mode) {
        // asyncio: test_tasks.BaseTaskTests.test_task_class
        Tasks.run(mode, () -> {
            Task<String> named = Weft.spawn("worker", () -> {
                Weft.sleep(Duration.ZERO);
                return "ok";
            });
            Task<String> unnamed = Weft.spawn(() -> "fine");
            assertEquals("ok", named.await());
            assertEquals("fine", unnamed.await());
            assertEquals("ok", named.result());
            assertNull(named.exception());
            assertTrue(named.isDone());
            assertFalse(named.isCancelled());
            assertEquals("worker", named.name());
            assertTrue(unnamed.name().matches("Task-\\d+"), unnamed.name());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_unchecked_exception_is_rethrown_as_the_same_object(Mode mode) {
        // asyncio: test_futures.BaseFutureTests.test_exception
        Tasks.run(mode, () -> {
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            Task<Integer> t = Weft.spawn(() -> {
                Weft.sleep(Duration.ZERO);
                throw boom;
            });
            assertSame(boom, assertThrows(IllegalArgumentException.class, t::await));
            assertSame(boom, assertThrows(IllegalArgumentException.class, t::result));
            assertSame(boom, t.exception());
            assertFalse(t.isCancelled());
            assertTrue(t.isDone());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_error_is_rethrown_as_the_same_object(Mode mode) {
        Tasks.run(mode, () -> {
            Boom boom = new Boom();
            Task<Integer> t = Weft.spawn(() -> {
                throw boom;
            });
            assertSame(boom, assertThrows(Boom.class, t::await));
            assertSame(boom, assertThrows(Boom.class, t::result));
            assertSame(boom, t.exception());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_checked_exception_is_wrapped_in_task_failed_exception_and_exception_returns_the_original(Mode mode) {
        Tasks.run(mode, () -> {
            IOException io = new IOException("disk");
            Task<Integer> t = Weft.spawn(() -> {
                Weft.sleep(Duration.ZERO);
                throw io;
            });
            assertSame(io, assertThrows(TaskFailedException.class, t::await).getCause());
            assertSame(io, assertThrows(TaskFailedException.class, t::result).getCause());
            assertSame(io, t.exception());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void result_and_exception_of_an_unfinished_task_throw_invalid_state_exception(Mode mode) {
        // asyncio: test_futures.BaseFutureTests.test_result, test_exception (InvalidStateError while pending)
        Tasks.run(mode, () -> {
            Task<Void> t = Weft.spawn(() -> Weft.sleep(hours(10)));
            assertEquals("Result is not set.", assertThrows(InvalidStateException.class, t::result).getMessage());
            assertEquals("Exception is not set.", assertThrows(InvalidStateException.class, t::exception).getMessage());
            Tasks.awaitBlocked(t);
            assertThrows(InvalidStateException.class, t::result);
            assertThrows(InvalidStateException.class, t::exception);
            t.cancel();
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void result_and_exception_of_a_cancelled_task_throw_cancelled_exception(Mode mode) {
        Tasks.run(mode, () -> {
            Task<Void> t = Weft.spawn(() -> Weft.sleep(hours(10)));
            Tasks.awaitBlocked(t);
            t.cancel();
            assertThrows(CancelledException.class, t::await);
            assertThrows(CancelledException.class, t::result);
            assertThrows(CancelledException.class, t::exception);
        });
    }

    // ---- 4.2 done callbacks ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void done_callbacks_run_once_after_done_in_registration_order(Mode mode) {
        // asyncio: test_futures.BaseFutureTests.test_callbacks_invoked_on_set_result
        List<String> events = events();
        Tasks.run(mode, () -> {
            Task<Integer> t = finishingOnCancel(5);
            Tasks.awaitBlocked(t);
            for (String name : List.of("first", "second", "third")) {
                t.addDoneCallback(task -> events.add(name + ": done=" + task.isDone() + " result=" + task.result()));
            }
            assertEquals(List.of(), events);
            t.cancel();
            assertEquals(5, t.await());
            awaitSize(events, 3);
            Weft.sleep(Duration.ZERO);
        });
        assertEquals(List.of("first: done=true result=5", "second: done=true result=5", "third: done=true result=5"),
                events);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void done_callbacks_run_for_failed_and_cancelled_tasks_too(Mode mode) {
        // asyncio: test_futures.BaseFutureTests.test_callbacks_invoked_on_set_exception
        List<String> events = events();
        Tasks.run(mode, () -> {
            IllegalArgumentException boom = new IllegalArgumentException("failed while unwinding");
            Task<Integer> failing = Weft.spawn(() -> {
                try {
                    Weft.sleep(hours(10));
                } catch (CancelledException e) {
                    throw boom;
                }
                return 0;
            });
            Task<Void> cancelled = Weft.spawn(() -> Weft.sleep(hours(10)));
            Tasks.awaitBlocked(failing);
            Tasks.awaitBlocked(cancelled);
            failing.addDoneCallback(task -> events.add("failing: " + task.state() + " " + task.exception().getMessage()));
            cancelled.addDoneCallback(task -> events.add("cancelled: " + task.state()));
            cancelled.cancel();
            Weft.wait(List.of(cancelled));
            awaitSize(events, 1);
            failing.cancel();
            Weft.wait(List.of(failing));
            awaitSize(events, 2);
            assertSame(boom, failing.exception());
        });
        assertEquals(List.of("cancelled: CANCELLED", "failing: FAILED failed while unwinding"), events);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_callback_added_to_a_done_task_runs_soon_but_not_inside_add_done_callback(Mode mode) {
        Tasks.run(mode, () -> {
            Task<Integer> t = Weft.spawn(() -> 1);
            t.await();
            List<Thread> ran = Collections.synchronizedList(new ArrayList<>());
            Thread caller = Thread.currentThread();
            t.addDoneCallback(task -> ran.add(Thread.currentThread()));
            if (mode.cooperative()) {
                // The caller holds the loop, so "soon" cannot have come yet.
                assertEquals(List.of(), ran);
            }
            awaitSize(ran, 1);
            assertNotSame(caller, ran.get(0));
            Weft.sleep(Duration.ZERO);
            assertEquals(1, ran.size());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void remove_done_callback_returns_how_many_it_removed(Mode mode) {
        // asyncio: test_futures.BaseFutureTests.test_remove_done_callback
        List<String> bag = events();
        Tasks.run(mode, () -> {
            Task<String> t = finishingOnCancel("foo");
            Tasks.awaitBlocked(t);
            Consumer<Task<String>> cb1 = x -> bag.add("1");
            Consumer<Task<String>> cb2 = x -> bag.add("2");
            Consumer<Task<String>> cb3 = x -> bag.add("3");
            // a task's sole listener is kept without an array: removed, and removed again
            t.addDoneCallback(cb1);
            assertEquals(0, t.removeDoneCallback(cb2));
            assertEquals(1, t.removeDoneCallback(cb1));
            assertEquals(0, t.removeDoneCallback(cb1));
            assertEquals(0, t.listenerCount());
            t.addDoneCallback(cb1);
            t.addDoneCallback(cb2);
            assertEquals(1, t.removeDoneCallback(cb2));
            assertEquals(0, t.removeDoneCallback(cb3));
            t.addDoneCallback(cb2);
            for (int i = 0; i < 5; i++) {
                t.addDoneCallback(cb1);
            }
            assertEquals(6, t.removeDoneCallback(cb1));
            assertEquals(List.of(), bag);
            t.cancel();
            assertEquals("foo", t.await());
            awaitSize(bag, 1);
            Weft.sleep(Duration.ZERO);
            assertEquals(0, t.removeDoneCallback(cb2)); // done: nothing registered any more
        });
        assertEquals(List.of("2"), bag);
    }

    /** A done callback equal to every other {@code Tally} of the same name, though not the same object. */
    private record Tally(String name, List<String> bag) implements Consumer<Task<String>> {
        @Override
        public void accept(Task<String> t) {
            bag.add(name);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void remove_done_callback_removes_every_equal_callback_not_only_the_same_object(Mode mode) {
        // asyncio: Future.remove_done_callback keeps the callbacks with f != fn, an equality test
        List<String> bag = events();
        Tasks.run(mode, () -> {
            Task<String> t = finishingOnCancel("foo");
            Tasks.awaitBlocked(t);
            t.addDoneCallback(new Tally("a", bag));
            t.addDoneCallback(new Tally("b", bag));
            t.addDoneCallback(new Tally("a", bag));
            assertEquals(2, t.removeDoneCallback(new Tally("a", bag)));
            assertEquals(0, t.removeDoneCallback(new Tally("c", bag)));
            t.cancel();
            assertEquals("foo", t.await());
            awaitSize(bag, 1);
            Weft.sleep(Duration.ZERO);
        });
        assertEquals(List.of("b"), bag);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_callback_added_twice_runs_twice_each_time_in_its_place(Mode mode) {
        // asyncio: Future.add_done_callback appends, whether or not the callback is there already
        List<String> bag = events();
        Tasks.run(mode, () -> {
            Task<String> t = finishingOnCancel("foo");
            Tasks.awaitBlocked(t);
            Consumer<Task<String>> a = x -> bag.add("a");
            t.addDoneCallback(a);
            t.addDoneCallback(x -> bag.add("b"));
            t.addDoneCallback(a);
            t.cancel();
            assertEquals("foo", t.await());
            awaitSize(bag, 3);
            Weft.sleep(Duration.ZERO);
        });
        assertEquals(List.of("a", "b", "a"), bag);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_failing_done_callback_does_not_stop_the_others(Mode mode) {
        List<String> events = events();
        Tasks.run(mode, () -> {
            Task<Integer> t = finishingOnCancel(1);
            Tasks.awaitBlocked(t);
            t.addDoneCallback(x -> events.add("before"));
            t.addDoneCallback(x -> {
                throw new IllegalStateException("a done callback failing on purpose (expected in this test)");
            });
            t.addDoneCallback(x -> events.add("after"));
            t.cancel();
            t.await();
            awaitSize(events, 2);
        });
        assertEquals(List.of("before", "after"), events);
    }

    // ---- java.util.concurrent.Future --------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void future_get_returns_the_result_or_wraps_the_original_failure(Mode mode) throws Exception {
        Tasks.run(mode, () -> {
            IllegalArgumentException unchecked = new IllegalArgumentException("unchecked");
            IOException checked = new IOException("checked");
            Task<String> ok = Weft.spawn(() -> "ok");
            Task<String> failsUnchecked = Weft.spawn(() -> {
                throw unchecked;
            });
            Task<String> failsChecked = Weft.spawn(() -> {
                throw checked;
            });
            Task<Void> cancelled = Weft.spawn(() -> Weft.sleep(hours(10)));
            Tasks.awaitBlocked(cancelled);
            cancelled.cancel("gone");

            assertEquals("ok", ok.get());
            assertSame(unchecked, assertThrows(ExecutionException.class, failsUnchecked::get).getCause());
            assertSame(checked, assertThrows(ExecutionException.class, failsChecked::get).getCause());
            CancellationException ce = assertThrows(CancellationException.class, cancelled::get);
            assertInstanceOf(CancelledException.class, ce);
            assertEquals("gone", ce.getMessage());
            assertEquals("ok", ok.get(1, TimeUnit.HOURS));
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void future_state_result_now_and_exception_now_follow_the_task(Mode mode) {
        Tasks.run(mode, () -> {
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            Task<String> pending = Weft.spawn(() -> {
                Weft.sleep(hours(10));
                return "late";
            });
            Task<String> ok = Weft.spawn(() -> "ok");
            Task<String> failed = Weft.spawn(() -> {
                throw boom;
            });
            Task<String> cancelled = Weft.spawn(() -> {
                Weft.sleep(hours(10));
                return "never";
            });
            Tasks.awaitBlocked(pending);
            Tasks.awaitBlocked(cancelled);
            cancelled.cancel();
            Weft.wait(List.of(ok, failed, cancelled));

            assertEquals(Future.State.RUNNING, pending.state());
            assertEquals(Future.State.SUCCESS, ok.state());
            assertEquals(Future.State.FAILED, failed.state());
            assertEquals(Future.State.CANCELLED, cancelled.state());

            assertEquals("ok", ok.resultNow());
            assertThrows(IllegalStateException.class, pending::resultNow);
            assertThrows(IllegalStateException.class, failed::resultNow);
            assertThrows(IllegalStateException.class, cancelled::resultNow);

            assertSame(boom, failed.exceptionNow());
            assertThrows(IllegalStateException.class, pending::exceptionNow);
            assertThrows(IllegalStateException.class, ok::exceptionNow);
            assertThrows(IllegalStateException.class, cancelled::exceptionNow);
            pending.cancel();
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void future_cancel_is_a_request_the_task_may_absorb(Mode mode) {
        Tasks.run(mode, () -> {
            Task<Integer> t = finishingOnCancel(7);
            Tasks.awaitBlocked(t);
            assertTrue(t.cancel(false));
            assertEquals(7, t.await());
            assertFalse(t.isCancelled());
            assertEquals(Future.State.SUCCESS, t.state());
            assertFalse(t.cancel(true));

            Task<Void> plain = Weft.spawn(() -> Weft.sleep(hours(10)));
            Tasks.awaitBlocked(plain);
            assertTrue(plain.cancel(false));
            assertThrows(CancellationException.class, plain::get);
            assertTrue(plain.isCancelled());
            assertTrue(plain.isDone());
        });
    }

    @Test
    void future_cancel_false_still_interrupts_a_parallel_task() {
        Tasks.run(Mode.PARALLEL, () -> {
            CountDownLatch inBody = new CountDownLatch(1);
            Task<Void> t = Weft.spawn(() -> {
                inBody.countDown();
                Thread.sleep(Duration.ofHours(1));
            });
            inBody.await();
            assertTrue(t.cancel(false));
            assertThrows(CancellationException.class, t::get);
            assertTrue(t.isCancelled());
        });
    }

    @Test
    void future_get_with_a_timeout_expires_on_virtual_time_at_the_exact_deadline() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            Task<String> t = Weft.spawn(() -> {
                Weft.sleep(hours(2));
                return "late";
            });
            assertThrows(TimeoutException.class, () -> t.get(1, TimeUnit.HOURS));
            assertEquals(hours(1).toNanos(), Weft.now());
            assertFalse(t.isDone());
            assertEquals("late", t.get(5, TimeUnit.HOURS));
            assertEquals(hours(2).toNanos(), Weft.now());
        });
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"PARALLEL", "COOPERATIVE"}) // virtual time would end the sleep at once
    void future_get_with_a_timeout_from_a_plain_thread_throws_timeout_exception(Mode mode) throws Exception {
        try (Loop loop = mode.loop()) {
            Task<Void> never = submitSleeper(loop);
            assertThrows(TimeoutException.class, () -> never.get(1, TimeUnit.MILLISECONDS));
            assertFalse(never.isDone());
            Task<Integer> quick = loop.submit(() -> 3);
            assertEquals(3, quick.get(1, TimeUnit.HOURS));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"PARALLEL", "COOPERATIVE"}) // virtual time would end the sleep at once
    void future_get_on_an_interrupted_plain_thread_throws_interrupted_exception(Mode mode) throws Exception {
        try (Loop loop = mode.loop()) {
            Task<Void> never = submitSleeper(loop);
            Interrupted r = interruptPlainThreadIn(() -> never.get());
            assertInstanceOf(InterruptedException.class, r.thrown());
            assertFalse(r.stillInterrupted());
            assertFalse(never.isDone(), "get() must not pass the interrupt on to the task");
        }
    }

    // ---- how a task runs --------------------------------------------------------------------------

    /**
     * weft: a task's body is called by its fiber's runBody, and that by the thread's start
     * (Fiber's), with no runner or hook in between: every frame below a suspended task's wait
     * is copied to the heap while it waits. (The body was called by Task.run, called by a
     * Task$Runner the fiber reached through a static hook.) TaskGroupTest has the same for a
     * child that a JDK StructuredTaskScope starts.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_task_body_runs_right_above_its_fiber_start(Mode mode) {
        List<StackWalker.StackFrame> frames = Tasks.run(mode, () -> Weft.spawn(Tasks::bodyStack).await());
        assertEquals(2, Tasks.assertCalledByItsFiber(frames), () -> Tasks.show(frames));
    }

    // ---- arguments ------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void null_arguments_throw_null_pointer_exception_naming_the_argument(Mode mode) {
        Tasks.run(mode, () -> {
            Task<Integer> t = Weft.spawn(() -> 1);
            assertEquals("callback", assertThrows(NullPointerException.class, () -> t.addDoneCallback(null)).getMessage());
            assertEquals("callback", assertThrows(NullPointerException.class, () -> t.removeDoneCallback(null)).getMessage());
            assertEquals("unit", assertThrows(NullPointerException.class, () -> t.get(1, null)).getMessage());
            assertEquals("body", assertThrows(NullPointerException.class, () -> Weft.spawn((Callable<Object>) null)).getMessage());
            assertEquals("body", assertThrows(NullPointerException.class, () -> Weft.spawn((Body) null)).getMessage());
            assertEquals("body", assertThrows(NullPointerException.class, () -> Weft.spawn("n", (Callable<Object>) null)).getMessage());
            assertEquals("body", assertThrows(NullPointerException.class, () -> Weft.spawn("n", (Body) null)).getMessage());
            t.await();
        });
    }

    // weft: a request delivered as an interrupt that the body swallowed does not make the next
    // request look delivered too; the second cancel interrupts the next blocking call again.
    @Test
    void a_second_cancel_interrupts_again_after_the_body_swallowed_the_first_interrupt() {
        Tasks.run(Mode.PARALLEL, () -> {
            LinkedBlockingQueue<String> never = new LinkedBlockingQueue<>();
            AtomicBoolean swallowed = new AtomicBoolean();
            Task<String> t = Weft.spawn(() -> {
                try {
                    never.take();
                } catch (InterruptedException first) {
                    swallowed.set(true); // ignores the first cancellation, then blocks again
                }
                never.take();
                return "not reached";
            });
            awaitParkedInJdkCall(t);
            assertTrue(t.cancel());
            until(swallowed::get);
            awaitParkedInJdkCall(t);
            assertTrue(t.cancel());
            assertThrows(CancelledException.class, t::await);
            assertTrue(t.isCancelled());
            assertEquals(2, t.cancelling());
        });
    }

    /** Yields until the task's thread is parked (in a JDK blocking call: it is not in a weft wait). */
    private static void awaitParkedInJdkCall(Task<?> t) {
        until(() -> t.fiber.thread().getState() == Thread.State.WAITING && !Tasks.isBlocked(t));
    }

    // weft (parallel mode race): cancel() interrupts a running task under the fiber's lock; the
    // task starting a wait must read its interrupt flag under that lock too, or a cancel landing
    // in between looks like an interrupt some JDK call already consumed: the request is lost, and
    // the leftover interrupt becomes a second request without message. Repeated to hit the window.
    @Test
    void a_cancel_racing_with_the_start_of_a_wait_is_delivered_once_with_its_message() {
        Tasks.run(Mode.PARALLEL, () -> {
            for (int i = 0; i < 20_000; i++) {
                AtomicBoolean running = new AtomicBoolean();
                Task<Void> t = Weft.spawn(() -> {
                    running.set(true);
                    Weft.sleep(hours(1));
                });
                while (!running.get()) {
                    Thread.onSpinWait();
                }
                t.cancel("stop " + i);
                CancelledException e = assertThrows(CancelledException.class, t::await);
                assertEquals("stop " + i, e.getMessage());
                assertEquals(1, t.cancelling());
            }
        });
    }

    // Issue 6.7: Future.cancel and asyncio both promise that cancel() returning false means the
    // task is done. In a parallel loop a cancel racing the task's own end lost that: the fiber was
    // marked finished before the task's outcome was published (for a failed task, after the
    // failure report was registered). Cancels at the moment the fiber is marked finished,
    // repeated to hit the window, for tasks that return, fail and end cancelled.
    @Test
    void cancel_returning_false_means_the_task_is_done() {
        Tasks.run(Mode.PARALLEL, () -> {
            int lost = 0;
            for (int i = 0; i < 20_000; i++) {
                int n = i;
                Task<Integer> t = Weft.spawn(() -> switch (n % 3) {
                    case 0 -> n;
                    case 1 -> throw new IllegalStateException("failing on purpose " + n);
                    default -> throw new CancelledException("ending cancelled " + n);
                });
                while (!t.fiber.isFinished()) {
                    Thread.onSpinWait();
                }
                if (!t.cancel() && !t.isDone()) {
                    lost++;
                }
                if (!t.cancel(false) && !t.isDone()) { // Future.cancel: the same promise
                    lost++;
                }
                Weft.gatherSettled(t); // retrieves the failures
            }
            assertEquals(0, lost, "cancel() returned false for tasks that were not done yet");
        });
    }

    /**
     * asyncio: {@code cancel(); uncancel()} on a running task leaves it as if never cancelled.
     * weft sends the request to a running task as an interrupt of its thread; withdrawn from
     * another task, that interrupt must not come back at the next wait as a cancellation of its
     * own (it did: the task ended cancelled, message null, cancelling() 1).
     */
    @Test
    void uncancel_from_another_task_withdraws_the_request_sent_to_a_running_task() {
        try (Loop loop = Loop.parallel()) {
            loop.run(() -> {
                AtomicBoolean started = new AtomicBoolean();
                AtomicBoolean go = new AtomicBoolean();
                Task<String> t = Weft.spawn(() -> {
                    started.set(true);
                    while (!go.get()) {
                        Thread.onSpinWait(); // running, not waiting: the request goes out as an interrupt
                    }
                    Weft.sleep(Duration.ZERO);
                    return "done";
                });
                until(started::get);
                assertTrue(t.cancel("x"));
                assertEquals(0, t.uncancel());
                go.set(true);
                assertEquals("done", t.await());
                assertEquals(0, t.cancelling());
                return null;
            });
        }
    }
}
