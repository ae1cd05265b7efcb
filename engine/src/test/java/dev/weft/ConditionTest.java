package dev.weft;

import static dev.weft.Tasks.events;
import static dev.weft.Tasks.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(120) // hang guard only
class ConditionTest {

    // ---- misuse -----------------------------------------------------------------------------

    // asyncio: test_locks.ConditionTests.test_wait_unacquired
    @ParameterizedTest
    @EnumSource(Mode.class)
    void await_without_the_lock_throws(Mode mode) {
        Tasks.run(mode, () -> {
            Condition cond = new Condition();
            IllegalStateException e = assertThrows(IllegalStateException.class, cond::await);
            assertEquals("cannot wait on un-acquired lock", e.getMessage());
            assertEquals(new Condition.Statistics(false, 0), cond.statistics());
        });
    }

    // asyncio: test_locks.ConditionTests.test_notify_unacquired, test_notify_all_unacquired
    @ParameterizedTest
    @EnumSource(Mode.class)
    void signal_without_the_lock_throws(Mode mode) {
        Tasks.run(mode, () -> {
            Condition cond = new Condition();
            IllegalStateException e = assertThrows(IllegalStateException.class, cond::signal);
            assertEquals("cannot notify on un-acquired lock", e.getMessage());
            e = assertThrows(IllegalStateException.class, () -> cond.signal(2));
            assertEquals("cannot notify on un-acquired lock", e.getMessage());
            e = assertThrows(IllegalStateException.class, cond::signalAll);
            assertEquals("cannot notify on un-acquired lock", e.getMessage());
        });
    }

