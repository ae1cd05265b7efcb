package dev.weft;

import static dev.weft.Tasks.FOREVER;
import static dev.weft.Tasks.blockedForever;
import static dev.weft.Tasks.hours;
import static dev.weft.Tasks.since;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SPEC 4.3: {@code gather} and {@code gatherSettled}. */
class GatherTest {
    /** A task that sleeps {@code delay}, records its name, and returns it. */
    private static Task<String> sleeper(String name, Duration delay, List<String> finished) {
        return Weft.spawn(name, () -> {
            Weft.sleep(delay);
            finished.add(name);
            return name;
        });
    }

    // ---- results in argument order ------------------------------------------------------

    // asyncio: test_tasks.GatherTestsBase.test_success
    @Test
    void results_come_in_argument_order_whatever_the_completion_order() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            List<String> finished = new CopyOnWriteArrayList<>();
            Task<String> a = sleeper("a", hours(3), finished);
            Task<String> b = sleeper("b", hours(1), finished);
            Task<String> c = sleeper("c", hours(2), finished);

            List<String> results = Weft.gather(a, b, c);

            assertEquals(List.of("a", "b", "c"), results);
            assertEquals(List.of("b", "c", "a"), finished);
            assertEquals(hours(3), since(t0));
        });
    }

    // asyncio: test_tasks.GatherTestsBase.test_success (the Collection shape)
    @Test
    void a_collection_of_tasks_gives_results_in_collection_order() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            List<String> finished = new CopyOnWriteArrayList<>();
            List<Task<String>> tasks = List.of(
                    sleeper("x", hours(2), finished),
                    sleeper("y", hours(3), finished),
                    sleeper("z", hours(1), finished));

            List<String> results = Weft.gather(tasks);

            assertEquals(List.of("x", "y", "z"), results);
            assertEquals(List.of("z", "x", "y"), finished);
        });
    }

    @Test
    void gathered_bodies_run_as_concurrent_tasks() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            Task<?> caller = Weft.currentTask();
            List<String> finished = new CopyOnWriteArrayList<>();

            List<String> results = Weft.gather(() -> {
                Weft.sleep(hours(2));
                finished.add("first");
                return Weft.currentTask() == caller ? "inline" : "own task";
            }, () -> {
                Weft.sleep(hours(1));
                finished.add("second");
                return "second";
            });

            assertEquals(List.of("own task", "second"), results);
            assertEquals(List.of("second", "first"), finished);
            // Both slept at the same time: two hours in all, not three.
            assertEquals(hours(2), since(t0));
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void gather_of_callable_varargs_returns_results_in_argument_order(Mode mode) {
        List<Object> results = Tasks.run(mode, () -> Weft.<Object>gather(
                () -> 1,
                () -> {
                    Weft.sleep(Duration.ZERO);
                    return "two";
                },
                () -> null,
                () -> 4L));
        assertEquals(Arrays.asList(1, "two", null, 4L), results);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void gather_of_task_varargs_returns_results_in_argument_order(Mode mode) {
        List<Integer> results = Tasks.run(mode, () -> {
            Task<Integer> one = Weft.spawn(() -> 1);
            Task<Integer> two = Weft.spawn(() -> {
                Weft.sleep(Duration.ZERO);
                return 2;
            });
            Task<Integer> three = Weft.spawn(() -> 3);
            Tasks.awaitDone(three);
            return Weft.gather(one, two, three);
        });
        assertEquals(List.of(1, 2, 3), results);
    }

    // asyncio: test_tasks.FutureGatherTests.test_constructor_empty_sequence_use_running_loop
    @ParameterizedTest
    @EnumSource(Mode.class)
    @SuppressWarnings({"unchecked", "rawtypes"})
    void gather_of_nothing_returns_an_empty_list(Mode mode) {
        Tasks.run(mode, () -> {
            assertEquals(List.of(), Weft.gather(List.<Task<String>>of()));
            Task<String>[] noTasks = new Task[0];
            assertEquals(List.of(), Weft.gather(noTasks));
            Callable<String>[] noBodies = new Callable[0];
            assertEquals(List.of(), Weft.gather(noBodies));
            assertEquals(List.of(), Weft.gatherSettled(List.<Task<String>>of()));
            assertEquals(List.of(), Weft.gatherSettled(noTasks));
            assertEquals(List.of(), Weft.gatherSettled(noBodies));
        });
    }

    // asyncio: test_tasks.CoroutineGatherTests.test_duplicate_coroutines
    @ParameterizedTest
    @EnumSource(Mode.class)
    void the_same_task_given_twice_fills_every_slot_it_was_given_for(Mode mode) {
        Tasks.run(mode, () -> {
            Task<String> abc = Weft.spawn(() -> {
                Weft.sleep(Duration.ZERO);
                return "abc";
            });
            Task<String> def = Weft.spawn(() -> "def");

            assertEquals(List.of("abc", "abc", "def", "abc"), Weft.gather(abc, abc, def, abc));
            assertEquals(List.of(new Outcome.Success<>("abc"), new Outcome.Success<>("def"),
                    new Outcome.Success<>("abc")), Weft.gatherSettled(List.of(abc, def, abc)));
        });
    }

    // ---- failures -------------------------------------------------------------------------

    // asyncio: test_tasks.GatherTestsBase.test_one_exception
    @Test
    void the_first_failure_is_thrown_at_once_and_the_other_tasks_keep_running() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            List<String> finished = new CopyOnWriteArrayList<>();
            IllegalStateException boom = new IllegalStateException("boom");
            Task<String> a = sleeper("a", hours(2), finished);
            Task<String> b = Weft.spawn(() -> {
                Weft.sleep(hours(1));
                throw boom;
            });
            Task<String> c = sleeper("c", hours(3), finished);

            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Weft.gather(a, b, c));

            assertSame(boom, thrown);
            assertEquals(hours(1), since(t0));
            assertFalse(a.isDone());
            assertFalse(c.isDone());
            assertEquals(0, a.cancelling());
            assertEquals(0, c.cancelling());
            assertEquals(0, Weft.currentTask().cancelling());

            assertEquals("a", a.await());
            assertEquals(hours(2), since(t0));
            assertEquals("c", c.await());
            assertEquals(hours(3), since(t0));
            assertEquals(List.of("a", "c"), finished);
        });
    }

    @Test
    void of_several_failures_the_first_to_happen_is_thrown_not_the_first_argument() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            RuntimeException late = new RuntimeException("late");
            RuntimeException early = new RuntimeException("early");
            Task<String> first = Weft.spawn(() -> {
                Weft.sleep(hours(2));
                throw late;
            });
            Task<String> second = Weft.spawn(() -> {
                Weft.sleep(hours(1));
                throw early;
            });

            assertSame(early, assertThrows(RuntimeException.class, () -> Weft.gather(first, second)));
            assertEquals(hours(1), since(t0));
            assertFalse(first.isDone());
            assertSame(late, assertThrows(RuntimeException.class, first::await));
        });
    }

    @Test
    void a_task_that_already_failed_is_thrown_without_waiting_for_the_others() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            IllegalArgumentException bad = new IllegalArgumentException("bad");
            Task<String> failed = Weft.spawn(() -> {
                throw bad;
            });
            Tasks.awaitDone(failed);
            Task<String> slow = Weft.spawn(() -> {
                Weft.sleep(hours(5));
                return "slow";
            });

            assertSame(bad, assertThrows(IllegalArgumentException.class, () -> Weft.gather(slow, failed)));
            assertEquals(Duration.ZERO, since(t0));
            assertFalse(slow.isDone());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_checked_exception_comes_out_as_task_failed_exception_with_the_original_as_cause(Mode mode) {
        Tasks.run(mode, () -> {
            IOException disk = new IOException("disk");
            TaskFailedException fromBodies = assertThrows(TaskFailedException.class,
                    () -> Weft.<Integer>gather(() -> 1, () -> {
                        throw disk;
                    }));
            assertSame(disk, fromBodies.getCause());

            Task<Integer> task = Weft.spawn(() -> {
                throw disk;
            });
            TaskFailedException fromTasks = assertThrows(TaskFailedException.class, () -> Weft.gather(task));
            assertSame(disk, fromTasks.getCause());
            assertSame(disk, task.exception());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void unchecked_exceptions_and_errors_come_out_as_the_same_object(Mode mode) {
        Tasks.run(mode, () -> {
            UnsupportedOperationException unsupported = new UnsupportedOperationException("nope");
            assertSame(unsupported, assertThrows(UnsupportedOperationException.class,
                    () -> Weft.<Integer>gather(() -> {
                        throw unsupported;
                    })));

            Boom boom = new Boom();
            Task<Integer> task = Weft.spawn(() -> {
                throw boom;
            });
            assertSame(boom, assertThrows(Boom.class, () -> Weft.gather(List.of(task))));
        });
    }

    // ---- cancellation -----------------------------------------------------------------------

    // asyncio: test_tasks.CoroutineGatherTests.test_cancellation_broadcast
    @ParameterizedTest
    @EnumSource(Mode.class)
    void cancelling_the_caller_cancels_every_unfinished_gathered_task(Mode mode) {
        Tasks.run(mode, () -> {
            List<String> events = new CopyOnWriteArrayList<>();
            Task<String> done = Weft.spawn(() -> "done");
            Tasks.awaitDone(done);
            Task<String> child1 = blockedForever();
            Task<String> child2 = blockedForever();
            Task<List<String>> caller = Weft.spawn(() -> {
                List<String> r = Weft.gather(done, child1, child2);
                events.add("gather returned");
                return r;
            });
            Tasks.awaitBlocked(caller);

            assertTrue(caller.cancel());

            assertThrows(CancelledException.class, caller::await);
            assertTrue(caller.isCancelled());
            assertThrows(CancelledException.class, child1::await);
            assertThrows(CancelledException.class, child2::await);
            assertTrue(child1.isCancelled());
            assertTrue(child2.isCancelled());
            assertEquals("done", done.result());
            assertEquals(List.of(), events);
        });
    }

    // asyncio: test_tasks.BaseTaskTests.test_cancel_gather_2 (the message reaches the caller)
    @ParameterizedTest
    @EnumSource(Mode.class)
    void the_callers_cancel_message_reaches_the_caller_through_gather(Mode mode) {
        Tasks.run(mode, () -> {
            Task<String> child = blockedForever();
            Task<List<String>> caller = Weft.spawn(() -> Weft.gather(child));
            Tasks.awaitBlocked(caller);

            caller.cancel("my message");

            CancelledException e = assertThrows(CancelledException.class, caller::await);
            assertEquals("my message", e.getMessage());
            assertTrue(child.isDone());
            assertTrue(child.isCancelled());
        });
    }

    // asyncio: test_tasks.FutureGatherTests.test_one_cancellation
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_gathered_task_cancelled_by_someone_else_fails_the_gather_but_does_not_cancel_the_caller(Mode mode) {
        Tasks.run(mode, () -> {
            Task<String> victim = blockedForever();
            Task<String> other = blockedForever();
            Task<String> caller = Weft.spawn(() -> {
                try {
                    Weft.gather(victim, other);
                    return "gather returned";
                } catch (CancelledException e) {
                    // Not a cancellation of this task: it goes on through a suspension point.
                    int cancelling = Weft.currentTask().cancelling();
                    Weft.sleep(Duration.ZERO);
                    return "caught, cancelling=" + cancelling;
                }
            });
            Tasks.awaitBlocked(caller);

            victim.cancel();

            assertEquals("caught, cancelling=0", caller.await());
            assertFalse(caller.isCancelled());
            assertTrue(victim.isCancelled());
            assertFalse(other.isDone());
            assertEquals(0, other.cancelling());
            other.cancel();
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_gathered_task_that_was_already_cancelled_fails_the_gather_with_its_cancelled_exception(Mode mode) {
        Tasks.run(mode, () -> {
            Task<String> victim = blockedForever();
            Task<String> ok = Weft.spawn(() -> "ok");
            victim.cancel("gone");
            Tasks.awaitDone(victim);
            Tasks.awaitDone(ok);

            CancelledException e = assertThrows(CancelledException.class, () -> Weft.gather(ok, victim));

            assertEquals("gone", e.getMessage());
            assertEquals(0, Weft.currentTask().cancelling());
            Weft.sleep(Duration.ZERO); // no cancellation pending for this task
        });
    }

    // ---- gatherSettled --------------------------------------------------------------------

    // asyncio: test_tasks.GatherTestsBase.test_return_exceptions
    // asyncio: test_tasks.FutureGatherTests.test_result_exception_one_cancellation
    @Test
    void gather_settled_reports_each_outcome_in_argument_order_and_never_throws_for_a_failure() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            IllegalStateException unchecked = new IllegalStateException("unchecked");
            IOException checked = new IOException("checked");
            Task<Object> value = Weft.spawn(() -> {
                Weft.sleep(hours(4));
                return 1;
            });
            Task<Object> failsUnchecked = Weft.spawn(() -> {
                Weft.sleep(hours(1));
                throw unchecked;
            });
            Task<Object> cancelled = Weft.spawn(() -> {
                Weft.sleep(FOREVER);
                return "never";
            });
            Task<Object> failsChecked = Weft.spawn(() -> {
                Weft.sleep(hours(3));
                throw checked;
            });
            Task<Object> nullValue = Weft.spawn(() -> null);
            Weft.spawn(() -> {
                Weft.sleep(hours(2));
                cancelled.cancel("stop");
            });

            List<Outcome<Object>> outcomes = Weft.gatherSettled(
                    List.of(value, failsUnchecked, cancelled, failsChecked, nullValue));

            assertEquals(hours(4), since(t0));
            assertEquals(5, outcomes.size());
            assertEquals(new Outcome.Success<>(1), outcomes.get(0));
            assertSame(unchecked, assertInstanceOf(Outcome.Failure.class, outcomes.get(1)).error());
            CancelledException ce = assertInstanceOf(CancelledException.class,
                    assertInstanceOf(Outcome.Failure.class, outcomes.get(2)).error());
            assertEquals("stop", ce.getMessage());
            assertSame(checked, assertInstanceOf(Outcome.Failure.class, outcomes.get(3)).error());
            assertNull(assertInstanceOf(Outcome.Success.class, outcomes.get(4)).value());
            assertEquals(0, Weft.currentTask().cancelling());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void gather_settled_takes_callable_and_task_varargs(Mode mode) {
        Tasks.run(mode, () -> {
            RuntimeException oops = new RuntimeException("oops");
            List<Outcome<Integer>> fromBodies = Weft.gatherSettled(() -> 7, () -> {
                throw oops;
            });
            assertEquals(List.of(new Outcome.Success<>(7), new Outcome.Failure<>(oops)), fromBodies);

            Task<Integer> ok = Weft.spawn(() -> 8);
            Task<Integer> bad = Weft.spawn(() -> {
                throw oops;
            });
            assertEquals(List.of(new Outcome.Failure<>(oops), new Outcome.Success<>(8)),
                    Weft.gatherSettled(bad, ok));
        });
    }

    // asyncio: test_tasks.BaseTaskTests.test_cancel_gather_2 (return_exceptions=True still propagates the cancel)
    @ParameterizedTest
    @EnumSource(Mode.class)
    void cancelling_the_caller_of_gather_settled_cancels_the_tasks_and_the_caller(Mode mode) {
        Tasks.run(mode, () -> {
            Task<String> done = Weft.spawn(() -> "done");
            Tasks.awaitDone(done);
            Task<String> child1 = blockedForever();
            Task<String> child2 = blockedForever();
            Task<List<Outcome<String>>> caller = Weft.spawn(() -> Weft.gatherSettled(done, child1, child2));
            Tasks.awaitBlocked(caller);

            caller.cancel();

            assertThrows(CancelledException.class, caller::await);
            assertTrue(caller.isCancelled());
            // return_exceptions=True waits for every child before it reports.
            assertTrue(child1.isCancelled());
            assertTrue(child2.isCancelled());
            assertEquals("done", done.result());
        });
    }

    // asyncio: test_tasks.BaseTaskTests.test_cancel_gather_2 (the message reaches the caller)
    @ParameterizedTest
    @EnumSource(Mode.class)
    void the_callers_cancel_message_reaches_the_caller_through_gather_settled(Mode mode) {
        Tasks.run(mode, () -> {
            Task<String> child = blockedForever();
            Task<List<Outcome<String>>> caller = Weft.spawn(() -> Weft.gatherSettled(child));
            Tasks.awaitBlocked(caller);

            caller.cancel("my message");

            CancelledException e = assertThrows(CancelledException.class, caller::await);
            assertEquals("my message", e.getMessage());
            assertTrue(child.isCancelled());
        });
    }

    // ---- arguments ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    @SuppressWarnings("unchecked")
    void null_arguments_are_rejected_with_null_pointer_exception(Mode mode) {
        Tasks.run(mode, () -> {
            Task<String> t = Weft.spawn(() -> "t");
            Set<Task<?>> before = Weft.allTasks();

            assertThrows(NullPointerException.class, () -> Weft.gather((Collection<Task<String>>) null));
            assertThrows(NullPointerException.class, () -> Weft.gather(Arrays.asList(t, null)));
            assertThrows(NullPointerException.class, () -> Weft.gather((Task<String>[]) null));
            assertThrows(NullPointerException.class, () -> Weft.gather(t, null));
            assertThrows(NullPointerException.class, () -> Weft.gather((Callable<String>[]) null));
            assertThrows(NullPointerException.class, () -> Weft.gather(() -> "x", null));
            assertThrows(NullPointerException.class, () -> Weft.gatherSettled((Collection<Task<String>>) null));
            assertThrows(NullPointerException.class, () -> Weft.gatherSettled(Arrays.asList(null, t)));
            assertThrows(NullPointerException.class, () -> Weft.gatherSettled((Task<String>[]) null));
            assertThrows(NullPointerException.class, () -> Weft.gatherSettled(null, t));
            assertThrows(NullPointerException.class, () -> Weft.gatherSettled((Callable<String>[]) null));
            assertThrows(NullPointerException.class, () -> Weft.gatherSettled(null, () -> "x"));

            // A rejected gather of bodies started none of them.
            assertTrue(Weft.allTasks().size() <= before.size());
            assertTrue(before.containsAll(Weft.allTasks()));
            assertEquals("t", t.await());
        });
    }

    // asyncio: test_tasks.CoroutineGatherTests.test_constructor_without_loop
    @Test
    void gather_of_bodies_outside_a_loop_throws_no_running_loop() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Weft.gather(() -> 1, () -> 2));
        assertEquals("no running loop", e.getMessage());
        IllegalStateException settled = assertThrows(IllegalStateException.class, () -> Weft.gatherSettled(() -> 1));
        assertEquals("no running loop", settled.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void gather_of_submitted_tasks_works_from_a_plain_thread(Mode mode) {
        try (Loop loop = mode.loop()) {
            Task<String> a = loop.submit(() -> {
                Weft.sleep(Duration.ZERO);
                return "a";
            });
            Task<String> b = loop.submit(() -> "b");
            assertEquals(List.of("a", "b"), Weft.gather(a, b));
            assertEquals(List.of(new Outcome.Success<>("b"), new Outcome.Success<>("a")), Weft.gatherSettled(b, a));
        }
    }
}
