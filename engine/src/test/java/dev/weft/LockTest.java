package dev.weft;

import static dev.weft.Tasks.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What only {@link Lock} does: its errors, owners, deadlock detection and state text. */
@Timeout(120) // hang guard only
class LockTest {

    // asyncio: test_locks.LockTests.test_release_not_acquired
    @ParameterizedTest
    @EnumSource(Mode.class)
    void release_of_an_unlocked_lock_throws(Mode mode) {
        Tasks.run(mode, () -> {
            Lock lock = new Lock();
            IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
            assertEquals("Lock is not acquired.", e.getMessage());
            lock.acquire();
            lock.release();
            e = assertThrows(IllegalStateException.class, lock::release);
            assertEquals("Lock is not acquired.", e.getMessage());
            assertFalse(lock.locked());
        });
    }

    @Test
    void release_of_an_unlocked_lock_throws_on_a_plain_thread_too() {
        Lock lock = new Lock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertEquals("Lock is not acquired.", e.getMessage());
    }

    // asyncio: test_locks.LockTests.test_release_no_waiters
    @ParameterizedTest
    @EnumSource(Mode.class)
    void any_task_may_release_a_lock_another_task_acquired(Mode mode) {
        Tasks.run(mode, () -> {
            Lock lock = new Lock("shared");
            Task<Void> acquirer = Weft.spawn("acquirer", lock::acquire);
            acquirer.await();
            assertTrue(lock.locked());
            lock.release();
            assertFalse(lock.locked());
            lock.acquire();
            lock.release();
        });
    }

