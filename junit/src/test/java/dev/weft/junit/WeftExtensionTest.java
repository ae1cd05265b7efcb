package dev.weft.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.weft.Event;
import dev.weft.Loop;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link WeftTest} itself: sample test classes (nested, so that neither Surefire nor JUnit runs
 * them on their own) are run through JUnit's {@link EngineTestKit}, and what passed, what failed
 * and with which message is checked.
 */
@Timeout(60) // hang guard only
class WeftExtensionTest {
    /** What the samples saw, for the checks after they ran (the kit runs them on this thread). */
    static final AtomicReference<Object> SEEN = new AtomicReference<>();

    private static Events run(DiscoverySelector selector) {
        SEEN.set(null);
        return EngineTestKit.engine("junit-jupiter").selectors(selector).execute().testEvents();
    }

    private static void assertPassed(Events events) {
        assertEquals(0, events.failed().count(), () -> failures(events).toString());
        assertTrue(events.succeeded().count() > 0, "nothing ran");
    }

    /** The exceptions the failed tests failed with. */
    private static List<Throwable> failures(Events events) {
        return events.failed().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .toList();
    }

    private static Throwable theFailure(Events events) {
        List<Throwable> f = failures(events);
        assertEquals(1, f.size(), f::toString);
        return f.get(0);
    }

    // ---- samples ----------------------------------------------------------------------------

    static class Modes {
        @WeftTest
        void virtualTimeByDefault(Loop loop) {
            long t0 = Weft.now();
            Weft.sleep(Duration.ofHours(1));
            SEEN.set(List.of(Duration.ofNanos(Weft.now() - t0), loop.toString(), Weft.currentTask() != null));
        }

        @WeftTest(mode = WeftTest.Mode.COOPERATIVE)
        void cooperative(Loop loop) {
            SEEN.set(loop.toString());
        }

        @WeftTest(mode = WeftTest.Mode.PARALLEL)
        void parallel(Loop loop) {
            SEEN.set(loop.toString());
        }
    }

    @Test
    void the_test_method_is_the_main_task_of_a_virtual_time_loop_by_default() {
        assertPassed(run(selectMethod(Modes.class, "virtualTimeByDefault", Loop.class.getName())));
        List<?> seen = (List<?>) SEEN.get();
        assertEquals(Duration.ofHours(1), seen.get(0)); // an hour of sleep, taken at once
        assertTrue(((String) seen.get(1)).startsWith("Loop[cooperative, virtual time"), (String) seen.get(1));
        assertEquals(true, seen.get(2));
    }

    @Test
    void mode_chooses_the_loop() {
        assertPassed(run(selectMethod(Modes.class, "cooperative", Loop.class.getName())));
        assertTrue(((String) SEEN.get()).startsWith("Loop[cooperative, tasks="), (String) SEEN.get());
        assertPassed(run(selectMethod(Modes.class, "parallel", Loop.class.getName())));
        assertTrue(((String) SEEN.get()).startsWith("Loop[parallel, tasks="), (String) SEEN.get());
    }

    static class ClosesItsLoop {
        @WeftTest
        void keepsTheLoop(Loop loop) {
            SEEN.set(loop);
        }
    }

    @Test
    void the_loop_is_closed_after_the_test() {
        assertPassed(run(selectClass(ClosesItsLoop.class)));
        assertTrue(((Loop) SEEN.get()).isClosed());
    }

    static class LeavesATaskRunning {
        @WeftTest
        void straggles() {
            Task<Void> t = Weft.spawn("straggler", () -> Weft.sleep(Duration.ofHours(1)));
            SEEN.set(t);
            Weft.sleep(Duration.ZERO); // let it start and wait
        }
    }

    @Test
    void a_test_that_leaves_a_task_running_fails_with_the_loop_dump() {
        Throwable f = theFailure(run(selectClass(LeavesATaskRunning.class)));
        String m = f.getMessage();
        assertTrue(m.startsWith("the test left 1 task running (cancelled as it returned); Task-"), m);
        assertTrue(m.contains(" is the test itself:\nLoop["), m);
        assertTrue(m.contains("- straggler: waiting on sleep"), m);
        assertTrue(m.contains("LeavesATaskRunning.lambda$straggles"), m); // its stack
        assertTrue(((Task<?>) SEEN.get()).isCancelled());
    }

    static class LeavesAFailureUnretrieved {
        /** A task named "doomed" that has failed with "boom", nobody having looked yet. */
        private static Task<Void> doomed() {
            Task<Void> t = Weft.spawn("doomed", () -> {
                throw new IllegalStateException("boom");
            });
            while (!t.isDone()) {
                Weft.sleep(Duration.ZERO);
            }
            return t;
        }

        @WeftTest
        void dropsIt() {
            doomed();
        }

        @WeftTest
        void looksAtIt() {
            SEEN.set(doomed().exception());
        }

        @WeftTest
        void gathersIt() {
            Task<Void> t = Weft.spawn(() -> {
                throw new IllegalStateException("boom");
            });
            try {
                Weft.gather(t);
            } catch (IllegalStateException expected) {
                SEEN.set(expected);
            }
        }
    }

