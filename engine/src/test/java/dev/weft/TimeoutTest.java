package dev.weft;

import static dev.weft.Tasks.hours;
import static dev.weft.Tasks.minutes;
import static dev.weft.Tasks.since;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SPEC 4.4: {@code Weft.timeout}, {@code Weft.timeoutAt} and {@link Timeout}. */
class TimeoutTest {
    private static final long NONE = Long.MAX_VALUE;

    private static long nanos(Duration d) {
        return d.toNanos();
    }

    // ---- expiry ---------------------------------------------------------------------------

    // asyncio: test_timeouts.TimeoutTests.test_timeout_after_cancellation
    @Test
    void the_cancelling_count_is_back_to_its_entry_value_after_a_timeout_fired() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            Task<?> me = Weft.currentTask();
            me.cancel();
            assertThrows(CancelledException.class, () -> Weft.sleep(hours(1)));
            assertEquals(1, me.cancelling()); // caught without uncancel()

            AtomicReference<Timeout> scope = new AtomicReference<>();
            assertThrows(TimeoutException.class, () -> Weft.timeout(Duration.ZERO, s -> {
                scope.set(s);
                Weft.sleep(hours(1)); // some cleanup
                return null;
            }));

            assertTrue(scope.get().expired());
            assertEquals(1, me.cancelling());
            me.uncancel();
        });
    }

    // ---- what the body does on expiry ---------------------------------------------------

    // asyncio: timeouts.Timeout.__aexit__ (a body that swallows the CancelledError)
    @Test
    void a_body_that_catches_the_cancellation_and_returns_normally_returns_normally() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            AtomicReference<Timeout> scope = new AtomicReference<>();

            String r = Weft.timeout(minutes(1), s -> {
                scope.set(s);
                try {
                    Weft.sleep(hours(10));
                    return "slept";
                } catch (CancelledException e) {
                    return "caught";
                }
            });

            assertEquals("caught", r);
            assertTrue(scope.get().expired());
            assertEquals(minutes(1), since(t0));
            assertEquals(0, Weft.currentTask().cancelling());
            Weft.sleep(Duration.ZERO); // nothing pending
        });
    }

    // asyncio: test_timeouts.TimeoutTests.test_foreign_exception_passed
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_foreign_exception_passes_through_as_the_same_object(Mode mode) {
        Tasks.run(mode, () -> {
            IllegalArgumentException key = new IllegalArgumentException("key");
            AtomicReference<Timeout> scope = new AtomicReference<>();

            assertSame(key, assertThrows(IllegalArgumentException.class, () -> Weft.timeout(hours(1), s -> {
                scope.set(s);
                throw key;
            })));

            assertFalse(scope.get().expired());
        });
    }

    // asyncio: test_timeouts.TimeoutTests.test_foreign_exception_on_timeout
    @Test
    @SuppressWarnings("finally") // the body throws from finally on purpose
    void an_exception_thrown_while_unwinding_from_expiry_replaces_the_timeout() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            ArithmeticException divide = new ArithmeticException("/ by zero");
            AtomicReference<Timeout> scope = new AtomicReference<>();

            assertSame(divide, assertThrows(ArithmeticException.class, () -> Weft.timeout(minutes(1), s -> {
                scope.set(s);
                try {
                    Weft.sleep(hours(1));
                } finally {
                    throw divide;
                }
            })));

            assertTrue(scope.get().expired());
            assertEquals(0, Weft.currentTask().cancelling());
        });
    }

    // asyncio: test_timeouts.TimeoutTests.test_timeout_exception_context
    @Test
    void a_suspension_in_a_finally_after_a_failure_is_cut_short_by_the_timeout() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();

            TimeoutException te = assertThrows(TimeoutException.class, () -> Weft.timeout(minutes(1), s -> {
                try {
                    throw new ArithmeticException("/ by zero");
                } finally {
                    Weft.sleep(hours(1));
                }
            }));

            assertInstanceOf(CancelledException.class, te.getCause());
            assertEquals(minutes(1), since(t0));
        });
    }

    @Test
    void a_timeout_around_a_gather_cancels_the_gathered_tasks_and_throws_timeout_exception() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            Task<String> fast = Weft.spawn(() -> {
                Weft.sleep(minutes(1));
                return "fast";
            });
            Task<String> slow = Weft.spawn(() -> {
                Weft.sleep(hours(10));
                return "slow";
            });

            assertThrows(TimeoutException.class, () -> Weft.timeout(hours(1), s -> Weft.gather(fast, slow)));

            assertEquals(hours(1), since(t0));
            assertEquals("fast", fast.result());
            assertTrue(slow.isCancelled());
            assertEquals(0, Weft.currentTask().cancelling());
        });
    }

    // ---- outside cancellation -------------------------------------------------------------

    // asyncio: test_timeouts.TimeoutTests.test_foreign_cancel_doesnt_timeout_if_not_expired
    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_outside_cancel_stays_cancelled_exception_while_a_timeout_is_active(Mode mode) {
        Tasks.run(mode, () -> {
            AtomicReference<Timeout> scope = new AtomicReference<>();

            // The task cancels itself inside the body.
            Task<String> self = Weft.spawn(() -> Weft.timeout(hours(10), s -> {
                scope.set(s);
                Weft.currentTask().cancel();
                Weft.sleep(hours(10));
                return "slept";
            }));
            assertThrows(CancelledException.class, self::await);
            assertTrue(self.isCancelled());
            assertFalse(scope.get().expired());

            // Another task cancels it.
            AtomicReference<Timeout> scope2 = new AtomicReference<>();
            Task<String> victim = Weft.spawn(() -> Weft.timeout(hours(10), s -> {
                scope2.set(s);
                Weft.sleep(hours(10));
                return "slept";
            }));
            Tasks.awaitBlocked(victim);
            victim.cancel("from outside");
            CancelledException e = assertThrows(CancelledException.class, victim::await);
            assertEquals("from outside", e.getMessage());
            assertTrue(victim.isCancelled());
            assertFalse(scope2.get().expired());
        });
    }

    // asyncio: timeouts.Timeout.__aexit__ (uncancel() <= cancelling-at-entry decides; here it is not)
    @Test
    void an_outside_cancel_stays_cancelled_exception_even_if_the_timeout_also_expired() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            AtomicReference<Timeout> scope = new AtomicReference<>();
            List<String> events = new CopyOnWriteArrayList<>();
            Task<String> victim = Weft.spawn(() -> Weft.timeout(hours(1), s -> {
                scope.set(s);
                try {
                    Weft.sleep(hours(10));
                    return "slept";
                } catch (CancelledException e) {
                    events.add("timeout fired at " + since(t0));
                    Weft.sleep(hours(5)); // cleanup, cut short by the outside cancel
                    return "cleaned up";
                }
            }));
            Weft.spawn(() -> {
                Weft.sleep(hours(2));
                victim.cancel("from outside");
            });

            CancelledException e = assertThrows(CancelledException.class, victim::await);

            assertEquals("from outside", e.getMessage());
            assertTrue(victim.isCancelled());
            assertTrue(scope.get().expired());
            assertEquals(List.of("timeout fired at PT1H"), events);
            assertEquals(hours(2), since(t0));
        });
    }

    // asyncio: timeouts.Timeout.__aexit__ (a cancel swallowed before expiry still counts)
    @Test
    void an_outside_cancel_swallowed_without_uncancel_makes_a_later_expiry_a_cancelled_exception() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            AtomicReference<Timeout> scope = new AtomicReference<>();
            Task<String> victim = Weft.spawn(() -> Weft.timeout(hours(2), s -> {
                scope.set(s);
                try {
                    Weft.sleep(hours(10));
                } catch (CancelledException swallowed) {
                    // no uncancel(): the outside request still counts
                }
                Weft.sleep(hours(10));
                return "slept";
            }));
            Weft.spawn(() -> {
                Weft.sleep(hours(1));
                victim.cancel();
            });

            assertThrows(CancelledException.class, victim::await);
            assertTrue(scope.get().expired());
            assertTrue(victim.isCancelled());
        });
    }

    // asyncio: test_timeouts.TimeoutTests.test_cancel_in_timeout_after_cancellation
    @Test
    void a_cancel_inside_a_timeout_entered_after_an_earlier_cancellation_stays_cancelled_exception() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            Task<?> me = Weft.currentTask();
            me.cancel();
            assertThrows(CancelledException.class, () -> Weft.sleep(hours(1)));
            AtomicReference<Timeout> scope = new AtomicReference<>();

            assertThrows(CancelledException.class, () -> Weft.timeout(hours(1), s -> {
                scope.set(s);
                me.cancel();
                Weft.sleep(hours(2));
                return null;
            }));

            assertFalse(scope.get().expired());
            assertEquals(2, me.cancelling());
            me.uncancel();
            me.uncancel();
        });
    }

    // ---- nesting ----------------------------------------------------------------------------

    // asyncio: test_timeouts.TimeoutTests.test_nested_timeouts
    @Test
    void nested_timeouts_with_the_same_deadline_only_the_outer_one_throws() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long deadline = Weft.now() + nanos(minutes(1));
            AtomicReference<Timeout> outer = new AtomicReference<>();
            AtomicReference<Timeout> inner = new AtomicReference<>();
            List<String> events = new CopyOnWriteArrayList<>();

            assertThrows(TimeoutException.class, () -> Weft.timeoutAt(deadline, o -> {
                outer.set(o);
                try {
                    return Weft.timeoutAt(deadline, i -> {
                        inner.set(i);
                        Weft.sleep(hours(10));
                        return null;
                    });
                } catch (CancelledException e) {
                    events.add("inner passed the cancellation through");
                    throw e;
                }
            }));

            assertEquals(List.of("inner passed the cancellation through"), events);
            assertTrue(outer.get().expired());
            assertTrue(inner.get().expired());
            assertEquals(0, Weft.currentTask().cancelling());
        });
    }

    @Test
    void when_the_inner_timeout_expires_the_inner_throws_and_the_outer_goes_on() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            AtomicReference<Timeout> inner = new AtomicReference<>();
            List<String> events = new CopyOnWriteArrayList<>();

            AtomicReference<Timeout> outer = new AtomicReference<>();
            String r = Weft.timeout(hours(10), o -> {
                outer.set(o);
                try {
                    Weft.timeout(hours(1), i -> {
                        inner.set(i);
                        Weft.sleep(hours(5));
                        return null;
                    });
                } catch (TimeoutException e) {
                    events.add("inner timed out at " + since(t0));
                }
                Weft.sleep(hours(1));
                return "outer finished";
            });

            assertEquals("outer finished", r);
            assertEquals(List.of("inner timed out at PT1H"), events);
            assertTrue(inner.get().expired());
            assertFalse(outer.get().expired());
            assertEquals(hours(2), since(t0));
            assertEquals(0, Weft.currentTask().cancelling());
        });
    }

    @Test
    void when_the_outer_timeout_expires_first_the_outer_throws_and_the_inner_passes_the_cancellation() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            AtomicReference<Timeout> inner = new AtomicReference<>();
            AtomicReference<Timeout> outer = new AtomicReference<>();
            List<String> events = new CopyOnWriteArrayList<>();

            assertThrows(TimeoutException.class, () -> Weft.timeout(hours(1), o -> {
                outer.set(o);
                try {
                    return Weft.timeout(hours(10), i -> {
                        inner.set(i);
                        Weft.sleep(hours(5));
                        return "slept";
                    });
                } catch (CancelledException e) {
                    events.add("cancelled at " + since(t0));
                    throw e;
                }
            }));

            assertEquals(List.of("cancelled at PT1H"), events);
            assertTrue(outer.get().expired());
            assertFalse(inner.get().expired());
            assertEquals(0, Weft.currentTask().cancelling());
        });
    }

    // asyncio: test_timeouts.TimeoutTests.test_nested_timeouts_loop_busy
    @Test
    void after_the_inner_timeout_fired_the_outer_one_still_cuts_a_later_wait_short() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();

            assertThrows(TimeoutException.class, () -> Weft.timeout(minutes(10), o -> {
                assertThrows(TimeoutException.class, () -> Weft.timeout(minutes(1), i -> {
                    Weft.sleep(hours(1));
                    return null;
                }));
                Weft.sleep(hours(10)); // interrupted by the outer timeout
                return null;
            }));

            assertEquals(minutes(10), since(t0));
        });
    }

    // asyncio: test_timeouts.TimeoutTests.test_nested_timeout_in_finally
    @Test
    void a_timeout_in_a_finally_block_of_an_expired_timeout_expires_on_its_own() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            List<String> events = new CopyOnWriteArrayList<>();

            assertThrows(TimeoutException.class, () -> Weft.timeout(minutes(1), o -> {
                try {
                    Weft.sleep(hours(1));
                } finally {
                    TimeoutException inner = assertThrows(TimeoutException.class,
                            () -> Weft.timeout(minutes(1), i -> {
                                Weft.sleep(hours(10));
                                return null;
                            }));
                    assertInstanceOf(CancelledException.class, inner.getCause());
                    events.add("inner timed out at " + since(t0));
                }
                return null;
            }));

            assertEquals(List.of("inner timed out at PT2M"), events);
            assertEquals(minutes(2), since(t0));
            assertEquals(0, Weft.currentTask().cancelling());
        });
    }

    // ---- reschedule, deadline, expired ------------------------------------------------------

    // asyncio: test_timeouts.TimeoutTests.test_reschedule
    @Test
    void reschedule_from_another_task_moves_and_disables_the_deadline() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long deadline1 = Weft.now() + nanos(minutes(10));
            long deadline2 = deadline1 + nanos(minutes(20));
            AtomicReference<Timeout> scope = new AtomicReference<>();
            Task<String> task = Weft.spawn(() -> Weft.timeoutAt(deadline1, s -> {
                scope.set(s);
                Weft.sleep(hours(50));
                return "slept";
            }));
            Tasks.awaitBlocked(task);
            Timeout cm = scope.get();

            assertEquals(deadline1, cm.deadline());
            cm.reschedule(deadline2);
            assertEquals(deadline2, cm.deadline());
            cm.reschedule(NONE);
            assertEquals(NONE, cm.deadline());

            task.cancel();

            assertThrows(CancelledException.class, task::await);
            assertFalse(cm.expired());
        });
    }

    @Test
    void reschedule_to_a_later_deadline_lets_the_body_finish() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            AtomicReference<Timeout> scope = new AtomicReference<>();

            String r = Weft.timeout(hours(1), s -> {
                scope.set(s);
                s.reschedule(Weft.now() + nanos(hours(3)));
                Weft.sleep(hours(2));
                return "finished";
            });

            assertEquals("finished", r);
            assertFalse(scope.get().expired());
            assertEquals(t0 + nanos(hours(3)), scope.get().deadline());
            assertEquals(hours(2), since(t0));
        });
    }

    @Test
    void reschedule_to_an_earlier_deadline_expires_sooner() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            AtomicReference<Timeout> scope = new AtomicReference<>();

            assertThrows(TimeoutException.class, () -> Weft.timeout(hours(10), s -> {
                scope.set(s);
                Weft.sleep(minutes(10));
                s.reschedule(t0 + nanos(hours(1)));
                Weft.sleep(hours(5));
                return null;
            }));

            assertTrue(scope.get().expired());
            assertEquals(hours(1), since(t0));
        });
    }

    @Test
    void reschedule_to_a_deadline_already_past_expires_at_the_next_suspension_point() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            List<String> events = new CopyOnWriteArrayList<>();

            assertThrows(TimeoutException.class, () -> Weft.timeout(hours(10), s -> {
                s.reschedule(Weft.now() - 1);
                events.add("still running");
                Weft.sleep(Duration.ZERO);
                events.add("not reached");
                return null;
            }));

            assertEquals(List.of("still running"), events);
            assertEquals(Duration.ZERO, since(t0));
        });
    }

    @Test
    void reschedule_to_long_max_value_disables_the_timeout() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            AtomicReference<Timeout> scope = new AtomicReference<>();

            String r = Weft.timeout(hours(1), s -> {
                scope.set(s);
                s.reschedule(NONE);
                Weft.sleep(hours(5));
                return "slept";
            });

            assertEquals("slept", r);
            assertFalse(scope.get().expired());
            assertEquals(NONE, scope.get().deadline());
            assertEquals(hours(5), since(t0));
        });
    }

    // asyncio: test_timeouts.TimeoutTests.test_timeout_finished
    @ParameterizedTest
    @EnumSource(Mode.class)
    void reschedule_after_the_body_finished_throws_illegal_state_exception(Mode mode) {
        Tasks.run(mode, () -> {
            Timeout cm = Weft.timeout(hours(1), s -> s);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> cm.reschedule(Weft.now() + nanos(hours(2))));
            assertTrue(e.getMessage().contains("finished"), e.getMessage());
        });
    }

    // asyncio: test_timeouts.TimeoutTests.test_timeout_expired
    @Test
    void reschedule_after_expiry_throws_illegal_state_exception() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            AtomicReference<Timeout> scope = new AtomicReference<>();
            assertThrows(TimeoutException.class, () -> Weft.timeout(minutes(1), s -> {
                scope.set(s);
                Weft.sleep(hours(1));
                return null;
            }));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> scope.get().reschedule(Weft.now() + nanos(hours(2))));
            assertTrue(e.getMessage().contains("expired"), e.getMessage());
        });
    }

    // asyncio: test_timeouts.TimeoutTests.test_timeout_expiring
    @Test
    void reschedule_inside_the_body_after_expiry_throws_illegal_state_exception() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            String r = Weft.timeout(minutes(1), s -> {
                assertThrows(CancelledException.class, () -> Weft.sleep(hours(1)));
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> s.reschedule(Weft.now() + nanos(hours(2))));
                assertTrue(e.getMessage().contains("expiring"), e.getMessage());
                return "checked";
            });
            assertEquals("checked", r);
        });
    }

    // asyncio: test_timeouts.TimeoutTests.test_timeout_disabled
    // asyncio: test_timeouts.TimeoutTests.test_timeout_at_disabled
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_null_delay_means_no_timeout(Mode mode) {
        Tasks.run(mode, () -> {
            AtomicReference<Timeout> scope = new AtomicReference<>();
            String r = Weft.timeout(null, s -> {
                scope.set(s);
                assertEquals(NONE, s.deadline());
                Weft.sleep(Duration.ZERO);
                return "no timeout";
            });
            assertEquals("no timeout", r);
            assertFalse(scope.get().expired());
            assertEquals(NONE, scope.get().deadline());

            AtomicReference<Timeout> at = new AtomicReference<>();
            assertEquals("none", Weft.timeoutAt(NONE, s -> {
                at.set(s);
                return "none";
            }));
            assertFalse(at.get().expired());
            assertEquals(NONE, at.get().deadline());
        });
    }

    @Test
    void a_null_delay_lets_a_long_body_run_to_the_end() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            long t0 = Weft.now();
            assertEquals("slept", Weft.timeout(null, s -> {
                Weft.sleep(hours(1000));
                return "slept";
            }));
            assertEquals(hours(1000), since(t0));
        });
    }

    // asyncio: test_timeouts.TimeoutTests.test_timeout_zero
    // asyncio: test_timeouts.TimeoutTests.test_timeout_zero_sleep_zero
    // asyncio: test_timeouts.TimeoutTests.test_timeout_in_the_past_sleep_zero
    @Test
    void a_zero_or_negative_delay_expires_at_the_first_suspension_point() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            Weft.sleep(minutes(3));
            for (Duration delay : new Duration[] {Duration.ZERO, Duration.ofSeconds(-11)}) {
                for (Duration sleep : new Duration[] {hours(10), Duration.ZERO}) {
                    long t0 = Weft.now();
                    List<String> events = new CopyOnWriteArrayList<>();
                    AtomicReference<Timeout> scope = new AtomicReference<>();
                    String what = "delay " + delay + ", sleep " + sleep;

                    assertThrows(TimeoutException.class, () -> Weft.timeout(delay, s -> {
                        scope.set(s);
                        events.add("body started");
                        Weft.sleep(sleep);
                        events.add("not reached");
                        return null;
                    }), what);

                    assertEquals(List.of("body started"), events, what);
                    assertTrue(scope.get().expired(), what);
                    assertTrue(scope.get().deadline() <= t0, what);
                    assertEquals(Duration.ZERO, since(t0), what);
                    assertEquals(0, Weft.currentTask().cancelling(), what);
                }
            }
        });
    }

    // Issue 6.6: deadline arithmetic near Long.MIN_VALUE overflowed into "no limit" on the real
    // clock (parallel and cooperative loops); a past deadline must simply be expired.
    @ParameterizedTest
    @EnumSource(Mode.class)
    void the_earliest_possible_deadline_expires_at_the_first_suspension_point_in_every_mode(Mode mode) {
        Tasks.run(mode, () -> {
            List<String> events = new CopyOnWriteArrayList<>();
            assertThrows(TimeoutException.class, () -> Weft.timeoutAt(Long.MIN_VALUE, s -> {
                events.add("body started");
                Weft.sleep(Duration.ofSeconds(60));
                events.add("slept");
                return null;
            }));
            assertThrows(TimeoutException.class, () -> Weft.timeout(hours(1), s -> {
                s.reschedule(Long.MIN_VALUE);
                events.add("rescheduled");
                Weft.sleep(Duration.ofSeconds(60));
                events.add("slept");
                return null;
            }));
            assertEquals(List.of("body started", "rescheduled"), events);
            assertEquals(0, Weft.currentTask().cancelling());
        });
    }

    @Test
    void timeout_at_a_deadline_in_the_past_expires_at_the_first_suspension_point() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            Weft.sleep(hours(1));
            long t0 = Weft.now();
            assertThrows(TimeoutException.class, () -> Weft.timeoutAt(t0 - nanos(minutes(30)), s -> {
                Weft.sleep(Duration.ZERO);
                return null;
            }));
            assertEquals(Duration.ZERO, since(t0));
        });
    }

    // ---- where it runs ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Mode.class)
    void the_body_runs_in_the_current_task(Mode mode) {
        Tasks.run(mode, () -> {
            Task<?> me = Weft.currentTask();
            assertSame(me, Weft.timeout(hours(1), s -> Weft.currentTask()));
            assertSame(me, Weft.timeoutAt(NONE, s -> Weft.currentTask()));
        });
    }

    // asyncio: test_timeouts.TimeoutTests.test_timeout_without_task
    @Test
    void timeout_outside_a_task_throws_no_running_loop() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Weft.timeout(hours(1), s -> "x"));
        assertEquals("no running loop", e.getMessage());
        IllegalStateException at = assertThrows(IllegalStateException.class,
                () -> Weft.timeoutAt(NONE, s -> "x"));
        assertEquals("no running loop", at.getMessage());
    }
}
