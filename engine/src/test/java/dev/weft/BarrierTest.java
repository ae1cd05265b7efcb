package dev.weft;

import static dev.weft.Tasks.events;
import static dev.weft.Tasks.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(120) // hang guard only
class BarrierTest {
    private static final int N = 5;

    private static List<Task<Void>> spawnN(int n, Body body) {
        List<Task<Void>> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ts.add(Weft.spawn("party-" + i, body));
        }
        return ts;
    }

    private static Set<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    // asyncio: test_locks.BarrierTests.test_barrier_parties
    @Test
    void a_barrier_needs_at_least_one_party() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertTrue(e.getMessage().contains("0"), e::getMessage);
        assertThrows(IllegalArgumentException.class, () -> new Barrier(-4));
        Barrier b = new Barrier(N);
        assertEquals(N, b.parties());
        assertEquals(0, b.waiting());
        assertFalse(b.broken());
    }

    // asyncio: test_locks.BarrierTests.test_filling_one_task, test_filling_one_task_twice
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_barrier_of_one_lets_every_caller_through_with_index_zero(Mode mode) {
        Tasks.run(mode, () -> {
            Barrier b = new Barrier(1);
            assertEquals(0, b.await());
            assertEquals(0, b.await());
            Task<Integer> t1 = Weft.spawn(b::await);
            Task<Integer> t2 = Weft.spawn(b::await);
            assertEquals(List.of(0, 0), Weft.gather(t1, t2));
            assertEquals(0, b.waiting());
            assertFalse(b.broken());
        });
    }

    // asyncio: test_locks.BarrierTests.test_context_manager, test_filling_tasks_check_return_value
    @ParameterizedTest
    @EnumSource(Mode.class)
    void each_round_hands_out_the_indices_zero_to_parties_minus_one(Mode mode) {
        int rounds = 4;
        List<List<Integer>> perRound = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            perRound.add(events());
        }
        Tasks.run(mode, () -> {
            Barrier b = new Barrier(N);
            Weft.gather(spawnN(N, () -> {
                for (int r = 0; r < rounds; r++) {
                    perRound.get(r).add(b.await());
                }
            }));
            assertEquals(0, b.waiting());
            assertFalse(b.broken());
        });
        for (List<Integer> indices : perRound) {
            assertEquals(N, indices.size(), perRound::toString);
            assertEquals(range(N), new TreeSet<>(indices), perRound::toString);
        }
    }

    // asyncio: test_locks.BarrierTests.test_filling_task_by_task
    @ParameterizedTest
    @EnumSource(Mode.class)
    void waiting_counts_the_parties_that_arrived(Mode mode) {
        Tasks.run(mode, () -> {
            Barrier b = new Barrier(3);
            Task<Integer> t1 = Weft.spawn(b::await);
            until(() -> b.waiting() == 1);
            assertTrue(b.toString().contains("filling"), b::toString);
            Task<Integer> t2 = Weft.spawn(b::await);
            until(() -> b.waiting() == 2);
            assertFalse(t1.isDone());
            assertEquals("Barrier[filling, waiting=2/3]", b.toString());
            Task<Integer> t3 = Weft.spawn(b::await);
            assertEquals(range(3), new TreeSet<>(Weft.gather(t1, t2, t3)));
            assertEquals(0, b.waiting());
            assertFalse(b.broken());
        });
    }

    // asyncio: test_locks.BarrierTests.test_draining_state
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void the_barrier_drains_until_the_last_party_has_left(Mode mode) {
        List<Boolean> draining = new ArrayList<>();
        Tasks.run(mode, () -> {
            Barrier b = new Barrier(N);
            Weft.gather(spawnN(N, () -> {
                b.await();
                draining.add(b.toString().contains("draining"));
            }));
            assertEquals(0, b.waiting());
        });
        // Every party but the last sees it draining: the last one out turns it back to filling.
        assertEquals(List.of(true, true, true, true, false), draining);
    }

    // asyncio: test_locks.BarrierTests.test_blocking_tasks_while_draining
    @ParameterizedTest
    @EnumSource(Mode.class)
    void parties_that_come_back_while_it_drains_wait_for_the_next_round(Mode mode) {
        Tasks.run(mode, () -> {
            int rewait = 2;
            Barrier barrier = new Barrier(N);
            Barrier others = new Barrier(N - rewait);
            AtomicInteger rewaitN = new AtomicInteger(rewait);
            Weft.gather(spawnN(N, () -> {
                barrier.await();
                if (rewaitN.getAndDecrement() > 0) {
                    barrier.await();
                } else {
                    others.await();
                    barrier.await();
                }
            }));
            assertEquals(0, barrier.waiting());
            assertEquals(0, others.waiting());
        });
    }

    // asyncio: test_locks.BarrierTests.test_filling_tasks_cancel_one
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_cancelled_waiter_just_leaves_and_the_count_drops(Mode mode) {
        List<Boolean> results = events();
        Tasks.run(mode, () -> {
            Barrier b = new Barrier(3);
            Body coro = () -> {
                b.await();
                results.add(true);
            };
            Task<Void> t1 = Weft.spawn("t1", coro);
            until(() -> b.waiting() == 1);
            Task<Void> t2 = Weft.spawn("t2", coro);
            until(() -> b.waiting() == 2);
            t1.cancel();
            assertThrows(CancelledException.class, t1::await);
            assertTrue(t1.isCancelled());
            assertEquals(1, b.waiting());
            Task<Void> t3 = Weft.spawn("t3", coro);
            until(() -> b.waiting() == 2);
            assertFalse(t2.isDone());
            Task<Void> t4 = Weft.spawn("t4", coro);
            Weft.gather(t2, t3, t4);
            assertEquals(0, b.waiting());
            assertFalse(b.broken());
        });
        assertEquals(3, results.size());
    }

    // asyncio: test_locks.BarrierTests.test_abort_barrier
    @ParameterizedTest
    @EnumSource(Mode.class)
    void abort_breaks_the_barrier_for_waiters_and_later_callers_until_reset(Mode mode) {
        Tasks.run(mode, () -> {
            Barrier b = new Barrier(3);
            List<Task<Integer>> ws = List.of(Weft.spawn("w1", b::await), Weft.spawn("w2", b::await));
            until(() -> b.waiting() == 2);
            b.abort();
            assertTrue(b.broken());
            assertEquals(0, b.waiting());
            assertEquals("Barrier[broken]", b.toString());
            for (Task<Integer> w : ws) {
                assertThrows(BrokenBarrierException.class, w::await);
            }
            assertThrows(BrokenBarrierException.class, b::await); // a later caller
            Task<Integer> late = Weft.spawn("late", b::await);
            assertThrows(BrokenBarrierException.class, late::await);
            assertTrue(b.broken());

            b.reset();
            assertFalse(b.broken());
            assertEquals(0, b.waiting());
            List<Task<Integer>> round = List.of(Weft.spawn(b::await), Weft.spawn(b::await), Weft.spawn(b::await));
            assertEquals(range(3), new TreeSet<>(Weft.gather(round)));
        });
    }

    // asyncio: test_locks.BarrierTests.test_abort_barrier (parties=1, nobody waiting)
    @ParameterizedTest
    @EnumSource(Mode.class)
    void abort_of_an_idle_barrier_breaks_it(Mode mode) {
        Tasks.run(mode, () -> {
            Barrier b = new Barrier(1);
            Weft.spawn(b::abort).await();
            assertEquals(0, b.waiting());
            assertTrue(b.broken());
            assertThrows(BrokenBarrierException.class, b::await);
        });
    }

    // asyncio: test_locks.BarrierTests.test_reset_barrier
    @ParameterizedTest
    @EnumSource(Mode.class)
    void reset_of_an_idle_barrier_changes_nothing(Mode mode) {
        Tasks.run(mode, () -> {
            Barrier b = new Barrier(1);
            Weft.spawn(b::reset).await();
            assertEquals(0, b.waiting());
            assertFalse(b.broken());
            assertEquals(0, b.await());
        });
    }

    // asyncio: test_locks.BarrierTests.test_reset_barrier_while_tasks_waiting
    @ParameterizedTest
    @EnumSource(Mode.class)
    void reset_breaks_the_waiting_round_and_starts_anew(Mode mode) {
        List<Boolean> results = events();
        Tasks.run(mode, () -> {
            Barrier b = new Barrier(N);
            List<Task<Void>> ts = spawnN(N - 1, () -> {
                try {
                    b.await();
                } catch (BrokenBarrierException e) {
                    results.add(true);
                }
            });
            until(() -> b.waiting() == N - 1);
            Weft.spawn("resetter", b::reset);
            Weft.gather(ts);
            assertEquals(N - 1, results.size());
            assertEquals(0, b.waiting());
            assertFalse(b.toString().contains("resetting"), b::toString);
            assertFalse(b.broken());
            // a full round works again
            assertEquals(range(N), new TreeSet<>(Weft.gather(spawnIndices(b, N))));
        });
    }

    private static List<Task<Integer>> spawnIndices(Barrier b, int n) {
        List<Task<Integer>> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ts.add(Weft.spawn(b::await));
        }
        return ts;
    }

    // asyncio: test_locks.BarrierTests.test_reset_barrier_while_tasks_waiting_and_waiting_again
    @ParameterizedTest
    @EnumSource(Mode.class)
    void parties_broken_by_a_reset_can_wait_again_in_the_new_round(Mode mode) {
        List<Boolean> results1 = events();
        List<Boolean> results2 = events();
        Tasks.run(mode, () -> {
            Barrier b = new Barrier(N);
            List<Task<Void>> ts = spawnN(N - 1, () -> {
                try {
                    b.await();
                } catch (BrokenBarrierException e) {
                    results1.add(true);
                } finally {
                    b.await();
                    results2.add(true);
                }
            });
            until(() -> b.waiting() == N - 1);
            Weft.spawn("resetter", b::reset);
            until(() -> results1.size() == N - 1);
            Weft.spawn("last", () -> {
                b.await();
                results2.add(true);
            });
            Weft.gather(ts);
            assertFalse(b.broken());
            until(() -> results2.size() == N);
            assertEquals(0, b.waiting());
        });
        assertEquals(N - 1, results1.size());
        assertEquals(N, results2.size());
    }

    // asyncio: test_locks.BarrierTests.test_reset_barrier_while_tasks_draining
    // Cooperative only: in a parallel loop the reset may come while other parties already wait
    // in round two; they are then broken and the rounds no longer line up.
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void reset_by_the_last_party_out_does_not_break_the_next_round(Mode mode) {
        List<Boolean> results1 = events();
        List<Boolean> results2 = events();
        List<Boolean> results3 = events();
        Tasks.run(mode, () -> {
            Barrier b = new Barrier(N);
            AtomicInteger count = new AtomicInteger();
            Weft.gather(spawnN(N, () -> {
                b.await();
                if (count.incrementAndGet() == N) {
                    b.reset(); // the last to leave the first round
                    b.await();
                } else {
                    try {
                        b.await();
                        results1.add(true);
                    } catch (BrokenBarrierException e) {
                        results2.add(true);
                    }
                }
                b.await();
                results3.add(true);
            }));
            assertFalse(b.broken());
            assertEquals(0, b.waiting());
        });
        assertEquals(N - 1, results1.size());
        assertEquals(0, results2.size());
        assertEquals(N, results3.size());
    }

    // asyncio: test_locks.BarrierTests.test_abort_barrier_when_exception
    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_party_that_fails_and_aborts_breaks_the_barrier_for_everyone(Mode mode) {
        List<Boolean> results1 = events();
        List<Boolean> results2 = events();
        Tasks.run(mode, () -> {
            Barrier b = new Barrier(N);
            Weft.gather(spawnN(N, () -> {
                try {
                    int i = b.await();
                    if (i == N / 2) {
                        throw new IllegalStateException("party failed");
                    }
                    b.await();
                    results1.add(true);
                } catch (BrokenBarrierException e) {
                    results2.add(true);
                } catch (IllegalStateException e) {
                    b.abort();
                }
            }));
            assertTrue(b.broken());
            assertEquals(0, b.waiting());
        });
        assertEquals(0, results1.size());
        assertEquals(N - 1, results2.size());
    }

    // asyncio: test_locks.BarrierTests.test_abort_barrier_when_exception_then_resetting
    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_aborted_barrier_works_again_after_a_reset(Mode mode) {
        List<Boolean> results1 = events();
        List<Boolean> results2 = events();
        List<Boolean> results3 = events();
        Tasks.run(mode, () -> {
            Barrier barrier1 = new Barrier(N);
            Barrier barrier2 = new Barrier(N);
            Weft.gather(spawnN(N, () -> {
                try {
                    int i = barrier1.await();
                    if (i == N / 2) {
                        throw new IllegalStateException("party failed");
                    }
                    barrier1.await();
                    results1.add(true);
                } catch (BrokenBarrierException e) {
                    results2.add(true);
                } catch (IllegalStateException e) {
                    barrier1.abort();
                }
                // Everyone has left barrier1 before the reset, and nobody enters it before.
                int i = barrier2.await();
                if (i == N / 2) {
                    barrier1.reset();
                }
                barrier2.await();
                barrier1.await();
                results3.add(true);
            }));
            assertFalse(barrier1.broken());
            assertEquals(0, barrier1.waiting());
        });
        assertEquals(0, results1.size());
        assertEquals(N - 1, results2.size());
        assertEquals(N, results3.size());
    }

    // asyncio: test_locks.BarrierTests.test_repr
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"COOPERATIVE", "VIRTUAL_TIME"})
    void to_string_follows_the_states(Mode mode) {
        Tasks.run(mode, () -> {
            Barrier b = new Barrier(N);
            List<Task<Integer>> waiters = new ArrayList<>();
            assertEquals("Barrier[filling, waiting=0/5]", b.toString());
            for (int i = 0; i < 2; i++) {
                waiters.add(Weft.spawn(b::await));
            }
            Weft.sleep(Duration.ZERO);
            assertEquals("Barrier[filling, waiting=2/5]", b.toString());
            for (int i = 0; i < 3; i++) {
                waiters.add(Weft.spawn(b::await));
            }
            Weft.sleep(Duration.ZERO);
            assertTrue(b.toString().contains("draining"), b::toString);
            // two more arrive while it drains, then a reset
            for (int i = 0; i < 2; i++) {
                waiters.add(Weft.spawn(b::await));
            }
            Weft.sleep(Duration.ZERO);
            b.reset();
            assertTrue(b.toString().contains("resetting"), b::toString);
            for (int i = 0; i < 2; i++) {
                waiters.add(Weft.spawn(b::await));
            }
            Weft.sleep(Duration.ZERO);
            b.abort();
            assertEquals("Barrier[broken]", b.toString());
            assertTrue(b.broken());
            Weft.gatherSettled(waiters);
        });
    }
}