    // asyncio: test_locks.ConditionTests.test_wait_for_unacquired
    @ParameterizedTest
    @EnumSource(Mode.class)
    void await_until_a_true_predicate_returns_without_the_lock_and_a_false_one_throws(Mode mode) {
        Tasks.run(mode, () -> {
            Condition cond = new Condition();
            cond.awaitUntil(() -> true);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cond.awaitUntil(() -> false));
            assertEquals("cannot wait on un-acquired lock", e.getMessage());
        });
    }

    // ---- waking -----------------------------------------------------------------------------

    // asyncio: test_locks.ConditionTests.test_wait
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void a_notified_waiter_returns_only_once_it_holds_the_lock_again(Mode mode) {
        List<Integer> result = new ArrayList<>();
        Tasks.run(mode, () -> {
            Condition cond = new Condition();
            List<Task<Boolean>> ts = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int tag = i;
                ts.add(Weft.spawn("c" + i, () -> {
                    cond.acquire();
                    cond.await();
                    result.add(tag);
                    return true; // and keeps the lock
                }));
            }
            Weft.sleep(Duration.ZERO);
            assertEquals(List.of(), result);
            assertFalse(cond.locked());

            cond.acquire();
            cond.signal();
            Weft.sleep(Duration.ZERO);
            assertEquals(List.of(), result);
            assertTrue(cond.locked());

            cond.release();
            Weft.sleep(Duration.ZERO);
            assertEquals(List.of(1), result);
            assertTrue(cond.locked());

            cond.signal(2);
            Weft.sleep(Duration.ZERO);
            assertEquals(List.of(1), result);
            assertTrue(cond.locked());

            cond.release();
            Weft.sleep(Duration.ZERO);
            assertEquals(List.of(1, 2), result);
            assertTrue(cond.locked());

            cond.release();
            Weft.sleep(Duration.ZERO);
            assertEquals(List.of(1, 2, 3), result);
            assertTrue(cond.locked());
            for (Task<Boolean> t : ts) {
                assertTrue(t.isDone());
                assertTrue(t.result());
            }
        });
    }

    // asyncio: test_locks.ConditionTests.test_notify
    @ParameterizedTest
    @EnumSource(Mode.class)
    void signal_of_n_wakes_the_first_n_waiters_in_arrival_order(Mode mode) {
        List<Integer> result = events();
        Tasks.run(mode, () -> {
            Condition cond = new Condition();
            List<Task<Boolean>> ts = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int tag = i;
                ts.add(Weft.spawn("c" + i, () -> {
                    try (Permit p = cond.hold()) {
                        cond.await();
                        result.add(tag);
                    }
                    return true;
                }));
                until(() -> cond.statistics().waiters() == tag);
            }
            try (Permit p = cond.hold()) {
                cond.signal(1);
            }
            ts.get(0).await();
            assertEquals(List.of(1), result);
            assertEquals(2, cond.statistics().waiters());
            assertFalse(ts.get(1).isDone());

            try (Permit p = cond.hold()) {
                cond.signal(1);
                cond.signal(2048);
                assertEquals(0, cond.statistics().waiters());
            }
            assertEquals(List.of(true, true, true), Weft.gather(ts));
            if (mode.cooperative()) {
                assertEquals(List.of(1, 2, 3), result);
            } else {
                assertEquals(List.of(1, 2, 3), result.stream().sorted().toList());
            }
            assertFalse(cond.locked());
        });
    }

    // asyncio: test_locks.ConditionTests.test_notify_all
    @ParameterizedTest
    @EnumSource(Mode.class)
    void signal_all_wakes_every_waiter(Mode mode) {
        List<Integer> result = events();
        Tasks.run(mode, () -> {
            Condition cond = new Condition();
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int tag = i;
                ts.add(Weft.spawn("c" + i, () -> {
                    try (Permit p = cond.hold()) {
                        cond.await();
                        result.add(tag);
                    }
                }));
                until(() -> cond.statistics().waiters() == tag);
            }
            try (Permit p = cond.hold()) {
                cond.signalAll();
                assertEquals(0, cond.statistics().waiters());
            }
            Weft.gather(ts);
            if (mode.cooperative()) {
                assertEquals(List.of(1, 2, 3), result);
            } else {
                assertEquals(List.of(1, 2, 3), result.stream().sorted().toList());
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void signal_with_nobody_waiting_is_not_remembered(Mode mode) {
        Tasks.run(mode, () -> {
            Condition cond = new Condition();
            try (Permit p = cond.hold()) {
                cond.signal();
            }
            Task<Void> t = Weft.spawn("late", () -> {
                try (Permit p = cond.hold()) {
                    cond.await();
                }
            });
            Tasks.awaitBlocked(t);
            assertEquals(1, cond.statistics().waiters());
            try (Permit p = cond.hold()) {
                cond.signal();
            }
            t.await();
        });
    }

    // asyncio: test_locks.ConditionTests.test_wait_for
    @ParameterizedTest
    @EnumSource(Mode.class)
    void await_until_waits_again_while_the_predicate_is_false(Mode mode) {
        List<Integer> result = events();
        Tasks.run(mode, () -> {
            Condition cond = new Condition();
            boolean[] presult = {false};
            AtomicInteger checks = new AtomicInteger();
            Task<Boolean> t = Weft.spawn("c1", () -> {
                cond.acquire();
                cond.awaitUntil(() -> {
                    checks.incrementAndGet();
                    return presult[0];
                });
                result.add(1);
                cond.release();
                return true;
            });
            until(() -> checks.get() == 1 && cond.statistics().waiters() == 1);
            assertEquals(List.of(), result);

            cond.acquire();
            cond.signal();
            cond.release();
            until(() -> checks.get() == 2 && cond.statistics().waiters() == 1);
            assertEquals(List.of(), result);

            cond.acquire();
            presult[0] = true;
            cond.signal();
            cond.release();
            assertTrue(t.await());
            assertEquals(List.of(1), result);
            assertEquals(3, checks.get());
        });
    }

    // asyncio: test_locks.ConditionTests.test_explicit_lock, test_context_manager
    @ParameterizedTest
    @EnumSource(Mode.class)
    void conditions_can_share_a_lock_and_each_wakes_only_its_own_waiters(Mode mode) {
        List<String> result = Collections.synchronizedList(new ArrayList<>());
        Tasks.run(mode, () -> {
            Lock lock = new Lock("shared");
            Condition notEmpty = new Condition(lock);
            Condition notFull = new Condition(lock);
            assertFalse(notEmpty.locked());
            try (Permit p = notEmpty.hold()) {
                assertTrue(lock.locked());
                assertTrue(notFull.locked());
            }
            assertFalse(lock.locked());
            try (Permit p = lock.hold()) {
                assertTrue(notEmpty.locked());
            }
            assertFalse(notFull.locked());

            Task<Void> a = Weft.spawn("a", () -> {
                try (Permit p = lock.hold()) {
                    notEmpty.await();
                    result.add("a");
                }
            });
            until(() -> notEmpty.statistics().waiters() == 1);
            Task<Void> b = Weft.spawn("b", () -> {
                try (Permit p = notFull.hold()) {
                    notFull.await();
                    result.add("b");
                }
            });
            until(() -> notFull.statistics().waiters() == 1);
            try (Permit p = lock.hold()) {
                notFull.signalAll();
                assertEquals(1, notEmpty.statistics().waiters());
            }
            b.await();
            assertEquals(List.of("b"), result);
            assertFalse(a.isDone());
            try (Permit p = notFull.hold()) {
                notEmpty.signal(); // notEmpty's lock is held: this is allowed
            }
            a.await();
            assertEquals(List.of("b", "a"), result);
        });
    }

    // ---- cancellation -----------------------------------------------------------------------

    // asyncio: test_locks.ConditionTests.test_wait_cancel
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_cancelled_waiter_leaves_the_condition_holding_the_lock(Mode mode) {
        Tasks.run(mode, () -> {
            Condition cond = new Condition();
            cond.acquire();
            Task<Void> wait = Weft.spawn("waiter", cond::await); // waits on the lock this task acquired
            until(() -> cond.statistics().waiters() == 1 && !cond.locked());
            wait.cancel();
            assertThrows(CancelledException.class, wait::await);
            assertEquals(0, cond.statistics().waiters());
            assertTrue(cond.locked()); // re-acquired by the waiter, which never released it
            cond.release();
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_waiter_cancelled_while_waiting_reacquires_the_lock_before_the_exception_leaves_await(Mode mode) {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Tasks.run(mode, () -> {
            Lock lock = new Lock("cond-lock");
            Condition cond = new Condition(lock);
            Task<Void> t = Weft.spawn("waiter", () -> {
                try (Permit p = cond.hold()) {
                    try {
                        cond.await();
                        events.add("notified");
                    } catch (CancelledException e) {
                        events.add("cancelled, locked=" + cond.locked() + ", owner=" + lock.statistics().owner());
                        throw e;
                    }
                }
            });
            until(() -> cond.statistics().waiters() == 1);
            cond.acquire(); // contest the lock
            t.cancel();
            // The waiter now waits for the lock: the exception must not leave await before it has it.
            until(() -> lock.statistics().waiters() == 1);
            Tasks.awaitBlocked(t);
            assertEquals(List.of(), events);
            cond.release();
            assertThrows(CancelledException.class, t::await);
            assertFalse(cond.locked());
        });
        assertEquals(List.of("cancelled, locked=true, owner=waiter"), events);
    }

    // asyncio: test_locks.ConditionTests.test_wait_cancel_contested
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void a_waiter_notified_then_cancelled_while_the_lock_is_contested_still_ends_holding_it(Mode mode) {
        Tasks.run(mode, () -> {
            Condition cond = new Condition();
            cond.acquire();
            assertTrue(cond.locked());
            Task<Void> wait = Weft.spawn("waiter", cond::await);
            Weft.sleep(Duration.ZERO);
            assertFalse(cond.locked());
            cond.acquire();
            cond.signal();
            wait.cancel();
            cond.release();
            Outcome<Void> r = Weft.gatherSettled(wait).get(0);
            // Either way (cancelled or not) it returns holding the lock.
            assertTrue(r instanceof Outcome.Success || (r instanceof Outcome.Failure<Void> f && f.error() instanceof CancelledException), r::toString);
            assertTrue(cond.locked());
            assertEquals(0, cond.statistics().waiters());
            cond.release();
        });
    }

    // asyncio: test_locks.ConditionTests.test_wait_cancel_after_notify
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void a_waiter_cancelled_after_notify_while_reacquiring_ends_cancelled(Mode mode) {
        Tasks.run(mode, () -> {
            boolean[] waited = {false};
            Condition cond = new Condition();
            Task<Void> waiter = Weft.spawn("waiter", () -> {
                try (Permit p = cond.hold()) {
                    waited[0] = true;
                    cond.await();
                }
            });
            Weft.sleep(Duration.ZERO); // start waiting
            cond.acquire();
            cond.signal();
            Weft.sleep(Duration.ZERO); // the waiter gets to its re-acquire
            waiter.cancel();
            Weft.sleep(Duration.ZERO);
            cond.release();
            Weft.sleep(Duration.ZERO);
            Tasks.awaitDone(waiter);
            assertTrue(waiter.isCancelled());
            assertTrue(waited[0]);
            assertFalse(cond.locked());
        });
    }

    // asyncio: test_locks.ConditionTests.test_cancelled_error_wakeup
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_cancellation_received_while_waiting_is_rethrown_unchanged(Mode mode) {
        Tasks.run(mode, () -> {
            Condition cond = new Condition();
            AtomicReference<CancelledException> raised = new AtomicReference<>();
            Task<Void> task = Weft.spawn("func", () -> {
                try (Permit p = cond.hold()) {
                    try {
                        cond.awaitUntil(() -> false);
                    } catch (CancelledException e) {
                        raised.set(e);
                        throw e;
                    }
                }
            });
            until(() -> cond.statistics().waiters() == 1);
            task.cancel("foo");
            CancelledException e = assertThrows(CancelledException.class, task::await);
            assertEquals("foo", e.getMessage());
            assertSame(raised.get(), e);
            assertFalse(cond.locked());
        });
    }

    // asyncio: test_locks.ConditionTests.test_cancelled_error_re_aquire
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_cancellation_received_while_reacquiring_the_lock_is_rethrown_unchanged(Mode mode) {
        Tasks.run(mode, () -> {
            Lock lock = new Lock();
            Condition cond = new Condition(lock);
            boolean[] wake = {false};
            AtomicReference<CancelledException> raised = new AtomicReference<>();
            Task<Void> task = Weft.spawn("func", () -> {
                try (Permit p = cond.hold()) {
                    try {
                        cond.awaitUntil(() -> wake[0]);
                    } catch (CancelledException e) {
                        raised.set(e);
                        throw e;
                    }
                }
            });
            until(() -> cond.statistics().waiters() == 1);
            cond.acquire();
            wake[0] = true;
            cond.signal();
            // The task is now trying to re-acquire the lock: cancel it there.
            until(() -> lock.statistics().waiters() == 1);
            task.cancel("foo");
            cond.release();
            CancelledException e = assertThrows(CancelledException.class, task::await);
            assertEquals("foo", e.getMessage());
            assertSame(raised.get(), e);
            assertFalse(cond.locked());
        });
    }

    // asyncio: test_locks.ConditionTests.test_cancelled_wakeup
    @org.junit.jupiter.api.Test
    void a_waiter_cancelled_after_it_was_notified_passes_the_notification_on() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            Condition condition = new Condition();
            int[] state = {0};
            List<Task<Void>> c = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                c.add(Weft.spawn("consumer-" + i, () -> consumer(condition, state)));
            }
            Weft.sleep(Duration.ZERO); // both wait
            assertEquals(2, condition.statistics().waiters());
            try (Permit p = condition.hold()) {
                state[0] += 1;
                condition.signal(1);
                c.get(0).cancel(); // cancelled while it waits to run
                waitForStateZero(condition, state);
                assertEquals(0, state[0], "the notification was lost with the cancelled waiter");
                state[0] = -1;
                condition.signalAll();
            }
            c.get(1).await();
            assertTrue(c.get(0).isCancelled());
        });
    }

    // asyncio: test_locks.ConditionTests.test_cancelled_wakeup_relock
    @org.junit.jupiter.api.Test
    void a_waiter_cancelled_while_reacquiring_after_a_notify_passes_the_notification_on() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            Condition condition = new Condition();
            int[] state = {0};
            List<Task<Void>> c = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                c.add(Weft.spawn("consumer-" + i, () -> consumer(condition, state)));
            }
            Weft.sleep(Duration.ZERO);
            try (Permit p = condition.hold()) {
                state[0] += 1;
                condition.signal(1);
                Weft.sleep(Duration.ZERO); // the woken consumer now waits for the lock
                c.get(0).cancel();
                waitForStateZero(condition, state);
                assertEquals(0, state[0], "the notification was lost with the cancelled waiter");
                state[0] = -1;
                condition.signalAll();
            }
            c.get(1).await();
            assertTrue(c.get(0).isCancelled());
        });
    }

    private static void consumer(Condition condition, int[] state) {
        try (Permit p = condition.hold()) {
            for (;;) {
                condition.awaitUntil(() -> state[0] != 0);
                if (state[0] < 0) {
                    return;
                }
                state[0] -= 1;
            }
        }
    }

    /** asyncio's {@code async with timeout(0.01): await condition.wait_for(lambda: state == 0)}, on virtual time. */
    private static void waitForStateZero(Condition condition, int[] state) {
        try {
            Weft.timeout(Duration.ofMillis(10), scope -> {
                condition.awaitUntil(() -> state[0] == 0);
                return null;
            });
        } catch (TimeoutException expected) {
            // nobody notifies after consuming; the time-out ends the wait (asyncio does the same)
        }
        assertTrue(condition.locked());
    }

    // asyncio: test_locks.ConditionTests.test_timeout_in_block
    @org.junit.jupiter.api.Test
    void a_timed_out_await_returns_holding_the_lock() {
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            Condition cond = new Condition();
            try (Permit p = cond.hold()) {
                assertThrows(TimeoutException.class, () -> Weft.waitFor(Duration.ofMillis(500), () -> {
                    cond.await();
                    return null;
                }));
                assertTrue(cond.locked());
                assertEquals(500_000_000L, Weft.now());
            }
            assertFalse(cond.locked());
        });
    }

    // asyncio: test_locks.ConditionTests.test_repr
    @ParameterizedTest
    @EnumSource(Mode.class)
    void to_string_shows_the_lock_state_and_the_waiters(Mode mode) {
        Tasks.run(mode, () -> {
            Condition cond = new Condition();
            assertEquals("Condition[unlocked]", cond.toString());
            cond.acquire();
            assertEquals("Condition[locked]", cond.toString());
            Task<Void> w1 = Weft.spawn(() -> {
                cond.await(); // on the lock this task acquired
                cond.release();
            });
            until(() -> cond.statistics().waiters() == 1);
            Task<Void> w2 = Weft.spawn(() -> {
                cond.acquire();
                cond.await();
                cond.release();
            });
            until(() -> cond.statistics().waiters() == 2 && !cond.locked());
            assertEquals("Condition[unlocked, waiters=2]", cond.toString());
            cond.acquire();
            assertEquals("Condition[locked, waiters=2]", cond.toString());
            cond.signalAll();
            assertEquals("Condition[locked]", cond.toString());
            cond.release();
            Weft.gather(w1, w2);
            assertEquals("Condition[unlocked]", cond.toString());
        });
    }
}
