package dev.weft;

import static dev.weft.Tasks.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What only {@link Semaphore} and {@link BoundedSemaphore} do: counting, locked(), bounds. */
@Timeout(120) // hang guard only
class SemaphoreTest {

    // asyncio: test_locks.SemaphoreTests.test_semaphore_value
    @Test
    void a_negative_initial_value_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
    }

    // asyncio: test_locks.SemaphoreTests.test_initial_value_zero
    @Test
    void a_semaphore_of_zero_is_locked() {
        assertTrue(new Semaphore(0).locked());
        assertEquals(new Semaphore.Statistics(0, 0), new Semaphore(0).statistics());
        assertFalse(new Semaphore(1).locked());
    }

    // asyncio: test_locks.SemaphoreTests.test_release_no_waiters, test_semaphore
    @ParameterizedTest
    @EnumSource(Mode.class)
    void value_counts_the_free_permits(Mode mode) {
        Tasks.run(mode, () -> {
            Semaphore sem = new Semaphore(3);
            assertEquals(new Semaphore.Statistics(3, 0), sem.statistics());
            sem.acquire();
            sem.acquire();
            assertEquals(1, sem.statistics().value());
            assertFalse(sem.locked());
            sem.acquire();
            assertEquals(0, sem.statistics().value());
            assertTrue(sem.locked());
            sem.release();
            assertEquals(1, sem.statistics().value());
            assertFalse(sem.locked());
            sem.release();
            sem.release();
            sem.release(); // a plain Semaphore may go past its initial value
            assertEquals(4, sem.statistics().value());
        });
    }

    // asyncio: test_locks.SemaphoreTests.test_acquire
    @ParameterizedTest
    @EnumSource(Mode.class)
    void released_permits_go_to_the_waiters_in_arrival_order(Mode mode) {
        List<Integer> result = Collections.synchronizedList(new ArrayList<>());
        Tasks.run(mode, () -> {
            Semaphore sem = new Semaphore(3);
            sem.acquire();
            sem.acquire();
            assertFalse(sem.locked());
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int tag = i;
                ts.add(Weft.spawn("c" + i, () -> {
                    sem.acquire();
                    result.add(tag);
                }));
                if (i == 1) {
                    ts.get(0).await(); // took the last free permit
                } else {
                    int queued = i - 1;
                    until(() -> sem.statistics().waiters() == queued);
                }
            }
            assertEquals(List.of(1), result);
            assertTrue(sem.locked());
            assertEquals(new Semaphore.Statistics(0, 2), sem.statistics());
            Task<Void> t4 = Weft.spawn("c4", () -> {
                sem.acquire();
                result.add(4);
            });
            sem.release();
            sem.release();
            assertEquals(0, sem.statistics().value()); // both handed to waiters
            ts.get(1).await();
            ts.get(2).await();
            until(() -> sem.statistics().waiters() == 1);
            assertFalse(t4.isDone());
            assertTrue(sem.locked());
            assertEquals(List.of(1, 2, 3), result.stream().sorted().toList());
            sem.release();
            t4.await();
            assertEquals(4, result.size());
        });
    }

    // asyncio: test_locks.SemaphoreTests.test_acquire_hang
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_cancelled_first_waiter_does_not_keep_a_release_from_the_second(Mode mode) {
        Tasks.run(mode, () -> {
            Semaphore sem = new Semaphore(0);
            Task<Void> t1 = Weft.spawn("t1", sem::acquire);
            until(() -> sem.statistics().waiters() == 1);
            Task<Void> t2 = Weft.spawn("t2", sem::acquire);
            until(() -> sem.statistics().waiters() == 2);
            t1.cancel();
            sem.release();
            t2.await();
            Tasks.awaitDone(t1);
            assertTrue(t1.isCancelled());
            assertTrue(sem.locked());
            assertEquals(new Semaphore.Statistics(0, 0), sem.statistics());
        });
    }

    /*
     * asyncio 3.13 locked(): true when a permit cannot be taken without waiting, or when anyone
     * is already waiting. weft hands a released permit straight to the first waiter, so a waiter
     * that was handed one no longer counts as waiting.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void locked_is_true_while_anyone_waits_and_false_when_a_permit_is_free(Mode mode) {
        Tasks.run(mode, () -> {
            Semaphore sem = new Semaphore(2);
            assertFalse(sem.locked());
            sem.acquire();
            assertFalse(sem.locked());
            sem.acquire();
            assertTrue(sem.locked());
            Task<Void> w = Weft.spawn("w", sem::acquire);
            until(() -> sem.statistics().waiters() == 1);
            assertTrue(sem.locked());
            sem.release(); // to w
            assertTrue(sem.locked());
            w.await();
            assertTrue(sem.locked());
            sem.release();
            assertFalse(sem.locked());
            assertEquals(1, sem.statistics().value());
        });
    }

    // asyncio: test_locks.SemaphoreTests.test_release_not_acquired
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_bounded_semaphore_released_past_its_initial_value_throws(Mode mode) {
        Tasks.run(mode, () -> {
            BoundedSemaphore sem = new BoundedSemaphore(2);
            IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
            assertEquals("BoundedSemaphore released too many times", e.getMessage());
            assertEquals(2, sem.statistics().value());
            sem.acquire();
            sem.release();
            e = assertThrows(IllegalStateException.class, sem::release);
            assertEquals("BoundedSemaphore released too many times", e.getMessage());
            assertEquals(2, sem.statistics().value());
        });
    }

    @Test
    void a_bounded_semaphore_of_zero_cannot_be_released_at_all() {
        BoundedSemaphore sem = new BoundedSemaphore(0);
        IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
        assertEquals("BoundedSemaphore released too many times", e.getMessage());
    }

    // asyncio: test_locks.SemaphoreTests.test_acquire_fifo_order_3
    @ParameterizedTest
    @EnumSource(Mode.class)
    void permits_skip_a_waiter_cancelled_before_they_were_released(Mode mode) {
        List<Integer> result = Collections.synchronizedList(new ArrayList<>());
        Tasks.run(mode, () -> {
            Semaphore sem = new Semaphore(0);
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int tag = i;
                ts.add(Weft.spawn("c" + i, () -> {
                    sem.acquire();
                    result.add(tag);
                }));
                until(() -> sem.statistics().waiters() == tag);
            }
            ts.get(0).cancel();
            Tasks.awaitDone(ts.get(0));
            sem.release();
            sem.release();
            Weft.gatherSettled(ts);
            assertTrue(ts.get(0).isCancelled());
            assertEquals(new Semaphore.Statistics(0, 0), sem.statistics());
        });
        assertEquals(List.of(2, 3), result.stream().sorted().toList());
    }

    /*
     * asyncio 3.13 keeps a woken waiter in _waiters until it has run, so locked() stays true and
     * a task that releases and re-acquires (or a newcomer) queues behind it. weft hands the
     * permit straight to the woken waiter and drops it from the queue, so the re-acquire takes a
     * free permit at once: weft gives [1, 2, 4, 3]. No permit is taken out of turn, but the run
     * order and locked() differ from asyncio; SPEC 4.7 cites asyncio's locked() rule.
     */
    // asyncio: test_locks.SemaphoreTests.test_acquire_fifo_order_2
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void a_releaser_that_reacquires_waits_for_the_waiter_it_woke_to_run(Mode mode) {
        List<Integer> result = new ArrayList<>();
        Tasks.run(mode, () -> {
            Semaphore sem = new Semaphore(1);
            Task<Void> t1 = Weft.spawn(() -> {
                sem.acquire();
                result.add(1);
            });
            Task<Void> t2 = Weft.spawn(() -> {
                sem.acquire();
                result.add(2);
                sem.release();
                sem.acquire();
                result.add(4);
            });
            Task<Void> t3 = Weft.spawn(() -> {
                sem.acquire();
                result.add(3);
            });
            Weft.sleep(Duration.ZERO);
            sem.release();
            sem.release();
            Weft.gather(t1, t2, t3);
        });
        assertEquals(List.of(1, 2, 3, 4), result);
    }

    // asyncio: test_locks.SemaphoreTests.test_acquire_fifo_order_4
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void a_newcomer_waits_while_a_woken_waiter_has_not_run(Mode mode) {
        List<Integer> result = new ArrayList<>();
        List<Object> seenByC2 = new ArrayList<>();
        Tasks.run(mode, () -> {
            Semaphore sem = new Semaphore(0);
            List<Task<Void>> t4 = new ArrayList<>();
            Task<Void> t1 = Weft.spawn(() -> {
                sem.acquire(); // woken by c2
                t4.add(Weft.spawn(() -> {
                    result.add(4);
                }));
                result.add(1);
            });
            Task<Void> t2 = Weft.spawn(() -> {
                sem.release();
                sem.release();
                sem.release();
                seenByC2.add(sem.statistics().value());
                seenByC2.add(sem.locked()); // c1 has not run yet
                sem.acquire();
                result.add(2);
            });
            Task<Void> t3 = Weft.spawn(() -> {
                sem.acquire();
                result.add(3);
            });
            Weft.sleep(Duration.ZERO);
            Weft.sleep(Duration.ZERO);
            Weft.gather(t1, t2, t3);
            t4.get(0).await();
        });
        assertEquals(List.of(2, true), seenByC2);
        assertEquals(List.of(1, 2, 3, 4), result);
    }

    // asyncio: test_locks.SemaphoreTests.test_acquire_fifo_order (its sleeps on virtual time)
    @Test
    void tasks_that_hold_a_semaphore_across_sleeps_take_turns_in_fifo_order() {
        List<String> result = new ArrayList<>();
        Tasks.run(Mode.VIRTUAL_TIME, () -> {
            Semaphore sem = new Semaphore(1);
            TaskGroup.run(g -> {
                for (String tag : List.of("c1", "c2", "c3")) {
                    g.spawn(() -> {
                        sem.acquire();
                        result.add(tag + "_1");
                        Weft.sleep(Duration.ofMillis(10));
                        sem.release();
                        sem.acquire();
                        result.add(tag + "_2");
                        Weft.sleep(Duration.ofMillis(10));
                        sem.release();
                    });
                }
                return null;
            });
            assertEquals(60_000_000L, Weft.now());
        });
        assertEquals(List.of("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"), result);
    }

    // asyncio: test_locks.SemaphoreTests.test_repr
    @ParameterizedTest
    @EnumSource(Mode.class)
    void to_string_shows_the_value_or_locked_and_the_waiters(Mode mode) {
        Tasks.run(mode, () -> {
            Semaphore sem = new Semaphore(1);
            assertTrue(sem.toString().contains("unlocked, value=1"), sem::toString);
            sem.acquire();
            assertTrue(sem.toString().contains("[locked"), sem::toString);
            assertFalse(sem.toString().contains("waiters"), sem::toString);
            Task<Void> w1 = Weft.spawn(sem::acquire);
            Task<Void> w2 = Weft.spawn(sem::acquire);
            until(() -> sem.statistics().waiters() == 2);
            assertTrue(sem.toString().contains("waiters=2"), sem::toString);
            w1.cancel();
            w2.cancel();
            Weft.gatherSettled(w1, w2);
            sem.release();
            assertTrue(sem.toString().contains("unlocked, value=1"), sem::toString);
        });
    }
}
