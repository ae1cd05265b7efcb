package dev.weft;

import static dev.weft.Tasks.events;
import static dev.weft.Tasks.hours;
import static dev.weft.Tasks.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SPEC 2 (the three ways to run tasks) and 4.6 (running and stopping): {@link Weft#run} and {@link Loop}. */
class LoopTest {

    // ---- helpers ------------------------------------------------------------------------------

    private static void assertNoRunningLoop(Executable call) {
        assertEquals("no running loop", assertThrows(IllegalStateException.class, call).getMessage());
    }

    /** Yields forever (until cancelled): a task that never finishes by itself, even on virtual time. */
    private static void yieldForever() {
        for (;;) {
            Weft.sleep(Duration.ZERO);
        }
    }

    // ---- 4.6 Weft.run ---------------------------------------------------------------------------

    @Test
    void weft_run_returns_the_result_of_main() {
        // asyncio: test_runners.RunTests.test_asyncio_run_return
        assertEquals(42, Weft.run(() -> {
            Weft.sleep(Duration.ZERO);
            return 42;
        }));
        List<String> events = events();
        Weft.run(() -> {
            events.add("body ran");
        });
        assertEquals(List.of("body ran"), events);
    }

    @Test
    void weft_run_rethrows_an_unchecked_exception_of_main_as_the_same_object() {
        // asyncio: test_runners.RunTests.test_asyncio_run_raises
        IllegalArgumentException spam = new IllegalArgumentException("spam");
        assertSame(spam, assertThrows(IllegalArgumentException.class, () -> Weft.run(() -> {
            Weft.sleep(Duration.ZERO);
            throw spam;
        })));
    }

    @Test
    void weft_run_wraps_a_checked_exception_of_main_in_task_failed_exception() {
        IOException io = new IOException("disk");
        Callable<Integer> main = () -> {
            Weft.sleep(Duration.ZERO);
            throw io;
        };
        assertSame(io, assertThrows(TaskFailedException.class, () -> Weft.run(main)).getCause());
    }

    @Test
    void weft_run_cancels_the_tasks_main_left_running_and_waits_for_them() {
        // asyncio: test_runners.RunTests.test_asyncio_run_cancels_hanging_tasks
        List<String> events = events();
        AtomicReference<Task<Void>> left = new AtomicReference<>();
        int result = Weft.run(() -> {
            Task<Void> child = Weft.spawn("left running", () -> {
                try {
                    Weft.sleep(hours(10));
                } finally {
                    events.add("child finally");
                }
            });
            left.set(child);
            Tasks.awaitBlocked(child);
            return 123;
        });
        assertEquals(123, result);
        Task<Void> child = left.get();
        assertTrue(child.isDone());
        assertTrue(child.isCancelled());
        assertEquals(List.of("child finally"), events);
        assertFalse(child.fiber.thread().isAlive());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void weft_run_inside_a_task_runs_a_new_independent_loop(Mode mode) {
        // asyncio refuses this (test_runners.RunTests.test_asyncio_run_from_running_loop); SPEC 4.6 allows it.
        int r = Tasks.run(mode, () -> {
            Task<?> outer = Weft.currentTask();
            Loop outerLoop = Loop.current();
            return Weft.run(() -> {
                assertNotSame(outer, Weft.currentTask());
                assertNotSame(outerLoop, Loop.current());
                assertFalse(Weft.allTasks().contains(outer));
                return Weft.gather(() -> 20, () -> 21).stream().mapToInt(Integer::intValue).sum();
            }) + 1;
        });
        assertEquals(42, r);
    }

    // ---- 4.6 Loop.run, submit, close --------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void run_may_be_called_again_on_the_same_loop(Mode mode) {
        // asyncio: test_runners.RunnerTests.test_run, test_run_keeps_context
        List<String> events = events();
        try (Loop loop = mode.loop()) {
            assertEquals("done", loop.run(() -> {
                Weft.sleep(Duration.ZERO);
                return "done";
            }));
            loop.run(() -> {
                events.add("second run");
            });
            assertEquals(3, loop.run(() -> 3));
        }
        assertEquals(List.of("second run"), events);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void tasks_a_run_leaves_behind_keep_running_after_it_returns(Mode mode) throws Exception {
        List<String> events = events();
        try (Loop loop = mode.loop()) {
            Task<String> bg = loop.run(() -> Weft.spawn("bg", () -> {
                for (int i = 0; i < 3; i++) {
                    events.add("bg " + i);
                    Weft.sleep(Duration.ZERO);
                }
                return "bg done";
            }));
            // No run() is in progress now; bg finishes anyway.
            assertEquals("bg done", bg.get());
        }
        assertEquals(List.of("bg 0", "bg 1", "bg 2"), events);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"PARALLEL", "COOPERATIVE"}) // virtual time would end the sleep between runs
    void a_later_run_finds_the_tasks_an_earlier_run_left_and_close_cancels_them(Mode mode) {
        List<String> events = events();
        try (Loop loop = mode.loop()) {
            Task<Void> bg = loop.run(() -> Weft.spawn("bg", () -> {
                try {
                    Weft.sleep(hours(10));
                } finally {
                    events.add("bg finally");
                }
            }));
            assertTrue(loop.run(() -> {
                Tasks.awaitBlocked(bg);
                return Weft.allTasks().contains(bg);
            }));
            assertFalse(bg.isDone());
            assertEquals(Set.of(bg), loop.tasks());
            loop.close();
            assertTrue(bg.isCancelled());
            assertEquals(List.of("bg finally"), events);
            assertFalse(bg.fiber.thread().isAlive());
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void submit_from_a_plain_thread_works_when_no_run_is_active(Mode mode) throws Exception {
        List<String> events = events();
        try (Loop loop = mode.loop()) {
            Task<Integer> t = loop.submit(() -> {
                Weft.sleep(Duration.ZERO);
                return 6 * 7;
            });
            assertEquals(42, t.get());
            assertEquals(42, t.await());
            Task<Void> body = loop.submit(() -> {
                events.add("body ran");
            });
            assertNull(body.get());
        }
        assertEquals(List.of("body ran"), events);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void submit_from_another_thread_during_a_run_joins_the_loop(Mode mode) throws Exception {
        // asyncio: run_coroutine_threadsafe
        try (Loop loop = mode.loop()) {
            AtomicReference<Task<Integer>> submitted = new AtomicReference<>();
            AtomicReference<Task<?>> runner = new AtomicReference<>();
            Thread th = Thread.ofPlatform().unstarted(() -> submitted.set(loop.submit(() -> {
                runner.set(Weft.currentTask());
                return 7;
            })));
            int r = loop.run(() -> {
                th.start();
                until(() -> submitted.get() != null);
                Task<Integer> t = submitted.get();
                int v = t.await();
                assertSame(t, runner.get());
                return v;
            });
            th.join();
            assertEquals(7, r);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void close_cancels_live_tasks_waits_for_their_finally_and_leaves_no_task_thread_alive(Mode mode) {
        List<String> events = events();
        Loop loop = mode.loop();
        List<Task<Void>> live = loop.run(() -> {
            Task<Void> spinner = Weft.spawn("spinner", () -> {
                try {
                    yieldForever();
                } finally {
                    events.add("spinner finally");
                }
            });
            Task<Void> awaiter = Weft.spawn("awaiter", () -> {
                try {
                    spinner.await();
                } finally {
                    events.add("awaiter finally");
                }
            });
            Tasks.awaitBlocked(awaiter);
            return List.of(spinner, awaiter);
        });
        assertEquals(2, loop.tasks().size());
        loop.close();
        assertTrue(loop.isClosed());
        assertEquals(Set.of("spinner finally", "awaiter finally"), new HashSet<>(events));
        assertEquals(2, events.size());
        for (Task<Void> t : live) {
            assertTrue(t.isCancelled(), t.toString());
            assertFalse(t.fiber.thread().isAlive(), t + " still has a live thread");
        }
        assertEquals(Set.of(), loop.tasks());
    }

    /**
     * Submits a task that waits until cancelled, then in its {@code finally} counts {@code
     * cleaning} down and waits for {@code cleanupMayEnd}; returns once it is in its first wait. It
     * must be there before close() cancels it: a task cancelled before it starts runs none of its
     * body (no finally block, so {@code cleaning} would never count down).
     */
    private static Task<Void> waitingTaskWithSlowCleanup(Loop loop, CountDownLatch cleaning, Event cleanupMayEnd) {
        Task<Void> task = loop.submit(() -> {
            try {
                new Event().await();
            } finally {
                cleaning.countDown();
                cleanupMayEnd.await();
            }
        });
        while (!Tasks.isBlocked(task)) {
            Thread.onSpinWait();
        }
        return task;
    }

    // Issue 6.3: close() finishes closing whatever happens to its caller (SPEC 4.6), as
    // StructuredTaskScope.close() does, then hands the interrupt back.
    @ParameterizedTest
    @EnumSource(Mode.class)
    void close_interrupted_while_a_task_cleans_up_still_finishes_closing_then_keeps_the_interrupt(Mode mode)
            throws Exception {
        Loop loop = mode.loop();
        Event cleanupMayEnd = new Event();
        CountDownLatch cleaning = new CountDownLatch(1);
        Task<Void> task = waitingTaskWithSlowCleanup(loop, cleaning, cleanupMayEnd);
        AtomicReference<String> outcome = new AtomicReference<>();
        Thread closer = new Thread(() -> {
            try {
                loop.close();
                outcome.set("returned; task done=" + task.isDone() + ", interrupted=" + Thread.currentThread().isInterrupted());
            } catch (Throwable e) {
                outcome.set("threw " + e + "; task done=" + task.isDone());
            }
        });
        // The task must be in its wait before close() cancels it: cancelled before it starts, it
        // would end without running any of its body, finally included, and `cleaning` never opens.
        while (!Tasks.isBlocked(task)) {
            Thread.onSpinWait();
        }
        closer.start();
        cleaning.await();
        while (closer.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }

        closer.interrupt();
        // Until the closer has taken the interrupt: ended, or parked again with its flag cleared.
        while (!(closer.getState() == Thread.State.TERMINATED
                || (closer.getState() == Thread.State.WAITING && !closer.isInterrupted()))) {
            Thread.onSpinWait();
        }

        assertTrue(closer.isAlive(), "close() gave up while a task was still cleaning up: " + outcome.get());
        cleanupMayEnd.set();
        closer.join();
        assertEquals("returned; task done=true, interrupted=true", outcome.get());
        assertTrue(task.isCancelled());
        assertTrue(loop.isClosed());
        assertThrows(IllegalStateException.class, () -> loop.submit(() -> 1));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void close_cancelled_in_a_task_of_another_loop_still_finishes_closing_then_keeps_the_cancel_pending(Mode mode)
            throws Exception {
        Loop loop = mode.loop();
        Event cleanupMayEnd = new Event();
        CountDownLatch cleaning = new CountDownLatch(1);
        Task<Void> task = waitingTaskWithSlowCleanup(loop, cleaning, cleanupMayEnd);
        try (Loop outer = Loop.parallel()) {
            Task<String> closer = outer.submit(() -> {
                loop.close();
                String r = "returned; task done=" + task.isDone();
                try {
                    Weft.sleep(Duration.ZERO);
                    return r + ", no cancel pending";
                } catch (CancelledException e) {
                    return r + ", then cancelled";
                }
            });
            cleaning.await();
            while (!Tasks.isBlocked(closer)) {
                Thread.onSpinWait();
            }
            var before = closer.fiber.waiter();

            closer.cancel();
            // Until the closer has taken the cancel: ended, or waiting again in a new wait.
            while (!(closer.isDone() || (Tasks.isBlocked(closer) && closer.fiber.waiter() != before))) {
                Thread.onSpinWait();
            }

            assertFalse(closer.isDone(), "close() gave up while a task was still cleaning up");
            cleanupMayEnd.set();
            assertEquals("returned; task done=true, then cancelled", closer.get());
        }
        assertTrue(loop.isClosed());
    }

    // Issue 6.4: once close() has begun, submit is refused; close() returns in bounded time and
    // leaves no task and no task thread alive, whatever another thread submits meanwhile.
    @ParameterizedTest
    @EnumSource(Mode.class)
    void submit_racing_close_is_refused_once_close_began_and_close_leaves_nothing_alive(Mode mode) throws Exception {
        for (int round = 0; round < 20; round++) {
            Loop loop = mode.loop();
            Event never = new Event();
            List<Task<Void>> accepted = new ArrayList<>();
            AtomicReference<IllegalStateException> refused = new AtomicReference<>();
            CountDownLatch submitting = new CountDownLatch(1);
            Thread submitter = new Thread(() -> {
                try {
                    for (;;) {
                        accepted.add(loop.submit(() -> {
                            never.await();
                        }));
                        if (accepted.size() == 10) {
                            submitting.countDown();
                        }
                    }
                } catch (IllegalStateException e) {
                    refused.set(e);
                    submitting.countDown();
                }
            });
            submitter.start();
            submitting.await();

            Thread closer = new Thread(loop::close);
            closer.start();
            closer.join(TimeUnit.SECONDS.toMillis(60)); // a hang guard, not a timing assertion

            assertFalse(closer.isAlive(), "round " + round + ": close() did not return: " + loop);
            submitter.join();
            assertTrue(refused.get() != null, "submit after close() was accepted");
            for (Task<Void> t : accepted) {
                assertTrue(t.isDone(), "round " + round + ": " + t + " outlived close()");
                assertFalse(t.fiber.thread().isAlive(), "round " + round + ": " + t + " has a live thread");
            }
            assertFalse(loop.scheduler.hasFibers());
        }
    }

    /**
     * SPEC 4.2 reports a failure nobody retrieved "when it is garbage-collected", so an open loop
     * must let a finished task go, also the last one to end: the loop keeps that task's thread
     * until it is joined, and the thread held its fiber (its Runnable, and its uncaught-exception
     * handler slot), the fiber the task. Collected after the last exit or never: no race here.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_open_loop_keeps_no_reference_to_the_last_task_that_ended(Mode mode) throws Exception {
        try (Loop loop = mode.loop()) {
            Task<Void> t = loop.submit(() -> { });
            t.get();
            until(() -> !loop.scheduler.hasFibers()); // its thread has exited: nothing runs after it
            WeakReference<Task<Void>> ref = new WeakReference<>(t);
            t = null;
            for (int i = 0; i < 100 && ref.get() != null; i++) { // the bound is a hang guard
                System.gc();
            }
            assertNull(ref.get(), "a finished task is still reachable from its open loop");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_closed_loop_refuses_work_and_close_is_idempotent(Mode mode) {
        // asyncio: test_runners.RunnerTests.test_double_close, test_second_with_block_raises
        Loop loop = mode.loop();
        assertEquals(1, loop.run(() -> 1));
        loop.close();
        assertTrue(loop.isClosed());
        loop.close(); // a no-op
        assertTrue(loop.isClosed());
        assertThrows(IllegalStateException.class, () -> loop.run(() -> 2));
        assertThrows(IllegalStateException.class, () -> loop.run(() -> {
        }));
        assertThrows(IllegalStateException.class, () -> loop.submit(() -> 3));
        assertThrows(IllegalStateException.class, () -> loop.submit(() -> {
        }));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void close_and_run_from_one_of_the_loop_own_tasks_throw_illegal_state_exception(Mode mode) {
        // asyncio: test_runners.RunnerTests.test_recursive_run
        try (Loop loop = mode.loop()) {
            loop.run(() -> {
                assertThrows(IllegalStateException.class, loop::close);
                assertThrows(IllegalStateException.class, () -> loop.run(() -> 1));
                Task<Void> child = Weft.spawn(() -> {
                    assertThrows(IllegalStateException.class, loop::close);
                });
                child.await();
            });
            assertFalse(loop.isClosed());
            assertEquals(2, loop.run(() -> 2)); // still usable
        }
    }

    @Test
    void null_arguments_throw_null_pointer_exception_naming_the_argument() {
        assertEquals("main", assertThrows(NullPointerException.class, () -> Weft.run((Callable<Object>) null)).getMessage());
        assertEquals("main", assertThrows(NullPointerException.class, () -> Weft.run((Body) null)).getMessage());
        try (Loop loop = Loop.cooperative()) {
            assertEquals("main", assertThrows(NullPointerException.class, () -> loop.run((Callable<Object>) null)).getMessage());
            assertEquals("main", assertThrows(NullPointerException.class, () -> loop.run((Body) null)).getMessage());
            assertEquals("body", assertThrows(NullPointerException.class, () -> loop.submit((Callable<Object>) null)).getMessage());
            assertEquals("body", assertThrows(NullPointerException.class, () -> loop.submit((Body) null)).getMessage());
            loop.run(() -> {
                assertEquals("body", assertThrows(NullPointerException.class, () -> Weft.toThread(null)).getMessage());
                assertEquals("executor",
                        assertThrows(NullPointerException.class, () -> Weft.runInExecutor(null, () -> 1)).getMessage());
                assertEquals("body",
                        assertThrows(NullPointerException.class, () -> Weft.runInExecutor(Runnable::run, null)).getMessage());
            });
        }
    }

    // ---- 4.6 no running loop ---------------------------------------------------------------------

    @Test
    void loop_bound_calls_outside_a_loop_throw_no_running_loop() {
        assertNoRunningLoop(() -> Weft.spawn(() -> 1));
        assertNoRunningLoop(() -> Weft.spawn("named", () -> 1));
        assertNoRunningLoop(() -> Weft.spawn(() -> {
        }));
        assertNoRunningLoop(() -> Weft.spawn("named", () -> {
        }));
        assertNoRunningLoop(() -> Weft.gather(() -> 1, () -> 2));
        assertNoRunningLoop(() -> Weft.gatherSettled(() -> 1, () -> 2));
        assertNoRunningLoop(Weft::allTasks);
        assertNoRunningLoop(() -> TaskGroup.run(group -> null));
        assertNoRunningLoop(TaskGroup::open);
        assertNoRunningLoop(() -> Weft.timeout(Duration.ofSeconds(1), scope -> null));
        assertNoRunningLoop(() -> Weft.timeoutAt(Long.MAX_VALUE, scope -> null));
        assertNoRunningLoop(() -> Weft.waitFor(Duration.ofSeconds(1), () -> 1));
        assertNoRunningLoop(() -> Weft.toThread(() -> 1));
    }

    // ---- current task, all tasks, the clock -----------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void current_task_is_null_on_a_plain_thread_and_the_running_task_inside_one(Mode mode) throws Exception {
        assertNull(Weft.currentTask());
        try (Loop loop = mode.loop()) {
            AtomicReference<Task<?>> seen = new AtomicReference<>();
            Task<Void> t = loop.submit(() -> {
                seen.set(Weft.currentTask());
            });
            t.get();
            assertSame(t, seen.get());
            assertNull(loop.run(() -> Weft.toThread(Weft::currentTask)), "a toThread thread is not a task");
        }
        assertNull(Weft.currentTask());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void all_tasks_lists_the_unfinished_tasks_of_the_current_loop(Mode mode) {
        Tasks.run(mode, () -> {
            Task<?> main = Weft.currentTask();
            Task<Integer> finished = Weft.spawn(() -> 1);
            Task<Void> sleeping = Weft.spawn(() -> Weft.sleep(hours(10)));
            Tasks.awaitDone(finished);
            Tasks.awaitBlocked(sleeping);
            assertEquals(Set.<Task<?>>of(main, sleeping), Weft.allTasks());
            assertEquals(Set.<Task<?>>of(main, sleeping), Loop.current().tasks());
            sleeping.cancel();
            Weft.wait(List.of(sleeping));
            assertEquals(Set.<Task<?>>of(main), Weft.allTasks());
        });
    }

    @Test
    void the_virtual_clock_starts_at_zero_and_advances_exactly_by_the_sleeps() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            Loop loop = Loop.current();
            assertEquals(0, Weft.now());
            assertEquals(0, loop.now());
            Weft.sleep(Duration.ZERO);
            assertEquals(0, Weft.now());
            Weft.sleep(hours(1));
            assertEquals(hours(1).toNanos(), Weft.now());
            Weft.sleep(Duration.ofMillis(1500));
            assertEquals(hours(1).plusMillis(1500).toNanos(), Weft.now());
            Weft.sleep(Duration.ofNanos(1));
            assertEquals(hours(1).plusMillis(1500).toNanos() + 1, Weft.now());
            assertEquals(Weft.now(), loop.now());
        });
    }

    // ---- 2: cooperative mode ---------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void ready_tasks_run_in_fifo_order_at_each_sleep_zero(Mode mode) {
        List<String> events = new ArrayList<>(); // no lock: one task runs at a time
        Tasks.run(mode, () -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                tasks.add(Weft.spawn(name, () -> {
                    for (int i = 0; i < 3; i++) {
                        events.add(name + i);
                        Weft.sleep(Duration.ZERO);
                    }
                }));
            }
            events.add("main spawned all");
            Weft.gather(tasks);
            events.add("main gathered");
        });
        assertEquals(List.of("main spawned all", "a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2", "main gathered"),
                events);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void ready_tasks_run_in_fifo_order_when_more_are_ready_than_the_ready_queue_first_holds(Mode mode) {
        // The ready queue is a ring of 16 slots at first: 40 tasks make it grow while it wraps.
        int n = 40;
        List<String> events = new ArrayList<>();
        Tasks.run(mode, () -> {
            List<Task<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                String name = "t" + t;
                tasks.add(Weft.spawn(name, () -> {
                    for (int i = 0; i < 3; i++) {
                        events.add(name + "." + i);
                        Weft.sleep(Duration.ZERO);
                    }
                }));
                if (t == 9) {
                    Weft.sleep(Duration.ZERO); // ten take a turn first: the ring's head moves before it grows
                }
            }
            Weft.gather(tasks);
        });
        // The first ten run a turn ahead of the thirty spawned after main's sleep(0).
        List<String> expected = new ArrayList<>();
        int[][] turns = {{0, 10, 0}, {0, 10, 1}, {10, n, 0}, {0, 10, 2}, {10, n, 1}, {10, n, 2}}; // from, to, round
        for (int[] turn : turns) {
            for (int t = turn[0]; t < turn[1]; t++) {
                expected.add("t" + t + "." + turn[2]);
            }
        }
        assertEquals(expected, events);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void code_between_suspension_points_is_atomic(Mode mode) {
        int tasks = 20;
        int rounds = 50;
        int[] counter = {0}; // a plain int: no lock, no atomic
        Tasks.run(mode, () -> {
            List<Task<Void>> all = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                all.add(Weft.spawn(() -> {
                    for (int r = 0; r < rounds; r++) {
                        int read = counter[0];
                        for (int spin = 0; spin < 100; spin++) {
                            Thread.onSpinWait(); // widen the read-modify-write window
                        }
                        counter[0] = read + 1;
                        Weft.sleep(Duration.ZERO); // the suspension point, outside the critical section
                    }
                }));
            }
            Weft.gather(all);
        });
        assertEquals(tasks * rounds, counter[0]);
    }

    /** A mix of spawns, yields, awaits and (on virtual time) timed sleeps, recorded in order. */
    private static List<String> scenario(Mode mode) {
        List<String> events = new ArrayList<>();
        boolean virtual = mode == Mode.VIRTUAL_TIME;
        Tasks.run(mode, () -> {
            List<Task<Integer>> workers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int id = i;
                workers.add(Weft.spawn("w" + id, () -> {
                    int sum = 0;
                    for (int j = 0; j < 3; j++) {
                        events.add("w" + id + " step " + j + (virtual ? " at " + Weft.now() : ""));
                        switch ((id + j) % 3) {
                            case 0 -> Weft.sleep(virtual ? Duration.ofSeconds(3 - id % 3) : Duration.ZERO);
                            case 1 -> {
                                int jj = j;
                                sum += Weft.spawn(() -> {
                                    events.add("child of w" + id + " #" + jj);
                                    Weft.sleep(Duration.ZERO);
                                    return jj;
                                }).await();
                            }
                            default -> Weft.sleep(Duration.ZERO);
                        }
                    }
                    return sum;
                }));
            }
            events.add("results " + Weft.gather(workers));
        });
        return events;
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void a_cooperative_run_is_deterministic(Mode mode) {
        List<String> first = scenario(mode);
        List<String> second = scenario(mode);
        assertEquals(4 * 3 + 4 + 1, first.size(), first.toString()); // 12 steps, 4 children, the results
        assertEquals(first, second);
    }

    // ---- 2: virtual time -------------------------------------------------------------------------

    @Test
    void timers_fire_in_deadline_order_then_creation_order_at_their_exact_virtual_time() {
        long[] minutes = {5, 3, 5, 1, 3, 60, 2, 1, 5, 2, 60, 3};
        List<String> events = new ArrayList<>();
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            List<Task<Void>> all = new ArrayList<>();
            for (int i = 0; i < minutes.length; i++) {
                int id = i;
                all.add(Weft.spawn(() -> {
                    Weft.sleep(Duration.ofMinutes(minutes[id]));
                    events.add(id + "@" + Weft.now());
                }));
            }
            Weft.gather(all);
            assertEquals(Duration.ofMinutes(60).toNanos(), Weft.now());
        });
        List<String> expected = IntStream.range(0, minutes.length).boxed()
                .sorted(Comparator.<Integer>comparingLong(i -> minutes[i]).thenComparing(i -> i))
                .map(i -> i + "@" + Duration.ofMinutes(minutes[i]).toNanos())
                .toList();
        assertEquals(expected, events);
    }

    @Test
    void to_thread_on_virtual_time_stops_the_clock_while_the_thread_works() {
        List<String> events = events();
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            Loop loop = Loop.current();
            Task<?> main = Weft.currentTask();
            Task<Void> sleeper = Weft.spawn("sleeper", () -> {
                Weft.sleep(hours(1));
                events.add("sleeper woke at " + Weft.now());
            });
            Task<String> worker = Weft.spawn("worker", () -> {
                Task<?> me = Weft.currentTask();
                String r = Weft.toThread(() -> {
                    // Wait until every task of the loop waits: the moment the clock would jump to
                    // the sleeper's timer, were it allowed to while this thread works.
                    while (!sleeper.isDone()
                            && !(Tasks.isBlocked(main) && Tasks.isBlocked(sleeper) && Tasks.isBlocked(me))) {
                        Thread.onSpinWait();
                    }
                    events.add("thread sees the clock at " + loop.now());
                    return "r";
                });
                events.add("worker got " + r + " at " + Weft.now());
                return r;
            });
            assertEquals("r", worker.await());
            sleeper.await();
            events.add("main at " + Weft.now());
        });
        long hour = hours(1).toNanos();
        assertEquals(List.of("thread sees the clock at 0", "worker got r at 0", "sleeper woke at " + hour, "main at " + hour),
                events);
    }

    // ---- 2: parallel mode ------------------------------------------------------------------------

    @Test
    void parallel_tasks_truly_run_at_the_same_time() {
        // Two parties meeting at a JDK CyclicBarrier: impossible if only one task could run at a time.
        List<Integer> indices = Tasks.run(Mode.PARALLEL, () -> {
            CyclicBarrier barrier = new CyclicBarrier(2);
            Callable<Integer> party = () -> barrier.await(1, TimeUnit.MINUTES); // the timeout only guards a hang
            return Weft.gather(party, party);
        });
        assertEquals(Set.of(0, 1), new HashSet<>(indices));
    }

    // ---- toThread, runInExecutor -----------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void to_thread_runs_on_a_platform_thread_and_returns_the_result_or_rethrows(Mode mode) {
        Tasks.run(mode, () -> {
            assertFalse(Weft.toThread(() -> Thread.currentThread().isVirtual()));
            assertNotSame(Thread.currentThread(), Weft.toThread(Thread::currentThread));
            assertEquals("result", Weft.toThread(() -> "result"));
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            assertSame(boom, assertThrows(IllegalArgumentException.class, () -> Weft.toThread(() -> {
                throw boom;
            })));
            IOException io = new IOException("disk");
            assertSame(io, assertThrows(TaskFailedException.class, () -> Weft.toThread(() -> {
                throw io;
            })).getCause());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void run_in_executor_uses_the_given_executor(Mode mode) {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "custom-executor"));
        AtomicInteger calls = new AtomicInteger();
        Executor counting = r -> {
            calls.incrementAndGet();
            pool.execute(r);
        };
        try {
            Tasks.run(mode, () -> {
                assertEquals("custom-executor", Weft.runInExecutor(counting, () -> Thread.currentThread().getName()));
                IllegalArgumentException boom = new IllegalArgumentException("boom");
                assertSame(boom, assertThrows(IllegalArgumentException.class, () -> Weft.runInExecutor(counting, () -> {
                    throw boom;
                })));
            });
            assertEquals(2, calls.get());
            // From a plain thread too.
            assertEquals(5, Weft.runInExecutor(counting, () -> 5));
            assertEquals(3, calls.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