    /** A task that acquires {@code lock} and then waits for {@code end} without releasing. */
    private static Task<Void> holder(String name, Lock lock, Event end) {
        return Weft.spawn(name, () -> {
            lock.acquire();
            end.await();
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void statistics_name_the_owner_and_count_the_waiters(Mode mode) {
        Tasks.run(mode, () -> {
            Lock lock = new Lock("stats");
            Event end = new Event();
            assertEquals(new Lock.Statistics(false, "nobody", 0), lock.statistics());
            Task<Void> owner = holder("owner", lock, end);
            until(lock::locked);
            Task<Void> w = holder("w", lock, end);
            until(() -> lock.statistics().waiters() == 1);
            assertEquals(new Lock.Statistics(true, "owner", 1), lock.statistics());
            lock.release(); // by this task, on the owner's behalf: hands it to w
            assertEquals(new Lock.Statistics(true, "w", 0), lock.statistics());
            Tasks.awaitBlocked(w); // now waiting for `end`, holding the lock
            assertEquals(new Lock.Statistics(true, "w", 0), lock.statistics());
            end.set();
            Weft.gather(owner, w);
            lock.release();
            assertEquals(new Lock.Statistics(false, "nobody", 0), lock.statistics());
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void an_owner_that_ended_holding_the_lock_is_named_by_its_thread(Mode mode) {
        Tasks.run(mode, () -> {
            Lock lock = new Lock("kept");
            Weft.spawn("acquirer", lock::acquire).await(); // ends holding the lock
            // The owner is recorded as a thread (the cheap fast path); once that thread has
            // ended, its task is no longer found through it, and the thread's name (the task's,
            // when it was given one) names it.
            assertEquals(new Lock.Statistics(true, "thread acquirer", 0), lock.statistics());
            assertTrue(lock.toString().contains("owner=thread acquirer]"), lock::toString);
            lock.release();
            Weft.spawn(lock::acquire).await();
            assertTrue(lock.statistics().owner().startsWith("thread #"), lock.statistics()::owner);
            lock.release();
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_task_acquiring_a_lock_it_holds_gets_a_deadlock_exception(Mode mode) {
        Tasks.run(mode, () -> {
            Lock lock = new Lock("mine");
            Task<String> t = Weft.spawn("holder", () -> {
                lock.acquire();
                DeadlockException e = assertThrows(DeadlockException.class, lock::acquire);
                // the failed attempt changed nothing: still held by this task, nobody queued
                assertTrue(lock.locked());
                assertEquals(new Lock.Statistics(true, "holder", 0), lock.statistics());
                lock.release();
                return e.getMessage();
            });
            String msg = t.await();
            assertTrue(msg.contains("holder"), msg);
            assertTrue(msg.contains("Lock(mine)"), msg);
            assertFalse(lock.locked());
            lock.acquire(); // still usable
            lock.release();
        });
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void two_tasks_taking_two_locks_in_opposite_order_get_exactly_one_deadlock_exception(Mode mode) {
        List<String> messages = Tasks.run(mode, () -> {
            Lock a = new Lock("a");
            Lock b = new Lock("b");
            Event aHeld = new Event();
            Event bHeld = new Event();
            Task<String> t1 = Weft.spawn("t1", () -> crossing(a, aHeld, b, bHeld));
            Task<String> t2 = Weft.spawn("t2", () -> crossing(b, bHeld, a, aHeld));
            List<String> r = Weft.gather(t1, t2);
            assertFalse(a.locked());
            assertFalse(b.locked());
            return r;
        });
        List<String> deadlocks = messages.stream().filter(m -> !m.equals("ok")).toList();
        assertEquals(1, deadlocks.size(), messages::toString);
        String msg = deadlocks.get(0);
        for (String name : List.of("t1", "t2", "Lock(a)", "Lock(b)")) {
            assertTrue(msg.contains(name), () -> name + " missing from: " + msg);
        }
    }

    /** Takes {@code first}, waits until the other task holds its first lock, then takes {@code second}. */
    private static String crossing(Lock first, Event firstHeld, Lock second, Event secondHeld) {
        try (Permit p = first.hold()) {
            firstHeld.set();
            secondHeld.await();
            try (Permit q = second.hold()) {
                return "ok";
            }
        } catch (DeadlockException e) {
            return e.getMessage();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void a_ring_of_three_tasks_and_three_locks_gets_exactly_one_deadlock_exception(Mode mode) {
        List<String> messages = Tasks.run(mode, () -> {
            Lock[] locks = {new Lock("a"), new Lock("b"), new Lock("c")};
            Event[] held = {new Event(), new Event(), new Event()};
            List<Task<String>> ts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int me = i;
                ts.add(Weft.spawn("t" + (i + 1), () -> {
                    try (Permit p = locks[me].hold()) {
                        held[me].set();
                        for (Event e : held) {
                            e.await();
                        }
                        try (Permit q = locks[(me + 1) % 3].hold()) {
                            return "ok";
                        }
                    } catch (DeadlockException e) {
                        return e.getMessage();
                    }
                }));
            }
            List<String> r = Weft.gather(ts);
            for (Lock l : locks) {
                assertFalse(l.locked());
            }
            return r;
        });
        List<String> deadlocks = messages.stream().filter(m -> !m.equals("ok")).toList();
        assertEquals(1, deadlocks.size(), messages::toString);
        String msg = deadlocks.get(0);
        for (String name : List.of("t1", "t2", "t3", "Lock(a)", "Lock(b)", "Lock(c)")) {
            assertTrue(msg.contains(name), () -> name + " missing from: " + msg);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void waiting_on_a_lock_whose_owner_waits_elsewhere_without_a_cycle_is_no_deadlock(Mode mode) {
        Tasks.run(mode, () -> {
            Lock a = new Lock("a");
            Lock b = new Lock("b");
            Event release = new Event();
            // t1 holds a and waits for an event; t2 holds b and waits for a; main waits for b.
            Task<Void> t1 = Weft.spawn("t1", () -> {
                try (Permit p = a.hold()) {
                    release.await();
                }
            });
            until(a::locked);
            Task<Void> t2 = Weft.spawn("t2", () -> {
                try (Permit p = b.hold()) {
                    a.acquire();
                    a.release();
                }
            });
            until(() -> a.statistics().waiters() == 1);
            Task<Void> t3 = Weft.spawn("t3", () -> {
                b.acquire();
                b.release();
            });
            until(() -> b.statistics().waiters() == 1);
            release.set();
            Weft.gather(t1, t2, t3);
            assertFalse(a.locked());
            assertFalse(b.locked());
        });
    }

    // asyncio: test_locks.LockTests.test_repr
    @ParameterizedTest
    @EnumSource(Mode.class)
    void to_string_shows_the_state_owner_and_waiters(Mode mode) {
        Tasks.run(mode, () -> {
            Lock lock = new Lock("shown");
            assertTrue(lock.toString().contains("unlocked"), lock::toString);
            assertFalse(lock.toString().contains("waiters"), lock::toString);
            Event end = new Event();
            Task<Void> owner = holder("owner", lock, end);
            until(lock::locked);
            List<Task<Void>> ws = List.of(Weft.spawn("w1", lock::acquire), Weft.spawn("w2", lock::acquire));
            until(() -> lock.statistics().waiters() == 2);
            String s = lock.toString();
            assertTrue(s.contains("shown"), s);
            assertTrue(s.contains("locked"), s);
            assertFalse(s.contains("unlocked"), s);
            assertTrue(s.contains("owner=owner"), s);
            assertTrue(s.contains("waiters=2"), s);
            for (Task<Void> w : ws) {
                w.cancel();
                assertThrows(CancelledException.class, w::await);
            }
            lock.release();
            end.set();
            owner.await();
            assertTrue(lock.toString().contains("unlocked"), lock::toString);
        });
    }
}