    @Test
    void a_task_exception_never_retrieved_fails_the_test_with_that_exception_as_cause() {
        Throwable f = theFailure(run(selectMethod(LeavesAFailureUnretrieved.class, "dropsIt")));
        assertEquals("task doomed failed and its exception was never retrieved", f.getMessage());
        assertInstanceOf(IllegalStateException.class, f.getCause());
        assertEquals("boom", f.getCause().getMessage());
    }

    @Test
    void a_task_exception_that_was_retrieved_does_not_fail_the_test() {
        assertPassed(run(selectMethod(LeavesAFailureUnretrieved.class, "looksAtIt")));
        assertInstanceOf(IllegalStateException.class, SEEN.get());
        assertPassed(run(selectMethod(LeavesAFailureUnretrieved.class, "gathersIt")));
        assertInstanceOf(IllegalStateException.class, SEEN.get());
    }

    static class FailsItself {
        @WeftTest
        void assertionFails() {
            Weft.spawn("left-behind", () -> Weft.sleep(Duration.ofHours(1)));
            Weft.spawn("dropped", () -> {
                throw new IllegalStateException("boom");
            });
            Weft.sleep(Duration.ofMinutes(1));
            assertEquals(1, 2, "the test's own assertion");
        }

        @WeftTest
        void throwsAChecked() throws IOException {
            Weft.sleep(Duration.ofSeconds(1));
            throw new IOException("checked, as thrown");
        }
    }

    @Test
    void a_failing_test_keeps_its_own_exception_with_leftovers_and_unretrieved_failures_suppressed() {
        Throwable f = theFailure(run(selectMethod(FailsItself.class, "assertionFails")));
        assertTrue(f.getMessage().startsWith("the test's own assertion"), f.getMessage());
        Throwable[] suppressed = f.getSuppressed();
        assertEquals(2, suppressed.length, () -> List.of(suppressed).toString());
        assertTrue(suppressed[0].getMessage().contains("- left-behind: waiting on sleep"), suppressed[0].getMessage());
        assertEquals("task dropped failed and its exception was never retrieved", suppressed[1].getMessage());
    }

    @Test
    void a_checked_exception_of_the_test_comes_out_as_it_was_thrown() {
        Throwable f = theFailure(run(selectMethod(FailsItself.class, "throwsAChecked")));
        assertInstanceOf(IOException.class, f);
        assertEquals("checked, as thrown", f.getMessage());
    }

    static class UsesGroupsAndTimeouts {
        @WeftTest
        void tenMinutesOfTimeoutsInNoTime() {
            long t0 = Weft.now();
            Event never = new Event();
            List<String> done = TaskGroup.run(g -> {
                Task<String> a = g.spawn(() -> {
                    Weft.sleep(Duration.ofMinutes(3));
                    return "a";
                });
                Task<String> b = g.spawn(() -> {
                    try {
                        return Weft.waitFor(Duration.ofMinutes(10), () -> String.valueOf(never.await()));
                    } catch (TimeoutException e) {
                        return "timed out";
                    }
                });
                return List.of(a.await(), b.await());
            });
            SEEN.set(List.of(done, Duration.ofNanos(Weft.now() - t0)));
        }
    }

    @Test
    void task_groups_and_timeouts_run_on_the_virtual_clock() {
        assertPassed(run(selectClass(UsesGroupsAndTimeouts.class)));
        List<?> seen = (List<?>) SEEN.get();
        assertEquals(List.of("a", "timed out"), seen.get(0));
        assertEquals(Duration.ofMinutes(10), seen.get(1));
    }

    @ExtendWith(WeftExtension.class)
    static class Parameterized {
        static final List<Loop> LOOPS = new java.util.concurrent.CopyOnWriteArrayList<>();

        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        void eachInvocationHasItsLoop(int hours, Loop loop) {
            long t0 = Weft.now();
            Weft.sleep(Duration.ofHours(hours));
            assertEquals(Duration.ofHours(hours), Duration.ofNanos(Weft.now() - t0));
            LOOPS.add(loop);
        }
    }

    @Test
    void parameterized_tests_run_each_invocation_in_a_fresh_loop() {
        Parameterized.LOOPS.clear();
        assertPassed(run(selectClass(Parameterized.class)));
        assertEquals(2, Parameterized.LOOPS.size());
        assertTrue(Parameterized.LOOPS.get(0) != Parameterized.LOOPS.get(1));
        assertTrue(Parameterized.LOOPS.stream().allMatch(Loop::isClosed));
    }

    @ExtendWith(WeftExtension.class)
    static class ExtendedWith {
        Loop injected;

        @BeforeEach
        void before(Loop loop) {
            injected = loop; // the same loop the test method runs in
        }

        @Test
        void plainTest(Loop loop) {
            Weft.sleep(Duration.ofDays(1));
            SEEN.set(List.of(loop == injected, loop.toString()));
        }
    }

    @Test
    void extend_with_gives_plain_tests_a_virtual_time_loop_that_before_each_can_take_too() {
        assertPassed(run(selectClass(ExtendedWith.class)));
        List<?> seen = (List<?>) SEEN.get();
        assertNotNull(seen);
        assertSame(Boolean.TRUE, seen.get(0));
        assertTrue(((String) seen.get(1)).startsWith("Loop[cooperative, virtual time"), (String) seen.get(1));
    }
}
