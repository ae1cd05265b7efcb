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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every lock-like primitive keeps (Lock, Semaphore(1), BoundedSemaphore(1)), in
 * every loop mode: mutual exclusion, FIFO hand-off without barging, and no permit lost or left
 * held by nobody when a waiter is cancelled.
 */
@Timeout(120) // hang guard only
class LockLikeContractTest {

    /** What the contract needs from a lock-like primitive. */
    /** The lock-like operations the contract uses, bound to one primitive. */
    record LockLike(Runnable acquireOp, Runnable releaseOp, BooleanSupplier lockedOp, Supplier<Permit> holdOp,
            IntSupplier waitersOp, Supplier<String> describe) {
        void acquire() {
            acquireOp.run();
        }

        void release() {
            releaseOp.run();
        }

        boolean locked() {
            return lockedOp.getAsBoolean();
        }

        Permit hold() {
            return holdOp.get();
        }

        /** Callers queued in acquire, from the primitive's statistics(). */
        int waiters() {
            return waitersOp.getAsInt();
        }

        @Override
        public String toString() {
            return describe.get();
        }
    }

    enum Kind {
        LOCK {
            @Override
            LockLike make() {
                Lock l = new Lock("contract");
                return new LockLike(l::acquire, l::release, l::locked, l::hold, () -> l.statistics().waiters(), l::toString);
            }
        },
        SEMAPHORE {
            @Override
            LockLike make() {
                return semaphore(new Semaphore(1));
            }
        },
        BOUNDED_SEMAPHORE {
            @Override
            LockLike make() {
                return semaphore(new BoundedSemaphore(1));
            }
        };

        abstract LockLike make();

        private static LockLike semaphore(Semaphore s) {
            return new LockLike(s::acquire, s::release, s::locked, s::hold, () -> s.statistics().waiters(), s::toString);
        }
    }

    static Stream<Arguments> kindsAndModes() {
        return Mode.withEach(Kind.values());
    }

    static Stream<Arguments> kindsAndCooperativeModes() {
        return Mode.cooperativeWithEach(Kind.values());
    }

