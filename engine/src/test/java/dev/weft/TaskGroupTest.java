package dev.weft;

import static dev.weft.Tasks.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.weft.TaskGroup.State;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SPEC 4.5: {@link TaskGroup}, in both forms ({@code run(body)} and open/spawn/join/close), ported
 * from CPython 3.13 {@code test_asyncio/test_taskgroups.py}.
 *
 * <p>Tasks are ordered by state ({@link #until}, {@link Tasks#isBlocked}), never by time: a child
 * that asyncio makes fail "after 0.1 s" here fails once the tasks it races with are parked. A
 * sleep of an hour is a wait that only a cancellation ends (on virtual time the clock would jump
 * to it only when every task waits, which these tests never let happen before the cancel).
 */
// A hang guard, not a timing assertion: an engine bug must fail the test, not stall the build.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskGroupTest {
    private static final Duration HOUR = Duration.ofHours(1);

    /** asyncio's MyExc. */
    static final class MyExc extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MyExc(String message) {
            super(message);
        }
    }

    /** Stands for asyncio's MyBaseExc: a Throwable that is not an Exception. */
    static final class MyError extends Error {
        private static final long serialVersionUID = 1L;

        MyError(String message) {
            super(message);
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    private static boolean allBlocked(Collection<? extends Task<?>> tasks) {
        for (Task<?> t : tasks) {
            if (!Tasks.isBlocked(t)) {
                return false;
            }
        }
        return true;
    }

    private static void assertAllDone(Collection<? extends Task<?>> tasks) {
        for (Task<?> t : tasks) {
            assertTrue(t.isDone(), () -> t + " still running after the group was left");
        }
    }

    private static void assertAllCancelled(Collection<? extends Task<?>> tasks) {
        for (Task<?> t : tasks) {
            assertTrue(t.isCancelled(), () -> t + " is not cancelled");
        }
    }

    private static List<Class<?>> types(TaskGroupException e) {
        List<Class<?>> l = new ArrayList<>();
        for (Throwable t : e.exceptions()) {
            l.add(t.getClass());
        }
        return l;
    }

    /** The invariants of every TaskGroupException: non-empty, first = cause, asyncio's message. */
    private static TaskGroupException checked(TaskGroupException e) {
        assertFalse(e.exceptions().isEmpty());
        assertSame(e.exceptions().get(0), e.getCause());
        assertTrue(e.getMessage().startsWith("unhandled errors in a TaskGroup"), e.getMessage());
        return e;
    }

    /** A child body that sleeps an hour and counts its cancellation. */
    private static Callable<Integer> sleeper(AtomicInteger cancelled) {
        return () -> {
            try {
                Weft.sleep(HOUR);
            } catch (CancelledException e) {
                cancelled.incrementAndGet();
                throw e;
            }
            return 1;
        };
    }

    // ---- the body and the children ----------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void run_waits_for_every_child_and_returns_the_bodys_result(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_01
        Tasks.run(mode, () -> {
            List<Task<Integer>> kids = new ArrayList<>();
            String r = TaskGroup.run(g -> {
                kids.add(g.spawn(() -> {
                    Weft.sleep(Duration.ofMillis(1));
                    return 42;
                }));
                kids.add(g.spawn(() -> {
                    Weft.sleep(Duration.ofMillis(2));
                    return 11;
                }));
                return "body";
            });
            assertEquals("body", r);
            assertAllDone(kids);
            assertEquals(42, kids.get(0).result());
            assertEquals(11, kids.get(1).result());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void children_spawned_after_the_body_suspended_are_waited_for_too(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_02
        Tasks.run(mode, () -> {
            List<Task<Integer>> kids = new ArrayList<>();
            TaskGroup.run(g -> {
                kids.add(g.spawn(() -> {
                    Weft.sleep(Duration.ofMillis(1));
                    return 42;
                }));
                Weft.sleep(Duration.ofMillis(1));
                kids.add(g.spawn(() -> {
                    Weft.sleep(Duration.ofMillis(2));
                    return 11;
                }));
                return null;
            });
            assertAllDone(kids);
            assertEquals(42, kids.get(0).result());
            assertEquals(11, kids.get(1).result());
        });
    }

    @Test
    void run_returns_when_the_last_child_finishes_on_the_virtual_clock() {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_02, with its timings
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long start = Weft.now();
            List<String> events = new ArrayList<>();
            TaskGroup.run(g -> {
                g.spawn(() -> {
                    Weft.sleep(Duration.ofMillis(100));
                    events.add("t1 done at " + (Weft.now() - start) / 1_000_000);
                });
                Weft.sleep(Duration.ofMillis(150));
                events.add("body spawns t2 at " + (Weft.now() - start) / 1_000_000);
                g.spawn(() -> {
                    Weft.sleep(Duration.ofMillis(200));
                    events.add("t2 done at " + (Weft.now() - start) / 1_000_000);
                });
                return null;
            });
            events.add("run returned at " + (Weft.now() - start) / 1_000_000);
            assertEquals(List.of("t1 done at 100", "body spawns t2 at 150", "t2 done at 350", "run returned at 350"),
                    events);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void the_body_runs_in_the_current_task_and_children_in_tasks_of_their_own(Mode mode) {
        Tasks.run(mode, () -> {
            Task<?> me = Weft.currentTask();
            AtomicReference<Task<?>> inBody = new AtomicReference<>();
            Task<Task<?>> child = TaskGroup.run(g -> {
                inBody.set(Weft.currentTask());
                return g.spawn(Weft::currentTask);
            });
            assertSame(me, inBody.get());
            assertSame(child, child.result());
            assertNotSame(me, child.result());
            // The explicit form: the owner is the task that opened the group.
            try (TaskGroup g = TaskGroup.open()) {
                Task<Task<?>> c = g.spawn(Weft::currentTask);
                g.join();
                assertSame(c, c.result());
            }
            assertSame(me, Weft.currentTask());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_child_gets_the_name_it_was_spawned_with(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_task_name
        Tasks.run(mode, () -> {
            TaskGroup.run(g -> {
                Task<Void> t = g.spawn("yolo", () -> Weft.sleep(Duration.ZERO));
                assertEquals("yolo", t.name());
                Task<String> u = g.spawn("named", () -> "x");
                assertEquals("named", u.name());
                return null;
            });
            try (TaskGroup g = TaskGroup.open()) {
                assertEquals("yolo2", g.spawn("yolo2", () -> 1).name());
                g.join();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_child_cancelled_by_someone_else_does_not_fail_the_group(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_03
        Tasks.run(mode, () -> {
            List<Task<Integer>> kids = new ArrayList<>();
            TaskGroup.run(g -> {
                Task<Integer> t1 = g.spawn(() -> {
                    Weft.sleep(HOUR);
                    return 42;
                });
                kids.add(t1);
                Tasks.awaitBlocked(t1);
                // cancel t1 explicitly: everything else goes on as usual
                assertTrue(t1.cancel());
                kids.add(g.spawn(() -> {
                    Weft.sleep(Duration.ofMillis(1));
                    return 11;
                }));
                // a child ending in a CancelledException of its own is a cancellation too
                kids.add(g.spawn(() -> {
                    throw new CancelledException("gave up");
                }));
                return null;
            });
            assertAllDone(kids);
            assertTrue(kids.get(0).isCancelled());
            assertEquals(11, kids.get(1).result());
            assertTrue(kids.get(2).isCancelled());
            assertEquals(0, Weft.currentTask().cancelling());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void run_waits_for_a_thousand_children(Mode mode) {
        Tasks.run(mode, () -> {
            List<Task<Integer>> kids = new ArrayList<>();
            TaskGroup.run(g -> {
                for (int i = 0; i < 1000; i++) {
                    int n = i;
                    kids.add(g.spawn(() -> {
                        Weft.sleep(Duration.ZERO);
                        return n;
                    }));
                }
                return null;
            });
            assertAllDone(kids);
            long sum = 0;
            for (Task<Integer> t : kids) {
                sum += t.result();
            }
            assertEquals(999 * 1000 / 2, sum);
        });
    }

    @Test
    void a_child_in_a_jdk_blocking_call_is_cancelled_by_interrupt_and_is_no_error() {
        // SPEC 4.1: cancel() interrupts the task's thread; a body ending in InterruptedException
        // after a request is cancelled. Parallel only: in a cooperative loop a JDK blocking call
        // would block the whole loop.
        Tasks.run(Mode.PARALLEL, () -> {
            AtomicReference<Task<?>> blocking = new AtomicReference<>();
            TaskGroupException e = assertThrows(TaskGroupException.class, () -> TaskGroup.run(g -> {
                Task<Void> t = g.spawn(() -> {
                    new java.util.concurrent.CountDownLatch(1).await(); // a JDK blocking call, never counted down
                    return null;
                });
                blocking.set(t);
                until(() -> t.fiber.thread().getState() == Thread.State.WAITING);
                g.spawn(() -> {
                    throw new MyExc("fail");
                });
                return null;
            }));
            assertEquals(List.of(MyExc.class), types(checked(e)));
            assertTrue(blocking.get().isCancelled());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void children_may_spawn_more_children_into_the_same_group(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_24
        Tasks.run(mode, () -> {
            List<Task<?>> all = new CopyOnWriteArrayList<>();
            TaskGroup.run(g -> {
                all.add(g.spawn(() -> {
                    Weft.sleep(Duration.ofMillis(1));
                    all.add(g.spawn(() -> {
                        Weft.sleep(Duration.ofMillis(1));
                        return "grandchild 1";
                    }));
                    all.add(g.spawn(() -> {
                        Weft.sleep(Duration.ofMillis(2));
                        all.add(g.spawn(() -> "great-grandchild"));
                        return "grandchild 2";
                    }));
                    return "root";
                }));
                return null;
            });
            assertEquals(4, all.size());
            assertAllDone(all);
            List<Object> results = new ArrayList<>();
            for (Task<?> t : all) {
                results.add(t.result());
            }
            assertEquals(Set.of("root", "grandchild 1", "grandchild 2", "great-grandchild"), Set.copyOf(results));
        });
    }

    @ParameterizedTest
    @EnumSource(names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void children_that_keep_spawning_children_are_all_cancelled_by_a_failure(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_25 (hydra and hercules). Cooperative
        // only: in a parallel loop a hydra between its sleep and its spawn is not at a suspension
        // point when hercules fails, so its spawn meets the shutting-down group (see
        // spawning_into_a_group_that_is_shutting_down_throws_IllegalStateException).
        Tasks.run(mode, () -> {
            AtomicInteger hydras = new AtomicInteger();
            ArithmeticException slain = new ArithmeticException("/ by zero");
            TaskGroupException e = assertThrows(TaskGroupException.class, () -> TaskGroup.run(g -> {
                g.spawn(hydra(g, hydras));
                g.spawn(() -> {
                    until(() -> hydras.get() >= 10);
                    throw slain;
                });
                return null;
            }));
            assertEquals(List.of(slain), checked(e).exceptions());
            assertTrue(hydras.get() >= 10, "hydras: " + hydras.get());
        });
    }

    private static Body hydra(TaskGroup g, AtomicInteger hydras) {
        return () -> {
            hydras.incrementAndGet();
            Weft.sleep(Duration.ZERO);
            g.spawn(hydra(g, hydras));
            g.spawn(hydra(g, hydras));
        };
    }

    /**
     * weft: a child's body is called by its fiber's runBody, as every task's (TaskTest), also when
     * the JDK's StructuredTaskScope starts it (JDK 25 with --enable-preview, parallel loops; the
     * failsafe run): between the thread's start and runBody only the scope's wrapper, no frame of
     * dev.weft's own (it was Fiber.runTask, Task$Runner.accept and Task.run).
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_child_body_runs_right_above_its_fiber_start(Mode mode) {
        List<StackWalker.StackFrame> frames = Tasks.run(mode, () -> TaskGroup.run(g -> g.spawn(Tasks::bodyStack))).resultNow();
        int start = Tasks.assertCalledByItsFiber(frames);
        for (int i = 2; i < start; i++) {
            assertFalse(frames.get(i).getClassName().matches("dev\\.weft\\.[^.]+"), Tasks.show(frames));
        }
    }

    // ---- a failing child ------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_failing_child_cancels_its_siblings_and_run_throws_TaskGroupException(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_04
        Tasks.run(mode, () -> {
            AtomicInteger num = new AtomicInteger();
            AtomicBoolean t2Cancel = new AtomicBoolean();
            AtomicReference<Task<?>> t2 = new AtomicReference<>();
            ArithmeticException boom = new ArithmeticException("/ by zero");
            Task<Void> runner = Weft.spawn(() -> {
                TaskGroup.run(g -> {
                    Task<Void> foo2 = g.spawn(() -> {
                        try {
                            Weft.sleep(HOUR);
                        } catch (CancelledException e) {
                            t2Cancel.set(true);
                            throw e;
                        }
                        num.addAndGet(1);
                    });
                    t2.set(foo2);
                    g.spawn(() -> {
                        Tasks.awaitBlocked(foo2);
                        throw boom;
                    });
                    return null;
                });
                num.addAndGet(10);
            });
            TaskGroupException e = assertThrows(TaskGroupException.class, runner::await);
            assertEquals(List.of(boom), checked(e).exceptions());
            assertSame(boom, e.getCause());
            assertEquals(0, num.get());
            assertTrue(t2Cancel.get());
            assertTrue(t2.get().isCancelled());
            assertFalse(runner.isCancelled());
            assertSame(e, runner.exception());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_failing_child_cancels_the_other_children_and_the_body_suspended_in_sleep(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_cancel_children_on_child_error
        Tasks.run(mode, () -> {
            AtomicInteger num = new AtomicInteger();
            List<String> events = new CopyOnWriteArrayList<>();
            List<Task<?>> kids = new CopyOnWriteArrayList<>();
            Task<Void> runner = Weft.spawn(() -> {
                TaskGroup.run(g -> {
                    Task<?> owner = Weft.currentTask();
                    Task<Void> foo2 = g.spawn(() -> {
                        try {
                            Weft.sleep(HOUR);
                        } catch (CancelledException e) {
                            events.add("foo2 cancelled");
                            throw e;
                        }
                        num.addAndGet(1);
                    });
                    kids.add(foo2);
                    for (int i = 0; i < 3; i++) {
                        String name = "foo1-" + i;
                        kids.add(g.spawn(name, () -> {
                            until(() -> Tasks.isBlocked(owner) && Tasks.isBlocked(foo2));
                            throw new ArithmeticException(name);
                        }));
                    }
                    try {
                        Weft.sleep(HOUR);
                    } catch (CancelledException e) {
                        events.add("body cancelled");
                        throw e;
                    }
                    events.add("body slept an hour");
                    return null;
                });
                num.addAndGet(10);
            });
            TaskGroupException e = assertThrows(TaskGroupException.class, runner::await);
            checked(e);
            // The three children can race in a parallel loop: 1 to 3 of them may fail.
            assertTrue(e.exceptions().size() >= 1 && e.exceptions().size() <= 3, e.exceptions().toString());
            for (Throwable t : e.exceptions()) {
                assertInstanceOf(ArithmeticException.class, t);
            }
            if (mode.cooperative()) {
                // The first to fail cancels the other two before they run again.
                assertEquals(1, e.exceptions().size());
            }
            assertEquals(0, num.get());
            assertEquals(Set.of("foo2 cancelled", "body cancelled"), Set.copyOf(events));
            assertEquals(2, events.size());
            assertAllDone(kids);
            assertTrue(kids.get(0).isCancelled());
            assertEquals(0, runner.cancelling(), "the group takes back the cancellation it sent its owner");
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_exception_from_the_body_cancels_the_children_and_is_in_the_TaskGroupException(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_09 (after a suspension) and
        // test_taskgroup_10 (before any)
        for (boolean suspendFirst : new boolean[] {true, false}) {
            Tasks.run(mode, () -> {
                List<Task<Integer>> kids = new ArrayList<>();
                MyExc boom = new MyExc("body");
                TaskGroupException e = assertThrows(TaskGroupException.class, () -> TaskGroup.run(g -> {
                    kids.add(g.spawn(() -> {
                        Weft.sleep(HOUR);
                        return 42;
                    }));
                    kids.add(g.spawn(() -> {
                        Weft.sleep(HOUR.multipliedBy(2));
                        return 11;
                    }));
                    if (suspendFirst) {
                        Weft.sleep(Duration.ofMillis(1));
                    }
                    throw boom;
                }));
                assertEquals(List.of(boom), checked(e).exceptions());
                assertAllDone(kids);
                assertAllCancelled(kids);
                assertEquals(0, Weft.currentTask().cancelling());
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void failures_of_the_children_and_of_the_body_are_kept_in_the_order_they_happened(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_19 (asyncio compares sets; weft
        // promises the order in which they happened, the child's first here)
        Tasks.run(mode, () -> {
            ArithmeticException crash = new ArithmeticException("crash soon");
            MyExc nested = new MyExc("nested");
            Task<Void> runner = Weft.spawn(() -> TaskGroup.run(g -> {
                Task<?> owner = Weft.currentTask();
                g.spawn(() -> {
                    Tasks.awaitBlocked(owner);
                    throw crash;
                });
                try {
                    Weft.sleep(HOUR);
                } finally {
                    throw nested;
                }
            }));
            TaskGroupException e = assertThrows(TaskGroupException.class, runner::await);
            assertEquals(List.of(crash, nested), checked(e).exceptions());
            assertSame(crash, e.getCause());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_error_that_is_not_an_exception_is_collected_like_one(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_20a and test_taskgroup_21a
        // (BaseException subclasses other than KeyboardInterrupt/SystemExit go into the group)
        Tasks.run(mode, () -> {
            MyError error = new MyError("base");
            IllegalArgumentException typeError = new IllegalArgumentException("type error");
            TaskGroupException e = assertThrows(TaskGroupException.class, () -> TaskGroup.run(g -> {
                Task<?> owner = Weft.currentTask();
                g.spawn(() -> {
                    Tasks.awaitBlocked(owner);
                    throw error;
                });
                try {
                    Weft.sleep(HOUR);
                } finally {
                    throw typeError;
                }
            }));
            assertEquals(List.of(error, typeError), checked(e).exceptions());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void checked_exceptions_of_children_and_body_are_kept_unwrapped(Mode mode) {
        // SPEC 3: TaskGroupException.exceptions() holds the originals
        Tasks.run(mode, () -> {
            IOException child = new IOException("child");
            Exception body = new Exception("body");
            TaskGroupException e = assertThrows(TaskGroupException.class, () -> TaskGroup.run(g -> {
                Task<?> owner = Weft.currentTask();
                g.spawn(() -> {
                    Tasks.awaitBlocked(owner);
                    throw child;
                });
                try {
                    Weft.sleep(HOUR);
                } catch (CancelledException c) {
                    throw body;
                }
                return null;
            }));
            assertEquals(List.of(child, body), checked(e).exceptions());
            assertSame(child, e.getCause());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void the_bodys_exception_comes_before_the_errors_it_causes_in_the_children(Mode mode) {
        // SPEC 4.5 / 3: exceptions() in the order they happened. asyncio appends the body's
        // exception after the children's (test_taskgroups has no test of the order); weft
        // records it when the body throws, so it comes first, and is the cause.
        Tasks.run(mode, () -> {
            MyExc body = new MyExc("body");
            List<Task<?>> kids = new ArrayList<>();
            TaskGroupException e = assertThrows(TaskGroupException.class, () -> TaskGroup.run(g -> {
                for (int i = 0; i < 2; i++) {
                    String name = "child-" + i;
                    kids.add(g.spawn(() -> {
                        try {
                            Weft.sleep(HOUR);
                        } finally {
                            throw new IllegalStateException(name);
                        }
                    }));
                }
                until(() -> allBlocked(kids));
                throw body;
            }));
            assertEquals(List.of(MyExc.class, IllegalStateException.class, IllegalStateException.class), types(checked(e)));
            assertSame(body, e.getCause());
            assertAllDone(kids);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void the_owners_cancelling_count_is_restored_after_the_group_cancelled_it(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_cancelling_level_preserved
        Tasks.run(mode, () -> {
            Task<?> me = Weft.currentTask();
            TaskGroupException e = assertThrows(TaskGroupException.class, () -> TaskGroup.run(g -> {
                g.spawn(() -> {
                    Weft.sleep(Duration.ZERO);
                    throw new IllegalStateException("raise after 0");
                });
                Weft.sleep(HOUR); // cancelled by the group
                return null;
            }));
            assertInstanceOf(IllegalStateException.class, checked(e).getCause());
            assertEquals(0, me.cancelling());
            // and no cancellation is left pending for the owner's next suspension point
            Weft.sleep(Duration.ZERO);
            Weft.sleep(Duration.ofMillis(1));
            assertEquals(0, me.cancelling());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_exception_raised_on_the_way_out_of_the_body_is_reported_with_the_childs(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_context_manager_exit_raises
        Tasks.run(mode, () -> {
            Task<?> me = Weft.currentTask();
            MyExc fromChild = new MyExc("raise_exc");
            MyExc fromDatabase = new MyExc("database");
            TaskGroupException e = assertThrows(TaskGroupException.class, () -> TaskGroup.run(g -> {
                try {
                    g.spawn(() -> {
                        throw fromChild;
                    });
                    Weft.sleep(HOUR);
                } finally {
                    throw fromDatabase;
                }
            }));
            assertEquals(0, me.cancelling());
            assertEquals(List.of(fromChild, fromDatabase), checked(e).exceptions());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void spawning_into_a_group_that_is_shutting_down_throws_IllegalStateException(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_no_create_task_after_failure
        Tasks.run(mode, () -> {
            List<String> events = new CopyOnWriteArrayList<>();
            TaskGroupException e = assertThrows(TaskGroupException.class, () -> TaskGroup.run(g -> {
                Task<Void> coro2 = g.spawn(() -> {
                    try {
                        Weft.sleep(HOUR);
                    } catch (CancelledException c) {
                        IllegalStateException ise = assertThrows(IllegalStateException.class,
                                () -> g.spawn(() -> events.add("spawned late")));
                        events.add("child: " + ise.getMessage());
                        throw c;
                    }
                });
                g.spawn(() -> {
                    Tasks.awaitBlocked(coro2);
                    throw new ArithmeticException("/ by zero");
                });
                try {
                    Weft.sleep(HOUR);
                } catch (CancelledException c) {
                    // the body too is past the point where it may spawn
                    IllegalStateException ise = assertThrows(IllegalStateException.class,
                            () -> g.spawn(() -> events.add("spawned late")));
                    events.add("body: " + ise.getMessage());
                    throw c;
                }
                return null;
            }));
            assertEquals(List.of(ArithmeticException.class), types(checked(e)));
            assertEquals(2, events.size(), events.toString());
            for (String ev : events) {
                assertTrue(ev.endsWith("is shutting down"), ev);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void spawning_into_a_finished_group_throws_IllegalStateException(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_finished and
        // test_coro_closed_when_tg_closed
        Tasks.run(mode, () -> {
            TaskGroup ran = TaskGroup.run(g -> g);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ran.spawn(() -> 1));
            assertTrue(e.getMessage().endsWith("is finished"), e.getMessage());

            TaskGroup joined = TaskGroup.open();
            joined.spawn(() -> 1);
            joined.join();
            e = assertThrows(IllegalStateException.class, () -> joined.spawn(() -> 1));
            assertTrue(e.getMessage().endsWith("is finished"), e.getMessage());
            joined.close();

            TaskGroup closed = TaskGroup.open();
            closed.close();
            e = assertThrows(IllegalStateException.class, () -> closed.spawn(() -> Weft.sleep(Duration.ZERO)));
            assertTrue(e.getMessage().endsWith("is finished"), e.getMessage());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void when_run_returns_or_throws_no_child_is_still_running(Mode mode) {
        // SPEC 4.5: the structured-concurrency guarantee, with children that take several
        // suspension points to unwind.
        Tasks.run(mode, () -> {
            List<Task<?>> kids = new CopyOnWriteArrayList<>();
            AtomicInteger cleanedUp = new AtomicInteger();
            Callable<Void> slowToUnwind = () -> {
                try {
                    Weft.sleep(HOUR);
                } finally {
                    for (int i = 0; i < 3; i++) {
                        Weft.sleep(Duration.ZERO);
                    }
                    Weft.sleep(Duration.ofMillis(1));
                    cleanedUp.incrementAndGet();
                }
                return null;
            };
            assertThrows(TaskGroupException.class, () -> TaskGroup.run(g -> {
                for (int i = 0; i < 4; i++) {
                    kids.add(g.spawn(slowToUnwind));
                }
                kids.add(g.spawn(() -> {
                    until(() -> allBlocked(kids.subList(0, 4)));
                    throw new MyExc("fail");
                }));
                return null;
            }));
            assertAllDone(kids);
            assertEquals(4, cleanedUp.get());
            assertAllCancelled(kids.subList(0, 4));

            List<Task<?>> more = new CopyOnWriteArrayList<>();
            TaskGroup.run(g -> {
                for (int i = 0; i < 4; i++) {
                    more.add(g.spawn(() -> {
                        for (int j = 0; j < 3; j++) {
                            Weft.sleep(Duration.ZERO);
                        }
                        Weft.sleep(Duration.ofMillis(1));
                        return "ok";
                    }));
                }
                return null;
            });
            assertAllDone(more);
        });
    }

    // ---- cancellation from outside ------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void outside_cancellation_cancels_the_children_waits_for_them_and_propagates(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_cancellation and test_taskgroup_22
        Tasks.run(mode, () -> {
            AtomicInteger num = new AtomicInteger();
            AtomicInteger finallies = new AtomicInteger();
            List<Task<?>> kids = new CopyOnWriteArrayList<>();
            List<String> events = new CopyOnWriteArrayList<>();
            Task<Void> r = Weft.spawn(() -> {
                TaskGroup.run(g -> {
                    for (int i = 0; i < 5; i++) {
                        kids.add(g.spawn(() -> {
                            try {
                                Weft.sleep(HOUR);
                            } catch (CancelledException e) {
                                num.incrementAndGet();
                                throw e;
                            } finally {
                                Weft.sleep(Duration.ZERO); // unwinding may suspend
                                finallies.incrementAndGet();
                            }
                        }));
                    }
                    return null;
                });
                events.add("after the group");
            });
            until(() -> kids.size() == 5 && allBlocked(kids) && Tasks.isBlocked(r));
            assertFalse(r.isDone());
            assertTrue(r.cancel());
            assertThrows(CancelledException.class, r::await);
            assertTrue(r.isCancelled());
            assertEquals(5, num.get());
            assertEquals(5, finallies.get());
            assertAllDone(kids);
            assertAllCancelled(kids);
            assertEquals(List.of(), events);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void outside_cancellation_cancels_the_body_and_the_children(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_07
        Tasks.run(mode, () -> {
            AtomicInteger num = new AtomicInteger();
            List<Task<?>> kids = new CopyOnWriteArrayList<>();
            Task<Void> r = Weft.spawn(() -> TaskGroup.run(g -> {
                for (int i = 0; i < 5; i++) {
                    kids.add(g.spawn(sleeper(num)));
                }
                try {
                    Weft.sleep(HOUR.multipliedBy(2));
                } catch (CancelledException e) {
                    num.addAndGet(10);
                    throw e;
                }
                return null;
            }));
            until(() -> kids.size() == 5 && allBlocked(kids) && Tasks.isBlocked(r));
            assertTrue(r.cancel());
            CancelledException e = assertThrows(CancelledException.class, r::await);
            assertNull(e.getMessage());
            assertTrue(r.isCancelled());
            assertEquals(15, num.get());
            assertAllCancelled(kids);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void outside_cancellation_of_a_group_without_children_propagates(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_17
        Tasks.run(mode, () -> {
            AtomicInteger num = new AtomicInteger();
            Task<Void> r = Weft.spawn(() -> TaskGroup.run(g -> {
                try {
                    Weft.sleep(HOUR);
                } catch (CancelledException e) {
                    num.addAndGet(10);
                    throw e;
                }
                return null;
            }));
            Tasks.awaitBlocked(r);
            assertTrue(r.cancel());
            assertThrows(CancelledException.class, r::await);
            assertTrue(r.isCancelled());
            assertEquals(10, num.get());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_body_that_turns_the_outside_cancellation_into_an_exception_gets_a_TaskGroupException(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_18
        Tasks.run(mode, () -> {
            AtomicInteger num = new AtomicInteger();
            MyExc weird = new MyExc("weird");
            Task<Void> r = Weft.spawn(() -> TaskGroup.run(g -> {
                try {
                    Weft.sleep(HOUR);
                } catch (CancelledException e) {
                    num.addAndGet(10);
                    // This isn't a good idea, but we have to support this weird case.
                    throw weird;
                }
                return null;
            }));
            Tasks.awaitBlocked(r);
            r.cancel();
            TaskGroupException e = assertThrows(TaskGroupException.class, r::await);
            assertEquals(List.of(weird), checked(e).exceptions());
            assertEquals(10, num.get());
            assertFalse(r.isCancelled());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void errors_of_children_unwinding_an_outside_cancellation_win_over_it(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_08
        Tasks.run(mode, () -> {
            List<Task<?>> kids = new CopyOnWriteArrayList<>();
            Task<Void> r = Weft.spawn(() -> TaskGroup.run(g -> {
                for (int i = 0; i < 5; i++) {
                    kids.add(g.spawn(() -> {
                        try {
                            Weft.sleep(HOUR);
                        } finally {
                            throw new ArithmeticException("/ by zero");
                        }
                    }));
                }
                Weft.sleep(HOUR);
                return null;
            }));
            until(() -> kids.size() == 5 && allBlocked(kids) && Tasks.isBlocked(r));
            assertTrue(r.cancel());
            TaskGroupException e = assertThrows(TaskGroupException.class, r::await);
            assertEquals(5, checked(e).exceptions().size());
            assertEquals(Set.of(ArithmeticException.class), Set.copyOf(types(e)));
            assertFalse(r.isCancelled());
            assertSame(e, r.exception());
            assertAllDone(kids);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void after_errors_win_the_outside_cancellation_is_still_pending(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_error_and_cancel, with the child's error
        // raised while it unwinds (as test_taskgroup_08) so the order holds in every mode
        Tasks.run(mode, () -> {
            List<String> events = new CopyOnWriteArrayList<>();
            AtomicReference<Task<?>> child = new AtomicReference<>();
            Task<Void> t = Weft.spawn(() -> {
                Task<?> me = Weft.currentTask();
                try {
                    TaskGroup.run(g -> {
                        child.set(g.spawn(() -> {
                            try {
                                Weft.sleep(HOUR);
                            } finally {
                                throw new IllegalStateException("raise_error");
                            }
                        }));
                        Weft.sleep(HOUR);
                        fail("Sleep in group should have been cancelled");
                        return null;
                    });
                } catch (TaskGroupException e) {
                    events.add("group: " + types(e) + ", cancelling=" + me.cancelling());
                }
                events.add("after the group: cancelling=" + me.cancelling());
                try {
                    Weft.sleep(HOUR);
                } catch (CancelledException e) {
                    events.add("sleep after the group cancelled");
                    throw e;
                }
                fail("Sleep after group should have been cancelled");
            });
            until(() -> child.get() != null && Tasks.isBlocked(child.get()) && Tasks.isBlocked(t));
            assertEquals(0, t.cancelling());
            assertTrue(t.cancel());
            assertEquals(1, t.cancelling());
            assertThrows(CancelledException.class, t::await);
            assertTrue(t.isCancelled());
            assertEquals(List.of(
                    "group: [class java.lang.IllegalStateException], cancelling=1",
                    "after the group: cancelling=1",
                    "sleep after the group cancelled"), events);
        });
    }

    @ParameterizedTest
    @EnumSource(names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void a_child_failing_while_its_owner_is_cancelled_from_outside_wins_and_the_cancellation_stays_pending(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_error_and_cancel, step by step: the child
        // fails of its own accord in the same turn as the outside cancel. Cooperative only (the
        // ordering needs one task at a time).
        Tasks.run(mode, () -> {
            AtomicBoolean event = new AtomicBoolean();
            List<String> events = new ArrayList<>();
            Task<Void> t = Weft.spawn(() -> {
                Task<?> me = Weft.currentTask();
                try {
                    TaskGroup.run(g -> {
                        g.spawn(() -> {
                            event.set(true);
                            Weft.sleep(Duration.ZERO);
                            throw new IllegalStateException("raise_error");
                        });
                        Weft.sleep(Duration.ofSeconds(1));
                        fail("Sleep in group should have been cancelled");
                        return null;
                    });
                } catch (TaskGroupException e) {
                    events.add("group: cancelling=" + me.cancelling());
                }
                events.add("after the group: cancelling=" + me.cancelling());
                try {
                    Weft.sleep(Duration.ofSeconds(1));
                } catch (CancelledException e) {
                    events.add("sleep after the group cancelled");
                    throw e;
                }
                fail("Sleep after group should have been cancelled");
            });
            until(event::get);
            assertEquals(0, t.cancelling());
            t.cancel();
            assertEquals(1, t.cancelling());
            assertThrows(CancelledException.class, t::await);
            assertTrue(t.isCancelled());
            assertEquals(List.of("group: cancelling=1", "after the group: cancelling=1", "sleep after the group cancelled"),
                    events);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_child_failing_while_the_body_unwinds_an_outside_cancellation_wins(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_15
        Tasks.run(mode, () -> {
            AtomicBoolean inCatch = new AtomicBoolean();
            AtomicReference<Task<?>> crasher = new AtomicReference<>();
            Task<Void> r = Weft.spawn(() -> TaskGroup.run(g -> {
                Task<?> owner = Weft.currentTask();
                crasher.set(g.spawn(() -> {
                    until(() -> inCatch.get() && Tasks.isBlocked(owner));
                    throw new ArithmeticException("crash soon");
                }));
                try {
                    Weft.sleep(HOUR);
                } catch (CancelledException e) {
                    inCatch.set(true);
                    Weft.sleep(HOUR); // cancelled again, by the group this time
                    throw e;
                }
                return null;
            }));
            until(() -> crasher.get() != null && Tasks.isBlocked(r));
            assertFalse(r.isDone());
            r.cancel();
            TaskGroupException e = assertThrows(TaskGroupException.class, r::await);
            assertEquals(List.of(ArithmeticException.class), types(checked(e)));
            assertEquals(1, r.cancelling(), "the outside request is kept, the group's own taken back");
        });
    }

    @Test
    void a_child_failing_while_the_body_unwinds_an_outside_cancellation_on_the_virtual_clock() {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_15, with its timings: cancelled at
        // 0.1 s, the child crashes at 0.3 s and cuts the body's 0.5 s sleep short.
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long start = Weft.now();
            List<String> events = new ArrayList<>();
            Task<Void> r = Weft.spawn(() -> TaskGroup.run(g -> {
                g.spawn(() -> {
                    Weft.sleep(Duration.ofMillis(300));
                    events.add("crash at " + (Weft.now() - start) / 1_000_000);
                    throw new ArithmeticException("crash soon");
                });
                try {
                    Weft.sleep(Duration.ofSeconds(10));
                } catch (CancelledException e) {
                    events.add("body cancelled at " + (Weft.now() - start) / 1_000_000);
                    try {
                        Weft.sleep(Duration.ofMillis(500));
                    } catch (CancelledException again) {
                        events.add("body cancelled again at " + (Weft.now() - start) / 1_000_000);
                        throw again;
                    }
                    throw e;
                }
                return null;
            }));
            Weft.sleep(Duration.ofMillis(100));
            assertFalse(r.isDone());
            r.cancel();
            TaskGroupException e = assertThrows(TaskGroupException.class, r::await);
            events.add("failed at " + (Weft.now() - start) / 1_000_000);
            assertEquals(List.of(ArithmeticException.class), types(checked(e)));
            assertEquals(List.of("body cancelled at 100", "crash at 300", "body cancelled again at 300", "failed at 300"),
                    events);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void errors_win_through_a_task_awaiting_the_group_owner(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_16
        Tasks.run(mode, () -> {
            AtomicBoolean inCatch = new AtomicBoolean();
            AtomicReference<Task<?>> nested = new AtomicReference<>();
            Task<Void> r = Weft.spawn(() -> {
                Task<Void> t = Weft.spawn(() -> TaskGroup.run(g -> {
                    Task<?> owner = Weft.currentTask();
                    g.spawn(() -> {
                        until(() -> inCatch.get() && Tasks.isBlocked(owner));
                        throw new ArithmeticException("crash soon");
                    });
                    try {
                        Weft.sleep(HOUR);
                    } catch (CancelledException e) {
                        inCatch.set(true);
                        Weft.sleep(HOUR);
                        throw e;
                    }
                    return null;
                }));
                nested.set(t);
                t.await();
            });
            until(() -> nested.get() != null && Tasks.isBlocked(nested.get()) && Tasks.isBlocked(r));
            r.cancel(); // passed on to the awaited task
            TaskGroupException e = assertThrows(TaskGroupException.class, r::await);
            assertEquals(List.of(ArithmeticException.class), types(checked(e)));
            assertFalse(r.isCancelled());
        });
    }

    // ---- nested groups ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void outside_cancellation_of_nested_groups_reports_the_inner_groups_errors_inside_the_outer(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_11 (outer group without
        // children) and test_taskgroup_12 (outer group with a sleeping child)
        for (boolean outerChild : new boolean[] {false, true}) {
            Tasks.run(mode, () -> {
                List<Task<?>> kids = new CopyOnWriteArrayList<>();
                AtomicReference<Task<?>> g1Child = new AtomicReference<>();
                Task<Void> r = Weft.spawn(() -> TaskGroup.run(g1 -> {
                    if (outerChild) {
                        g1Child.set(g1.spawn(() -> Weft.sleep(HOUR)));
                    }
                    return TaskGroup.run(g2 -> {
                        for (int i = 0; i < 5; i++) {
                            kids.add(g2.spawn(() -> {
                                try {
                                    Weft.sleep(HOUR);
                                } finally {
                                    throw new ArithmeticException("/ by zero");
                                }
                            }));
                        }
                        Weft.sleep(HOUR);
                        return null;
                    });
                }));
                until(() -> kids.size() == 5 && allBlocked(kids) && Tasks.isBlocked(r));
                r.cancel();
                TaskGroupException e = assertThrows(TaskGroupException.class, r::await);
                assertEquals(List.of(TaskGroupException.class), types(checked(e)));
                TaskGroupException inner = checked((TaskGroupException) e.getCause());
                assertEquals(5, inner.exceptions().size());
                assertEquals(Set.of(ArithmeticException.class), Set.copyOf(types(inner)));
                assertAllDone(kids);
                if (outerChild) {
                    assertTrue(g1Child.get().isCancelled());
                }
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_outer_child_failing_cancels_the_inner_group_whose_cancellation_is_no_error(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_13
        Tasks.run(mode, () -> {
            AtomicReference<Task<?>> inner = new AtomicReference<>();
            IllegalArgumentException crash = new IllegalArgumentException("0.1");
            Task<Void> r = Weft.spawn(() -> TaskGroup.run(g1 -> {
                g1.spawn(() -> {
                    until(() -> inner.get() != null && Tasks.isBlocked(inner.get()));
                    throw crash;
                });
                return TaskGroup.run(g2 -> {
                    inner.set(g2.spawn(() -> {
                        Weft.sleep(HOUR.multipliedBy(10));
                        throw new IllegalArgumentException("10");
                    }));
                    return null;
                });
            }));
            TaskGroupException e = assertThrows(TaskGroupException.class, r::await);
            assertEquals(List.of(crash), checked(e).exceptions());
            assertTrue(inner.get().isCancelled());
            assertEquals(0, r.cancelling());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_inner_child_failing_fails_the_inner_group_inside_the_outer(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_14
        Tasks.run(mode, () -> {
            AtomicReference<Task<?>> outer = new AtomicReference<>();
            IllegalArgumentException crash = new IllegalArgumentException("0.1");
            Task<Void> r = Weft.spawn(() -> TaskGroup.run(g1 -> {
                outer.set(g1.spawn(() -> {
                    Weft.sleep(HOUR.multipliedBy(10));
                    throw new IllegalArgumentException("10");
                }));
                return TaskGroup.run(g2 -> {
                    g2.spawn(() -> {
                        until(() -> Tasks.isBlocked(outer.get()));
                        throw crash;
                    });
                    return null;
                });
            }));
            TaskGroupException e = assertThrows(TaskGroupException.class, r::await);
            assertEquals(List.of(TaskGroupException.class), types(checked(e)));
            assertEquals(List.of(crash), checked((TaskGroupException) e.getCause()).exceptions());
            assertTrue(outer.get().isCancelled());
            assertEquals(0, r.cancelling());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void nested_groups_both_cancelling_the_owner_leave_the_count_as_it_was(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_nested_groups_both_cancelled, ordered so it
        // holds in every mode: the outer group's child fails first, the inner one's while it
        // unwinds.
        Tasks.run(mode, () -> {
            Task<?> me = Weft.currentTask();
            List<String> events = new ArrayList<>();
            TaskGroupException outerError = assertThrows(TaskGroupException.class, () -> TaskGroup.run(outerTg -> {
                try {
                    TaskGroup.run(innerTg -> {
                        Task<Void> innerChild = innerTg.spawn(() -> {
                            try {
                                Weft.sleep(HOUR);
                            } finally {
                                throw new IllegalStateException("inner");
                            }
                        });
                        outerTg.spawn(() -> {
                            until(() -> Tasks.isBlocked(me) && Tasks.isBlocked(innerChild));
                            throw new IllegalArgumentException("outer");
                        });
                        return null;
                    });
                    fail("IllegalStateException not raised");
                } catch (TaskGroupException inner) {
                    events.add("inner " + types(inner));
                }
                events.add("cancelling=" + me.cancelling());
                return null;
            }));
            assertEquals(List.of(IllegalArgumentException.class), types(checked(outerError)));
            assertEquals(List.of("inner [class java.lang.IllegalStateException]", "cancelling=1"), events);
            assertEquals(0, me.cancelling());
            Weft.sleep(Duration.ZERO); // nothing left pending
        });
    }

    @ParameterizedTest
    @EnumSource(names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void nested_groups_both_cancelled_as_in_asyncio(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_nested_groups_both_cancelled, step by step
        // (cooperative only: both children fail in the same round)
        Tasks.run(mode, () -> {
            Task<?> me = Weft.currentTask();
            List<String> events = new ArrayList<>();
            TaskGroupException outerError = assertThrows(TaskGroupException.class, () -> TaskGroup.run(outerTg -> {
                try {
                    TaskGroup.run(innerTg -> {
                        innerTg.spawn(() -> {
                            Weft.sleep(Duration.ZERO);
                            throw new IllegalStateException("inner");
                        });
                        outerTg.spawn(() -> {
                            Weft.sleep(Duration.ZERO);
                            throw new IllegalArgumentException("outer");
                        });
                        return null;
                    });
                    fail("IllegalStateException not raised");
                } catch (TaskGroupException inner) {
                    events.add("inner " + types(inner));
                }
                events.add("cancelling=" + me.cancelling());
                return null;
            }));
            assertEquals(List.of(IllegalArgumentException.class), types(checked(outerError)));
            assertEquals(List.of("inner [class java.lang.IllegalStateException]", "cancelling=1"), events);
            assertEquals(0, me.cancelling());
        });
    }

    // ---- the explicit form ----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void explicit_form_join_waits_for_every_child(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_01, explicit form
        Tasks.run(mode, () -> {
            List<Task<Integer>> kids = new ArrayList<>();
            try (TaskGroup g = TaskGroup.open()) {
                kids.add(g.spawn(() -> {
                    Weft.sleep(Duration.ofMillis(1));
                    return 42;
                }));
                kids.add(g.spawn("second", () -> {
                    Weft.sleep(Duration.ofMillis(2));
                    return 11;
                }));
                g.join();
                assertAllDone(kids);
            }
            assertEquals(42, kids.get(0).result());
            assertEquals(11, kids.get(1).result());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void explicit_form_join_throws_TaskGroupException_and_close_after_it_does_nothing(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_04, explicit form
        Tasks.run(mode, () -> {
            Task<?> me = Weft.currentTask();
            ArithmeticException boom = new ArithmeticException("/ by zero");
            AtomicInteger cancelled = new AtomicInteger();
            List<Task<?>> kids = new ArrayList<>();
            TaskGroup g = TaskGroup.open();
            Task<Integer> sleeping = g.spawn(sleeper(cancelled));
            kids.add(sleeping);
            kids.add(g.spawn(() -> {
                until(() -> Tasks.isBlocked(sleeping) && Tasks.isBlocked(me));
                throw boom;
            }));
            TaskGroupException e = assertThrows(TaskGroupException.class, g::join);
            assertEquals(List.of(boom), checked(e).exceptions());
            assertAllDone(kids);
            assertEquals(1, cancelled.get());
            assertEquals(0, me.cancelling());
            g.close(); // after join: nothing to do, nothing thrown again
            assertEquals(0, me.cancelling());
            Weft.sleep(Duration.ZERO);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void explicit_form_close_without_join_cancels_what_is_left_and_waits_for_it(Mode mode) {
        Tasks.run(mode, () -> {
            Task<?> me = Weft.currentTask();
            List<Task<?>> kids = new ArrayList<>();
            List<String> events = new CopyOnWriteArrayList<>();
            try (TaskGroup g = TaskGroup.open()) {
                for (int i = 0; i < 3; i++) {
                    String name = "child-" + i;
                    kids.add(g.spawn(name, () -> {
                        try {
                            Weft.sleep(HOUR);
                        } finally {
                            Weft.sleep(Duration.ZERO);
                            events.add(name + " finally");
                        }
                    }));
                }
                kids.add(g.spawn(() -> "quick"));
                until(() -> allBlocked(kids.subList(0, 3)) && kids.get(3).isDone());
            } // close(), no join
            assertAllDone(kids);
            assertAllCancelled(kids.subList(0, 3));
            assertEquals("quick", kids.get(3).result());
            assertEquals(Set.of("child-0 finally", "child-1 finally", "child-2 finally"), Set.copyOf(events));
            assertEquals(3, events.size());
            assertEquals(0, me.cancelling());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void explicit_form_close_throws_TaskGroupException_when_a_child_fails_while_cancelled(Mode mode) {
        Tasks.run(mode, () -> {
            List<Task<?>> kids = new ArrayList<>();
            MyExc boom = new MyExc("cleanup failed");
            TaskGroup g = TaskGroup.open();
            kids.add(g.spawn(() -> {
                try {
                    Weft.sleep(HOUR);
                } finally {
                    throw boom;
                }
            }));
            Tasks.awaitBlocked(kids.get(0));
            TaskGroupException e = assertThrows(TaskGroupException.class, g::close);
            assertEquals(List.of(boom), checked(e).exceptions());
            assertAllDone(kids);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void explicit_form_a_failing_child_cancels_the_owner_before_join_and_close_reports_it_suppressed(Mode mode) {
        // TaskGroup's javadoc: in the explicit form a failing child cancels the owner, which may
        // leave the try block with that CancelledException; close() then throws the
        // TaskGroupException, which try-with-resources attaches as suppressed.
        Tasks.run(mode, () -> {
            Task<?> me = Weft.currentTask();
            ArithmeticException boom = new ArithmeticException("/ by zero");
            List<Task<?>> kids = new ArrayList<>();
            CancelledException e = assertThrows(CancelledException.class, () -> {
                try (TaskGroup g = TaskGroup.open()) {
                    kids.add(g.spawn(() -> {
                        Tasks.awaitBlocked(me);
                        throw boom;
                    }));
                    Weft.sleep(HOUR); // cancelled by the group
                    fail("the owner's sleep should have been cancelled");
                }
            });
            assertEquals(1, e.getSuppressed().length);
            TaskGroupException tge = checked(assertInstanceOf(TaskGroupException.class, e.getSuppressed()[0]));
            assertEquals(List.of(boom), tge.exceptions());
            assertAllDone(kids);
            assertEquals(0, me.cancelling(), "close() takes back the group's cancellation of its owner");
            Weft.sleep(Duration.ZERO);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void explicit_form_outside_cancellation_of_the_owner_in_join_propagates(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_cancellation, explicit form
        Tasks.run(mode, () -> {
            AtomicInteger num = new AtomicInteger();
            List<Task<?>> kids = new CopyOnWriteArrayList<>();
            Task<Void> r = Weft.spawn(() -> {
                try (TaskGroup g = TaskGroup.open()) {
                    for (int i = 0; i < 3; i++) {
                        kids.add(g.spawn(sleeper(num)));
                    }
                    g.join();
                }
            });
            until(() -> kids.size() == 3 && allBlocked(kids) && Tasks.isBlocked(r));
            r.cancel();
            assertThrows(CancelledException.class, r::await);
            assertTrue(r.isCancelled());
            assertEquals(3, num.get());
            assertAllCancelled(kids);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void explicit_form_an_outside_cancellation_during_close_stays_pending(Mode mode) {
        // TaskGroup.close() javadoc: a cancellation of the owner while it waits in close() is
        // kept pending for its next suspension point; close() still waits for every child.
        Tasks.run(mode, () -> {
            AtomicBoolean childUnwinding = new AtomicBoolean();
            AtomicBoolean release = new AtomicBoolean();
            AtomicReference<Task<?>> child = new AtomicReference<>();
            List<String> events = new CopyOnWriteArrayList<>();
            Task<Void> r = Weft.spawn(() -> {
                Task<?> me = Weft.currentTask();
                try (TaskGroup g = TaskGroup.open()) {
                    child.set(g.spawn(() -> {
                        try {
                            Weft.sleep(HOUR);
                        } finally {
                            childUnwinding.set(true);
                            until(release::get);
                            events.add("child unwound");
                        }
                    }));
                    Tasks.awaitBlocked(child.get());
                } // close(): cancels the child and waits for it
                events.add("closed: child done=" + child.get().isDone() + ", cancelling=" + me.cancelling());
                try {
                    Weft.sleep(HOUR);
                } catch (CancelledException e) {
                    events.add("next sleep cancelled");
                    throw e;
                }
            });
            until(() -> childUnwinding.get() && Tasks.isBlocked(r));
            r.cancel();
            release.set(true);
            assertThrows(CancelledException.class, r::await);
            assertTrue(r.isCancelled());
            assertEquals(List.of("child unwound", "closed: child done=true, cancelling=1", "next sleep cancelled"), events);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void join_or_close_from_a_task_other_than_the_owner_throws_IllegalStateException(Mode mode) {
        Tasks.run(mode, () -> {
            try (TaskGroup g = TaskGroup.open()) {
                Task<String> stranger = Weft.spawn(() -> {
                    assertThrows(IllegalStateException.class, g::join);
                    assertThrows(IllegalStateException.class, g::close);
                    return "refused";
                });
                Task<String> child = g.spawn(() -> {
                    assertThrows(IllegalStateException.class, g::join);
                    assertThrows(IllegalStateException.class, g::close);
                    return "refused too";
                });
                assertEquals("refused", stranger.await());
                g.join(); // the group is still usable by its owner
                assertEquals("refused too", child.result());
            }
            TaskGroup.run(g -> {
                Task<Void> child = g.spawn(() -> {
                    IllegalStateException e = assertThrows(IllegalStateException.class, g::join);
                    assertTrue(e.getMessage().contains("must be called by the task that opened the group"), e.getMessage());
                });
                child.await();
                return null;
            });
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_group_can_be_joined_only_once(Mode mode) {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_double_enter (a finished group
        // cannot be used again)
        Tasks.run(mode, () -> {
            TaskGroup g = TaskGroup.open();
            g.spawn(() -> 1);
            g.join();
            assertThrows(IllegalStateException.class, g::join);
            g.close();
        });
    }

    // ---- the state machine and the bookkeeping behind the rules -------------------------------

    @Test
    void the_state_table_of_the_class_comment_is_the_one_the_code_follows() {
        // Each row: the state, then where leave, cancelChildren and childFailed take it.
        TaskGroup.State[][] table = {
            {State.OPEN, State.JOINING, State.CANCELLING, State.FAILED},
            {State.FAILED, State.FAILED_JOINING, State.FAILED, State.FAILED},
            {State.JOINING, State.JOINING, State.CANCELLING, State.FAILED_JOINING},
            {State.FAILED_JOINING, State.FAILED_JOINING, State.FAILED_JOINING, State.FAILED_JOINING},
            {State.CANCELLING, State.CANCELLING, State.CANCELLING, State.CANCELLING},
        };
        assertEquals(State.values().length - 1, table.length); // FINISHED takes no event
        for (TaskGroup.State[] row : table) {
            State s = row[0];
            assertEquals(row[1], s.leave(), s + " leave");
            assertEquals(row[2], s.cancelChildren(), s + " cancelChildren");
            assertEquals(row[3], s.childFailed(), s + " childFailed");
            if (s.exiting) {
                assertEquals(State.FINISHED, s.finish(), s + " finish");
            } else {
                assertThrows(IllegalStateException.class, s::finish, s + " finish");
            }
        }
        assertThrows(IllegalStateException.class, State.FINISHED::finish);
        // The flags the side effects are read from: entering an aborting state cancels the
        // children, entering a cancelledOwner one cancels the owner.
        assertEquals(Set.of(State.FAILED, State.FAILED_JOINING, State.CANCELLING), statesWhere(s -> s.aborting));
        assertEquals(Set.of(State.FAILED, State.FAILED_JOINING), statesWhere(s -> s.cancelledOwner));
        assertEquals(Set.of(State.JOINING, State.FAILED_JOINING, State.CANCELLING, State.FINISHED), statesWhere(s -> s.exiting));
    }

    private static Set<State> statesWhere(java.util.function.Predicate<State> p) {
        Set<State> s = java.util.EnumSet.noneOf(State.class);
        for (State st : State.values()) {
            if (p.test(st)) {
                s.add(st);
            }
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_group_that_ends_well_goes_from_open_through_joining_to_finished(Mode mode) {
        Tasks.run(mode, () -> {
            Task<?> owner = Weft.currentTask();
            AtomicReference<State> whileJoining = new AtomicReference<>();
            TaskGroup left = TaskGroup.run(g -> {
                assertEquals(State.OPEN, g.state());
                g.spawn(() -> {
                    Tasks.awaitBlocked(owner); // the owner waits in run's exit
                    whileJoining.set(g.state());
                });
                return g;
            });
            assertEquals(State.JOINING, whileJoining.get());
            assertEquals(State.FINISHED, left.state());
            assertEquals("TaskGroup[tasks=0, finished]", left.toString());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_child_failing_while_the_body_runs_moves_the_group_to_failed_then_failed_joining(Mode mode) {
        Tasks.run(mode, () -> {
            AtomicReference<TaskGroup> group = new AtomicReference<>();
            AtomicReference<State> inBody = new AtomicReference<>();
            AtomicReference<State> inSibling = new AtomicReference<>();
            TaskGroupException e = assertThrows(TaskGroupException.class, () -> TaskGroup.run(g -> {
                group.set(g);
                g.spawn(recordStateWhenCancelled(g, inSibling));
                g.spawn(() -> {
                    throw new MyExc("boom");
                });
                try {
                    Weft.sleep(HOUR);
                } catch (CancelledException c) {
                    inBody.set(g.state()); // the group cancelled its owner: the body still runs
                    throw c;
                }
                return null;
            }));
            assertEquals(List.of(MyExc.class), types(checked(e)));
            assertEquals(State.FAILED, inBody.get());
            // The sibling is cancelled in the same step, and may run before or after the body left.
            assertTrue(Set.of(State.FAILED, State.FAILED_JOINING).contains(inSibling.get()), String.valueOf(inSibling.get()));
            assertEquals(State.FINISHED, group.get().state());
            assertEquals(0, Weft.currentTask().cancelling());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_child_failing_while_the_owner_joins_moves_the_group_to_failed_joining(Mode mode) {
        Tasks.run(mode, () -> {
            Task<?> owner = Weft.currentTask();
            AtomicReference<State> inSibling = new AtomicReference<>();
            TaskGroupException e = assertThrows(TaskGroupException.class, () -> TaskGroup.run(g -> {
                g.spawn(recordStateWhenCancelled(g, inSibling));
                g.spawn(() -> {
                    Tasks.awaitBlocked(owner);
                    throw new MyExc("boom");
                });
                return null;
            }));
            assertEquals(List.of(MyExc.class), types(checked(e)));
            assertEquals(State.FAILED_JOINING, inSibling.get());
            assertEquals(0, owner.cancelling());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void the_owner_cancelling_the_children_moves_the_group_to_cancelling(Mode mode) {
        Tasks.run(mode, () -> {
            // Its body throws.
            AtomicReference<State> seen = new AtomicReference<>();
            assertThrows(TaskGroupException.class, () -> TaskGroup.run(g -> {
                Task<Void> child = g.spawn(recordStateWhenCancelled(g, seen));
                Tasks.awaitBlocked(child);
                throw new MyExc("body");
            }));
            assertEquals(State.CANCELLING, seen.getAndSet(null));

            // It is cancelled from outside while it joins.
            Task<?> owner = Weft.currentTask();
            assertThrows(CancelledException.class, () -> TaskGroup.run(g -> {
                Task<Void> sleeper = g.spawn(recordStateWhenCancelled(g, seen));
                g.spawn(() -> {
                    Tasks.awaitBlocked(sleeper); // cancelled before it began, it would record nothing
                    Tasks.awaitBlocked(owner);
                    owner.cancel();
                });
                return null;
            }));
            assertEquals(State.CANCELLING, seen.getAndSet(null));
            owner.uncancel();

            // It closes the group before joining.
            TaskGroup g = TaskGroup.open();
            Task<Void> child = g.spawn(recordStateWhenCancelled(g, seen));
            Tasks.awaitBlocked(child);
            g.close();
            assertEquals(State.CANCELLING, seen.get());
            assertEquals(State.FINISHED, g.state());
        });
    }

    private static Body recordStateWhenCancelled(TaskGroup g, AtomicReference<State> seen) {
        return () -> {
            try {
                Weft.sleep(HOUR);
            } catch (CancelledException c) {
                seen.set(g.state());
                throw c;
            }
        };
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_failure_cancels_every_running_child_however_many_ended_before_it(Mode mode) {
        // The group keeps its children in an array that a spawn sweeps of ended ones when it is
        // full: the sweeps must keep every child still running, for the abort to cancel.
        Tasks.run(mode, () -> {
            List<Task<?>> sleepers = new ArrayList<>();
            TaskGroupException e = assertThrows(TaskGroupException.class, () -> TaskGroup.run(g -> {
                for (int i = 0; i < 100; i++) {
                    if (i % 7 == 0) {
                        sleepers.add(g.spawn(() -> Weft.sleep(HOUR)));
                    } else {
                        int n = i;
                        assertEquals(n, g.spawn(() -> n).await()); // ended before the next spawn
                    }
                }
                g.spawn(() -> {
                    throw new MyExc("boom");
                });
                Weft.sleep(HOUR);
                return null;
            }));
            assertEquals(List.of(MyExc.class), types(checked(e)));
            assertEquals(15, sleepers.size());
            assertAllCancelled(sleepers);
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_group_that_stays_open_keeps_none_of_its_ended_children_for_long(Mode mode) {
        // asyncio drops a child from the group when it ends; weft sweeps ended ones out when the
        // array is full, so a long-lived group (a server's) keeps a bounded number of them.
        boolean kept = Tasks.run(mode, () -> TaskGroup.run(g -> {
            java.lang.ref.WeakReference<Object> first = null;
            for (int i = 0; i < 200; i++) {
                Object result = new Object();
                if (first == null) {
                    first = new java.lang.ref.WeakReference<>(result);
                }
                assertSame(result, g.spawn(() -> result).await());
            }
            for (int i = 0; i < 50 && first.get() != null; i++) {
                System.gc();
                Weft.sleep(Duration.ofMillis(1));
            }
            return first.get() != null; // asked while the group is still open
        }));
        assertFalse(kept, "the first child's result is still reachable");
    }

    @Test
    void a_spawn_the_loop_refuses_is_not_waited_for() {
        // A plain thread spawns into an open group while the loop closes: the loop refuses the
        // task, so spawn throws and the group must not count it (its owner would wait forever).
        Loop loop = Mode.PARALLEL.loop();
        AtomicReference<Throwable> refused = new AtomicReference<>();
        AtomicReference<Task<?>> ownerRef = new AtomicReference<>();
        Task<String> owner = loop.submit(() -> TaskGroup.run(g -> {
            ownerRef.set(Weft.currentTask());
            g.spawn(() -> Weft.sleep(HOUR));
            try {
                Weft.sleep(HOUR);
            } catch (CancelledException e) {
                Weft.currentTask().uncancel(); // Loop.close() cancelled every task: go on
            }
            Thread outsider = new Thread(() -> {
                try {
                    g.spawn(() -> "late");
                } catch (Throwable e) {
                    refused.set(e);
                }
            });
            outsider.start();
            outsider.join();
            return "left";
        }));
        while (ownerRef.get() == null || !Tasks.isBlocked(ownerRef.get())) {
            Thread.onSpinWait();
        }
        loop.close();
        assertInstanceOf(IllegalStateException.class, refused.get());
        assertEquals("Loop is closing", refused.get().getMessage());
        assertEquals("left", owner.result());
    }

    @Test
    void a_spawn_racing_with_the_owners_exit_is_either_refused_or_waited_for() {
        // Another task spawns into the group just as its last child ends and its owner leaves:
        // either the spawn is refused ("finished"), or the group waits for that child too.
        Tasks.run(Mode.PARALLEL, () -> {
            for (int round = 0; round < 300; round++) {
                AtomicReference<Task<Void>> last = new AtomicReference<>();
                AtomicBoolean left = new AtomicBoolean();
                AtomicBoolean outlived = new AtomicBoolean();
                TaskGroup[] group = new TaskGroup[1];
                Task<Task<Void>> outsider = Weft.spawn(() -> {
                    until(() -> last.get() != null && last.get().isDone());
                    try {
                        return group[0].spawn(() -> {
                            Weft.sleep(Duration.ofMillis(1));
                            outlived.set(left.get());
                        });
                    } catch (IllegalStateException e) {
                        assertTrue(e.getMessage().endsWith("is finished"), e.getMessage());
                        return null;
                    }
                });
                TaskGroup.run(g -> {
                    group[0] = g;
                    last.set(g.spawn(() -> Weft.sleep(Duration.ZERO)));
                    return null;
                });
                left.set(true);
                Task<Void> late = outsider.await();
                if (late != null) {
                    late.await();
                }
                assertFalse(outlived.get(), "round " + round + ": a child ran on after its group was left");
            }
        });
    }

    // ---- misuse -----------------------------------------------------------------------------

    @Test
    void open_or_run_outside_a_task_throws_no_running_loop() {
        // asyncio: test_taskgroups.TestTaskGroup.test_taskgroup_without_parent_task
        IllegalStateException e = assertThrows(IllegalStateException.class, TaskGroup::open);
        assertEquals("no running loop", e.getMessage());
        AtomicBoolean ran = new AtomicBoolean();
        e = assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> {
            ran.set(true);
            return null;
        }));
        assertEquals("no running loop", e.getMessage());
        assertFalse(ran.get());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    @SuppressWarnings("DataFlowIssue")
    void a_null_body_throws_NullPointerException(Mode mode) {
        assertThrows(NullPointerException.class, () -> TaskGroup.run(null));
        Tasks.run(mode, () -> {
            assertThrows(NullPointerException.class, () -> TaskGroup.run(null));
            try (TaskGroup g = TaskGroup.open()) {
                assertThrows(NullPointerException.class, () -> g.spawn((Callable<Object>) null));
                assertThrows(NullPointerException.class, () -> g.spawn((Body) null));
                assertThrows(NullPointerException.class, () -> g.spawn("n", (Callable<Object>) null));
                assertThrows(NullPointerException.class, () -> g.spawn("n", (Body) null));
                g.join();
            }
        });
    }
}
