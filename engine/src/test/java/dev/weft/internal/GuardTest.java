package dev.weft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Guard}: a waiter signalled under the guard has its wait decided at once but is woken only
 * when the guard is released (its outermost hold), in the order the waiters were signalled.
 * Woken earlier, a waiter on another core runs into the lock its waker still holds.
 */
class GuardTest {
    /** A plain thread waiting on {@code list}; it records its name in {@code resumed} when it resumes. */
    private static Thread waitingThread(String name, Guard guard, WaitList list, List<String> resumed,
                                        CountDownLatch queued) {
        Thread t = Thread.ofPlatform().name(name).unstarted(() -> {
            Waiter w = Waiter.current("test");
            guard.lock();
            try {
                list.add(w);
            } finally {
                guard.unlock();
            }
            queued.countDown();
            boolean signalled = Waits.await(w, Waits.NO_DEADLINE, x -> {
                guard.lock();
                try {
                    list.remove(x);
                } finally {
                    guard.unlock();
                }
            });
            synchronized (resumed) {
                resumed.add(name + (signalled ? ":" + w.value() : ":not signalled"));
            }
        });
        t.start();
        return t;
    }

    /** Blocks until {@code t} parks (its wait began), so a signal reaches a parked thread. */
    private static void untilParked(Thread t) throws InterruptedException {
        while (t.getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }
    }

    @Test
    void a_waiter_signalled_under_the_guard_is_woken_only_when_the_guard_is_released() throws Exception {
        Guard guard = new Guard();
        WaitList list = new WaitList(guard);
        List<String> resumed = new ArrayList<>();
        CountDownLatch queued = new CountDownLatch(1);
        Thread t = waitingThread("a", guard, list, resumed, queued);
        queued.await();
        untilParked(t);

        guard.lock();
        try {
            assertTrue(list.signalFirst("item") != null, "the waiter takes the signal at once");
            t.join(100); // woken at once (the old way), it would resume and end well within this
            assertTrue(t.isAlive(), "not woken while the guard is held");
            assertEquals(Thread.State.WAITING, t.getState());
        } finally {
            guard.unlock();
        }
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(t.isAlive(), "woken when the guard was released");
        assertEquals(List.of("a:item"), resumed);
    }

    @Test
    void a_nested_hold_wakes_at_the_outermost_release_in_the_order_of_the_signals() throws Exception {
        Guard guard = new Guard();
        WaitList list = new WaitList(guard);
        List<String> resumed = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            CountDownLatch queued = new CountDownLatch(1);
            Thread t = waitingThread(name, guard, list, resumed, queued);
            queued.await();
            untilParked(t);
            threads.add(t);
        }
        guard.lock();
        guard.lock();
        assertTrue(list.signalFirst(1) != null);
        assertTrue(list.signalFirst(2) != null);
        guard.unlock(); // still held once
        for (Thread t : threads) {
            t.join(100);
            assertTrue(t.isAlive(), t.getName() + " woken while the guard is still held");
        }
        guard.unlock();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(t.isAlive());
        }
        assertEquals(2, resumed.size());
        assertTrue(resumed.containsAll(List.of("a:1", "b:2")), resumed.toString());
    }
}