    // ---- mutual exclusion and order ----------------------------------------------------------

    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void tasks_that_read_modify_write_under_the_lock_lose_no_update(Kind kind, Mode mode) {
        int[] counter = {0};
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        Tasks.run(mode, () -> {
            LockLike lock = kind.make();
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ts.add(Weft.spawn("worker-" + i, () -> {
                    for (int k = 0; k < 50; k++) {
                        try (Permit p = lock.hold()) {
                            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            int c = counter[0];
                            Weft.sleep(Duration.ZERO); // another task would run here if it could get in
                            counter[0] = c + 1;
                            inside.decrementAndGet();
                        }
                    }
                }));
            }
            Weft.gather(ts);
            assertFalse(lock.locked());
            assertEquals(0, lock.waiters());
        });
        assertEquals(500, counter[0]);
        assertEquals(1, maxInside.get());
    }

    // asyncio: test_locks.LockTests.test_acquire
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void waiters_get_the_lock_in_arrival_order(Kind kind, Mode mode) {
        List<String> order = events();
        Tasks.run(mode, () -> {
            LockLike lock = kind.make();
            lock.acquire();
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String name = "w" + i;
                ts.add(Weft.spawn(name, () -> {
                    lock.acquire();
                    order.add(name);
                    lock.release();
                }));
                int queued = i + 1;
                until(() -> lock.waiters() == queued);
            }
            assertTrue(order.isEmpty());
            lock.release();
            Weft.gather(ts);
            assertFalse(lock.locked());
        });
        assertEquals(List.of("w0", "w1", "w2", "w3", "w4"), order);
    }

    // asyncio: test_locks.SemaphoreTests.test_acquire_fifo_order
    // Cooperative only: in a parallel loop the releaser's next acquire may come after the task
    // it released to has released and queued again.
    @ParameterizedTest
    @MethodSource("kindsAndCooperativeModes")
    void a_releaser_that_acquires_again_queues_behind_the_waiters(Kind kind, Mode mode) {
        List<String> order = events();
        Tasks.run(mode, () -> {
            LockLike lock = kind.make();
            lock.acquire();
            List<Task<Void>> ts = new ArrayList<>();
            for (String tag : List.of("c1", "c2", "c3")) {
                ts.add(Weft.spawn(tag, () -> {
                    lock.acquire();
                    order.add(tag + "_1");
                    lock.release();
                    lock.acquire(); // the others are queued already: goes behind them
                    order.add(tag + "_2");
                    lock.release();
                }));
                int queued = ts.size();
                until(() -> lock.waiters() == queued);
            }
            lock.release();
            Weft.gather(ts);
        });
        assertEquals(List.of("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"), order);
    }

    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void a_released_lock_goes_to_the_waiter_not_to_the_releaser_acquiring_again(Kind kind, Mode mode) {
        List<String> order = events();
        Tasks.run(mode, () -> {
            LockLike lock = kind.make();
            lock.acquire();
            Task<Void> waiter = Weft.spawn("waiter", () -> {
                lock.acquire();
                order.add("waiter");
                lock.release();
            });
            until(() -> lock.waiters() == 1);
            lock.release();
            // The lock passed straight to the waiter (it may not have run yet), so it is not free
            // for a newcomer: this acquire must queue behind it.
            if (mode.cooperative()) {
                assertTrue(lock.locked());
                assertEquals(0, lock.waiters());
            }
            lock.acquire();
            order.add("releaser");
            lock.release();
            waiter.await();
            assertFalse(lock.locked());
        });
        assertEquals(List.of("waiter", "releaser"), order);
    }

    @ParameterizedTest
    @MethodSource("kindsAndCooperativeModes")
    void a_newcomer_that_runs_before_the_chosen_waiter_does_not_barge_ahead_of_it(Kind kind, Mode mode) {
        List<String> order = events();
        Tasks.run(mode, () -> {
            LockLike lock = kind.make();
            lock.acquire();
            Task<Void> waiter = Weft.spawn("waiter", () -> {
                lock.acquire();
                order.add("waiter");
                lock.release();
            });
            until(() -> lock.waiters() == 1);
            // Ready but not run yet: it will run before the waiter that the release wakes.
            Task<Void> newcomer = Weft.spawn("newcomer", () -> {
                order.add("newcomer arrives");
                lock.acquire();
                order.add("newcomer");
                lock.release();
            });
            lock.release();
            Weft.gather(waiter, newcomer);
            assertFalse(lock.locked());
        });
        // Barging would give ["newcomer arrives", "newcomer", "waiter"].
        assertEquals(List.of("newcomer arrives", "waiter", "newcomer"), order);
    }

    // ---- cancellation -----------------------------------------------------------------------

    // asyncio: test_locks.LockTests.test_acquire_cancel, SemaphoreTests.test_acquire_cancel
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void a_cancelled_blocked_acquire_leaves_the_queue_and_the_lock_stays_usable(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            LockLike lock = kind.make();
            lock.acquire();
            Task<Void> t = Weft.spawn("blocked", lock::acquire);
            until(() -> lock.waiters() == 1);
            assertTrue(t.cancel("stop"));
            CancelledException e = assertThrows(CancelledException.class, t::await);
            assertEquals("stop", e.getMessage());
            assertTrue(t.isCancelled());
            assertEquals(0, lock.waiters());
            assertTrue(lock.locked()); // still held by this task
            lock.release();
            assertFalse(lock.locked());
            lock.acquire(); // free again: fast path
            assertTrue(lock.locked());
            lock.release();
            assertFalse(lock.locked());
        });
    }

    // asyncio: test_locks.LockTests.test_cancel_race
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void a_waiter_cancelled_right_after_it_was_chosen_passes_the_lock_to_the_next(Kind kind, Mode mode) {
        List<String> got = events();
        Tasks.run(mode, () -> {
            LockLike lock = kind.make();
            lock.acquire(); // this task is A
            Task<Void> b = Weft.spawn("B", () -> {
                lock.acquire();
                got.add("B");
                lock.release();
            });
            until(() -> lock.waiters() == 1);
            Task<Void> c = Weft.spawn("C", () -> {
                lock.acquire();
                got.add("C");
                lock.release();
            });
            until(() -> lock.waiters() == 2);
            // In one step: release (B is chosen) and cancel B before it ran.
            lock.release();
            b.cancel();
            if (mode.cooperative()) {
                assertTrue(lock.locked(), "the lock is B's until B passes it on");
            }
            c.await();
            Tasks.awaitDone(b);
            if (mode.cooperative()) {
                assertTrue(b.isCancelled());
                assertThrows(CancelledException.class, b::await);
                assertEquals(List.of("C"), got);
            } else {
                // B may have taken the lock before the cancel reached it; C gets it either way.
                assertEquals("C", got.get(got.size() - 1));
            }
            assertFalse(lock.locked());
            assertEquals(0, lock.waiters());
            lock.acquire(); // nothing left held by nobody
            lock.release();
        });
    }

    // asyncio: test_locks.SemaphoreTests.test_acquire_no_hang
    @ParameterizedTest
    @MethodSource("kindsAndCooperativeModes")
    void the_only_waiter_cancelled_right_after_it_was_chosen_leaves_the_lock_free(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            LockLike lock = kind.make();
            AtomicReference<Task<Void>> t2 = new AtomicReference<>();
            Task<Void> t1 = Weft.spawn("c1", () -> {
                try (Permit p = lock.hold()) {
                    Weft.sleep(Duration.ZERO);
                }
                t2.get().cancel();
            });
            t2.set(Weft.spawn("c2", () -> {
                try (Permit p = lock.hold()) {
                    throw new AssertionError("c2 must not get the lock");
                }
            }));
            List<Outcome<Void>> r = Weft.gatherSettled(List.of(t1, t2.get()));
            assertEquals(new Outcome.Success<Void>(null), r.get(0));
            assertTrue(r.get(1) instanceof Outcome.Failure<Void> f && f.error() instanceof CancelledException, r::toString);
            assertFalse(lock.locked());
            assertEquals(0, lock.waiters());
            lock.acquire(); // would hang if the permit had been lost
            lock.release();
        });
    }

    // asyncio: test_locks.LockTests.test_cancel_release_race
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void cancel_of_the_first_waiter_then_release_gives_the_lock_to_exactly_the_second(Kind kind, Mode mode) {
        AtomicInteger lockCount = new AtomicInteger();
        Tasks.run(mode, () -> {
            LockLike lock = kind.make();
            lock.acquire();
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                ts.add(Weft.spawn("t" + i, () -> {
                    lock.acquire();
                    lockCount.incrementAndGet();
                }));
                int queued = i;
                until(() -> lock.waiters() == queued);
            }
            ts.get(0).cancel();
            lock.release();
            assertThrows(CancelledException.class, ts.get(0)::await);
            ts.get(1).await(); // t2 got it and keeps it
            assertEquals(1, lockCount.get());
            assertTrue(lock.locked());
            until(() -> lock.waiters() == 1);
            Tasks.awaitBlocked(ts.get(2));
            ts.get(2).cancel();
            assertThrows(CancelledException.class, ts.get(2)::await);
            assertEquals(1, lockCount.get());
            assertEquals(0, lock.waiters());
            lock.release(); // t2's permit
            assertFalse(lock.locked());
        });
    }

    // asyncio: test_locks.SemaphoreTests.test_acquire_cancel_before_awoken, test_acquire_fifo_order_3
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void waiters_cancelled_before_a_release_are_skipped(Kind kind, Mode mode) {
        List<String> got = events();
        Tasks.run(mode, () -> {
            LockLike lock = kind.make();
            lock.acquire();
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                String name = "t" + i;
                ts.add(Weft.spawn(name, () -> {
                    lock.acquire();
                    got.add(name);
                }));
                int queued = i;
                until(() -> lock.waiters() == queued);
            }
            ts.get(0).cancel();
            ts.get(1).cancel();
            lock.release();
            ts.get(2).await();
            Tasks.awaitDone(ts.get(0));
            Tasks.awaitDone(ts.get(1));
            assertTrue(ts.get(0).isCancelled());
            assertTrue(ts.get(1).isCancelled());
            assertEquals(List.of("t3"), got);
            assertFalse(ts.get(3).isDone());
            assertEquals(1, lock.waiters());
            lock.release(); // t3's permit goes to t4
            ts.get(3).await();
            assertEquals(List.of("t3", "t4"), got);
            lock.release();
            assertFalse(lock.locked());
        });
    }

    // asyncio: test_locks.LockTests.test_finished_waiter_cancelled
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void a_waiter_cancelled_before_the_release_does_not_keep_the_lock_from_a_later_one(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            LockLike lock = kind.make();
            lock.acquire();
            Task<Void> tb = Weft.spawn("tb", lock::acquire);
            until(() -> lock.waiters() == 1);
            Task<Void> tc = Weft.spawn("tc", lock::acquire);
            tb.cancel();
            lock.release();
            tc.await();
            Tasks.awaitDone(tb);
            assertTrue(tb.isCancelled());
            assertTrue(lock.locked()); // tc holds it
            lock.release();
            assertFalse(lock.locked());
        });
    }

    // ---- hold(), fast path, threads ---------------------------------------------------------

    // asyncio: test_locks.LockTests.test_context_manager
    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void hold_releases_when_the_block_throws(Kind kind, Mode mode) {
        Tasks.run(mode, () -> {
            LockLike lock = kind.make();
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> {
                try (Permit p = lock.hold()) {
                    assertTrue(lock.locked());
                    throw boom;
                }
            });
            assertSame(boom, thrown);
            assertFalse(lock.locked());
            try (Permit p = lock.hold()) {
                assertTrue(lock.locked());
            }
            assertFalse(lock.locked());
        });
    }

    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void acquiring_a_free_lock_does_not_deliver_a_pending_cancellation(Kind kind, Mode mode) {
        List<String> events = events();
        Task<String> t = Tasks.run(mode, () -> {
            LockLike lock = kind.make();
            Task<String> task = Weft.spawn("self-cancelling", () -> {
                Weft.currentTask().cancel();
                lock.acquire(); // free: no suspension, so the request stays pending
                events.add("acquired, locked=" + lock.locked());
                lock.release();
                try {
                    Weft.sleep(Duration.ZERO);
                    events.add("not cancelled");
                } catch (CancelledException e) {
                    events.add("cancelled at the next suspension point");
                }
                return "done";
            });
            Tasks.awaitDone(task);
            assertFalse(lock.locked());
            return task;
        });
        assertEquals(List.of("acquired, locked=true", "cancelled at the next suspension point"), events);
        assertEquals("done", t.result());
        assertEquals(1, t.cancelling());
    }

    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void a_plain_thread_blocks_on_a_lock_held_by_a_task_and_gets_it_after_the_release(Kind kind, Mode mode) {
        List<String> events = events();
        Tasks.run(mode, () -> {
            LockLike lock = kind.make();
            lock.acquire();
            Thread th = Thread.ofPlatform().name("plain").start(() -> {
                lock.acquire();
                events.add("thread acquired");
                lock.release();
            });
            until(() -> lock.waiters() == 1);
            events.add("task releases");
            lock.release();
            Weft.toThread(() -> {
                th.join();
                return null;
            });
            assertFalse(lock.locked());
        });
        assertEquals(List.of("task releases", "thread acquired"), events);
    }

    @ParameterizedTest
    @MethodSource("kindsAndModes")
    void a_task_blocks_on_a_lock_held_by_a_plain_thread_and_gets_it_after_the_release(Kind kind, Mode mode) {
        List<String> events = events();
        Tasks.run(mode, () -> {
            LockLike lock = kind.make();
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch mayRelease = new CountDownLatch(1);
            Thread th = Thread.ofPlatform().name("plain").start(() -> {
                lock.acquire();
                held.countDown();
                try {
                    mayRelease.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                events.add("thread releases");
                lock.release();
            });
            Weft.toThread(() -> {
                held.await();
                return null;
            });
            Task<Void> t = Weft.spawn("task", () -> {
                lock.acquire();
                events.add("task acquired");
                lock.release();
            });
            until(() -> lock.waiters() == 1);
            mayRelease.countDown();
            t.await();
            Weft.toThread(() -> {
                th.join();
                return null;
            });
            assertFalse(lock.locked());
        });
        assertEquals(List.of("thread releases", "task acquired"), events);
    }
}
